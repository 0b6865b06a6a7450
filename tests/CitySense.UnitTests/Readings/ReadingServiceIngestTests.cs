using CitySense.Core;
using CitySense.Core.Json;
using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace CitySense.UnitTests.Readings;

public sealed class ReadingServiceIngestTests
{
    // Just after a month boundary, so that "now" and a reading a few minutes old fall in different buckets.
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 0, 2, 0, TimeSpan.Zero);

    private readonly ISensorStore sensors = Substitute.For<ISensorStore>();
    private readonly IReadingStore readings = Substitute.For<IReadingStore>();
    private readonly Sensor sensor = TestSensors.Create(TestSensors.NewId());
    private readonly ReadingService service;

    public ReadingServiceIngestTests()
    {
        sensors.TryAdvanceLatestAsync(sensor.Id, Arg.Any<LatestReading>(), Arg.Any<CancellationToken>())
            .Returns(call => SensorWrite.Written(sensor with { Latest = call.Arg<LatestReading>() }));
        sensors.FindAsync(sensor.Id, Arg.Any<CancellationToken>()).Returns(sensor);
        readings.TryCreateAsync(Arg.Any<Reading>(), Arg.Any<ReadingBucket>(), Arg.Any<CancellationToken>())
            .Returns(call => new IngestResult(call.Arg<Reading>(), Created: true));
        service = new ReadingService(
            sensors,
            readings,
            new FakeTimeProvider(Now),
            Options.Create(new ReadingOptions { RetentionDays = 365 }),
            NullLogger<ReadingService>.Instance);
    }

    [Fact]
    public async Task IngestAsync_NewestReading_AdvancesLatestThenCreatesTheReadingAndNothingElse()
    {
        var request = new IngestReadingRequest { Payload = TestSensors.Payload() };

        var outcome = await service.IngestAsync(sensor.Id.ToString(), request, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        Received.InOrder(() =>
        {
            sensors.TryAdvanceLatestAsync(sensor.Id, Arg.Any<LatestReading>(), Arg.Any<CancellationToken>());
            readings.TryCreateAsync(Arg.Any<Reading>(), Arg.Any<ReadingBucket>(), Arg.Any<CancellationToken>());
        });
        Assert.Single(sensors.ReceivedCalls());
        Assert.Single(readings.ReceivedCalls());
    }

    [Fact]
    public async Task IngestAsync_NoIdOrTimestamp_StoresReadingWithGeneratedIdAtNow()
    {
        var request = new IngestReadingRequest { Payload = TestSensors.Payload(18.25) };

        var outcome = await service.IngestAsync(sensor.Id.ToString(), request, CancellationToken.None);

        var (reading, created) = outcome.Value!;
        Assert.True(created);
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
        var request = new IngestReadingRequest { Id = "batch-7:42", Timestamp = timestamp, Payload = TestSensors.Payload() };

        var outcome = await service.IngestAsync(sensor.Id.ToString(), request, CancellationToken.None);

        Assert.Equal("batch-7:42", outcome.Value!.Reading.Id);
        await sensors.Received(1).TryAdvanceLatestAsync(
            sensor.Id,
            Arg.Is<LatestReading>(latest => latest.Id == "batch-7:42"
                && latest.Timestamp == timestamp
                && latest.ReceivedAt == Now
                && latest.SortKey == outcome.Value.Reading.SortKey),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task IngestAsync_ReadingFromThePreviousMonth_StoresItInThatMonthsBucket()
    {
        var timestamp = new DateTimeOffset(2026, 3, 1, 1, 59, 0, TimeSpan.FromHours(2)); // 2026-02-28T23:59Z
        var request = new IngestReadingRequest { Timestamp = timestamp, Payload = TestSensors.Payload() };

        await service.IngestAsync(sensor.Id.ToString(), request, CancellationToken.None);

        await readings.Received(1).TryCreateAsync(
            Arg.Any<Reading>(),
            Arg.Is<ReadingBucket>(bucket => bucket.Key == $"{sensor.Id}|{sensor.Incarnation}|2026-02"),
            Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(299)] // 4m59s
    [InlineData(300)] // exactly 5 minutes
    public async Task IngestAsync_TimestampUpToFiveMinutesAhead_Accepted(int secondsAhead)
    {
        var request = new IngestReadingRequest { Timestamp = Now.AddSeconds(secondsAhead), Payload = TestSensors.Payload() };

        var outcome = await service.IngestAsync(sensor.Id.ToString(), request, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(3600)]
    public async Task IngestAsync_TimestampMoreThanFiveMinutesAhead_ReturnsValidationAndStoresNothing(int secondsAhead)
    {
        var request = new IngestReadingRequest { Timestamp = Now.AddSeconds(secondsAhead), Payload = TestSensors.Payload() };

        var outcome = await service.IngestAsync(sensor.Id.ToString(), request, CancellationToken.None);

        ProblemAssert.Validation(outcome, "timestamp");
        Assert.Empty(sensors.ReceivedCalls());
        Assert.Empty(readings.ReceivedCalls());
    }

    [Fact]
    public async Task IngestAsync_TimestampOneTickPastTheSkew_ReturnsValidation()
    {
        var request = new IngestReadingRequest { Timestamp = Now + ApiLimits.MaxFutureSkew + TimeSpan.FromTicks(1), Payload = TestSensors.Payload() };

        var outcome = await service.IngestAsync(sensor.Id.ToString(), request, CancellationToken.None);

        ProblemAssert.Validation(outcome, "timestamp");
    }

    [Fact]
    public async Task IngestAsync_TimestampAtTheRetentionLimit_Accepted()
    {
        var request = new IngestReadingRequest { Timestamp = Now.AddDays(-365), Payload = TestSensors.Payload() };

        var outcome = await service.IngestAsync(sensor.Id.ToString(), request, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
    }

    [Fact]
    public async Task IngestAsync_TimestampOlderThanRetention_ReturnsValidationAndStoresNothing()
    {
        var request = new IngestReadingRequest { Timestamp = Now.AddDays(-365).AddSeconds(-1), Payload = TestSensors.Payload() };

        var outcome = await service.IngestAsync(sensor.Id.ToString(), request, CancellationToken.None);

        var problem = ProblemAssert.Validation(outcome, "timestamp");
        Assert.Contains("365 days", problem.Errors!["timestamp"][0], StringComparison.Ordinal);
        Assert.Empty(sensors.ReceivedCalls());
        Assert.Empty(readings.ReceivedCalls());
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
        var request = new IngestReadingRequest { Payload = payloadJson is null ? null : JsonText.Element(payloadJson) };

        var outcome = await service.IngestAsync(sensor.Id.ToString(), request, CancellationToken.None);

        Assert.False(outcome.Succeeded, description);
        ProblemAssert.Validation(outcome, "payload");
        Assert.Empty(sensors.ReceivedCalls());
        Assert.Empty(readings.ReceivedCalls());
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
        var request = new IngestReadingRequest { Payload = JsonText.Element(payloadJson) };

        var outcome = await service.IngestAsync(sensor.Id.ToString(), request, CancellationToken.None);

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
        var request = new IngestReadingRequest { Id = readingId, Payload = TestSensors.Payload() };

        var outcome = await service.IngestAsync(sensor.Id.ToString(), request, CancellationToken.None);

        ProblemAssert.Validation(outcome, "id");
        Assert.Empty(readings.ReceivedCalls());
    }

    [Fact]
    public async Task IngestAsync_ReadingIdOf129Characters_ReturnsValidationForId()
    {
        var request = new IngestReadingRequest { Id = new string('r', 129), Payload = TestSensors.Payload() };

        var outcome = await service.IngestAsync(sensor.Id.ToString(), request, CancellationToken.None);

        ProblemAssert.Validation(outcome, "id");
    }

    [Fact]
    public async Task IngestAsync_InvalidSensorId_ReturnsValidationForSensorId()
    {
        var request = new IngestReadingRequest { Payload = TestSensors.Payload() };

        var outcome = await service.IngestAsync("houston/clay_st/weather", request, CancellationToken.None);

        ProblemAssert.Validation(outcome, "sensorId");
        Assert.Empty(sensors.ReceivedCalls());
    }

    [Fact]
    public async Task IngestAsync_NoBody_ReturnsValidationForBody()
    {
        var outcome = await service.IngestAsync(sensor.Id.ToString(), null, CancellationToken.None);

        ProblemAssert.Validation(outcome, "body");
    }

    [Fact]
    public async Task IngestAsync_UnknownSensor_ReturnsNotFoundAndCreatesNoReading()
    {
        sensors.TryAdvanceLatestAsync(sensor.Id, Arg.Any<LatestReading>(), Arg.Any<CancellationToken>())
            .Returns(SensorWrite.NotFound);

        var outcome = await service.IngestAsync(sensor.Id.ToString(), new IngestReadingRequest { Payload = TestSensors.Payload() }, CancellationToken.None);

        ProblemAssert.Kind(outcome, ProblemKind.NotFound);
        Assert.Empty(readings.ReceivedCalls());
    }

    [Fact]
    public async Task IngestAsync_InactiveSensor_ReturnsSensorInactiveAndCreatesNothing()
    {
        sensors.TryAdvanceLatestAsync(sensor.Id, Arg.Any<LatestReading>(), Arg.Any<CancellationToken>())
            .Returns(SensorWrite.ConditionFailed);
        sensors.FindAsync(sensor.Id, Arg.Any<CancellationToken>()).Returns(sensor with { Status = SensorStatus.Inactive });

        var outcome = await service.IngestAsync(sensor.Id.ToString(), new IngestReadingRequest { Payload = TestSensors.Payload() }, CancellationToken.None);

        ProblemAssert.Kind(outcome, ProblemKind.SensorInactive);
        Assert.Empty(readings.ReceivedCalls());
        await sensors.DidNotReceiveWithAnyArgs().ReplaceLatestAsync(default, default, default!, default);
    }

    [Fact]
    public async Task IngestAsync_SensorDeletedWhileIngesting_ReturnsNotFound()
    {
        sensors.TryAdvanceLatestAsync(sensor.Id, Arg.Any<LatestReading>(), Arg.Any<CancellationToken>())
            .Returns(SensorWrite.ConditionFailed);
        sensors.FindAsync(sensor.Id, Arg.Any<CancellationToken>()).Returns((Sensor?)null);

        var outcome = await service.IngestAsync(sensor.Id.ToString(), new IngestReadingRequest { Payload = TestSensors.Payload() }, CancellationToken.None);

        ProblemAssert.Kind(outcome, ProblemKind.NotFound);
        Assert.Empty(readings.ReceivedCalls());
    }

    [Fact]
    public async Task IngestAsync_LateReading_CreatesItWithoutReplacingLatest()
    {
        var newer = new LatestReading
        {
            Id = "newer",
            Timestamp = Now,
            ReceivedAt = Now,
            Payload = TestSensors.Payload(),
            SortKey = Timestamps.Format(Now) + "|newer",
        };
        sensors.TryAdvanceLatestAsync(sensor.Id, Arg.Any<LatestReading>(), Arg.Any<CancellationToken>())
            .Returns(SensorWrite.ConditionFailed);
        sensors.FindAsync(sensor.Id, Arg.Any<CancellationToken>()).Returns(sensor with { Latest = newer });
        var request = new IngestReadingRequest { Id = "late", Timestamp = Now.AddHours(-3), Payload = TestSensors.Payload() };

        var outcome = await service.IngestAsync(sensor.Id.ToString(), request, CancellationToken.None);

        Assert.True(outcome.Value!.Created);
        await readings.Received(1).TryCreateAsync(
            Arg.Is<Reading>(reading => reading.Id == "late" && reading.Timestamp == Now.AddHours(-3)),
            Arg.Is<ReadingBucket>(bucket => bucket.Key == $"{sensor.Id}|{sensor.Incarnation}|2026-02"),
            Arg.Any<CancellationToken>());
        await sensors.DidNotReceiveWithAnyArgs().ReplaceLatestAsync(default, default, default!, default);
        Assert.Equal(2, sensors.ReceivedCalls().Count());
    }

    [Fact]
    public async Task IngestAsync_SameReadingAgain_ReturnsTheStoredOriginalNotCreated()
    {
        var timestamp = Now.AddMinutes(-10);
        var original = StoredReading("retry-1", timestamp, receivedAt: Now.AddMinutes(-9));
        sensors.TryAdvanceLatestAsync(sensor.Id, Arg.Any<LatestReading>(), Arg.Any<CancellationToken>())
            .Returns(SensorWrite.ConditionFailed);
        readings.TryCreateAsync(Arg.Any<Reading>(), Arg.Any<ReadingBucket>(), Arg.Any<CancellationToken>())
            .Returns(new IngestResult(original, Created: false));
        var request = new IngestReadingRequest { Id = "retry-1", Timestamp = timestamp, Payload = TestSensors.Payload() };

        var outcome = await service.IngestAsync(sensor.Id.ToString(), request, CancellationToken.None);

        Assert.False(outcome.Value!.Created);
        Assert.Same(original, outcome.Value.Reading);
        await sensors.DidNotReceiveWithAnyArgs().ReplaceLatestAsync(default, default, default!, default);
    }

    [Fact]
    public async Task IngestAsync_IdReusedWithANewerTimestamp_RestoresLatestToTheNewestStoredReading()
    {
        var original = StoredReading("reused", Now.AddMinutes(-30), receivedAt: Now.AddMinutes(-30));
        readings.TryCreateAsync(Arg.Any<Reading>(), Arg.Any<ReadingBucket>(), Arg.Any<CancellationToken>())
            .Returns(new IngestResult(original, Created: false));
        readings.ListAsync(Arg.Any<ReadingBucket>(), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
            .Returns([original]);
        var request = new IngestReadingRequest { Id = "reused", Timestamp = Now, Payload = TestSensors.Payload(99) };

        var outcome = await service.IngestAsync(sensor.Id.ToString(), request, CancellationToken.None);

        Assert.False(outcome.Value!.Created);
        Assert.Same(original, outcome.Value.Reading);
        await sensors.Received(1).ReplaceLatestAsync(
            sensor.Id,
            Arg.Is<LatestReading?>(latest => latest != null && latest.Id == "reused" && latest.SortKey == original.SortKey),
            "reused",
            Arg.Any<CancellationToken>());
    }

    private Reading StoredReading(string id, DateTimeOffset timestamp, DateTimeOffset receivedAt) => new()
    {
        Id = id,
        SensorId = sensor.Id,
        Timestamp = timestamp,
        ReceivedAt = receivedAt,
        Payload = TestSensors.Payload(),
        Coordinates = sensor.Coordinates,
        SortKey = Timestamps.Format(timestamp) + "|" + id,
    };
}
