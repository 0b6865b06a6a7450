using System.Security.Cryptography;
using System.Text.Json;
using CitySense.Core.Sensors;

namespace CitySense.UnitTests.Support;

/// <summary>Sensors with unique ids, so that no two tests share data.</summary>
internal static class TestSensors
{
    public static readonly Coordinates Houston = new(29.7604, -95.3698);

    public static SensorId NewId(string city = "houston", string type = "weather") =>
        new(city, "loc-" + Guid.NewGuid().ToString("N")[..12], type);

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static Sensor Create(
        SensorId id,
        SensorStatus status = SensorStatus.Active,
        Coordinates? coordinates = null,
        LatestReading? latest = null,
        string? incarnation = null) => new()
    {
        Id = id,
        Coordinates = coordinates ?? Houston,
        Status = status,
        Metadata = JsonText.Element("{}"),
        Version = NewToken(),
        Incarnation = incarnation ?? NewToken(),
        CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        UpdatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        CreatedBy = "admin-sub",
        UpdatedBy = "admin-sub",
        Latest = latest,
    };

    public static JsonElement Payload(double tempC = 21.5) => JsonText.Element($$"""{"tempC":{{tempC.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}""");
}
