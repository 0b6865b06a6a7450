using System.Net;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.Cosmos.Documents;
using Microsoft.Azure.Cosmos;

namespace CitySense.Cosmos;

/// <summary>
/// Sensors in the "sensors" container, partitioned by sensor id: every ingest patches its own sensor's partition, so no
/// city shares one partition's throughput; listing a city is a query over the container filtered by the indexed city.
/// The latest reading lives on the sensor.
/// </summary>
internal sealed class CosmosSensorStore(CosmosContainers containers) : ISensorStore
{
    // Listings leave out the latest payload, which can be 16 KB per sensor.
    private const string ListProjection =
        "SELECT c.id, c.city, c.location, c.type, c.coordinates, c.status, c.metadata, c.version, c.incarnation, " +
        "c.createdAt, c.updatedAt, c.createdBy, c.updatedBy, c.latest.timestamp AS latestTimestamp FROM c";

    /// <summary>Cosmos DB applies at most 10 operations in one patch.</summary>
    private const int MaxPatchOperations = 10;

    private Container Sensors => containers.Sensors;

    public Task<bool> TryCreateAsync(Sensor sensor, CancellationToken cancellationToken) =>
        CosmosFaults.TranslateAsync(
            () => Sensors.TryCreateDocumentAsync(SensorDocument.From(sensor), Partition(sensor.Id), cancellationToken),
            cancellationToken);

    public Task<Sensor?> FindAsync(SensorId id, CancellationToken cancellationToken) =>
        CosmosFaults.TranslateAsync(
            async () => (await Sensors.FindDocumentAsync<SensorDocument>(id.ToString(), Partition(id), cancellationToken))?.ToSensor(),
            cancellationToken);

    public Task<SensorWrite> UpdateAsync(
        SensorId id,
        SensorChanges changes,
        IReadOnlyCollection<string>? expectedVersions,
        CancellationToken cancellationToken)
    {
        // A patch touches only the registration fields, so it never races with readings moving "latest" forward.
        PatchOperation[] operations =
        [
            PatchOperation.Set("/coordinates", GeoJsonPoint.From(changes.Coordinates)),
            PatchOperation.Set("/status", changes.Status),
            PatchOperation.Set("/metadata", changes.Metadata),
            PatchOperation.Set("/version", changes.NewVersion),
            PatchOperation.Set("/updatedAt", changes.UpdatedAt),
            PatchOperation.Set("/updatedBy", changes.UpdatedBy),
        ];
        var condition = expectedVersions is null
            ? null
            : $"FROM c WHERE c.version IN ({string.Join(", ", expectedVersions.Select(FilterLiteral.Quote))})";
        return PatchAsync(id, operations, condition, cancellationToken);
    }

    /// <summary>
    /// A delete has no filter predicate: the document is read, its version checked, and deleted only if its ETag is
    /// still the one read (two operations).
    /// </summary>
    public Task<StoreWriteStatus> DeleteAsync(SensorId id, string expectedVersion, CancellationToken cancellationToken) =>
        VersionedWrite.RunAsync<SensorDocument>(
            Sensors,
            id.ToString(),
            expectedVersion,
            document => document.Version,
            (options, partition) => Sensors.DeleteItemStreamAsync(id.ToString(), partition, options, cancellationToken),
            cancellationToken);

    public Task<IReadOnlyList<Sensor>> ListAsync(SensorFilter filter, string? afterId, int take, CancellationToken cancellationToken)
    {
        var query = new SensorQuery("SELECT TOP @take" + ListProjection["SELECT".Length..]).With("@take", take);
        AddFilters(query, filter);
        query.Where("c.id > @after", "@after", afterId);
        query.Sql.Append(" ORDER BY c.id");
        return RunQueryAsync(query, take, cancellationToken);
    }

    public Task<IReadOnlyList<Sensor>> ListNearAsync(
        Coordinates center,
        double innerMeters,
        double outerMeters,
        SensorFilter filter,
        bool withLatest,
        CancellationToken cancellationToken)
    {
        // The spatial index answers ST_DISTANCE; exact distances and order are computed by the caller.
        var query = new SensorQuery(withLatest ? "SELECT * FROM c" : ListProjection)
            .With("@point", GeoJsonPoint.From(center));
        query.Where("ST_DISTANCE(c.coordinates, @point) <= @outer", "@outer", outerMeters);
        if (innerMeters > 0)
        {
            query.Where("ST_DISTANCE(c.coordinates, @point) >= @inner", "@inner", innerMeters);
        }

        AddFilters(query, filter);
        if (withLatest)
        {
            query.Sql.Append(" AND IS_DEFINED(c.latest)");
        }

        return RunQueryAsync(query, take: int.MaxValue, cancellationToken);
    }

    public Task<IReadOnlyList<Sensor>> ListWithLatestAsync(SensorFilter filter, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = new SensorQuery("SELECT TOP @take * FROM c").With("@take", take);
        AddFilters(query, filter);
        query.Sql.Append(" AND IS_DEFINED(c.latest)");
        return RunQueryAsync(query, take, cancellationToken);
    }

    private static void AddFilters(SensorQuery query, SensorFilter filter)
    {
        query.Where("c.city = @city", "@city", filter.City);
        query.Where("c.type = @type", "@type", filter.Type);
        query.Where("c.status = @status", "@status", filter.Status is { } status ? status == SensorStatus.Active ? "active" : "inactive" : null);
        if (filter.Box is { } box)
        {
            // Plain comparisons on [lon, lat]: exact rectangle semantics, edges included, served by the range index.
            query.Where("c.coordinates.coordinates[0] >= @minLon", "@minLon", box.MinLon);
            query.Where("c.coordinates.coordinates[0] <= @maxLon", "@maxLon", box.MaxLon);
            query.Where("c.coordinates.coordinates[1] >= @minLat", "@minLat", box.MinLat);
            query.Where("c.coordinates.coordinates[1] <= @maxLat", "@maxLat", box.MaxLat);
        }
    }

    private static PartitionKey Partition(SensorId id) => new(id.ToString());

    private Task<IReadOnlyList<Sensor>> RunQueryAsync(SensorQuery query, int take, CancellationToken cancellationToken)
    {
        var definition = query.ToDefinition();
        var requestOptions = QueryOptions.For(take == int.MaxValue ? -1 : take);

        return CosmosFaults.TranslateAsync(
            async () =>
            {
                var sensors = new List<Sensor>();
                using var feed = Sensors.GetItemQueryIterator<SensorDocument>(definition, requestOptions: requestOptions);
                while (feed.HasMoreResults && sensors.Count < take)
                {
                    foreach (var document in await feed.ReadNextAsync(cancellationToken))
                    {
                        sensors.Add(document.ToSensor());
                    }
                }

                return (IReadOnlyList<Sensor>)sensors;
            },
            cancellationToken);
    }

    public Task<SensorWrite> TryAdvanceLatestAsync(SensorId id, LatestReading candidate, CancellationToken cancellationToken) =>
        PatchAsync(
            id,
            [PatchOperation.Set("/latest", LatestDocument.From(candidate)), RecordMonth(ReadingBucket.MonthKeyOf(candidate.Timestamp))],
            $"FROM c WHERE c.status = 'active' AND (NOT IS_DEFINED(c.latest) OR c.latest.sortKey < {FilterLiteral.Quote(candidate.SortKey)})",
            cancellationToken);

    public async Task<SensorWrite> AddReadingMonthsAsync(SensorId id, IReadOnlyCollection<string> months, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(months);
        var write = SensorWrite.NotFound;
        foreach (var chunk in months.Chunk(MaxPatchOperations))
        {
            write = await PatchAsync(id, [.. chunk.Select(RecordMonth)], condition: null, cancellationToken);
            if (write.Status != StoreWriteStatus.Written)
            {
                return write;
            }
        }

        return write;
    }

    /// <summary>Idempotent: setting the month's key again changes nothing.</summary>
    private static PatchOperation RecordMonth(string month) =>
        month.Length == 7 && month[4] == '-' && month.Where((ch, index) => index != 4).All(char.IsAsciiDigit)
            ? PatchOperation.Set($"/readingMonths/{month}", true)
            : throw new ArgumentException($"'{month}' is not a yyyy-MM month.", nameof(month));

    public Task<SensorWrite> ReplaceLatestAsync(SensorId id, LatestReading? latest, string expectedLatestId, CancellationToken cancellationToken) =>
        PatchAsync(
            id,
            [latest is null ? PatchOperation.Remove("/latest") : PatchOperation.Set("/latest", LatestDocument.From(latest))],
            $"FROM c WHERE c.latest.id = {FilterLiteral.Quote(expectedLatestId)}",
            cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) =>
        CosmosFaults.TranslateAsync(() => containers.Database.ReadAsync(cancellationToken: cancellationToken), cancellationToken);

    private Task<SensorWrite> PatchAsync(SensorId id, PatchOperation[] operations, string? condition, CancellationToken cancellationToken) =>
        CosmosFaults.TranslateAsync(
            async () =>
            {
                var options = new PatchItemRequestOptions { FilterPredicate = condition };
                using var response = await Sensors.PatchItemStreamAsync(id.ToString(), Partition(id), operations, options, cancellationToken);
                return response.Outcome(HttpStatusCode.NotFound, HttpStatusCode.PreconditionFailed) switch
                {
                    HttpStatusCode.NotFound => SensorWrite.NotFound,
                    HttpStatusCode.PreconditionFailed => SensorWrite.ConditionFailed,
                    _ => SensorWrite.Written(response.Document<SensorDocument>().ToSensor()),
                };
            },
            cancellationToken);
}
