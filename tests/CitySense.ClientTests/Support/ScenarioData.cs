using System.Globalization;

namespace CitySense.ClientTests.Support;

/// <summary>Names and places one scenario registers, unique per run so scenarios never share data.</summary>
public sealed class ScenarioData
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow;

    public string City { get; } = "clients-" + Guid.NewGuid().ToString("N")[..12];

    public string Location { get; } = "main_st";

    public string Type { get; } = "weather";

    public string SensorId => $"{City}.{Location}.{Type}";

    /// <summary>The caller id of the operator key the scenario grants its city to.</summary>
    public string OperatorId { get; } = "clients-operator-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A point no other scenario uses, so geo searches find this scenario's sensor only.</summary>
    public (double Lat, double Lon) Point { get; } = (Random.Shared.Next(-60_000, 60_000) / 1000.0, Random.Shared.Next(-170_000, 170_000) / 1000.0);

    public string Near => string.Create(CultureInfo.InvariantCulture, $"{Point.Lat},{Point.Lon}");

    /// <summary>An RFC 3339 date-time with an offset, as the from/to parameters take it.</summary>
    public static string Rfc3339(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

    /// <summary>A moment before any reading of the scenario, written with a non-UTC offset.</summary>
    public static string Earlier => Rfc3339(Start.AddHours(-1).ToOffset(TimeSpan.FromHours(2)));
}
