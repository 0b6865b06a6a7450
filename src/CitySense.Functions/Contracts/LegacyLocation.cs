using System.Text.Json.Serialization;

namespace CitySense.Functions.Contracts;

/// <summary>The old system named longitude "long".</summary>
public sealed record LegacyLocation(
    double Lat,
    [property: JsonPropertyName("long")] double Longitude);
