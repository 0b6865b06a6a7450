using System.Security.Cryptography;
using System.Text.Json;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.Core.Subscriptions;

namespace CitySense.UnitTests.Functions.Webhooks;

/// <summary>Subscriptions and readings for delivery tests.</summary>
internal static class TestSubscriptions
{
    public static Subscription To(string url, string? previousSecret = null, DateTimeOffset? previousUntil = null) => new()
    {
        Id = "sub_" + Guid.NewGuid().ToString("N"),
        OwnerId = "reader",
        Url = url,
        Filter = new SubscriptionFilter { City = "austin" },
        Secret = NewSecret(),
        PreviousSecret = previousSecret,
        PreviousSecretExpiresAt = previousUntil,
        Version = "v1",
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    };

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static Reading Reading(string payload = """{"pm25":40.5,"wind":{"speedMs":3}}""") => new()
    {
        Id = "r-" + Guid.NewGuid().ToString("N")[..8],
        SensorId = new SensorId("austin", "lamar_blvd", "air_quality"),
        Timestamp = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero),
        ReceivedAt = new DateTimeOffset(2026, 3, 1, 9, 0, 1, TimeSpan.Zero),
        Payload = JsonDocument.Parse(payload).RootElement.Clone(),
        Coordinates = new Coordinates(30.2672, -97.7431),
        SortKey = "2026-03-01T09:00:00.0000000Z|r",
    };
}
