using System.Net;
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
    /// <summary>A document as a request body, written as the client's serializer writes it.</summary>
    public static MemoryStream Payload<T>(T document) => Utf8CosmosSerializer.Write(document, CosmosJson.Options);

    /// <summary>The status of a successful answer or of one of the <paramref name="refusals"/> the caller handles; throws for any other.</summary>
    public static HttpStatusCode Outcome(this ResponseMessage response, params ReadOnlySpan<HttpStatusCode> refusals)
    {
        if (!response.IsSuccessStatusCode && !refusals.Contains(response.StatusCode))
        {
            response.EnsureSuccessStatusCode();
        }

        return response.StatusCode;
    }

    /// <summary>The document in a successful answer's body.</summary>
    public static T Document<T>(this ResponseMessage response) => Utf8CosmosSerializer.Read<T>(response.Content, CosmosJson.Options);
}
