using System.Net;
using CitySense.Core.Sensors;
using Microsoft.Azure.Cosmos;

namespace CitySense.Cosmos;

/// <summary>
/// The SDK's stream API, for the calls whose refusals are a normal outcome: a sensor that is not registered, a reading
/// already stored (a client's retry), a conditional write that lost (a newer reading moved "latest" first). The typed
/// API throws a CosmosException for each of them, which unwinds through every layer of the SDK's pipeline and ours;
/// the stream API hands the status back. Any other failure is thrown as the typed API throws it, so that
/// <see cref="CosmosFaults"/> still turns throttling and timeouts into a 503 and anything else stays a 500.
/// </summary>
internal static class CosmosStreams
{
    /// <summary>The header of an answer's sub-status; absent or 0 on a 404 for an item that does not exist.</summary>
    public const string SubStatusHeader = "x-ms-substatus";

    /// <summary>A document as a request body, written as the client's serializer writes it.</summary>
    public static MemoryStream Payload<T>(T document) => Utf8CosmosSerializer.Write(document, CosmosJson.Options);

    /// <summary>
    /// The status of a successful answer or of one of the <paramref name="refusals"/> the caller handles; throws for any
    /// other. A 404 is a refusal only when the item is missing: one for a missing container or database (a sub-status,
    /// e.g. 1003) is a deployment fault, thrown, not every sensor reported unknown.
    /// </summary>
    public static HttpStatusCode Outcome(this ResponseMessage response, params ReadOnlySpan<HttpStatusCode> refusals)
    {
        ArgumentNullException.ThrowIfNull(response);
        var refused = refusals.Contains(response.StatusCode)
            && (response.StatusCode != HttpStatusCode.NotFound || response.Headers[SubStatusHeader] is null or "0");
        if (!response.IsSuccessStatusCode && !refused)
        {
            response.EnsureSuccessStatusCode();
        }

        return response.StatusCode;
    }

    /// <summary>The outcome of a conditional write: written, the document missing (404), or its condition failed (412).</summary>
    public static StoreWriteStatus WriteStatus(this ResponseMessage response) =>
        response.Outcome(HttpStatusCode.NotFound, HttpStatusCode.PreconditionFailed) switch
        {
            HttpStatusCode.NotFound => StoreWriteStatus.NotFound,
            HttpStatusCode.PreconditionFailed => StoreWriteStatus.ConditionFailed,
            _ => StoreWriteStatus.Written,
        };

    /// <summary>A point read: the document, or null when there is none (404).</summary>
    public static async Task<TDocument?> FindDocumentAsync<TDocument>(
        this Container container, string id, PartitionKey partition, CancellationToken cancellationToken)
        where TDocument : class
    {
        using var response = await container.ReadItemStreamAsync(id, partition, cancellationToken: cancellationToken);
        return response.Outcome(HttpStatusCode.NotFound) == HttpStatusCode.NotFound ? null : response.Document<TDocument>();
    }

    /// <summary>Creates the document unless one with its id exists (409): true when this call created it.</summary>
    public static async Task<bool> TryCreateDocumentAsync<TDocument>(
        this Container container, TDocument document, PartitionKey partition, CancellationToken cancellationToken)
    {
        var options = new ItemRequestOptions { EnableContentResponseOnWrite = false };
        using var response = await container.CreateItemStreamAsync(Payload(document), partition, options, cancellationToken);
        return response.Outcome(HttpStatusCode.Conflict) != HttpStatusCode.Conflict;
    }

    /// <summary>The document in a successful answer's body.</summary>
    public static T Document<T>(this ResponseMessage response) => Utf8CosmosSerializer.Read<T>(response.Content, CosmosJson.Options);
}
