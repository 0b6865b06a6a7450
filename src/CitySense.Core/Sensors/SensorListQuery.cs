namespace CitySense.Core.Sensors;

/// <summary>The query string of <c>GET /sensors</c>, as received.</summary>
public sealed record SensorListQuery
{
    public string? City { get; init; }

    public string? Type { get; init; }

    public string? Status { get; init; }

    public string? Limit { get; init; }

    public string? Cursor { get; init; }
}
