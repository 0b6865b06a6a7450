using System.Text.Json;
using System.Text.Json.Serialization;

namespace CitySense.Core.Readings;

/// <summary>The old system's latest-reading shape: <c>{timestamp, payload, location: {lat, long}}</c>.</summary>
public sealed record LegacyReadingResponse(DateTimeOffset Timestamp, JsonElement Payload, LegacyLocation Location)
{
    public static LegacyReadingResponse From(Reading reading) =>
        new(reading.Timestamp, reading.Payload, new LegacyLocation(reading.Coordinates.Lat, reading.Coordinates.Lon));
}

/// <summary>The old system named longitude "long".</summary>
public sealed record LegacyLocation(
    double Lat,
    [property: JsonPropertyName("long")] double Longitude);
