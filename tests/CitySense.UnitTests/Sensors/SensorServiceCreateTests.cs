using System.Text.Json;
using System.Text.RegularExpressions;
using CitySense.Core;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using CitySense.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace CitySense.UnitTests.Sensors;

public sealed partial class SensorServiceCreateTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    private readonly ISensorStore store = Substitute.For<ISensorStore>();
    private readonly SensorService service;
    private Sensor? stored;

    public SensorServiceCreateTests()
    {
        store.TryCreateAsync(Arg.Do<Sensor>(sensor => stored = sensor), Arg.Any<CancellationToken>()).Returns(true);
        service = new SensorService(store, new FakeTimeProvider(Now), NullLogger<SensorService>.Instance);
    }

    [Fact]
    public async Task CreateAsync_ValidRequest_StoresSensorBuiltFromTheRequest()
    {
        var request = ValidRequest() with { Metadata = JsonText.Element("""{"model":"WS-2000"}""") };

        var outcome = await service.CreateAsync(request, CancellationToken.None);

        Assert.True(outcome.Succeeded);
        Assert.NotNull(stored);
        Assert.Same(stored, outcome.Value);
        Assert.Equal(new SensorId("houston", request.Location!, "weather"), stored.Id);
        Assert.Equal(new Coordinates(29.7604, -95.3698), stored.Coordinates);
        Assert.Equal(SensorStatus.Active, stored.Status);
        Assert.Equal("WS-2000", stored.Metadata!.Value.GetProperty("model").GetString());
        Assert.Equal(Now, stored.CreatedAt);
        Assert.Equal(Now, stored.UpdatedAt);
        Assert.Null(stored.Latest);
    }

    [Fact]
    public async Task CreateAsync_ValidRequest_IssuesRandomLowerHexVersionAndIncarnation()
    {
        var first = await service.CreateAsync(ValidRequest(), CancellationToken.None);
        var second = await service.CreateAsync(ValidRequest(), CancellationToken.None);

        Assert.Matches(Token(), first.Value!.Version);
        Assert.Matches(Token(), first.Value.Incarnation);
        Assert.NotEqual(first.Value.Version, first.Value.Incarnation);
        Assert.NotEqual(first.Value.Version, second.Value!.Version);
        Assert.NotEqual(first.Value.Incarnation, second.Value.Incarnation);
    }

    [Fact]
    public async Task CreateAsync_StatusGiven_KeepsIt()
    {
        var outcome = await service.CreateAsync(ValidRequest() with { Status = SensorStatus.Inactive }, CancellationToken.None);

        Assert.Equal(SensorStatus.Inactive, outcome.Value!.Status);
    }

    [Fact]
    public async Task CreateAsync_NoMetadata_StoresAnEmptyObject()
    {
        var outcome = await service.CreateAsync(ValidRequest(), CancellationToken.None);

        Assert.Equal(JsonValueKind.Object, outcome.Value!.Metadata!.Value.ValueKind);
        Assert.Empty(outcome.Value.Metadata.Value.EnumerateObject());
    }

    [Fact]
    public async Task CreateAsync_StoreSaysItExists_ReturnsSensorExistsAndDoesNothingElse()
    {
        store.TryCreateAsync(Arg.Any<Sensor>(), Arg.Any<CancellationToken>()).Returns(false);
        var request = ValidRequest();

        var outcome = await service.CreateAsync(request, CancellationToken.None);

        var problem = ProblemAssert.Kind(outcome, ProblemKind.SensorExists);
        Assert.Contains($"houston.{request.Location}.weather", problem.Detail, StringComparison.Ordinal);
        Assert.Single(store.ReceivedCalls());
    }

    [Fact]
    public async Task CreateAsync_NoBody_ReturnsValidationForBody()
    {
        var outcome = await service.CreateAsync(null, CancellationToken.None);

        ProblemAssert.Validation(outcome, "body");
    }

    public static TheoryData<string, CreateSensorRequest> InvalidRequests() => new()
    {
        { "city", ValidRequest() with { City = null } },
        { "city", ValidRequest() with { City = "Houston" } },
        { "city", ValidRequest() with { City = "new york" } },
        { "location", ValidRequest() with { Location = "" } },
        { "location", ValidRequest() with { Location = "clay/st" } },
        { "location", ValidRequest() with { Location = "clay.st" } },
        { "type", ValidRequest() with { Type = "weather#1" } },
        { "type", ValidRequest() with { Type = new string('t', 65) } },
        { "coordinates", ValidRequest() with { Coordinates = null } },
        { "coordinates.lat", ValidRequest() with { Coordinates = new CoordinatesInput { Lon = 0 } } },
        { "coordinates.lon", ValidRequest() with { Coordinates = new CoordinatesInput { Lat = 0 } } },
        { "coordinates.lat", ValidRequest() with { Coordinates = new CoordinatesInput { Lat = 90.000001, Lon = 0 } } },
        { "coordinates.lat", ValidRequest() with { Coordinates = new CoordinatesInput { Lat = -90.000001, Lon = 0 } } },
        { "coordinates.lon", ValidRequest() with { Coordinates = new CoordinatesInput { Lat = 0, Lon = 180.000001 } } },
        { "coordinates.lon", ValidRequest() with { Coordinates = new CoordinatesInput { Lat = 0, Lon = -180.000001 } } },
        { "coordinates.lat", ValidRequest() with { Coordinates = new CoordinatesInput { Lat = double.NaN, Lon = 0 } } },
        { "coordinates.lon", ValidRequest() with { Coordinates = new CoordinatesInput { Lat = 0, Lon = double.NaN } } },
        { "coordinates.lat", ValidRequest() with { Coordinates = new CoordinatesInput { Lat = double.PositiveInfinity, Lon = 0 } } },
        { "metadata", ValidRequest() with { Metadata = JsonText.Element("[1,2]") } },
        { "metadata", ValidRequest() with { Metadata = JsonText.Element("\"text\"") } },
        { "metadata", ValidRequest() with { Metadata = JsonText.Element(JsonText.OfSize(ApiLimits.MaxMetadataBytes + 1)) } },
        { "metadata", ValidRequest() with { Metadata = JsonText.Element(JsonText.WithProperties(ApiLimits.MaxMetadataProperties + 1)) } },
        { "metadata", ValidRequest() with { Metadata = JsonText.Element(JsonText.Nested(ApiLimits.MaxPayloadDepth + 1)) } },
        { "metadata", ValidRequest() with { Metadata = JsonText.Element("""{"big":1e400}""") } },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task CreateAsync_InvalidField_ReturnsValidationNamingTheFieldAndStoresNothing(string field, CreateSensorRequest request)
    {
        var outcome = await service.CreateAsync(request, CancellationToken.None);

        ProblemAssert.Validation(outcome, field);
        Assert.Empty(store.ReceivedCalls());
    }

    [Fact]
    public async Task CreateAsync_SeveralInvalidFields_NamesEachOfThem()
    {
        var request = ValidRequest() with { City = "Houston", Type = null, Coordinates = new CoordinatesInput { Lat = 91, Lon = 181 } };

        var outcome = await service.CreateAsync(request, CancellationToken.None);

        var problem = ProblemAssert.Kind(outcome, ProblemKind.Validation);
        Assert.Equal(["city", "coordinates.lat", "coordinates.lon", "type"], problem.Errors!.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(90, 180)]
    [InlineData(-90, -180)]
    [InlineData(0, 0)]
    public async Task CreateAsync_CoordinatesAtTheLimits_Accepted(double lat, double lon)
    {
        var request = ValidRequest() with { Coordinates = new CoordinatesInput { Lat = lat, Lon = lon } };

        var outcome = await service.CreateAsync(request, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        Assert.Equal(new Coordinates(lat, lon), stored!.Coordinates);
    }

    [Fact]
    public async Task CreateAsync_MetadataOfExactly4KB_Accepted()
    {
        var json = JsonText.OfSize(ApiLimits.MaxMetadataBytes);
        var request = ValidRequest() with { Metadata = JsonText.Element(json) };

        var outcome = await service.CreateAsync(request, CancellationToken.None);

        Assert.Equal(4096, json.Length);
        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
    }

    [Fact]
    public async Task CreateAsync_MetadataWith50Properties_Accepted()
    {
        var request = ValidRequest() with { Metadata = JsonText.Element(JsonText.WithProperties(ApiLimits.MaxMetadataProperties)) };

        var outcome = await service.CreateAsync(request, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
    }

    [Fact]
    public async Task CreateAsync_MetadataWith51PropertiesCountingNestedOnes_ReturnsValidation()
    {
        var nested = """{"outer":""" + JsonText.WithProperties(ApiLimits.MaxMetadataProperties) + "}";
        var request = ValidRequest() with { Metadata = JsonText.Element(nested) };

        var outcome = await service.CreateAsync(request, CancellationToken.None);

        ProblemAssert.Validation(outcome, "metadata");
    }

    private static CreateSensorRequest ValidRequest() => new()
    {
        City = "houston",
        Location = TestSensors.NewId().Location,
        Type = "weather",
        Coordinates = new CoordinatesInput { Lat = 29.7604, Lon = -95.3698 },
    };

    [GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial Regex Token();
}
