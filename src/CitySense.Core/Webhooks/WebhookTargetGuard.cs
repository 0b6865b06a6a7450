using System.Net;
using System.Net.Sockets;
using CitySense.Core.Problems;
using CitySense.Core.Subscriptions;
using Microsoft.Extensions.Options;

namespace CitySense.Core.Webhooks;

/// <summary>
/// Refuses webhook targets that would let a caller make CitySense send requests into networks it can reach but the
/// caller cannot (OWASP API7, server-side request forgery): the URL must be absolute https without credentials, and
/// every address its host resolves to must be public (<see cref="AddressRanges"/>). With
/// <see cref="WebhookOptions.AllowInsecureLoopback"/> (local runs only) loopback targets are allowed, over http too.
/// The check is made when a subscription is created or changed and must be made again when delivering: DNS can change.
/// </summary>
public sealed class WebhookTargetGuard(IHostAddressResolver resolver, IOptions<WebhookOptions> options)
{
    public const int MaxUrlLength = 2048;

    /// <summary>The target URL when <paramref name="url"/> is acceptable; otherwise the problem is added to <paramref name="errors"/> under <paramref name="field"/>.</summary>
    public async Task<Uri?> CheckAsync(string? url, string field, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(url))
        {
            errors.Add(field, "is required");
            return null;
        }

        if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Host.Length == 0)
        {
            errors.Add(field, $"must be an absolute https URL of at most {MaxUrlLength} characters");
            return null;
        }

        if (uri.UserInfo.Length > 0)
        {
            errors.Add(field, "must not carry credentials (user:password@); authenticate deliveries by their signature");
            return null;
        }

        if (uri.Fragment.Length > 0)
        {
            errors.Add(field, "must not have a fragment (#...)");
            return null;
        }

        var problem = await CheckAddressesAsync(uri, cancellationToken);
        if (problem is not null)
        {
            errors.Add(field, problem);
            return null;
        }

        return uri;
    }

    /// <summary>
    /// Null when every address of <paramref name="uri"/>'s host may be sent to; otherwise the rule it breaks. Also the
    /// check a delivery makes on the addresses it is about to connect to (<see cref="CheckAddress"/>).
    /// </summary>
    public async Task<string?> CheckAddressesAsync(Uri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        IReadOnlyList<IPAddress> addresses;
        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await resolver.ResolveAsync(uri.IdnHost, cancellationToken);
            }
            catch (SocketException)
            {
                return $"must name a host that resolves; '{uri.Host}' does not";
            }

            if (addresses.Count == 0)
            {
                return $"must name a host that resolves; '{uri.Host}' has no addresses";
            }
        }

        foreach (var address in addresses)
        {
            if (CheckAddress(address) is { } refusal)
            {
                return refusal;
            }
        }

        var secure = uri.Scheme == Uri.UriSchemeHttps;
        return secure || (options.Value.AllowInsecureLoopback && addresses.All(AddressRanges.IsLoopback))
            ? null
            : "must use https (http is allowed only for loopback targets in local runs)";
    }

    /// <summary>Null when a webhook may be sent to <paramref name="address"/>; otherwise the rule it breaks, naming the range.</summary>
    public string? CheckAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (options.Value.AllowInsecureLoopback && AddressRanges.IsLoopback(address) && !address.IsIPv4MappedToIPv6)
        {
            return null;
        }

        return AddressRanges.NonPublicRange(address) is { } range
            ? $"must resolve to public addresses only; {address} is {range}"
            : null;
    }
}
