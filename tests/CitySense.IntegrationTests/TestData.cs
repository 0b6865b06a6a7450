using System.Text.Json;
using CitySense.Core.Access;
using CitySense.Core.Json;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;

namespace CitySense.IntegrationTests;

/// <summary>Builds sensors and readings with ids no other test uses.</summary>
internal static class TestData
{
    public static SensorId NewSensorId(string type = "weather") =>
        new("it-" + Guid.NewGuid().ToString("N")[..10], "main_st", type);

    public static Sensor NewSensor(SensorId? id = null, SensorStatus status = SensorStatus.Active) => new()
    {
        Id = id ?? NewSensorId(),
        Coordinates = new Coordinates(29.742079, -95.346254),
        Status = status,
        Metadata = JsonDocument.Parse("""{"installedBy":"crew 7","height":3.5}""").RootElement,
        Version = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..8]),
        Incarnation = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..8]),
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
        CreatedBy = Admin.Id,
        UpdatedBy = Admin.Id,
    };

    /// <summary>The caller of the tests that go through the services: an admin, as API Management would name one.</summary>
    public static Caller Admin { get; } = new("it-admin", CallerProduct.Admin);

    public static LatestReading Latest(DateTimeOffset timestamp, string? id = null, double value = 1)
    {
        var readingId = id ?? Guid.NewGuid().ToString("N");
        return new LatestReading
        {
            Id = readingId,
            Timestamp = timestamp,
            ReceivedAt = DateTimeOffset.UtcNow,
            Payload = JsonDocument.Parse($$"""{"tempC":{{value}}}""").RootElement,
            SortKey = Timestamps.Format(timestamp) + "|" + readingId,
        };
    }

    public static Reading Reading(Sensor sensor, DateTimeOffset timestamp, string? id = null, double value = 1)
    {
        var latest = Latest(timestamp, id, value);
        return new Reading
        {
            Id = latest.Id,
            SensorId = sensor.Id,
            Timestamp = latest.Timestamp,
            ReceivedAt = latest.ReceivedAt,
            Payload = latest.Payload,
            Coordinates = sensor.Coordinates,
            SortKey = latest.SortKey,
        };
    }
}
