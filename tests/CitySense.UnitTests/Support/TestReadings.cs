using System.Text.Json;
using CitySense.Core.Json;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;

namespace CitySense.UnitTests.Support;

/// <summary>Readings as the stores hold them, built independently of the code under test.</summary>
internal static class TestReadings
{
    /// <summary>A reading of <paramref name="sensor"/>, received at its timestamp unless told otherwise.</summary>
    public static Reading Create(
        Sensor sensor,
        string id,
        DateTimeOffset timestamp,
        DateTimeOffset? receivedAt = null,
        JsonElement? payload = null)
    {
        ArgumentNullException.ThrowIfNull(sensor);
        return new Reading
        {
            Id = id,
            SensorId = sensor.Id,
            Timestamp = timestamp,
            ReceivedAt = receivedAt ?? timestamp,
            Payload = payload ?? TestSensors.Payload(),
            Coordinates = sensor.Coordinates,
            SortKey = SortKey(timestamp, id),
        };
    }

    /// <summary>A sensor's copy of its latest reading.</summary>
    public static LatestReading Latest(string id, DateTimeOffset timestamp, DateTimeOffset? receivedAt = null, JsonElement? payload = null) => new()
    {
        Id = id,
        Timestamp = timestamp,
        ReceivedAt = receivedAt ?? timestamp,
        Payload = payload ?? TestSensors.Payload(),
        SortKey = SortKey(timestamp, id),
    };

    /// <summary>The copy of <paramref name="reading"/> a sensor keeps when it is the latest.</summary>
    public static LatestReading AsLatest(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return new LatestReading
        {
            Id = reading.Id,
            Timestamp = reading.Timestamp,
            ReceivedAt = reading.ReceivedAt,
            Payload = reading.Payload,
            SortKey = reading.SortKey,
        };
    }

    /// <summary>The documented sort key: the UTC timestamp with seven fractional digits, '|', the id.</summary>
    public static string SortKey(DateTimeOffset timestamp, string id) => Timestamps.Format(timestamp) + "|" + id;
}
