using System.Text.Json;
using System.Text.RegularExpressions;
using CitySense.Core;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Sensors;

public sealed partial class SensorServiceCreateTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    private readonly TestServices services = new(Now);

    private SensorService Service => services.SensorService;

    [Fact]
    public async Task CreateAsync_ValidRegistration_StoresSensorBuiltFromTheRequest()
    {
        var registration = ValidRegistration() with { Metadata = JsonText.Element("""{"model":"WS-2000"}""") };

        var outcome = await Service.CreateAsync(TestCallers.Admin, registration, CancellationToken.None);

        Assert.True(outcome.Succeeded);
        var id = new SensorId("houston", registration.Location!, "weather");
        var stored = services.Sensors.Get(id);
        Assert.NotNull(stored);
        Assert.Same(stored, outcome.Value);
        Assert.Equal(id, stored.Id);
        Assert.Equal(new Coordinates(29.7604, -95.3698), stored.Coordinates);
        Assert.Equal(SensorStatus.Active, stored.Status);
        Assert.Equal("WS-2000", stored.Metadata!.Value.GetProperty("model").GetString());
        Assert.Equal(Now, stored.CreatedAt);
        Assert.Equal(Now, stored.UpdatedAt);
        Assert.Null(stored.Latest);
    }

    [Fact]
    public async Task CreateAsync_ValidRegistration_IssuesRandomLowerHexVersionAndIncarnation()
    {
        var first = await Service.CreateAsync(TestCallers.Admin, ValidRegistration(), CancellationToken.None);
        var second = await Service.CreateAsync(TestCallers.Admin, ValidRegistration(), CancellationToken.None);

        Assert.Matches(Token(), first.Value!.Version);
        Assert.Matches(Token(), first.Value.Incarnation);
        Assert.NotEqual(first.Value.Version, first.Value.Incarnation);
        Assert.NotEqual(first.Value.Version, second.Value!.Version);
        Assert.NotEqual(first.Value.Incarnation, second.Value.Incarnation);
    }

    [Fact]
    public async Task CreateAsync_StatusGiven_KeepsIt()
    {
        var outcome = await Service.CreateAsync(TestCallers.Admin, ValidRegistration() with { Status = SensorStatus.Inactive }, CancellationToken.None);

        Assert.Equal(SensorStatus.Inactive, outcome.Value!.Status);
    }

    [Fact]
    public async Task CreateAsync_NoMetadata_StoresAnEmptyObject()
    {
        var outcome = await Service.CreateAsync(TestCallers.Admin, ValidRegistration(), CancellationToken.None);

        Assert.Equal(JsonValueKind.Object, outcome.Value!.Metadata!.Value.ValueKind);
        Assert.Empty(outcome.Value.Metadata.Value.EnumerateObject());
    }

    [Fact]
    public async Task CreateAsync_SensorExists_ReturnsSensorExistsAndLeavesTheStoredOneAlone()
    {
        var existing = services.AddSensor();
        var registration = ValidRegistration() with { Location = existing.Id.Location };

        var outcome = await Service.CreateAsync(TestCallers.Admin, registration, CancellationToken.None);

        var problem = ProblemAssert.Kind(outcome, ProblemKind.SensorExists);
        Assert.Contains($"houston.{registration.Location}.weather", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(["TryCreate", "Find"], services.Sensors.Calls);
        Assert.Same(existing, services.Sensors.Get(existing.Id));
    }

    [Fact]
    public async Task CreateAsync_NoBody_ReturnsValidationForBody()
    {
        var outcome = await Service.CreateAsync(TestCallers.Admin, null, CancellationToken.None);

        ProblemAssert.Validation(outcome, "body");
    }

    public static TheoryData<string, SensorRegistration> InvalidRegistrations() => new()
    {
        { "city", ValidRegistration() with { City = null } },
        { "city", ValidRegistration() with { City = "Houston" } },
        { "city", ValidRegistration() with { City = "new york" } },
        { "location", ValidRegistration() with { Location = "" } },
        { "location", ValidRegistration() with { Location = "clay/st" } },
        { "location", ValidRegistration() with { Location = "clay.st" } },
        { "type", ValidRegistration() with { Type = "weather#1" } },
        { "type", ValidRegistration() with { Type = new string('t', 65) } },
        { "coordinates", ValidRegistration() with { Coordinates = null } },
        { "coordinates.lat", ValidRegistration() with { Coordinates = new CoordinatesInput { Lon = 0 } } },
        { "coordinates.lon", ValidRegistration() with { Coordinates = new CoordinatesInput { Lat = 0 } } },
        { "coordinates.lat", ValidRegistration() with { Coordinates = new CoordinatesInput { Lat = 90.000001, Lon = 0 } } },
        { "coordinates.lat", ValidRegistration() with { Coordinates = new CoordinatesInput { Lat = -90.000001, Lon = 0 } } },
        { "coordinates.lon", ValidRegistration() with { Coordinates = new CoordinatesInput { Lat = 0, Lon = 180.000001 } } },
        { "coordinates.lon", ValidRegistration() with { Coordinates = new CoordinatesInput { Lat = 0, Lon = -180.000001 } } },
        { "coordinates.lat", ValidRegistration() with { Coordinates = new CoordinatesInput { Lat = double.NaN, Lon = 0 } } },
        { "coordinates.lon", ValidRegistration() with { Coordinates = new CoordinatesInput { Lat = 0, Lon = double.NaN } } },
        { "coordinates.lat", ValidRegistration() with { Coordinates = new CoordinatesInput { Lat = double.PositiveInfinity, Lon = 0 } } },
        { "metadata", ValidRegistration() with { Metadata = JsonText.Element("[1,2]") } },
        { "metadata", ValidRegistration() with { Metadata = JsonText.Element("\"text\"") } },
        { "metadata", ValidRegistration() with { Metadata = JsonText.Element(JsonText.OfSize(ApiLimits.MaxMetadataBytes + 1)) } },
        { "metadata", ValidRegistration() with { Metadata = JsonText.Element(JsonText.WithProperties(ApiLimits.MaxMetadataProperties + 1)) } },
        { "metadata", ValidRegistration() with { Metadata = JsonText.Element(JsonText.Nested(ApiLimits.MaxPayloadDepth + 1)) } },
        { "metadata", ValidRegistration() with { Metadata = JsonText.Element("""{"big":1e400}""") } },
    };

    [Theory]
    [MemberData(nameof(InvalidRegistrations))]
    public async Task CreateAsync_InvalidField_ReturnsValidationNamingTheFieldAndStoresNothing(string field, SensorRegistration registration)
    {
        var outcome = await Service.CreateAsync(TestCallers.Admin, registration, CancellationToken.None);

        ProblemAssert.Validation(outcome, field);
        Assert.Empty(services.Sensors.Calls);
    }

    [Fact]
    public async Task CreateAsync_SeveralInvalidFields_NamesEachOfThem()
    {
        var registration = ValidRegistration() with { City = "Houston", Type = null, Coordinates = new CoordinatesInput { Lat = 91, Lon = 181 } };

        var outcome = await Service.CreateAsync(TestCallers.Admin, registration, CancellationToken.None);

        var problem = ProblemAssert.Kind(outcome, ProblemKind.Validation);
        Assert.Equal(["city", "coordinates.lat", "coordinates.lon", "type"], problem.Errors!.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(90, 180)]
    [InlineData(-90, -180)]
    [InlineData(0, 0)]
    public async Task CreateAsync_CoordinatesAtTheLimits_Accepted(double lat, double lon)
    {
        var registration = ValidRegistration() with { Coordinates = new CoordinatesInput { Lat = lat, Lon = lon } };

        var outcome = await Service.CreateAsync(TestCallers.Admin, registration, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        Assert.Equal(new Coordinates(lat, lon), services.Sensors.Get(outcome.Value.Id)!.Coordinates);
    }

    [Fact]
    public async Task CreateAsync_MetadataOfExactly4KB_Accepted()
    {
        var json = JsonText.OfSize(ApiLimits.MaxMetadataBytes);
        var registration = ValidRegistration() with { Metadata = JsonText.Element(json) };

        var outcome = await Service.CreateAsync(TestCallers.Admin, registration, CancellationToken.None);

        Assert.Equal(4096, json.Length);
        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
    }

    [Fact]
    public async Task CreateAsync_MetadataWith50Properties_Accepted()
    {
        var registration = ValidRegistration() with { Metadata = JsonText.Element(JsonText.WithProperties(ApiLimits.MaxMetadataProperties)) };

        var outcome = await Service.CreateAsync(TestCallers.Admin, registration, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
    }

    [Fact]
    public async Task CreateAsync_MetadataWith51PropertiesCountingNestedOnes_ReturnsValidation()
    {
        var nested = """{"outer":""" + JsonText.WithProperties(ApiLimits.MaxMetadataProperties) + "}";
        var registration = ValidRegistration() with { Metadata = JsonText.Element(nested) };

        var outcome = await Service.CreateAsync(TestCallers.Admin, registration, CancellationToken.None);

        ProblemAssert.Validation(outcome, "metadata");
    }

    private static SensorRegistration ValidRegistration() => new()
    {
        City = "houston",
        Location = TestSensors.NewId().Location,
        Type = "weather",
        Coordinates = new CoordinatesInput { Lat = 29.7604, Lon = -95.3698 },
    };

    [GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial Regex Token();
}
