using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CitySense.Testing.Faults;

/// <summary>
/// An Azure SDK pipeline policy for tests that makes sends to a queue fail the way the Storage service and the network
/// do (503, 500, unreachable, timeout), at a configurable rate per queue, from a seeded random sequence; a share of the
/// faults strike after the message was stored (the answer lost). Registered as a singleton
/// <see cref="HttpPipelinePolicy"/>, the app's queue client (<c>WebhookQueues</c>) runs it above its own retries, so
/// each fault is what the app sees once those retries are exhausted. Only sends (<c>POST …/{queue}/messages</c>) are
/// struck; creating queues is not.
/// </summary>
public sealed class FaultInjectingQueuePolicy(int seed) : HttpPipelinePolicy
{
    private readonly FaultSequence sequence = new(seed);
    private readonly ConcurrentQueue<InjectedQueueFault> injected = new();
    private volatile IReadOnlyList<QueueFaultRule> rules = [];
    private long sends;

    /// <summary>The faults injected so far, in order.</summary>
    public IReadOnlyList<InjectedQueueFault> Injected => [.. injected];

    /// <summary>The sends seen so far, failed or not.</summary>
    public long Sends => Interlocked.Read(ref sends);

    /// <summary>Replaces the rules; the rule of a send's queue decides for it.</summary>
    public void Apply(params QueueFaultRule[] newRules)
    {
        ArgumentNullException.ThrowIfNull(newRules);
        foreach (var rule in newRules)
        {
            FaultSequence.CheckRule(rule.Rate, rule.Kinds.Count);
        }

        rules = [.. newRules];
    }

    /// <summary>Stops injecting faults.</summary>
    public void Clear() => rules = [];

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: false).AsTask().GetAwaiter().GetResult();

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: true);

    private async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        ArgumentNullException.ThrowIfNull(message);
        var queue = SentTo(message.Request);
        var rule = queue is null ? null : rules.FirstOrDefault(r => r.Queue == queue);
        if (queue is not null)
        {
            Interlocked.Increment(ref sends);
        }

        if (rule is null || !Decide(rule, out var kind, out var responseLost))
        {
            await NextAsync(message, pipeline, async);
            return;
        }

        injected.Enqueue(new InjectedQueueFault(rule.Queue, kind, responseLost));
        if (responseLost)
        {
            // The service stores the message; its answer never arrives.
            await NextAsync(message, pipeline, async);
        }

        var marker = $"{FaultInjectingRequestHandler.Marker}: {kind} sending to {rule.Queue}.";
        throw kind switch
        {
            QueueFaultKind.ServerBusy => new RequestFailedException(503, marker),
            QueueFaultKind.InternalError => new RequestFailedException(500, marker),
            QueueFaultKind.Unreachable => new AggregateException(marker, new RequestFailedException(0, marker, new HttpRequestException(marker))),
            _ => new AggregateException(marker, new TaskCanceledException(marker, new TimeoutException())),
        };
    }

    private static async ValueTask NextAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        if (async)
        {
            await ProcessNextAsync(message, pipeline);
        }
        else
        {
            ProcessNext(message, pipeline);
        }
    }

    /// <summary>The queue a request sends a message to, or null when it is not a send.</summary>
    private static string? SentTo(Request request)
    {
        var path = request.Uri.Path.TrimEnd('/');
        if (request.Method != RequestMethod.Post || !path.EndsWith("/messages", StringComparison.Ordinal))
        {
            return null;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 ? segments[^2] : null;
    }

    private bool Decide(QueueFaultRule rule, out QueueFaultKind kind, out bool responseLost) =>
        sequence.TryDraw(rule.Rate, rule.Kinds, rule.ResponseLostShare, _ => true, out kind, out responseLost);
}
