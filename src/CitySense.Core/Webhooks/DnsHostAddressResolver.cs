using System.Net;

namespace CitySense.Core.Webhooks;

/// <summary>The system resolver (DNS, hosts file).</summary>
public sealed class DnsHostAddressResolver : IHostAddressResolver
{
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken) =>
        await Dns.GetHostAddressesAsync(host, cancellationToken);
}
