using CitySense.Core.Access;
using CitySense.Core.Sensors;
using CitySense.Cosmos.Documents;
using Microsoft.Azure.Cosmos;

namespace CitySense.Cosmos;

/// <summary>Operators' grants in the "grants" container, one document (and partition) per caller id.</summary>
internal sealed class CosmosGrantStore(CosmosContainers containers) : IGrantStore
{
    private Container Grants => containers.Grants;

    public Task<Grant?> FindAsync(string callerId, CancellationToken cancellationToken) =>
        CosmosFaults.TranslateAsync(
            async () => (await Grants.FindDocumentAsync<GrantDocument>(callerId, new PartitionKey(callerId), cancellationToken))?.ToGrant(),
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
            () => Grants.TryCreateDocumentAsync(GrantDocument.From(grant), new PartitionKey(grant.CallerId), cancellationToken),
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
                using var response = await Grants.PatchItemStreamAsync(grant.CallerId, new PartitionKey(grant.CallerId), operations, options, cancellationToken);
                return response.WriteStatus();
            },
            cancellationToken);

    public Task<StoreWriteStatus> DeleteAsync(string callerId, string expectedVersion, CancellationToken cancellationToken) =>
        VersionedWrite.RunAsync<GrantDocument>(
            Grants,
            callerId,
            expectedVersion,
            document => document.Version,
            (options, partition) => Grants.DeleteItemStreamAsync(callerId, partition, options, cancellationToken),
            cancellationToken);
}
