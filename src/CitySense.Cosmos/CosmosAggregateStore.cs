using System.Text.Json;
using CitySense.Core.Aggregates;
using CitySense.Core.Readings;
using CitySense.Cosmos.Documents;
using Microsoft.Azure.Cosmos;

namespace CitySense.Cosmos;

/// <summary>Aggregate chunks and each month's revision, in the "readings" container beside the month's readings.</summary>
internal sealed class CosmosAggregateStore(CosmosContainers containers) : IAggregateStore
{
    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    private Container Readings => containers.Readings;

    public Task<StoredAggregates> ReadAsync(
        ReadingBucket month,
        AggregateInterval interval,
        DateTimeOffset firstChunk,
        DateTimeOffset lastChunk,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interval);

        // One query for both: the revision and the chunks, all found through the sort-key index.
        var query = new QueryDefinition(
                "SELECT * FROM c WHERE c.sortKey = @revision OR (c.sortKey >= @first AND c.sortKey <= @last)")
            .WithParameter("@revision", AggregateRevisionDocument.Key)
            .WithParameter("@first", AggregateChunkDocument.KeyOf(interval, firstChunk))
            .WithParameter("@last", AggregateChunkDocument.KeyOf(interval, lastChunk));
        var options = QueryOptions.For(1000, new PartitionKey(month.Key));
        return CosmosFaults.TranslateAsync(
            async () =>
            {
                string? revision = null;
                var chunks = new List<AggregateChunk>();
                using var feed = Readings.GetItemQueryIterator<JsonElement>(query, requestOptions: options);
                while (feed.HasMoreResults)
                {
                    foreach (var document in await feed.ReadNextAsync(cancellationToken))
                    {
                        if (document.GetProperty("sortKey").GetString() == AggregateRevisionDocument.Key)
                        {
                            revision = document.Deserialize<AggregateRevisionDocument>(CosmosJson.Options)!.Revision;
                        }
                        else
                        {
                            chunks.Add(document.Deserialize<AggregateChunkDocument>(CosmosJson.Options)!.ToChunk());
                        }
                    }
                }

                return new StoredAggregates(revision, chunks);
            },
            cancellationToken);
    }

    public Task SaveAsync(ReadingBucket month, AggregateChunk chunk, CancellationToken cancellationToken) =>
        CosmosFaults.TranslateAsync(
            async () =>
            {
                await Readings.UpsertItemAsync(AggregateChunkDocument.From(month.Key, chunk), new PartitionKey(month.Key), NoContent, cancellationToken);
                return true;
            },
            cancellationToken);

    public Task MarkChangedAsync(ReadingBucket month, CancellationToken cancellationToken) =>
        CosmosFaults.TranslateAsync(
            async () =>
            {
                var document = new AggregateRevisionDocument
                {
                    Id = AggregateRevisionDocument.Key,
                    Pk = month.Key,
                    SortKey = AggregateRevisionDocument.Key,
                    Revision = Guid.NewGuid().ToString("N"),
                };
                await Readings.UpsertItemAsync(document, new PartitionKey(month.Key), NoContent, cancellationToken);
                return true;
            },
            cancellationToken);
}
