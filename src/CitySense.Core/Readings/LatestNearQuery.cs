namespace CitySense.Core.Readings;

/// <summary>The query string of <c>GET /readings/latest</c>, as received.</summary>
public sealed record LatestNearQuery
{
    public string? Near { get; init; }

    public string? Radius { get; init; }

    public string? Type { get; init; }

    public string? Limit { get; init; }

    public string? Cursor { get; init; }
}
