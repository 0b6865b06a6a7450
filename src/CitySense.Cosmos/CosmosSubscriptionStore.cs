using CitySense.Core.Sensors;
using CitySense.Core.Subscriptions;
using CitySense.Cosmos.Documents;
using Microsoft.Azure.Cosmos;

namespace CitySense.Cosmos;

/// <summary>
/// Subscriptions in the "subscriptions" container, one document (and partition) per subscription id: reads and
/// writes of one subscription are point operations; a caller's listing and count are queries on the indexed ownerId.
/// </summary>
internal sealed class CosmosSubscriptionStore(CosmosContainers containers) : ISubscriptionStore
{
    private Container Subscriptions => containers.Subscriptions;

    public Task<Subscription?> FindAsync(string id, CancellationToken cancellationToken) =>
        CosmosFaults.TranslateAsync(
            async () => (await Subscriptions.FindDocumentAsync<SubscriptionDocument>(id, new PartitionKey(id), cancellationToken))?.ToSubscription(),
            cancellationToken);

    public Task<IReadOnlyList<Subscription>> ListAsync(string? ownerId, string? afterId, int take, CancellationToken cancellationToken)
    {
        var conditions = new List<string>();
        if (ownerId is not null)
        {
            conditions.Add("c.ownerId = @owner");
        }

        if (afterId is not null)
        {
            conditions.Add("c.id > @after");
        }

        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        var query = new QueryDefinition($"SELECT TOP @take * FROM c{where} ORDER BY c.id")
            .WithParameter("@take", take)
            .WithParameter("@owner", ownerId)
            .WithParameter("@after", afterId);
        return CosmosFaults.TranslateAsync(
            async () =>
            {
                var subscriptions = new List<Subscription>(take);
                using var feed = Subscriptions.GetItemQueryIterator<SubscriptionDocument>(query, requestOptions: QueryOptions.For(take));
                while (feed.HasMoreResults && subscriptions.Count < take)
                {
                    foreach (var document in await feed.ReadNextAsync(cancellationToken))
                    {
                        subscriptions.Add(document.ToSubscription());
                    }
                }

                return (IReadOnlyList<Subscription>)subscriptions;
            },
            cancellationToken);
    }

    public Task<int> CountAsync(string ownerId, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT VALUE COUNT(1) FROM c WHERE c.ownerId = @owner").WithParameter("@owner", ownerId);
        return CosmosFaults.TranslateAsync(
            async () =>
            {
                var count = 0;
                using var feed = Subscriptions.GetItemQueryIterator<int>(query, requestOptions: QueryOptions.For());
                while (feed.HasMoreResults)
                {
                    foreach (var partial in await feed.ReadNextAsync(cancellationToken))
                    {
                        count += partial;
                    }
                }

                return count;
            },
            cancellationToken);
    }

    public Task<bool> TryCreateAsync(Subscription subscription, CancellationToken cancellationToken) =>
        CosmosFaults.TranslateAsync(
            () => Subscriptions.TryCreateDocumentAsync(SubscriptionDocument.From(subscription), new PartitionKey(subscription.Id), cancellationToken),
            cancellationToken);

    /// <summary>One conditional patch (10 operations, Cosmos DB's most): every field a change can touch, only while the stored version is the expected one.</summary>
    public Task<StoreWriteStatus> ReplaceAsync(Subscription subscription, string expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return PatchAsync(
            subscription.Id,
            expectedVersion,
            [
                PatchOperation.Set("/url", subscription.Url),
                PatchOperation.Set("/description", subscription.Description),
                PatchOperation.Set("/filter", subscription.Filter),
                PatchOperation.Set("/secret", subscription.Secret),
                PatchOperation.Set("/previousSecret", subscription.PreviousSecret),
                PatchOperation.Set("/previousSecretExpiresAt", subscription.PreviousSecretExpiresAt),
                PatchOperation.Set("/version", subscription.Version),
                PatchOperation.Set("/updatedAt", subscription.UpdatedAt),
                PatchOperation.Set("/failingSince", subscription.FailingSince),
                PatchOperation.Set("/disabled", SubscriptionDocument.MarkOf(subscription)),
            ],
            cancellationToken);
    }

    /// <summary>One unconditional patch of /failingSince.</summary>
    public Task<StoreWriteStatus> SetFailingSinceAsync(string id, DateTimeOffset? failingSince, CancellationToken cancellationToken) =>
        PatchAsync(id, expectedVersion: null, [PatchOperation.Set("/failingSince", failingSince)], cancellationToken);

    /// <summary>One conditional patch of the disabled marks and the version.</summary>
    public Task<StoreWriteStatus> DisableAsync(Subscription disabled, string expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(disabled);
        return PatchAsync(
            disabled.Id,
            expectedVersion,
            [
                PatchOperation.Set("/disabled", SubscriptionDocument.MarkOf(disabled)),
                PatchOperation.Set("/version", disabled.Version),
                PatchOperation.Set("/updatedAt", disabled.UpdatedAt),
            ],
            cancellationToken);
    }

    private Task<StoreWriteStatus> PatchAsync(string id, string? expectedVersion, IReadOnlyList<PatchOperation> operations, CancellationToken cancellationToken) =>
        CosmosFaults.TranslateAsync(
            async () =>
            {
                var options = new PatchItemRequestOptions
                {
                    FilterPredicate = expectedVersion is null ? null : $"FROM c WHERE c.version = {FilterLiteral.Quote(expectedVersion)}",
                    EnableContentResponseOnWrite = false,
                };
                using var response = await Subscriptions.PatchItemStreamAsync(id, new PartitionKey(id), operations, options, cancellationToken);
                return response.WriteStatus();
            },
            cancellationToken);

    public Task<StoreWriteStatus> DeleteAsync(string id, string expectedVersion, CancellationToken cancellationToken) =>
        VersionedWrite.RunAsync<SubscriptionDocument>(
            Subscriptions,
            id,
            expectedVersion,
            document => document.Version,
            (options, partition) => Subscriptions.DeleteItemStreamAsync(id, partition, options, cancellationToken),
            cancellationToken);
}
