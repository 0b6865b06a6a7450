using System.Globalization;
using System.Text.Json;
using CitySense.Core.Aggregates;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.UnitTests.Support;
using CsCheck;

namespace CitySense.UnitTests.Aggregates;

/// <summary>
/// Aggregates equal a recomputation from the raw readings stored, for every interval, after any mix of in-order,
/// out-of-order, late (days old), duplicate (same id, other value) and concurrent ingests, single and batch, with the
/// clock moving so buckets close between requests and chunks are kept and reused. The reference below is computed
/// independently: exact decimal sums, first and last by (timestamp, id).
/// </summary>
public sealed class AggregatePropertyTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 31, 20, 0, 0, TimeSpan.Zero);

    private static readonly Gen<Step> AnyStep = Gen.Frequency(
        (3, Gen.Int[0, 45].Select(minutes => (Step)new Advance(TimeSpan.FromMinutes(minutes)))),
        (3, Gen.Int[0, 20].Select(seconds => (Step)new Ingest([TimeSpan.FromSeconds(seconds)]))),
        (2, Gen.Int[0, 900].Select(seconds => (Step)new Ingest([TimeSpan.FromSeconds(seconds)]))),
        (2, Gen.Int[3600, 3 * 86_400].Select(seconds => (Step)new Ingest([TimeSpan.FromSeconds(seconds)]))),
        (2, Gen.Int[0, 3 * 86_400].Array[1, 6].Select(ages => (Step)new Ingest([.. ages.Select(age => TimeSpan.FromSeconds(age))], Batch: true))),
        (1, Gen.Int[0, 3 * 86_400].Array[2, 4].Select(ages => (Step)new Ingest([.. ages.Select(age => TimeSpan.FromSeconds(age))], Concurrent: true))),
        (2, Gen.Int[0, 1000].Select(pick => (Step)new Duplicate(pick))),
        (4, Gen.Select(Gen.Int[0, AggregateInterval.All.Count - 1], Gen.Int[1, 40], (interval, limit) => (Step)new Query(interval, limit))));

    [Fact]
    public async Task ListAsync_AnyIngestHistory_EqualsRecomputationFromRawReadings()
    {
        await AnyStep.Array[5, 40].SampleAsync(
            async steps =>
            {
                var services = new TestServices(Start);
                var sensor = services.AddSensor();
                var ids = new List<(string Id, DateTimeOffset Timestamp)>();
                var value = 0;
                foreach (var step in steps)
                {
                    switch (step)
                    {
                        case Advance advance:
                            services.Clock.Advance(advance.By);
                            break;
                        case Ingest ingest:
                            var drafts = ingest.Ages.Select(age =>
                            {
                                var id = "r" + ids.Count.ToString(CultureInfo.InvariantCulture);
                                var timestamp = services.Clock.GetUtcNow() - age;
                                ids.Add((id, timestamp));
                                return Draft(id, timestamp, value++);
                            }).ToList();
                            await IngestAsync(services, sensor, drafts, ingest);
                            break;
                        case Duplicate duplicate when ids.Count > 0:
                            var (oldId, oldTimestamp) = ids[duplicate.Pick % ids.Count];
                            await IngestAsync(services, sensor, [Draft(oldId, oldTimestamp, value++)], new Ingest([]));
                            break;
                        case Query query:
                            await AssertMatchesRawAsync(services, sensor, AggregateInterval.All[query.Interval], query.Limit);
                            break;
                    }
                }

                foreach (var interval in AggregateInterval.All)
                {
                    await AssertMatchesRawAsync(services, sensor, interval, 1000);
                }
            },
            iter: 150,
            threads: 1);
    }

    [Fact]
    public async Task ListAsync_LateReadingIntoKeptChunk_ChunkRecomputed()
    {
        var services = new TestServices(Start);
        var sensor = services.AddSensor();
        var hourAgo = Start.AddHours(-3);
        await IngestAsync(services, sensor, [Draft("a", hourAgo, 1)], new Ingest([]));
        await AssertMatchesRawAsync(services, sensor, AggregateInterval.All[3], 1000);
        Assert.Contains("Save", services.Aggregates.Calls);

        await IngestAsync(services, sensor, [Draft("b", hourAgo.AddMinutes(1), 3)], new Ingest([]));
        var page = await services.AggregateService.ListAsync(new AggregateQuery(sensor.Id, AggregateInterval.All[3], null, null, null, 10), CancellationToken.None);

        var bucket = Assert.Single(page.Value!.Items);
        Assert.Equal(2, bucket.Count);
        Assert.Equal((-9.63 - 8.89) / 2, bucket.Fields["v"].Avg!.Value, 9);
    }

    [Fact]
    public async Task ListAsync_SecondRequestOverClosedBuckets_ReadsKeptChunksNotReadings()
    {
        var services = new TestServices(Start);
        var sensor = services.AddSensor();
        for (var i = 0; i < 48 * 4; i++)
        {
            services.AddReading(sensor, "r" + i, Start.AddMinutes(-15 * (i + 1)), Start, JsonText.Element($$"""{"v":{{i}}}"""));
        }

        var query = new AggregateQuery(sensor.Id, AggregateInterval.All[3], Start.AddDays(-2), Start, null, 1000);
        await services.AggregateService.ListAsync(query, CancellationToken.None);
        services.ResetCalls();

        var page = await services.AggregateService.ListAsync(query, CancellationToken.None);

        Assert.Equal(48, page.Value!.Items.Count);
        // One query of the month's kept chunks; the readings are read only for the open buckets (the last hour).
        Assert.Equal(["Read"], services.Aggregates.Calls);
        Assert.All(services.ReadingListings, listing => Assert.True(string.CompareOrdinal(listing.From, SortKeys.StartOf(Start.AddHours(-1))) >= 0));
    }

    private static ReadingDraft Draft(string id, DateTimeOffset timestamp, int value) => new()
    {
        Id = id,
        Timestamp = timestamp,
        Payload = JsonText.Element(value % 7 == 0
            ? $$"""{"v":{{((value * 37 % 2001) - 1000) / 100.0}},"s":"n/a"}"""
            : $$$"""{"v":{{{(value * 37 % 2001 - 1000) / 100.0}}},"s":{{{value}}},"deep":{"x":{{{value % 5}}}}}"""),
    };

    private static async Task IngestAsync(TestServices services, Sensor sensor, IReadOnlyList<ReadingDraft> drafts, Ingest how)
    {
        if (how.Batch)
        {
            var outcome = await services.IngestService.IngestBatchAsync(
                TestCallers.Admin, [.. drafts.Select(draft => new BatchItem(sensor.Id.ToString(), draft))], CancellationToken.None);
            Assert.All(outcome.Value!, item => Assert.Null(item.Problem));
        }
        else
        {
            var outcomes = await Task.WhenAll(drafts.Select(draft => services.IngestService.IngestAsync(TestCallers.Admin, sensor.Id, draft, CancellationToken.None)));
            Assert.All(outcomes, outcome => Assert.True(outcome.Succeeded));
        }
    }

    private static async Task AssertMatchesRawAsync(TestServices services, Sensor sensor, AggregateInterval interval, int limit)
    {
        var actual = new List<AggregateBucket>();
        string? cursor = null;
        do
        {
            var page = await services.AggregateService.ListAsync(new AggregateQuery(sensor.Id, interval, null, null, null, limit, cursor), CancellationToken.None);
            Assert.True(page.Succeeded, page.Problem?.Detail);
            actual.AddRange(page.Value.Items);
            cursor = page.Value.NextCursor;
        }
        while (cursor is not null);

        var expected = Reference(services.Readings.All, interval);
        Assert.Equal(expected.Select(b => b.Start), actual.Select(b => b.Start));
        foreach (var (want, got) in expected.Zip(actual))
        {
            Assert.Equal(want.Count, got.Count);
            Assert.Equal(want.Fields.Keys.Order(StringComparer.Ordinal), got.Fields.Keys.Order(StringComparer.Ordinal));
            foreach (var (name, stats) in want.Fields)
            {
                var field = got.Fields[name];
                Assert.Equal((stats.Count, stats.Min, stats.Max, stats.First, stats.Last, stats.NonNumeric), (field.Count, field.Min, field.Max, field.First, field.Last, field.NonNumeric));
                Assert.Equal((double)stats.Sum, field.Sum!.Value, 9);
                Assert.Equal((double)(stats.Sum / stats.Count), field.Avg!.Value, 9);
            }
        }
    }

    /// <summary>Buckets straight from the readings: newest first, fields with a numeric value only (the default).</summary>
    private static List<ReferenceBucket> Reference(IEnumerable<Reading> readings, AggregateInterval interval) =>
    [
        .. readings
            .GroupBy(reading => new DateTimeOffset(reading.Timestamp.UtcTicks / interval.Length.Ticks * interval.Length.Ticks, TimeSpan.Zero))
            .OrderByDescending(group => group.Key)
            .Select(group =>
            {
                var ordered = group.OrderBy(r => r.Timestamp).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
                var values = ordered
                    .SelectMany(r => Flatten(r.Payload, null))
                    .GroupBy(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
                var fields = new Dictionary<string, ReferenceStats>(StringComparer.Ordinal);
                foreach (var field in values)
                {
                    var numbers = field.Where(v => v.ValueKind == JsonValueKind.Number).Select(v => v.GetDecimal()).ToList();
                    if (numbers.Count > 0)
                    {
                        fields[field.Key] = new ReferenceStats(
                            numbers.Count, (double)numbers.Min(), (double)numbers.Max(), numbers.Sum(), (double)numbers[0], (double)numbers[^1],
                            field.Count() - numbers.Count);
                    }
                }

                return new ReferenceBucket(group.Key, ordered.Count, fields);
            }),
    ];

    private static IEnumerable<KeyValuePair<string, JsonElement>> Flatten(JsonElement element, string? prefix) =>
        element.EnumerateObject().SelectMany(property =>
        {
            var name = prefix is null ? property.Name : prefix + "." + property.Name;
            return property.Value.ValueKind == JsonValueKind.Object
                ? Flatten(property.Value, name)
                : [KeyValuePair.Create(name, property.Value)];
        });

    private abstract record Step;

    private sealed record Advance(TimeSpan By) : Step;

    private sealed record Ingest(TimeSpan[] Ages, bool Batch = false, bool Concurrent = false) : Step;

    private sealed record Duplicate(int Pick) : Step;

    private sealed record Query(int Interval, int Limit) : Step;

    private sealed record ReferenceStats(long Count, double Min, double Max, decimal Sum, double First, double Last, long NonNumeric);

    private sealed record ReferenceBucket(DateTimeOffset Start, long Count, Dictionary<string, ReferenceStats> Fields);
}
