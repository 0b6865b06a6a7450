namespace CitySense.Core.Access;

/// <summary>Position in the grant listing: the last caller id returned.</summary>
public sealed record GrantListCursor(string After);
