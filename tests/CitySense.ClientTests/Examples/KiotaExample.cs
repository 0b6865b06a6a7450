using System.Globalization;
using CitySense.Clients.Kiota;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace CitySense.ClientTests.Examples;

/// <summary>
/// The Kiota example README links: a client generated with
/// <c>kiota generate -l CSharp -d openapi.yaml -c CitySenseClient -n CitySense.Clients.Kiota -o Clients</c>.
/// </summary>
public static class KiotaExample
{
    /// <summary>The latest reading of every sensor within 1 km of a point, nearest first, one line each.</summary>
    /// <param name="http">Your HttpClient; send your subscription key as a default Ocp-Apim-Subscription-Key header.</param>
    /// <param name="apiRoot">The API root, e.g. https://&lt;gateway&gt;.azure-api.net/api.</param>
    public static async Task<IReadOnlyList<string>> LatestNearAsync(HttpClient http, Uri apiRoot, double lat, double lon, CancellationToken cancellationToken = default)
    {
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = apiRoot.ToString().TrimEnd('/'),
        };
        var client = new CitySenseClient(adapter);

        var page = await client.Readings.Latest.GetAsync(
            request =>
            {
                request.QueryParameters.Near = string.Create(CultureInfo.InvariantCulture, $"{lat},{lon}");
                request.QueryParameters.Radius = 1000;
            },
            cancellationToken);

        return [.. page!.Items!.Select(item => string.Create(
            CultureInfo.InvariantCulture,
            $"{item.SensorId} ({item.DistanceMeters} m): {string.Join(", ", item.Reading!.Payload!.AdditionalData.Keys)} at {item.Reading.Timestamp:O}"))];
    }
}
