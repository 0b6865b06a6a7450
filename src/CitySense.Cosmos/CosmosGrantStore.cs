using System.Net;
using CitySense.Core.Access;
using CitySense.Core.Sensors;
using CitySense.Cosmos.Documents;
using Microsoft.Azure.Cosmos;

namespace CitySense.Cosmos;

/// <summary>Operators' grants in the "grants" container, one document (and partition) per caller id.</summary>
internal sealed class CosmosGrantStore(CosmosContainers containers) : IGrantStore
{
    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    private Container Grants => containers.Grants;

    public Task<Grant?> FindAsync(string callerId, CancellationToken cancellationToken) =>
        CosmosFaults.TranslateAsync(
            async () =>
            {
                try
                {
                    var response = await Grants.ReadItemAsync<GrantDocument>(callerId, new PartitionKey(callerId), cancellationToken: cancellationToken);
                    return response.Resource.ToGrant();
                }
                catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }
            },
            cancellationToken);

    public Task<IReadOnlyList<Grant>> ListAsync(string? afterId, int take, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition(
                afterId is null
                    ? "SELECT TOP @take * FROM c ORDER BY c.id"
                    : "SELECT TOP @take * FROM c WHERE c.id > @after ORDER BY c.id")
            .WithParameter("@take", take)
            .WithParameter("@after", afterId);
        return CosmosFaults.TranslateAsync(
            async () =>
            {
                var grants = new List<Grant>(take);
                using var feed = Grants.GetItemQueryIterator<GrantDocument>(query, requestOptions: QueryOptions.For(take));
                while (feed.HasMoreResults && grants.Count < take)
                {
                    foreach (var document in await feed.ReadNextAsync(cancellationToken))
                    {
                        grants.Add(document.ToGrant());
                    }
                }

                return (IReadOnlyList<Grant>)grants;
            },
            cancellationToken);
    }

    public Task<bool> TryCreateAsync(Grant grant, CancellationToken cancellationToken) =>
        CosmosFaults.TranslateAsync(
            async () =>
            {
                try
                {
                    await Grants.CreateItemAsync(GrantDocument.From(grant), new PartitionKey(grant.CallerId), NoContent, cancellationToken);
                    return true;
                }
                catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
                {
                    return false;
                }
            },
            cancellationToken);

    public Task<StoreWriteStatus> ReplaceAsync(Grant grant, string expectedVersion, CancellationToken cancellationToken) =>
        CosmosFaults.TranslateAsync(
            async () =>
            {
                PatchOperation[] operations =
                [
                    PatchOperation.Set("/name", grant.Name),
                    PatchOperation.Set("/cities", grant.Cities),
                    PatchOperation.Set("/version", grant.Version),
                    PatchOperation.Set("/updatedAt", grant.UpdatedAt),
                    PatchOperation.Set("/updatedBy", grant.UpdatedBy),
                ];
                var options = new PatchItemRequestOptions
                {
                    FilterPredicate = $"FROM c WHERE c.version = {FilterLiteral.Quote(expectedVersion)}",
                    EnableContentResponseOnWrite = false,
                };
                try
                {
                    await Grants.PatchItemAsync<GrantDocument>(grant.CallerId, new PartitionKey(grant.CallerId), operations, options, cancellationToken);
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

    public Task<StoreWriteStatus> DeleteAsync(string callerId, string expectedVersion, CancellationToken cancellationToken) =>
        VersionedWrite.RunAsync<GrantDocument>(
            Grants,
            callerId,
            expectedVersion,
            document => document.Version,
            (options, partition) => Grants.DeleteItemAsync<GrantDocument>(callerId, partition, options, cancellationToken),
            cancellationToken);
}
