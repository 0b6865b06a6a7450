using System.Globalization;
using CitySense.Clients.NSwag;

namespace CitySense.ClientTests.Examples;

/// <summary>
/// The NSwag example README links: a client generated with
/// <c>nswag openapi2csclient /input:openapi.yaml /output:CitySenseClient.cs /namespace:CitySense.Clients.NSwag /classname:CitySenseClient</c>.
/// </summary>
public static class NSwagExample
{
    /// <summary>The latest reading of every sensor within 1 km of a point, nearest first, one line each.</summary>
    /// <param name="http">Your HttpClient; send your subscription key as a default Ocp-Apim-Subscription-Key header.</param>
    /// <param name="apiRoot">The API root, e.g. https://&lt;gateway&gt;.azure-api.net/api.</param>
    public static async Task<IReadOnlyList<string>> LatestNearAsync(HttpClient http, Uri apiRoot, double lat, double lon, CancellationToken cancellationToken = default)
    {
        var client = new CitySenseClient(http) { BaseUrl = apiRoot.ToString() };

        try
        {
            var page = await client.ListLatestNearAsync(
                string.Create(CultureInfo.InvariantCulture, $"{lat},{lon}"), radius: 1000, type: null, limit: null, cursor: null, if_None_Match: null, cancellationToken);
            return [.. page.Items.Select(item => string.Create(
                CultureInfo.InvariantCulture,
                $"{item.SensorId} ({item.DistanceMeters} m): {string.Join(", ", item.Reading.Payload.AdditionalProperties.Keys)} at {item.Reading.Timestamp:O}"))];
        }
        catch (ApiException<Problem> problem)
        {
            // Every error is an RFC 9457 problem: branch on its type.
            throw new InvalidOperationException($"{problem.Result.Type}: {problem.Result.Detail}", problem);
        }
    }
}
