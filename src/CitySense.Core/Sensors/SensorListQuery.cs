namespace CitySense.Core.Sensors;

/// <summary>The query string of <c>GET /sensors</c>, as received.</summary>
public sealed record SensorListQuery
{
    public string? City { get; init; }

    public string? Type { get; init; }

    public string? Status { get; init; }

    public string? Limit { get; init; }

    public string? Cursor { get; init; }

    /// <summary><c>{lat},{lon}</c>: sensors within <see cref="Radius"/> metres, nearest first.</summary>
    public string? Near { get; init; }

    public string? Radius { get; init; }

    /// <summary><c>{minLon},{minLat},{maxLon},{maxLat}</c>: sensors inside the box.</summary>
    public string? Bbox { get; init; }
}
