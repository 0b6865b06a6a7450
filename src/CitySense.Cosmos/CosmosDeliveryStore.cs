using CitySense.Core.Sensors;
using CitySense.Core.Subscriptions;
using CitySense.Cosmos.Documents;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace CitySense.Cosmos;

/// <summary>
/// Delivery records in the "deliveries" container, partitioned by subscription id: a record is one upsert per attempt
/// and one point read; a subscription's listing is a single-partition query on the indexed sortKey (and status).
/// Each document carries its own time to live (Webhooks:DeliveryRetentionDays).
/// </summary>
internal sealed class CosmosDeliveryStore(CosmosContainers containers, IOptions<WebhookOptions> options) : IDeliveryStore
{
    private Container Deliveries => containers.Deliveries;

    private int Ttl => options.Value.DeliveryRetentionDays * 86_400;

    public Task<DeliveryRecord?> FindAsync(string subscriptionId, string id, CancellationToken cancellationToken) =>
        CosmosFaults.TranslateAsync(
            async () => (await Deliveries.FindDocumentAsync<DeliveryDocument>(id, new PartitionKey(subscriptionId), cancellationToken))?.ToRecord(),
            cancellationToken);

    public Task SaveAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return CosmosFaults.TranslateAsync(
            async () =>
            {
                var requestOptions = new ItemRequestOptions { EnableContentResponseOnWrite = false };
                await Deliveries.UpsertItemAsync(DeliveryDocument.From(record, Ttl), new PartitionKey(record.SubscriptionId), requestOptions, cancellationToken);
                return true;
            },
            cancellationToken);
    }

    public Task<StoreWriteStatus> ReplaceAsync(DeliveryRecord record, string expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return CosmosFaults.TranslateAsync(
            async () =>
            {
                var requestOptions = new ItemRequestOptions { IfMatchEtag = expectedVersion, EnableContentResponseOnWrite = false };
                using var response = await Deliveries.ReplaceItemStreamAsync(
                    CosmosStreams.Payload(DeliveryDocument.From(record, Ttl)), record.Id, new PartitionKey(record.SubscriptionId), requestOptions, cancellationToken);
                return response.WriteStatus();
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<DeliveryRecord>> ListAsync(
        string subscriptionId,
        DeliveryStatus? status,
        string? beforeSortKey,
        int take,
        CancellationToken cancellationToken)
    {
        var conditions = new List<string> { "c.subscriptionId = @subscription" };
        if (status is not null)
        {
            conditions.Add("c.status = @status");
        }

        if (beforeSortKey is not null)
        {
            conditions.Add("c.sortKey < @before");
        }

        var query = new QueryDefinition($"SELECT TOP @take * FROM c WHERE {string.Join(" AND ", conditions)} ORDER BY c.sortKey DESC")
            .WithParameter("@take", take)
            .WithParameter("@subscription", subscriptionId)
            .WithParameter("@status", status?.ToString().ToLowerInvariant())
            .WithParameter("@before", beforeSortKey);
        return CosmosFaults.TranslateAsync(
            async () =>
            {
                var records = new List<DeliveryRecord>(take);
                var requestOptions = QueryOptions.For(take, new PartitionKey(subscriptionId));
                using var feed = Deliveries.GetItemQueryIterator<DeliveryDocument>(query, requestOptions: requestOptions);
                while (feed.HasMoreResults && records.Count < take)
                {
                    foreach (var document in await feed.ReadNextAsync(cancellationToken))
                    {
                        records.Add(document.ToRecord());
                    }
                }

                return (IReadOnlyList<DeliveryRecord>)records;
            },
            cancellationToken);
    }
}
