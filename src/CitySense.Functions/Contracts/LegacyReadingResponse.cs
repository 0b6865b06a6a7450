using System.Text.Json;
using CitySense.Core.Readings;

namespace CitySense.Functions.Contracts;

/// <summary>The old system's latest-reading shape: <c>{timestamp, payload, location: {lat, long}}</c>.</summary>
public sealed record LegacyReadingResponse(DateTimeOffset Timestamp, JsonElement Payload, LegacyLocation Location)
{
    public static LegacyReadingResponse From(Reading reading) =>
        new(reading.Timestamp, reading.Payload, new LegacyLocation(reading.Coordinates.Lat, reading.Coordinates.Lon));
}
