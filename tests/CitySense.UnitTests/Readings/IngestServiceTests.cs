using CitySense.Core;
using CitySense.Core.Json;
using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.UnitTests.Support;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace CitySense.UnitTests.Readings;

public sealed class IngestServiceTests
{
    // Just after a month boundary, so that "now" and a reading a few minutes old fall in different buckets.
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 0, 2, 0, TimeSpan.Zero);

    private readonly TestServices services = new(Now, retentionDays: 365);
    private readonly Sensor sensor;

    public IngestServiceTests()
    {
        sensor = services.AddSensor();
    }

    private IngestService Service => services.IngestService;

    [Fact]
    public async Task IngestAsync_NewestReading_CostsOneLatestAdvanceAndOneCreateAndNothingElse()
    {
        var request = new ReadingDraft { Payload = TestSensors.Payload() };

        var outcome = await Service.IngestAsync(TestCallers.Admin, sensor.Id, request, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        Assert.Equal(["TryAdvanceLatest"], services.Sensors.Calls);
        Assert.Equal(["TryCreate"], services.Readings.Calls);
    }

    // The reading store fails on purpose: "latest" has already moved, so the advance came before the create.
    [Fact]
    public async Task IngestAsync_NewestReading_AdvancesLatestBeforeCreatingTheReading()
    {
        var readings = Substitute.For<IReadingStore>();
        readings.TryCreateAsync(default!, default, default).ThrowsAsyncForAnyArgs(new StoreUnavailableException("down"));
        var failing = new TestServices(Now, readingStore: readings);
        var target = failing.AddSensor();

        await Assert.ThrowsAsync<StoreUnavailableException>(() => failing.IngestService.IngestAsync(TestCallers.Admin, 
            target.Id, new ReadingDraft { Id = "first", Payload = TestSensors.Payload() }, CancellationToken.None));

        Assert.Equal("first", failing.Sensors.Get(target.Id)!.Latest?.Id);
        await readings.ReceivedWithAnyArgs(1).TryCreateAsync(default!, default, default);
    }

    [Fact]
    public async Task IngestAsync_NoIdOrTimestamp_StoresReadingWithGeneratedIdAtNow()
    {
        var request = new ReadingDraft { Payload = TestSensors.Payload(18.25) };

        var outcome = await Service.IngestAsync(TestCallers.Admin, sensor.Id, request, CancellationToken.None);

        var (reading, created) = outcome.Value!;
        Assert.True(created);
        Assert.Equal([reading], services.Readings.All);
        Assert.True(ReadingId.IsValid(reading.Id));
        Assert.Equal(sensor.Id, reading.SensorId);
        Assert.Equal(Now, reading.Timestamp);
        Assert.Equal(Now, reading.ReceivedAt);
        Assert.Equal(18.25, reading.Payload.GetProperty("tempC").GetDouble());
        Assert.Equal(sensor.Coordinates, reading.Coordinates);
        Assert.Equal($"{Timestamps.Format(Now)}|{reading.Id}", reading.SortKey);
    }

    [Fact]
    public async Task IngestAsync_ClientIdAndTimestamp_AdvancesLatestWithTheSameReading()
    {
        var timestamp = Now.AddMinutes(-1);
        var request = new ReadingDraft { Id = "batch-7:42", Timestamp = timestamp, Payload = TestSensors.Payload() };

        var outcome = await Service.IngestAsync(TestCallers.Admin, sensor.Id, request, CancellationToken.None);

        Assert.Equal("batch-7:42", outcome.Value!.Reading.Id);
        var latest = services.Sensors.Get(sensor.Id)!.Latest;
        Assert.NotNull(latest);
        Assert.Equal("batch-7:42", latest.Id);
        Assert.Equal(timestamp, latest.Timestamp);
        Assert.Equal(Now, latest.ReceivedAt);
        Assert.Equal(outcome.Value.Reading.SortKey, latest.SortKey);
    }

    [Fact]
    public async Task IngestAsync_ReadingFromThePreviousMonth_StoresItInThatMonthsBucket()
    {
        var timestamp = new DateTimeOffset(2026, 3, 1, 1, 59, 0, TimeSpan.FromHours(2)); // 2026-02-28T23:59Z
        var request = new ReadingDraft { Timestamp = timestamp, Payload = TestSensors.Payload() };

        var outcome = await Service.IngestAsync(TestCallers.Admin, sensor.Id, request, CancellationToken.None);

        var february = new ReadingBucket(sensor.Id, sensor.Incarnation, 2026, 2);
        Assert.Equal($"{sensor.Id}|{sensor.Incarnation}|2026-02", february.Key);
        Assert.Equal([outcome.Value!.Reading], services.Readings.In(february));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(299)] // 4m59s
    [InlineData(300)] // exactly 5 minutes
    public async Task IngestAsync_TimestampUpToFiveMinutesAhead_Accepted(int secondsAhead)
    {
        var request = new ReadingDraft { Timestamp = Now.AddSeconds(secondsAhead), Payload = TestSensors.Payload() };

        var outcome = await Service.IngestAsync(TestCallers.Admin, sensor.Id, request, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(3600)]
    public async Task IngestAsync_TimestampMoreThanFiveMinutesAhead_ReturnsValidationAndStoresNothing(int secondsAhead)
    {
        var request = new ReadingDraft { Timestamp = Now.AddSeconds(secondsAhead), Payload = TestSensors.Payload() };

        var outcome = await Service.IngestAsync(TestCallers.Admin, sensor.Id, request, CancellationToken.None);

        ProblemAssert.Validation(outcome, "timestamp");
        Assert.Empty(services.Sensors.Calls);
        Assert.Empty(services.Readings.Calls);
    }

    [Fact]
    public async Task IngestAsync_TimestampOneTickPastTheSkew_ReturnsValidation()
    {
        var request = new ReadingDraft { Timestamp = Now + ApiLimits.MaxFutureSkew + TimeSpan.FromTicks(1), Payload = TestSensors.Payload() };

        var outcome = await Service.IngestAsync(TestCallers.Admin, sensor.Id, request, CancellationToken.None);

        ProblemAssert.Validation(outcome, "timestamp");
    }

    [Fact]
    public async Task IngestAsync_TimestampAtTheRetentionLimit_Accepted()
    {
        var request = new ReadingDraft { Timestamp = Now.AddDays(-365), Payload = TestSensors.Payload() };

        var outcome = await Service.IngestAsync(TestCallers.Admin, sensor.Id, request, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
    }

    [Fact]
    public async Task IngestAsync_TimestampOlderThanRetention_ReturnsValidationAndStoresNothing()
    {
        var request = new ReadingDraft { Timestamp = Now.AddDays(-365).AddSeconds(-1), Payload = TestSensors.Payload() };

        var outcome = await Service.IngestAsync(TestCallers.Admin, sensor.Id, request, CancellationToken.None);

        var problem = ProblemAssert.Validation(outcome, "timestamp");
        Assert.Contains("365 days", problem.Errors!["timestamp"][0], StringComparison.Ordinal);
        Assert.Empty(services.Sensors.Calls);
        Assert.Empty(services.Readings.Calls);
    }

    public static TheoryData<string, string?> InvalidPayloads() => new()
    {
        { "missing", null },
        { "null", "null" },
        { "empty object", "{}" },
        { "array", "[{\"tempC\":1}]" },
        { "string", "\"21.5\"" },
        { "number", "21.5" },
        { "nine levels deep", JsonText.Nested(ApiLimits.MaxPayloadDepth + 1) },
        { "array nine levels deep", "{\"a\":[[[[[[[[1]]]]]]]]}" },
        { "101 properties", JsonText.WithProperties(ApiLimits.MaxPayloadProperties + 1) },
        { "over 16 KB", JsonText.OfSize(ApiLimits.MaxPayloadBytes + 1) },
        { "number beyond double", """{"v":1e400}""" },
        { "negative number beyond double", """{"v":-1e400}""" },
        { "string over 4096 characters", "{\"v\":\"" + new string('s', ApiLimits.MaxStringValueLength + 1) + "\"}" },
        { "empty property name", """{"":1}""" },
        { "property name over 256 characters", "{\"" + new string('p', 257) + "\":1}" },
    };

    [Theory]
    [MemberData(nameof(InvalidPayloads))]
    public async Task IngestAsync_InvalidPayload_ReturnsValidationForPayloadAndStoresNothing(string description, string? payloadJson)
    {
        var request = new ReadingDraft { Payload = payloadJson is null ? null : JsonText.Element(payloadJson) };

        var outcome = await Service.IngestAsync(TestCallers.Admin, sensor.Id, request, CancellationToken.None);

        Assert.False(outcome.Succeeded, description);
        ProblemAssert.Validation(outcome, "payload");
        Assert.Empty(services.Sensors.Calls);
        Assert.Empty(services.Readings.Calls);
    }

    public static TheoryData<string, string> PayloadsAtTheLimits() => new()
    {
        { "eight levels deep", JsonText.Nested(ApiLimits.MaxPayloadDepth) },
        { "100 properties", JsonText.WithProperties(ApiLimits.MaxPayloadProperties) },
        { "exactly 16 KB", JsonText.OfSize(ApiLimits.MaxPayloadBytes) },
        { "largest double", """{"v":1.7976931348623157e308}""" },
        { "string of 4096 characters", "{\"v\":\"" + new string('s', ApiLimits.MaxStringValueLength) + "\"}" },
    };

    [Theory]
    [MemberData(nameof(PayloadsAtTheLimits))]
    public async Task IngestAsync_PayloadAtTheLimit_Accepted(string description, string payloadJson)
    {
        var request = new ReadingDraft { Payload = JsonText.Element(payloadJson) };

        var outcome = await Service.IngestAsync(TestCallers.Admin, sensor.Id, request, CancellationToken.None);

        Assert.True(outcome.Succeeded, $"{description}: {outcome.Problem?.Detail}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("-starts-with-dash")]
    [InlineData("has/slash")]
    [InlineData("has space")]
    [InlineData("has|pipe")]
    public async Task IngestAsync_InvalidReadingId_ReturnsValidationForId(string readingId)
    {
        var request = new ReadingDraft { Id = readingId, Payload = TestSensors.Payload() };

        var outcome = await Service.IngestAsync(TestCallers.Admin, sensor.Id, request, CancellationToken.None);

        ProblemAssert.Validation(outcome, "id");
        Assert.Empty(services.Readings.Calls);
    }

    [Fact]
    public async Task IngestAsync_ReadingIdOf129Characters_ReturnsValidationForId()
    {
        var request = new ReadingDraft { Id = new string('r', 129), Payload = TestSensors.Payload() };

        var outcome = await Service.IngestAsync(TestCallers.Admin, sensor.Id, request, CancellationToken.None);

        ProblemAssert.Validation(outcome, "id");
    }

    [Fact]
    public async Task IngestAsync_NoBody_ReturnsValidationForBody()
    {
        var outcome = await Service.IngestAsync(TestCallers.Admin, sensor.Id, null, CancellationToken.None);

        ProblemAssert.Validation(outcome, "body");
    }

    [Fact]
    public async Task IngestAsync_UnknownSensor_ReturnsNotFoundAndCreatesNoReading()
    {
        var unknown = TestSensors.NewId();

        var outcome = await Service.IngestAsync(TestCallers.Admin, unknown, new ReadingDraft { Payload = TestSensors.Payload() }, CancellationToken.None);

        ProblemAssert.Kind(outcome, ProblemKind.NotFound);
        Assert.Empty(services.Readings.Calls);
        Assert.Null(services.Sensors.Get(unknown));
    }

    [Fact]
    public async Task IngestAsync_InactiveSensor_ReturnsSensorInactiveAndChangesNothing()
    {
        var inactive = services.AddSensor(SensorStatus.Inactive);

        var outcome = await Service.IngestAsync(TestCallers.Admin, inactive.Id, new ReadingDraft { Payload = TestSensors.Payload() }, CancellationToken.None);

        ProblemAssert.Kind(outcome, ProblemKind.SensorInactive);
        Assert.Empty(services.Readings.Calls);
        Assert.DoesNotContain("ReplaceLatest", services.Sensors.Calls);
        Assert.Same(inactive, services.Sensors.Get(inactive.Id));
    }

    // A race: the sensor is there when "latest" is tried and gone when it is read; scripted on a substitute.
    [Fact]
    public async Task IngestAsync_SensorDeletedWhileIngesting_ReturnsNotFound()
    {
        var sensors = Substitute.For<ISensorStore>();
        sensors.TryAdvanceLatestAsync(sensor.Id, Arg.Any<LatestReading>(), Arg.Any<CancellationToken>()).Returns(SensorWrite.ConditionFailed);
        sensors.FindAsync(sensor.Id, Arg.Any<CancellationToken>()).Returns((Sensor?)null);
        var racing = new TestServices(Now, sensorStore: sensors);

        var outcome = await racing.IngestService.IngestAsync(TestCallers.Admin, sensor.Id, new ReadingDraft { Payload = TestSensors.Payload() }, CancellationToken.None);

        ProblemAssert.Kind(outcome, ProblemKind.NotFound);
        Assert.Empty(racing.Readings.Calls);
    }

    [Fact]
    public async Task IngestAsync_LateReading_CreatesItWithoutReplacingLatestInThreeStoreOperations()
    {
        var newer = TestReadings.Latest("newer", Now);
        var withNewer = services.AddSensor(latest: newer);
        var request = new ReadingDraft { Id = "late", Timestamp = Now.AddHours(-3), Payload = TestSensors.Payload() };

        var outcome = await Service.IngestAsync(TestCallers.Admin, withNewer.Id, request, CancellationToken.None);

        Assert.True(outcome.Value!.Created);
        var stored = Assert.Single(services.Readings.In(new ReadingBucket(withNewer.Id, withNewer.Incarnation, 2026, 2)));
        Assert.Equal("late", stored.Id);
        Assert.Equal(Now.AddHours(-3), stored.Timestamp);
        Assert.Same(newer, services.Sensors.Get(withNewer.Id)!.Latest);
        Assert.Equal(["TryAdvanceLatest", "Find"], services.Sensors.Calls);
        Assert.Equal(["TryCreate"], services.Readings.Calls);
    }

    [Fact]
    public async Task IngestAsync_SameReadingAgain_ReturnsTheStoredOriginalNotCreated()
    {
        var timestamp = Now.AddMinutes(-10);
        var original = services.AddReading(sensor, "retry-1", timestamp, receivedAt: Now.AddMinutes(-9));
        services.Sensors.Add(sensor with { Latest = TestReadings.AsLatest(original) });
        var request = new ReadingDraft { Id = "retry-1", Timestamp = timestamp, Payload = TestSensors.Payload() };

        var outcome = await Service.IngestAsync(TestCallers.Admin, sensor.Id, request, CancellationToken.None);

        Assert.False(outcome.Value!.Created);
        Assert.Same(original, outcome.Value.Reading);
        Assert.Equal([original], services.Readings.All);
        Assert.DoesNotContain("ReplaceLatest", services.Sensors.Calls);
    }

    [Fact]
    public async Task IngestAsync_IdReusedWithANewerTimestamp_RestoresLatestToTheNewestStoredReading()
    {
        // Both timestamps fall in the same month bucket, where the id is taken already.
        var original = services.AddReading(sensor, "reused", Now.AddMinutes(-1));
        services.Sensors.Add(sensor with { Latest = TestReadings.AsLatest(original) });
        var request = new ReadingDraft { Id = "reused", Timestamp = Now, Payload = TestSensors.Payload(99) };

        var outcome = await Service.IngestAsync(TestCallers.Admin, sensor.Id, request, CancellationToken.None);

        Assert.False(outcome.Value!.Created);
        Assert.Same(original, outcome.Value.Reading);
        var latest = services.Sensors.Get(sensor.Id)!.Latest;
        Assert.NotNull(latest);
        Assert.Equal("reused", latest.Id);
        Assert.Equal(original.SortKey, latest.SortKey);
        Assert.Equal(original.ReceivedAt, latest.ReceivedAt);
        Assert.Single(services.Sensors.Calls, call => call == "ReplaceLatest");
    }

    [Fact]
    public async Task IngestAsync_RetryOfAReadingWhoseCreateFailedAfterLatestMoved_StoresItAndMatchesLatestToIt()
    {
        // The first attempt moved "latest" to this reading (with its own receivedAt), then failed to create it.
        var timestamp = Now.AddMinutes(-1);
        services.Sensors.Add(sensor with { Latest = TestReadings.Latest("retried", timestamp, receivedAt: timestamp) });
        var request = new ReadingDraft { Id = "retried", Timestamp = timestamp, Payload = TestSensors.Payload() };

        var outcome = await Service.IngestAsync(TestCallers.Admin, sensor.Id, request, CancellationToken.None);

        Assert.True(outcome.Value!.Created);
        Assert.Equal(Now, outcome.Value.Reading.ReceivedAt);
        var latest = services.Sensors.Get(sensor.Id)!.Latest;
        Assert.Equal("retried", latest?.Id);
        Assert.Equal(Now, latest?.ReceivedAt);
    }
}
