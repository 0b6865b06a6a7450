using System.Text;
using CitySense.Core.Audit;
using CitySense.Cosmos.Documents;
using Microsoft.Azure.Cosmos;

namespace CitySense.Cosmos;

/// <summary>The audit trail in the "audit" container, one partition per month.</summary>
internal sealed class CosmosAuditStore(CosmosContainers containers) : IAuditStore
{
    private Container Audit => containers.Audit;

    public Task CreateAsync(AuditRecord record, CancellationToken cancellationToken) =>
        CosmosFaults.TranslateAsync(
            async () =>
            {
                // False when an earlier attempt wrote it: records are immutable but for their status.
                await Audit.TryCreateDocumentAsync(AuditDocument.From(record), new PartitionKey(record.Month.Key), cancellationToken);
                return true;
            },
            cancellationToken);

    public Task SetStatusAsync(AuditRecord record, AuditStatus status, CancellationToken cancellationToken) =>
        CosmosFaults.TranslateAsync(
            async () =>
            {
                var options = new PatchItemRequestOptions { EnableContentResponseOnWrite = false };
                await Audit.PatchItemAsync<AuditDocument>(
                    record.Id, new PartitionKey(record.Month.Key), [PatchOperation.Set("/status", status)], options, cancellationToken);
                return true;
            },
            cancellationToken);

    public Task<IReadOnlyList<AuditRecord>> ListAsync(
        AuditMonth month,
        AuditFilter filter,
        string fromKey,
        string beforeKey,
        int take,
        CancellationToken cancellationToken)
    {
        var sql = new StringBuilder(
            "SELECT TOP @take * FROM c WHERE c.sortKey >= @from AND c.sortKey < @before AND c.status != 'abandoned'");
        var query = new List<(string Name, object Value)> { ("@take", take), ("@from", fromKey), ("@before", beforeKey) };
        void Where(string condition, string name, object? value)
        {
            if (value is not null)
            {
                sql.Append(" AND ").Append(condition);
                query.Add((name, value));
            }
        }

        Where("c.city = @city", "@city", filter.City);
        Where("(c.target = 'sensor' AND c.targetId = @sensor)", "@sensor", filter.SensorId);
        Where("c.callerId = @caller", "@caller", filter.CallerId);
        Where("ARRAY_CONTAINS(@cities, c.city)", "@cities", filter.Cities);
        sql.Append(" ORDER BY c.sortKey DESC");
        var definition = query.Aggregate(new QueryDefinition(sql.ToString()), (d, p) => d.WithParameter(p.Name, p.Value));
        var options = QueryOptions.For(take, new PartitionKey(month.Key));
        return CosmosFaults.TranslateAsync(
            async () =>
            {
                var records = new List<AuditRecord>(take);
                using var feed = Audit.GetItemQueryIterator<AuditDocument>(definition, requestOptions: options);
                while (feed.HasMoreResults && records.Count < take)
                {
                    foreach (var document in await feed.ReadNextAsync(cancellationToken))
                    {
                        records.Add(document.ToRecord());
                    }
                }

                return (IReadOnlyList<AuditRecord>)records;
            },
            cancellationToken);
    }

    public Task<AuditRecord?> FindChangeFromAsync(AuditTarget target, string targetId, string oldVersion, CancellationToken cancellationToken)
    {
        // Across months: only when a pending record is settled, which is rare.
        var definition = new QueryDefinition(
                "SELECT TOP 1 * FROM c WHERE c.target = @target AND c.targetId = @id AND c.oldVersion = @version AND c.status != 'abandoned'")
            .WithParameter("@target", target == AuditTarget.Sensor ? "sensor" : "grant")
            .WithParameter("@id", targetId)
            .WithParameter("@version", oldVersion);
        return CosmosFaults.TranslateAsync(
            async () =>
            {
                using var feed = Audit.GetItemQueryIterator<AuditDocument>(definition, requestOptions: QueryOptions.For());
                while (feed.HasMoreResults)
                {
                    foreach (var document in await feed.ReadNextAsync(cancellationToken))
                    {
                        return document.ToRecord();
                    }
                }

                return null;
            },
            cancellationToken);
    }
}
