namespace CitySense.Core.Access;

/// <summary>The cities an operator may write in, granted by an admin.</summary>
public sealed record Grant
{
    public required string CallerId { get; init; }

    public required string Name { get; init; }

    /// <summary>Distinct city slugs, in order.</summary>
    public required IReadOnlyList<string> Cities { get; init; }

    /// <summary>Changes with every change of the grant; the API's ETag.</summary>
    public required string Version { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public required string UpdatedBy { get; init; }
}
