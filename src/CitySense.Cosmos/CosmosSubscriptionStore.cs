using System.Net;
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
            async () =>
            {
                try
                {
                    var response = await Subscriptions.ReadItemAsync<SubscriptionDocument>(id, new PartitionKey(id), cancellationToken: cancellationToken);
                    return response.Resource.ToSubscription();
                }
                catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }
            },
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
                using var feed = Subscriptions.GetItemQueryIterator<SubscriptionDocument>(query, requestOptions: new QueryRequestOptions { MaxItemCount = take });
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
                using var feed = Subscriptions.GetItemQueryIterator<int>(query);
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
            async () =>
            {
                try
                {
                    var options = new ItemRequestOptions { EnableContentResponseOnWrite = false };
                    await Subscriptions.CreateItemAsync(SubscriptionDocument.From(subscription), new PartitionKey(subscription.Id), options, cancellationToken);
                    return true;
                }
                catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
                {
                    return false;
                }
            },
            cancellationToken);

    /// <summary>One conditional patch: every field a change can touch, only while the stored version is the expected one.</summary>
    public Task<StoreWriteStatus> ReplaceAsync(Subscription subscription, string expectedVersion, CancellationToken cancellationToken) =>
        CosmosFaults.TranslateAsync(
            async () =>
            {
                PatchOperation[] operations =
                [
                    PatchOperation.Set("/url", subscription.Url),
                    PatchOperation.Set("/description", subscription.Description),
                    PatchOperation.Set("/filter", subscription.Filter),
                    PatchOperation.Set("/secret", subscription.Secret),
                    PatchOperation.Set("/previousSecret", subscription.PreviousSecret),
                    PatchOperation.Set("/previousSecretExpiresAt", subscription.PreviousSecretExpiresAt),
                    PatchOperation.Set("/version", subscription.Version),
                    PatchOperation.Set("/updatedAt", subscription.UpdatedAt),
                ];
                var options = new PatchItemRequestOptions
                {
                    FilterPredicate = $"FROM c WHERE c.version = {FilterLiteral.Quote(expectedVersion)}",
                    EnableContentResponseOnWrite = false,
                };
                try
                {
                    await Subscriptions.PatchItemAsync<SubscriptionDocument>(subscription.Id, new PartitionKey(subscription.Id), operations, options, cancellationToken);
                    return StoreWriteStatus.Written;
                }
                catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
                {
                    return StoreWriteStatus.NotFound;
                }
                catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed)
                {
                    return StoreWriteStatus.ConditionFailed;
                }
            },
            cancellationToken);

    public Task<StoreWriteStatus> DeleteAsync(string id, string expectedVersion, CancellationToken cancellationToken) =>
        VersionedWrite.RunAsync<SubscriptionDocument>(
            Subscriptions,
            id,
            expectedVersion,
            document => document.Version,
            (options, partition) => Subscriptions.DeleteItemAsync<SubscriptionDocument>(id, partition, options, cancellationToken),
            cancellationToken);
}
