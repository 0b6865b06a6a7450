using System.Net;
using System.Text;
using CitySense.Core.Sensors;
using CitySense.Cosmos.Documents;
using Microsoft.Azure.Cosmos;

namespace CitySense.Cosmos;

/// <summary>Sensors in the "sensors" container, partitioned by city; the latest reading lives on the sensor.</summary>
internal sealed class CosmosSensorStore(CosmosContainers containers) : ISensorStore
{
    // Listings leave out the latest payload, which can be 16 KB per sensor.
    private const string ListProjection =
        "SELECT c.id, c.city, c.location, c.type, c.coordinates, c.status, c.metadata, c.version, c.incarnation, " +
        "c.createdAt, c.updatedAt, c.latest.timestamp AS latestTimestamp FROM c";

    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    private Container Sensors => containers.Sensors;

    public Task<bool> TryCreateAsync(Sensor sensor, CancellationToken cancellationToken) =>
        CosmosCalls.RunAsync(
            async () =>
            {
                try
                {
                    await Sensors.CreateItemAsync(SensorDocument.From(sensor), new PartitionKey(sensor.Id.City), NoContent, cancellationToken);
                    return true;
                }
                catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
                {
                    return false;
                }
            },
            cancellationToken);

    public Task<Sensor?> FindAsync(SensorId id, CancellationToken cancellationToken) =>
        CosmosCalls.RunAsync(
            async () =>
            {
                try
                {
                    var response = await Sensors.ReadItemAsync<SensorDocument>(id.ToString(), new PartitionKey(id.City), cancellationToken: cancellationToken);
                    return response.Resource.ToSensor();
                }
                catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }
            },
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
        ];
        var condition = expectedVersions is null
            ? null
            : $"FROM c WHERE c.version IN ({string.Join(", ", expectedVersions.Select(Literal))})";
        return PatchAsync(id, operations, condition, cancellationToken);
    }

    public Task<bool> DeleteAsync(SensorId id, CancellationToken cancellationToken) =>
        CosmosCalls.RunAsync(
            async () =>
            {
                try
                {
                    await Sensors.DeleteItemAsync<SensorDocument>(id.ToString(), new PartitionKey(id.City), NoContent, cancellationToken);
                    return true;
                }
                catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
                {
                    return false;
                }
            },
            cancellationToken);

    public Task<IReadOnlyList<Sensor>> ListAsync(SensorFilter filter, string? afterId, int take, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("SELECT TOP @take").Append(ListProjection.AsSpan("SELECT".Length)).Append(" WHERE true");
        var parameters = new List<(string Name, object Value)> { ("@take", take) };
        void Where(string clause, string name, object? value)
        {
            if (value is not null)
            {
                sql.Append(" AND ").Append(clause);
                parameters.Add((name, value));
            }
        }

        Where("c.city = @city", "@city", filter.City);
        Where("c.type = @type", "@type", filter.Type);
        Where("c.status = @status", "@status", filter.Status is { } status ? status == SensorStatus.Active ? "active" : "inactive" : null);
        Where("c.id > @after", "@after", afterId);
        sql.Append(" ORDER BY c.id");

        var query = new QueryDefinition(sql.ToString());
        foreach (var (name, value) in parameters)
        {
            query = query.WithParameter(name, value);
        }

        var requestOptions = new QueryRequestOptions { MaxItemCount = take };
        if (filter.City is not null)
        {
            requestOptions.PartitionKey = new PartitionKey(filter.City);
        }

        return CosmosCalls.RunAsync(
            async () =>
            {
                var sensors = new List<Sensor>(take);
                using var feed = Sensors.GetItemQueryIterator<SensorDocument>(query, requestOptions: requestOptions);
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
            [PatchOperation.Set("/latest", LatestDocument.From(candidate))],
            $"FROM c WHERE c.status = 'active' AND (NOT IS_DEFINED(c.latest) OR c.latest.sortKey < {Literal(candidate.SortKey)})",
            cancellationToken);

    public Task<SensorWrite> ReplaceLatestAsync(SensorId id, LatestReading? latest, string expectedLatestId, CancellationToken cancellationToken) =>
        PatchAsync(
            id,
            [latest is null ? PatchOperation.Remove("/latest") : PatchOperation.Set("/latest", LatestDocument.From(latest))],
            $"FROM c WHERE c.latest.id = {Literal(expectedLatestId)}",
            cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) =>
        CosmosCalls.RunAsync(() => containers.Database.ReadAsync(cancellationToken: cancellationToken), cancellationToken);

    private Task<SensorWrite> PatchAsync(SensorId id, PatchOperation[] operations, string? condition, CancellationToken cancellationToken) =>
        CosmosCalls.RunAsync(
            async () =>
            {
                try
                {
                    var options = new PatchItemRequestOptions { FilterPredicate = condition };
                    var response = await Sensors.PatchItemAsync<SensorDocument>(
                        id.ToString(), new PartitionKey(id.City), operations, options, cancellationToken);
                    return SensorWrite.Written(response.Resource.ToSensor());
                }
                catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
                {
                    return SensorWrite.NotFound;
                }
                catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed)
                {
                    return SensorWrite.ConditionFailed;
                }
            },
            cancellationToken);

    /// <summary>
    /// A string literal for a patch filter predicate, which takes no parameters. Only values whose characters are
    /// validated upstream (sort keys, reading ids, versions) reach here; anything else is refused.
    /// </summary>
    private static string Literal(string value)
    {
        if (!value.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' or ':' or '|' or '~'))
        {
            throw new ArgumentException("The value has characters that are not allowed in a filter predicate.", nameof(value));
        }

        return "'" + value + "'";
    }
}
