using System.Text.Json;
using CitySense.Core.Access;
using CitySense.Core.Aggregates;
using CitySense.Core.Audit;
using CitySense.Core.Geo;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.Functions;
using CitySense.Testing.Stores;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CitySense.UnitTests.Support;

/// <summary>
/// CitySense's services and functions wired as <c>AddCitySense</c> wires them, over the shared in-memory stores and a
/// fake clock: the one fixture of service and function tests. Seed data with <see cref="AddSensor"/> and
/// <see cref="AddReading"/>; read what was stored from <see cref="Sensors"/> and <see cref="Readings"/>.
/// </summary>
internal sealed class TestServices
{
    private readonly RecordingReadingStore recordingReadings;

    /// <summary>The reading events ingest published (and a switch to make publishing fail).</summary>
    public InMemoryReadingEvents Events { get; } = new();

    /// <param name="now">The fake clock's time.</param>
    /// <param name="retentionDays">Readings:RetentionDays.</param>
    /// <param name="sensorStore">A sensor store to use instead of <see cref="Sensors"/>, to inject a failure or a race.</param>
    /// <param name="readingStore">A reading store to use instead of <see cref="Readings"/>, to inject a failure.</param>
    /// <param name="configure">Changes to the other reading settings (export rows, request budget).</param>
    public TestServices(
        DateTimeOffset now,
        int retentionDays = 365,
        ISensorStore? sensorStore = null,
        IReadingStore? readingStore = null,
        Action<ReadingOptions>? configure = null)
    {
        Clock = new FakeTimeProvider(now);
        var settings = new ReadingOptions { RetentionDays = retentionDays };
        configure?.Invoke(settings);
        var options = Options.Create(settings);
        recordingReadings = new RecordingReadingStore(Readings);
        var sensors = sensorStore ?? Sensors;
        var readings = readingStore ?? recordingReadings;
        HistoryReader = new HistoryReader(readings);
        Access = new AccessPolicy(Grants);
        AuditTrail = new AuditTrail(
            Audit,
            [new SensorAuditRegistry(sensors), new GrantAuditRegistry(Grants)],
            Access,
            Clock,
            Options.Create(new AuditOptions()),
            NullLogger<AuditTrail>.Instance);
        SensorService = new SensorService(sensors, Access, AuditTrail, Clock, NullLogger<SensorService>.Instance);
        GrantService = new GrantService(Grants, AuditTrail, Clock, NullLogger<GrantService>.Instance);
        HistoryService = new HistoryService(sensors, HistoryReader, Clock, options);
        IngestService = new IngestService(Access, sensors, readings, Aggregates, Events, HistoryReader, Clock, options, NullLogger<IngestService>.Instance);
        AggregateService = new AggregateService(sensors, HistoryReader, Aggregates, Clock, options);
        AggregateFunctions = new AggregateFunctions(AggregateService, new LatestSummaryService(sensors), Clock, options);
        NearbyService = new NearbyService(sensors);
        SensorFunctions = new SensorFunctions(SensorService, NearbyService, Access);
        ReadingFunctions = new ReadingFunctions(IngestService, HistoryService, NearbyService, Access, Clock);
        OperatorFunctions = new OperatorFunctions(GrantService);
        AuditFunctions = new AuditFunctions(AuditTrail);
        CompatibilityFunctions = new CompatibilityFunctions(IngestService, HistoryService);
    }

    public FakeTimeProvider Clock { get; }

    public InMemoryGrantStore Grants { get; } = new();

    public InMemoryAuditStore Audit { get; } = new();

    public AccessPolicy Access { get; }

    public AuditTrail AuditTrail { get; }

    public GrantService GrantService { get; }

    public OperatorFunctions OperatorFunctions { get; }

    public AuditFunctions AuditFunctions { get; }

    public InMemorySensorStore Sensors { get; } = new();

    public InMemoryReadingStore Readings { get; } = new();

    public InMemoryAggregateStore Aggregates { get; } = new();

    public AggregateService AggregateService { get; }

    public AggregateFunctions AggregateFunctions { get; }

    /// <summary>The arguments of every reading listing so far, in order.</summary>
    public IReadOnlyList<ReadingListCall> ReadingListings => recordingReadings.Listings;

    public HistoryReader HistoryReader { get; }

    public SensorService SensorService { get; }

    public HistoryService HistoryService { get; }

    public IngestService IngestService { get; }

    public NearbyService NearbyService { get; }

    public SensorFunctions SensorFunctions { get; }

    public ReadingFunctions ReadingFunctions { get; }

    public CompatibilityFunctions CompatibilityFunctions { get; }

    /// <summary>Registers a sensor with a new unique id, as a test's own data.</summary>
    public Sensor AddSensor(
        SensorStatus status = SensorStatus.Active,
        Coordinates? coordinates = null,
        LatestReading? latest = null,
        string city = "houston",
        string type = "weather") =>
        Sensors.Add(TestSensors.Create(TestSensors.NewId(city, type), status, coordinates, latest));

    /// <summary>Puts a reading into <paramref name="sensor"/>'s history, in the month bucket of its timestamp.</summary>
    public Reading AddReading(
        Sensor sensor,
        string id,
        DateTimeOffset timestamp,
        DateTimeOffset? receivedAt = null,
        JsonElement? payload = null)
    {
        var reading = TestReadings.Create(sensor, id, timestamp, receivedAt, payload);
        Readings.Add(reading, ReadingBucket.For(sensor.Id, sensor.Incarnation, timestamp));
        return reading;
    }

    /// <summary>Forgets the store calls recorded so far (the data stays), so a test counts only what it acts on.</summary>
    public void ResetCalls()
    {
        Sensors.ResetCalls();
        Readings.ResetCalls();
        Aggregates.ResetCalls();
        recordingReadings.ResetListings();
    }
}
