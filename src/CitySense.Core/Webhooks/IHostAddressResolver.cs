using System.Net;

namespace CitySense.Core.Webhooks;

/// <summary>Resolves a host name to its addresses; injected so that tests decide what a name resolves to without DNS.</summary>
public interface IHostAddressResolver
{
    Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken);
}
