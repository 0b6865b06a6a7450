using System.Net;
using System.Net.Sockets;
using CitySense.Functions.Webhooks;

namespace CitySense.Testing.Webhooks;

/// <summary>A connector that refuses every connection: for hosts whose tests queue deliveries but must not open a connection.</summary>
public sealed class RefusingWebhookConnector : IWebhookConnector
{
    public ValueTask<Stream> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken) =>
        ValueTask.FromException<Stream>(new SocketException((int)SocketError.ConnectionRefused));
}
