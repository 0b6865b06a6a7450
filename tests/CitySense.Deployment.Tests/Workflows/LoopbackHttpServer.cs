using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>One answer of a <see cref="LoopbackHttpServer"/>: a JSON body is sent as problem+json when it has a "type".</summary>
public sealed record LoopbackResponse(HttpStatusCode Status, JsonNode? Body = null, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>An HTTP server on a free port of 127.0.0.1 that answers every request with a handler, for scripts under test.</summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<HttpListenerRequest, LoopbackResponse> handler;
    private readonly bool keepAlive;
    private readonly Task serving;

    /// <param name="handler">Answers each request.</param>
    /// <param name="keepAlive">
    /// False closes every connection after its answer: HttpListener may drop an idle kept-alive connection, which HTTP
    /// clients retry for a GET but not for a POST (load tests send many POSTs).
    /// </param>
    public LoopbackHttpServer(Func<HttpListenerRequest, LoopbackResponse> handler, bool keepAlive = true)
    {
        this.handler = handler;
        this.keepAlive = keepAlive;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        }

        listener.Prefixes.Add(Url + "/");
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    /// <summary>Base URL without a trailing slash.</summary>
    public string Url { get; }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await serving.ConfigureAwait(false);
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var response = context.Response;
            var answer = handler(context.Request);
            response.StatusCode = (int)answer.Status;
            response.KeepAlive = keepAlive;
            foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
            {
                response.Headers[name] = value;
            }

            var bytes = Encoding.UTF8.GetBytes(answer.Body?.ToJsonString() ?? string.Empty);
            response.ContentType = answer.Body?["type"] is not null ? "application/problem+json" : "application/json";
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        }
    }
}
