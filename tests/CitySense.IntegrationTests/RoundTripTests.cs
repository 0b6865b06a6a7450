using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using CitySense.Core;
using CitySense.Core.Access;
using CitySense.Core.Aggregates;
using CitySense.Core.Geo;
using CitySense.Core.Json;
using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.Cosmos;
using CitySense.Functions;
using CitySense.Functions.Contracts;
using CitySense.Functions.Http;
using CitySense.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CitySense.IntegrationTests;

/// <summary>
/// Cosmos requests per application operation: deterministic, so asserted exactly. bench/run.sh measures the same
/// counts through HTTP at larger history sizes (up to 10,000 readings) and writes them to bench/RESULTS.md.
/// </summary>
public sealed class RoundTripTests(CosmosStoreFixture fixture) : IClassFixture<CosmosStoreFixture>
{
    private const int BatchSize = 500;
    private const int BatchSensors = 10;

    private static readonly AggregateInterval Hourly = AggregateInterval.All.Single(i => i.Name == "1h");
    private static readonly AggregateInterval Daily = AggregateInterval.All.Single(i => i.Name == "1d");

    private static CancellationToken Ct => CancellationToken.None;

    [Theory]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task Ingest_InOrderAtAnyHistorySize_TwoOperations(int historySize)
    {
        var sensor = await RegisterAsync();
        await SeedAsync(sensor, historySize);

        var sent = await fixture.Counter.CountAsync(() => IngestAsync(sensor, DateTimeOffset.UtcNow));

        Assert.Equal(["Patch Document", "Create Document"], sent);
    }

    [Fact]
    public async Task Ingest_OlderThanLatest_ThreeOperationsAndLatestUnchanged()
    {
        var sensor = await RegisterAsync();
        await IngestAsync(sensor, DateTimeOffset.UtcNow);

        var sent = await fixture.Counter.CountAsync(() => IngestAsync(sensor, DateTimeOffset.UtcNow.AddMinutes(-1)));

        Assert.Equal(["Patch Document", "Read Document", "Create Document"], sent);
    }

    [Fact]
    public async Task Ingest_LateReading_FourOperationsTheLastRenewsTheMonthsAggregateRevision()
    {
        var sensor = await RegisterAsync();
        await IngestAsync(sensor, DateTimeOffset.UtcNow);

        var sent = await fixture.Counter.CountAsync(() => IngestAsync(sensor, DateTimeOffset.UtcNow.AddMinutes(-10)));

        Assert.Equal(["Patch Document", "Read Document", "Create Document", "Upsert Document"], sent);
    }

    /// <summary>
    /// The refusals ingest and reads meet in normal use (a reading older than "latest": 412 on the conditional patch; a
    /// client's retry: 409 on the create; an unknown sensor: 404 on the read and on the patch) come back from the stream
    /// API as a status. The typed API threw a CosmosException for each, unwinding through every layer of the SDK's
    /// pipeline and ours; every conditional write and create-unless-present of the stores now answers the same way. A
    /// retry costs four operations: the patch that loses, the sensor, the create that conflicts, the stored reading.
    /// </summary>
    [Fact]
    public async Task ExpectedRefusals_OlderReadingRetryAndUnknownSensor_NoExceptionThrownAndARetryIsFourOperations()
    {
        var sensor = await RegisterAsync();
        var payload = JsonDocument.Parse("""{"tempC":20.5}""").RootElement;
        var retried = new ReadingDraft { Id = "retried-1", Timestamp = DateTimeOffset.UtcNow.AddSeconds(-30), Payload = payload };
        await IngestAsync(sensor, DateTimeOffset.UtcNow);
        var unknown = new SensorId(sensor.City, "nowhere", "weather");

        IReadOnlyList<string> retrySent = [];
        var thrown = await ThrownAsync(async () =>
        {
            Assert.True((await fixture.Ingest.IngestAsync(TestData.Admin, sensor, retried, Ct)).Value!.Created);
            retrySent = await fixture.Counter.CountAsync(async () =>
                Assert.False((await fixture.Ingest.IngestAsync(TestData.Admin, sensor, retried, Ct)).Value!.Created));
            Assert.False((await fixture.History.GetLatestAsync(unknown, Ct)).Succeeded);
            Assert.Equal(ProblemKind.NotFound, (await fixture.Ingest.IngestAsync(TestData.Admin, unknown, retried, Ct)).Problem!.Kind);

            // The registration's refusals share the mechanism: a second create, a stale or an unknown delete.
            var store = fixture.Services.GetRequiredService<ISensorStore>();
            Assert.False(await store.TryCreateAsync((await store.FindAsync(sensor, Ct))!, Ct));
            Assert.Equal(StoreWriteStatus.ConditionFailed, await store.DeleteAsync(sensor, "stale-version", Ct));
            Assert.Equal(StoreWriteStatus.NotFound, await store.DeleteAsync(unknown, "any-version", Ct));
        });

        Assert.Empty(thrown);
        Assert.Equal(["Patch Document", "Read Document", "Create Document", "Read Document"], retrySent);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task GetLatest_AtAnyHistorySize_OnePointRead(int historySize)
    {
        var sensor = await RegisterAsync();
        await SeedAsync(sensor, historySize);

        var sent = await fixture.Counter.CountAsync(async () => Assert.True((await fixture.History.GetLatestAsync(sensor, Ct)).Succeeded));

        Assert.Equal(["Read Document"], sent);
    }

    [Fact]
    public async Task ListReadings_FirstPageOfRecentHistory_OneReadAndOneQuery()
    {
        var sensor = await RegisterAsync();
        for (var i = 0; i < 30; i++)
        {
            await IngestAsync(sensor, DateTimeOffset.UtcNow.AddSeconds(-i));
        }

        var sent = await fixture.Counter.CountAsync(async () =>
            Assert.Equal(20, (await fixture.History.ListAsync(new HistoryQuery(sensor, null, null, 20), Ct)).Value!.Items.Count));

        Assert.Equal(["Read Document", "Query Document"], sent);
    }

    /// <summary>
    /// 30 days at 1h over a reading every 15 minutes (2,976 readings; one a minute would take the local server too long
    /// to write here, and the cost of a kept chunk does not depend on how many readings it summarises): the first request
    /// computes and keeps the chunks, every later one reads the sensor, the kept chunks (one query per month) and the
    /// open buckets' readings.
    /// </summary>
    [Fact]
    public async Task Aggregate_30DaysHourlyOverDenseHistory_AtMost35OperationsAfterFirstComputation()
    {
        var sensor = await RegisterAsync();
        var now = DateTimeOffset.UtcNow;
        await SeedEveryAsync(sensor, now.AddDays(-31), now, TimeSpan.FromMinutes(15));
        var aggregates = fixture.Services.GetRequiredService<AggregateService>();
        var query = new AggregateQuery(sensor, Hourly, now.AddDays(-30), now, null, 1000);
        IReadOnlyList<AggregateBucket> buckets = [];

        var first = await fixture.Counter.CountAsync(async () => buckets = (await aggregates.ListAsync(query, Ct)).Value!.Items);
        var again = await fixture.Counter.CountAsync(async () => buckets = (await aggregates.ListAsync(query, Ct)).Value!.Items);

        Assert.InRange(buckets.Count, 720, 721);
        Assert.All(buckets.Take(buckets.Count - 1).Skip(1), bucket => Assert.Equal(4, bucket.Count));
        Assert.True(first.Count > 31, $"first computation: {first.Count} operations");
        Assert.True(again.Count <= 35, $"{again.Count} operations: {string.Join(", ", again)}");
        Assert.Equal("Read Document", again[0]);
        Assert.DoesNotContain("Upsert Document", again.Where((_, i) => i > 0 && i < again.Count - 4));
    }

    [Fact]
    public async Task Aggregate_LateReadingIntoKeptChunk_Corrected()
    {
        var sensor = await RegisterAsync();
        var now = DateTimeOffset.UtcNow;
        await SeedEveryAsync(sensor, now.AddDays(-2), now.AddDays(-1), TimeSpan.FromMinutes(15));
        var aggregates = fixture.Services.GetRequiredService<AggregateService>();
        var query = new AggregateQuery(sensor, Daily, now.AddDays(-3), now.AddHours(-12), null, 1000);
        var before = (await aggregates.ListAsync(query, Ct)).Value!.Items.Sum(bucket => bucket.Count);

        await IngestAsync(sensor, now.AddDays(-1).AddHours(-1).AddSeconds(7));
        var after = (await aggregates.ListAsync(query, Ct)).Value!.Items.Sum(bucket => bucket.Count);

        Assert.Equal(before + 1, after);
    }

    [Fact]
    public async Task LatestSummary_NearAPoint_OneQueryWithoutAQueryPlan()
    {
        var (lat, lon) = RandomPoint();
        foreach (var sensor in await RegisterManyAsync(3, lat, lon))
        {
            await IngestAsync(sensor, DateTimeOffset.UtcNow);
        }

        var summaries = fixture.Services.GetRequiredService<LatestSummaryService>();
        LatestSummary? summary = null;
        var sent = await fixture.Counter.CountAsync(async () =>
            summary = (await summaries.SummarizeAsync(new LatestSummaryQuery(new Coordinates(lat, lon), 2000, null, null, null), Ct)).Value);

        Assert.Equal(["Query Document"], sent);
        Assert.Equal(await QueryPlansExpectedAsync(), fixture.Counter.QueryPlanRequests);
        Assert.Equal(3, summary!.Sensors);
        Assert.Equal(20.5, summary.Fields["tempC"].Avg);
    }

    [Fact]
    public async Task ListReadings_TenReadingsInOneOldMonth_OneReadAndOneQuery()
    {
        // Months back to the retention floor hold nothing: only the month the sensor recorded is queried.
        var sensor = await RegisterAsync();
        var old = DateTimeOffset.UtcNow.AddDays(-100);
        for (var i = 0; i < 10; i++)
        {
            await IngestAsync(sensor, old.AddMinutes(i));
        }

        var sent = await fixture.Counter.CountAsync(async () =>
            Assert.Equal(10, (await fixture.History.ListAsync(new HistoryQuery(sensor, null, null, 20), Ct)).Value!.Items.Count));

        Assert.Equal(["Read Document", "Query Document"], sent);
    }

    [Fact]
    public async Task Ingest_LateReadingInAMonthWithoutReadings_RecordsTheMonthOnceAndHistoryFindsIt()
    {
        var sensor = await RegisterAsync();
        await IngestAsync(sensor, DateTimeOffset.UtcNow);
        var monthsAgo = DateTimeOffset.UtcNow.AddDays(-70);

        var first = await fixture.Counter.CountAsync(() => IngestAsync(sensor, monthsAgo));
        var second = await fixture.Counter.CountAsync(() => IngestAsync(sensor, monthsAgo.AddMinutes(1)));
        var history = await fixture.History.ListAsync(new HistoryQuery(sensor, null, null, 20), Ct);

        // Each late reading also renews its month's aggregate revision (the upsert).
        Assert.Equal(["Patch Document", "Read Document", "Patch Document", "Create Document", "Upsert Document"], first);
        Assert.Equal(["Patch Document", "Read Document", "Create Document", "Upsert Document"], second);
        Assert.Equal(3, history.Value!.Items.Count);
        Assert.Equal(
            [ReadingBucket.MonthKeyOf(DateTimeOffset.UtcNow), ReadingBucket.MonthKeyOf(monthsAgo)],
            (await fixture.Sensors.FindAsync(sensor, Ct))!.ReadingMonths!.Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public async Task IngestBatch_ReadingsOfThreeMonths_OnePatchMoreRecordsTheOlderMonths()
    {
        var sensor = await RegisterAsync();
        var payload = JsonDocument.Parse("""{"tempC":20.5}""").RootElement;
        var now = DateTimeOffset.UtcNow;
        BatchItem?[] items =
        [
            .. new[] { now.AddMinutes(-1), now.AddDays(-35), now.AddDays(-70), now.AddDays(-70).AddMinutes(1) }
                .Select(timestamp => new BatchItem(sensor.ToString(), new ReadingDraft { Timestamp = timestamp, Payload = payload })),
        ];

        var sent = await fixture.Counter.CountAsync(async () =>
            Assert.All((await fixture.Ingest.IngestBatchAsync(TestData.Admin, items, Ct)).Value!, item => Assert.True(item.Result?.Created)));
        var history = await fixture.History.ListAsync(new HistoryQuery(sensor, null, null, 20), Ct);

        // Latest, the two older months, four creates, then the two late months' aggregate revisions.
        Assert.Equal(
            ["Patch Document", "Patch Document", "Create Document", "Create Document", "Create Document", "Create Document", "Upsert Document", "Upsert Document"],
            sent);
        Assert.Equal(4, history.Value!.Items.Count);
    }

    [Fact]
    public async Task CreateSensor_RecordedFirstThenCommitted_ThreeOperationsAndGetIsOneRead()
    {
        var city = "rt-" + Guid.NewGuid().ToString("N")[..8];
        var request = new SensorRegistration { City = city, Location = "a", Type = "weather", Coordinates = new CoordinatesInput { Lat = 1, Lon = 2 } };

        var created = await fixture.Counter.CountAsync(() => fixture.SensorService.CreateAsync(TestData.Admin, request, Ct));
        var read = await fixture.Counter.CountAsync(() => fixture.SensorService.GetAsync(new SensorId(city, "a", "weather"), Ct));

        // The audit record (pending), the sensor, the record committed: registry changes are rare, reads are not.
        Assert.Equal(["Create Document", "Create Document", "Patch Document"], created);
        Assert.Equal(["Read Document"], read);
    }

    [Fact]
    public async Task UpdateAndDeleteSensor_ReadThenRecordedChange_FourAndFiveOperations()
    {
        var sensor = await RegisterAsync();
        var update = new SensorUpdate { Coordinates = new CoordinatesInput { Lat = 2, Lon = 3 }, Status = SensorStatus.Inactive };

        var updated = await fixture.Counter.CountAsync(() => fixture.SensorService.UpdateAsync(TestData.Admin, sensor, update, Ct));
        var deleted = await fixture.Counter.CountAsync(() => fixture.SensorService.DeleteAsync(TestData.Admin, sensor, Ct));

        Assert.Equal(["Read Document", "Create Document", "Patch Document", "Patch Document"], updated);
        Assert.Equal(["Read Document", "Create Document", "Read Document", "Delete Document", "Patch Document"], deleted);
    }

    [Fact]
    public async Task Ingest_OperatorGrantedTheCity_OneGrantReadMoreThanAnAdmin()
    {
        var sensor = await RegisterAsync();
        var operatorId = "rt-op-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Services.GetRequiredService<GrantService>().PutAsync(
            TestData.Admin, operatorId, new GrantDraft { Name = "City IT", Cities = [sensor.City] }, null, Ct);
        var caller = new Caller(operatorId, CallerProduct.Operator);

        var sent = await fixture.Counter.CountAsync(() => fixture.Ingest.IngestAsync(
            caller, sensor, new ReadingDraft { Payload = JsonDocument.Parse("""{"v":1}""").RootElement }, Ct));

        Assert.Equal(["Read Document", "Patch Document", "Create Document"], sent);
    }

    [Fact]
    public async Task IngestBatch_500ReadingsOfTenSensors_OnePatchPerSensorThenOneCreatePerReading()
    {
        var sensors = await RegisterManyAsync(BatchSensors);

        var sent = await fixture.Counter.CountAsync(async () =>
            Assert.All((await fixture.Ingest.IngestBatchAsync(TestData.Admin, Batch(sensors), Ct)).Value!, item => Assert.True(item.Result?.Created)));

        // Within the bound of sensors × 3 + readings (a late batch may add one point read per sensor, and one revision
        // per sensor and month its late readings land in): here exactly one conditional patch per sensor, all before
        // the first create, then one create per reading, then (the readings are an hour old) one revision per sensor.
        Assert.True(sent.Count <= (BatchSensors * 3) + BatchSize, $"{sent.Count} operations");
        Assert.Equal(Enumerable.Repeat("Patch Document", BatchSensors), sent.Take(BatchSensors));
        Assert.Equal(Enumerable.Repeat("Create Document", BatchSize), sent.Skip(BatchSensors).Take(BatchSize));
        Assert.Equal(Enumerable.Repeat("Upsert Document", BatchSensors), sent.Skip(BatchSensors + BatchSize));
    }

    [Fact]
    public async Task IngestBatch_500Readings_CreatesRunBatchParallelismAtOnce()
    {
        var sensors = await RegisterManyAsync(BatchSensors);
        var probe = new ConcurrencyProbe(fixture.Readings, IngestService.BatchParallelism);
        var service = new IngestService(
            fixture.Services.GetRequiredService<AccessPolicy>(),
            fixture.Sensors,
            probe, fixture.Services.GetRequiredService<IAggregateStore>(), fixture.Services.GetRequiredService<IReadingEventPublisher>(), new HistoryReader(probe), TimeProvider.System, Options.Create(new ReadingOptions()), NullLogger<IngestService>.Instance);

        // The probe holds every create until BatchParallelism of them are in flight together: a service that wrote
        // one reading at a time would never get there, and the probe would fail the batch after its timeout.
        var outcome = await service.IngestBatchAsync(TestData.Admin, Batch(sensors), Ct);

        Assert.All(outcome.Value!, item => Assert.True(item.Result?.Created, item.Problem?.Detail));
        Assert.Equal(IngestService.BatchParallelism, probe.MaxInFlight);
    }

    [Fact]
    public async Task ListNear_OnePage_OneQueryWithoutAQueryPlan()
    {
        var (lat, lon) = RandomPoint();
        await RegisterManyAsync(3, lat, lon);

        var sent = await fixture.Counter.CountAsync(async () =>
            Assert.Equal(3, (await fixture.Nearby.ListSensorsAsync(Near(lat, lon), Ct)).Value!.Items.Count));

        Assert.Equal(["Query Document"], sent);
        Assert.Equal(await QueryPlansExpectedAsync(), fixture.Counter.QueryPlanRequests);
    }

    [Fact]
    public async Task ListLatestNear_OnePage_OneQueryWithoutAQueryPlan()
    {
        var (lat, lon) = RandomPoint();
        var sensors = await RegisterManyAsync(3, lat, lon);
        foreach (var sensor in sensors)
        {
            await IngestAsync(sensor, DateTimeOffset.UtcNow);
        }

        var sent = await fixture.Counter.CountAsync(async () =>
            Assert.Equal(3, (await fixture.Nearby.ListLatestReadingsAsync(Near(lat, lon), Ct)).Value!.Items.Count));

        Assert.Equal(["Query Document"], sent);
        Assert.Equal(await QueryPlansExpectedAsync(), fixture.Counter.QueryPlanRequests);
    }

    // A 304 is decided by the tag of the data, so it reads what a 200 reads: the same operations, asserted exactly.
    // Only the API description answers 304 with no database work at all.
    [Fact]
    public async Task GetLatest_NotModified_StillOnePointRead()
    {
        var sensor = await RegisterAsync();
        await IngestAsync(sensor, DateTimeOffset.UtcNow);
        var functions = Functions<ReadingFunctions>();
        var path = $"/api/sensors/{sensor}/readings/latest";
        var etag = ((Cacheable<Ok<ReadingResponse>>)(await functions.GetLatestReading(Request(path), sensor.ToString(), Ct)).Result).ETag!;

        Cacheable<Ok<ReadingResponse>>? revalidated = null;
        var sent = await fixture.Counter.CountAsync(async () =>
            revalidated = (Cacheable<Ok<ReadingResponse>>)(await functions.GetLatestReading(Request(path, etag), sensor.ToString(), Ct)).Result);

        Assert.True(revalidated!.NotModified);
        Assert.Equal(["Read Document"], sent);
    }

    [Fact]
    public async Task ListReadings_NotModified_SameReadAndQueryAsTheFullPage()
    {
        var sensor = await RegisterAsync();
        for (var i = 0; i < 30; i++)
        {
            await IngestAsync(sensor, DateTimeOffset.UtcNow.AddMinutes(-10).AddSeconds(-i));
        }

        var functions = Functions<ReadingFunctions>();
        var path = $"/api/sensors/{sensor}/readings";
        var query = $"?from={Uri.EscapeDataString(Timestamps.Format(DateTimeOffset.UtcNow.AddHours(-1)))}&to={Uri.EscapeDataString(Timestamps.Format(DateTimeOffset.UtcNow.AddMinutes(-9)))}&limit=20";
        var etag = ((Cacheable<WithHeaders<Ok<PageResponse<ReadingResponse>>>>)(await functions.ListReadings(Request(path, query: query), sensor.ToString(), Ct)).Result).ETag!;

        Cacheable<WithHeaders<Ok<PageResponse<ReadingResponse>>>>? revalidated = null;
        var sent = await fixture.Counter.CountAsync(async () =>
            revalidated = (Cacheable<WithHeaders<Ok<PageResponse<ReadingResponse>>>>)(await functions.ListReadings(Request(path, etag, query), sensor.ToString(), Ct)).Result);

        Assert.True(revalidated!.NotModified);
        Assert.Equal(["Read Document", "Query Document"], sent);
    }

    [Fact]
    public async Task ListSensors_NotModified_OneQuery()
    {
        var sensor = await RegisterAsync();
        var functions = Functions<SensorFunctions>();
        var query = $"?city={sensor.City}";
        var etag = ((Cacheable<WithHeaders<Ok<PageResponse<SensorResponse>>>>)(await functions.ListSensors(Request("/api/sensors", query: query), Ct)).Result).ETag!;

        Cacheable<WithHeaders<Ok<PageResponse<SensorResponse>>>>? revalidated = null;
        var sent = await fixture.Counter.CountAsync(async () =>
            revalidated = (Cacheable<WithHeaders<Ok<PageResponse<SensorResponse>>>>)(await functions.ListSensors(Request("/api/sensors", etag, query), Ct)).Result);

        Assert.True(revalidated!.NotModified);
        Assert.Equal(["Query Document"], sent);
    }

    [Fact]
    public async Task ListLatestNear_NotModified_OneQuery()
    {
        var (lat, lon) = RandomPoint();
        var sensor = await RegisterAsync(lat, lon);
        await IngestAsync(sensor, DateTimeOffset.UtcNow);
        var functions = Functions<ReadingFunctions>();
        var query = string.Create(CultureInfo.InvariantCulture, $"?near={lat},{lon}&radius=1000");
        var etag = ((Cacheable<WithHeaders<Ok<PageResponse<LatestNearItem>>>>)(await functions.ListLatestNear(Request("/api/readings/latest", query: query), Ct)).Result).ETag!;

        Cacheable<WithHeaders<Ok<PageResponse<LatestNearItem>>>>? revalidated = null;
        var sent = await fixture.Counter.CountAsync(async () =>
            revalidated = (Cacheable<WithHeaders<Ok<PageResponse<LatestNearItem>>>>)(await functions.ListLatestNear(Request("/api/readings/latest", etag, query), Ct)).Result);

        Assert.True(revalidated!.NotModified);
        Assert.Equal(["Query Document"], sent);
    }

    [Fact]
    public async Task OpenApiJson_NotModified_NoCosmosOperation()
    {
        var functions = Functions<OpenApiFunctions>();
        var first = new DefaultHttpContext { RequestServices = fixture.Services };
        first.Response.Body = new MemoryStream();
        await functions.GetOpenApiJson(first.Request).ExecuteAsync(first);
        var context = new DefaultHttpContext { RequestServices = fixture.Services };
        context.Request.Headers.IfNoneMatch = first.Response.Headers.ETag;

        var sent = await fixture.Counter.CountAsync(() => functions.GetOpenApiJson(context.Request).ExecuteAsync(context));

        Assert.Equal(304, context.Response.StatusCode);
        Assert.Empty(sent);
    }

    [Fact]
    public async Task WarmUp_Enabled_OneAbsentPointReadPerContainerThenLatestStillOneRead()
    {
        var sensor = await RegisterAsync();
        await IngestAsync(sensor, DateTimeOffset.UtcNow);
        var counter = new CountingRequestHandler();
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(fixture.Services.GetRequiredService<IConfiguration>())
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Cosmos:WarmUpOnStart"] = "true" })
            .Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSingleton<RequestHandler>(counter);
        services.AddCitySense(configuration);
        await using var provider = services.BuildServiceProvider();
        var warmUp = provider.GetServices<IHostedService>().OfType<CosmosWarmUp>().Single();

        await warmUp.StartAsync(Ct);
        await warmUp.Completion;
        var warmUpSent = counter.Requests;
        var latestSent = await counter.CountAsync(async () =>
            Assert.True((await provider.GetRequiredService<HistoryService>().GetLatestAsync(sensor, Ct)).Succeeded));
        await warmUp.StopAsync(Ct);

        Assert.Equal(["Read Document", "Read Document"], warmUpSent);
        Assert.Equal(["Read Document"], latestSent);
    }

    private T Functions<T>() => ActivatorUtilities.CreateInstance<T>(fixture.Services);

    /// <summary>The exceptions thrown while <paramref name="action"/> runs, in its own flow only (tests run in parallel).</summary>
    private static async Task<IReadOnlyList<string>> ThrownAsync(Func<Task> action)
    {
        var thrown = new List<string>();
        var inFlow = new AsyncLocal<bool>();
        EventHandler<FirstChanceExceptionEventArgs> record = (_, e) =>
        {
            if (inFlow.Value)
            {
                lock (thrown)
                {
                    thrown.Add($"{e.Exception.GetType().Name}: {e.Exception.Message.Split('\n')[0]}");
                }
            }
        };
        AppDomain.CurrentDomain.FirstChanceException += record;
        try
        {
            inFlow.Value = true;
            await action();
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= record;
        }

        return thrown;
    }

    private static HttpRequest Request(string path, string? ifNoneMatch = null, string? query = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);

        // A public key, as API Management names it: public reads cost no grant read, so the counts are the reads' own.
        context.Request.Headers[CallerHeaders.Caller] = "rt-reader";
        context.Request.Headers[CallerHeaders.Product] = "public";
        if (ifNoneMatch is not null)
        {
            context.Request.Headers.IfNoneMatch = ifNoneMatch;
        }

        return context.Request;
    }

    private async Task<SensorId> RegisterAsync(double lat = 30.3, double lon = -97.7)
    {
        var city = "rt-" + Guid.NewGuid().ToString("N")[..8];
        var outcome = await fixture.SensorService.CreateAsync(TestData.Admin, 
            new SensorRegistration { City = city, Location = "main_st", Type = "weather", Coordinates = new CoordinatesInput { Lat = lat, Lon = lon } },
            Ct);
        return outcome.Value!.Id;
    }

    /// <summary>Sensors about 55 m apart from (<paramref name="lat"/>, <paramref name="lon"/>) northwards.</summary>
    private async Task<IReadOnlyList<SensorId>> RegisterManyAsync(int count, double lat = 30.3, double lon = -97.7)
    {
        var sensors = new List<SensorId>();
        for (var i = 0; i < count; i++)
        {
            sensors.Add(await RegisterAsync(lat + (i * 0.0005), lon));
        }

        return sensors;
    }

    private async Task IngestAsync(SensorId sensorId, DateTimeOffset timestamp)
    {
        var payload = JsonDocument.Parse("""{"tempC":20.5}""").RootElement;
        var outcome = await fixture.Ingest.IngestAsync(TestData.Admin, sensorId, new ReadingDraft { Timestamp = timestamp, Payload = payload }, Ct);
        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
    }

    /// <summary>History of <paramref name="count"/> readings, one second apart and ending a minute ago, written in batches.</summary>
    private async Task SeedAsync(SensorId sensorId, int count)
    {
        var end = DateTimeOffset.UtcNow.AddMinutes(-1);
        var payload = JsonDocument.Parse("""{"tempC":20.5}""").RootElement;
        for (var start = 0; start < count; start += BatchSize)
        {
            var readings = Enumerable.Range(start, Math.Min(BatchSize, count - start))
                .Select(i => (BatchItem?)new BatchItem(sensorId.ToString(), new ReadingDraft { Timestamp = end.AddSeconds(i - count), Payload = payload }))
                .ToList();
            var outcome = await fixture.Ingest.IngestBatchAsync(TestData.Admin, readings, Ct);
            Assert.All(outcome.Value!, item => Assert.True(item.Result?.Created, item.Problem?.Detail));
        }
    }

    /// <summary>A reading every <paramref name="step"/> from <paramref name="from"/> to before <paramref name="to"/>, written in batches.</summary>
    private async Task SeedEveryAsync(SensorId sensorId, DateTimeOffset from, DateTimeOffset to, TimeSpan step)
    {
        var times = new List<DateTimeOffset>();
        for (var time = from; time < to; time += step)
        {
            times.Add(time);
        }

        foreach (var chunk in times.Chunk(BatchSize))
        {
            var readings = chunk
                .Select(time => (BatchItem?)new BatchItem(sensorId.ToString(), new ReadingDraft { Timestamp = time, Payload = JsonDocument.Parse("{\"tempC\":20.5}").RootElement }))
                .ToList();
            var outcome = await fixture.Ingest.IngestBatchAsync(TestData.Admin, readings, Ct);
            Assert.All(outcome.Value!, item => Assert.True(item.Result?.Created, item.Problem?.Detail));
        }
    }

    /// <summary><see cref="BatchSize"/> readings spread evenly over <paramref name="sensors"/>, in the last hour.</summary>
    private static IReadOnlyList<BatchItem?> Batch(IReadOnlyList<SensorId> sensors)
    {
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var payload = JsonDocument.Parse("""{"tempC":20.5}""").RootElement;
        return
        [
            .. Enumerable.Range(0, BatchSize)
                .Select(i => new BatchItem(sensors[i % sensors.Count].ToString(), new ReadingDraft { Timestamp = start.AddSeconds(i), Payload = payload })),
        ];
    }

    private static NearQuery Near(double lat, double lon) =>
        new(new Coordinates(lat, lon), 2000, new SensorFilter(null, null, null), ApiLimits.DefaultSensorPageSize);

    /// <summary>A point in open ocean no other test uses, so near queries see only this test's sensors.</summary>
    // A cross-partition query over a container of one physical partition (the local server's; a new container's in
    // Azure and the emulator below 10,000 RU/s) goes straight to it with optimistic direct execution: no query-plan
    // round trip to the gateway first. Over several physical partitions the SDK still fetches the plan, once.
    private async Task<int> QueryPlansExpectedAsync() =>
        (await fixture.Services.GetRequiredService<CosmosContainers>().Sensors.GetFeedRangesAsync()).Count == 1 ? 0 : 1;

    private static (double Lat, double Lon) RandomPoint() =>
        (Math.Round(-40 + (Random.Shared.NextDouble() * 20), 6), Math.Round(-150 + (Random.Shared.NextDouble() * 40), 6));

    /// <summary>
    /// Passes reading creates through to the real store, holding each one until <paramref name="expected"/> of them
    /// are in flight at once (or failing after a timeout), and records the most that ever were.
    /// </summary>
    private sealed class ConcurrencyProbe(IReadingStore inner, int expected) : IReadingStore
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
        private readonly TaskCompletionSource allInFlight = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int inFlight;
        private int maxInFlight;

        public int MaxInFlight => Volatile.Read(ref maxInFlight);

        public async Task<IngestResult> TryCreateAsync(Reading reading, ReadingBucket bucket, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref inFlight);
            try
            {
                var seen = Volatile.Read(ref maxInFlight);
                while (seen < now)
                {
                    var previous = Interlocked.CompareExchange(ref maxInFlight, now, seen);
                    seen = previous == seen ? now : previous;
                }

                if (now >= expected)
                {
                    allInFlight.TrySetResult();
                }

                await allInFlight.Task.WaitAsync(Timeout, cancellationToken);
                return await inner.TryCreateAsync(reading, bucket, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        }

        public Task<IReadOnlyList<Reading>> ListAsync(ReadingBucket bucket, string fromSortKey, string beforeSortKey, int take, CancellationToken cancellationToken) =>
            inner.ListAsync(bucket, fromSortKey, beforeSortKey, take, cancellationToken);
    }
}
