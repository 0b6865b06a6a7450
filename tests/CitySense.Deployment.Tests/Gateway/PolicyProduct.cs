namespace CitySense.Deployment.Tests.Gateway;

/// <summary><c>context.Product</c>: Id is the product's identifier (its resource name), Name its display name.</summary>
public sealed record PolicyProduct(string Id, string Name);
