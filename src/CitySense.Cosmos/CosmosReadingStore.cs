using CitySense.Core.Readings;
using CitySense.Cosmos.Documents;
using Microsoft.Azure.Cosmos;

namespace CitySense.Cosmos;

/// <summary>Reading history in the "readings" container, one partition per sensor and month.</summary>
internal sealed class CosmosReadingStore(CosmosContainers containers) : IReadingStore
{
    private Container Readings => containers.Readings;

    public Task<IngestResult> TryCreateAsync(Reading reading, ReadingBucket bucket, CancellationToken cancellationToken) =>
        CosmosFaults.TranslateAsync(
            async () =>
            {
                var partition = new PartitionKey(bucket.Key);
                if (await Readings.TryCreateDocumentAsync(ReadingDocument.From(reading, bucket), partition, cancellationToken))
                {
                    return new IngestResult(reading, Created: true);
                }

                var existing = await Readings.ReadItemAsync<ReadingDocument>(reading.Id, partition, cancellationToken: cancellationToken);
                return new IngestResult(existing.Resource.ToReading(), Created: false);
            },
            cancellationToken);

    public Task<IReadOnlyList<Reading>> ListAsync(
        ReadingBucket bucket,
        string fromSortKey,
        string beforeSortKey,
        int take,
        CancellationToken cancellationToken)
    {
        var query = new QueryDefinition(
                "SELECT TOP @take * FROM c WHERE c.sortKey >= @from AND c.sortKey < @before ORDER BY c.sortKey DESC")
            .WithParameter("@take", take)
            .WithParameter("@from", fromSortKey)
            .WithParameter("@before", beforeSortKey);
        var options = QueryOptions.For(take, new PartitionKey(bucket.Key));
        return CosmosFaults.TranslateAsync(
            async () =>
            {
                var found = new List<Reading>(take);
                using var feed = Readings.GetItemQueryIterator<ReadingDocument>(query, requestOptions: options);
                while (feed.HasMoreResults && found.Count < take)
                {
                    foreach (var document in await feed.ReadNextAsync(cancellationToken))
                    {
                        found.Add(document.ToReading());
                    }
                }

                return (IReadOnlyList<Reading>)found;
            },
            cancellationToken);
    }
}
