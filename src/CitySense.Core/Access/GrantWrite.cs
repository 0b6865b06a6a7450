namespace CitySense.Core.Access;

/// <summary>The grant as stored after a PUT, and whether the PUT created it.</summary>
public sealed record GrantWrite(Grant Grant, bool Created);
