using System.Net;
using CitySense.Core.Sensors;
using Microsoft.Azure.Cosmos;

namespace CitySense.Cosmos;

/// <summary>
/// A write made only while a document is at the version the caller expects: the document is read, its version
/// compared, and the write sent with the read's ETag, so a change in between fails it instead of being overwritten.
/// </summary>
internal static class VersionedWrite
{
    /// <param name="write">Sends the write with the options (If-Match: the ETag read) and the partition it is given.</param>
    public static Task<StoreWriteStatus> RunAsync<TDocument>(
        Container container,
        string id,
        string expectedVersion,
        Func<TDocument, string> versionOf,
        Func<ItemRequestOptions, PartitionKey, Task<ResponseMessage>> write,
        CancellationToken cancellationToken) =>
        CosmosFaults.TranslateAsync(
            async () =>
            {
                var partition = new PartitionKey(id);
                string etag;
                using (var current = await container.ReadItemStreamAsync(id, partition, cancellationToken: cancellationToken))
                {
                    if (current.Outcome(HttpStatusCode.NotFound) == HttpStatusCode.NotFound)
                    {
                        return StoreWriteStatus.NotFound;
                    }

                    if (versionOf(current.Document<TDocument>()) != expectedVersion)
                    {
                        return StoreWriteStatus.ConditionFailed;
                    }

                    etag = current.Headers.ETag;
                }

                using var written = await write(new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, partition);
                return written.WriteStatus();
            },
            cancellationToken);
}
