namespace CitySense.Deployment.Tests.Gateway;

/// <summary><c>context.Operation</c>: the operation of the imported API document the request matched.</summary>
public sealed record PolicyOperation(string Method, string UrlTemplate);
