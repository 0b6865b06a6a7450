namespace CitySense.Core.Readings;

/// <summary>The query string of <c>GET /sensors/{sensorId}/readings</c>, as received.</summary>
public sealed record ReadingListQuery
{
    public string? From { get; init; }

    public string? To { get; init; }

    public string? Limit { get; init; }

    public string? Cursor { get; init; }
}
