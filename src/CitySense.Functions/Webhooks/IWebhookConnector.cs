using System.Net;

namespace CitySense.Functions.Webhooks;

/// <summary>Opens the connection of a delivery to one address; injected so tests can prove no connection was attempted.</summary>
public interface IWebhookConnector
{
    ValueTask<Stream> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken);
}
