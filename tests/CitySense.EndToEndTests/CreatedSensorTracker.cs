using System.Collections.Concurrent;
using System.Net;

namespace CitySense.EndToEndTests;

/// <summary>
/// Remembers every sensor a client registered (each 201 to POST sensors, from its Location header), so the test class
/// can delete them afterwards whether its tests passed or not: a run against a live stage leaves no sensors behind.
/// </summary>
public sealed class CreatedSensorTracker
{
    private readonly ConcurrentDictionary<string, byte> ids = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Ids => [.. ids.Keys.Order(StringComparer.Ordinal)];

    /// <summary>A handler for a client's pipeline that records what that client registers.</summary>
    public DelegatingHandler CreateHandler() => new RecordingHandler(this);

    private void Record(HttpRequestMessage request, HttpResponseMessage response)
    {
        if (request.Method == HttpMethod.Post
            && response.StatusCode == HttpStatusCode.Created
            && request.RequestUri?.AbsolutePath.TrimEnd('/').EndsWith("/sensors", StringComparison.Ordinal) == true
            && response.Headers.Location is { } location)
        {
            var path = location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString;
            ids.TryAdd(Uri.UnescapeDataString(path.TrimEnd('/').Split('/')[^1]), 0);
        }
    }

    private sealed class RecordingHandler(CreatedSensorTracker tracker) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            tracker.Record(request, response);
            return response;
        }
    }
}
