using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Azure.Cosmos;

namespace CitySense.Cosmos;

/// <summary>
/// Keeps the database's retry-after hint of a throttled answer for <see cref="CosmosFaults"/>. The SDK's pipeline for
/// queries run by optimistic direct execution throws its CosmosException without the answer's headers, so the
/// exception's RetryAfter is empty although the answer (seen here, after the SDK's own retries) carried one.
/// </summary>
internal sealed class RetryAfterHandler : RequestHandler
{
    /// <summary>The header of the hint, in milliseconds.</summary>
    public const string RetryAfterMilliseconds = "x-ms-retry-after-ms";

    private static readonly AsyncLocal<StrongBox<TimeSpan?>?> Current = new();

    /// <summary>Starts keeping the hint of the calls the current flow makes from here on; read the box afterwards.</summary>
    public static StrongBox<TimeSpan?> Keep() => Current.Value = new StrongBox<TimeSpan?>();

    public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests
            && Current.Value is { } kept
            && double.TryParse(response.Headers[RetryAfterMilliseconds], NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
            && milliseconds >= 0)
        {
            kept.Value = TimeSpan.FromMilliseconds(milliseconds);
        }

        return response;
    }
}
