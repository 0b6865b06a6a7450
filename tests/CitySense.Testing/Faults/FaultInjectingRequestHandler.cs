using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.Azure.Cosmos;

namespace CitySense.Testing.Faults;

/// <summary>
/// A Cosmos DB <see cref="RequestHandler"/> for tests that makes requests fail the way the service and the network
/// do: 429 with <c>x-ms-retry-after-ms</c>, 503, 408, 410 and client-side timeouts, at a configurable rate per
/// operation type, from a seeded random sequence (the same seed and the same order of requests give the same faults).
/// </summary>
/// <remarks>
/// The SDK runs custom handlers above its own retry handler, so every fault injected here reaches the app as a fault
/// the SDK has given up on: it is what the app sees after the SDK's retries are exhausted.
/// Register it as a singleton <see cref="RequestHandler"/>; the app's client picks custom handlers up from DI.
/// </remarks>
public sealed class FaultInjectingRequestHandler : RequestHandler
{
    /// <summary>Marks injected failures in messages and logs; it must never reach an API client.</summary>
    public const string Marker = "CitySense fault injection";

    private readonly FaultSequence sequence;
    private readonly ConcurrentQueue<InjectedFault> injected = new();
    private readonly ConcurrentDictionary<FaultRule, int> seenByRule = new(ReferenceEqualityComparer.Instance);
    private volatile IReadOnlyList<FaultRule> rules = [];
    private long requests;

    public FaultInjectingRequestHandler(int seed) => sequence = new FaultSequence(seed);

    /// <summary>The faults injected so far, in order.</summary>
    public IReadOnlyList<InjectedFault> Injected => [.. injected];

    /// <summary>The requests seen so far, failed or not.</summary>
    public long Requests => Interlocked.Read(ref requests);

    /// <summary>Replaces the rules; the first rule whose operations include a request's decides for it.</summary>
    public void Apply(params FaultRule[] newRules)
    {
        ArgumentNullException.ThrowIfNull(newRules);
        foreach (var rule in newRules)
        {
            FaultSequence.CheckRule(rule.Rate, rule.Kinds.Count);
        }

        seenByRule.Clear();
        rules = [.. newRules];
    }

    /// <summary>How many requests of <paramref name="rule"/>'s operations it has seen since it was applied.</summary>
    public int Seen(FaultRule rule) => seenByRule.GetValueOrDefault(rule);

    /// <summary>Stops injecting faults.</summary>
    public void Clear() => rules = [];

    public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref requests);
        var operation = CosmosOperations.Classify(request);
        var requestPath = request.RequestUri?.OriginalString ?? string.Empty;
        var rule = rules.FirstOrDefault(r => (r.Operations & operation) != 0
            && (r.PathContains is null || requestPath.Contains(r.PathContains, StringComparison.Ordinal)));
        if (rule is null || seenByRule.AddOrUpdate(rule, 1, (_, seen) => seen + 1) <= rule.PassFirst
            || !Decide(rule, out var kind, out var responseLost))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var path = request.RequestUri?.OriginalString ?? string.Empty;
        injected.Enqueue(new InjectedFault(operation, kind, responseLost, path));
        if (responseLost)
        {
            // The service applies the request; its answer never arrives.
            using var applied = await base.SendAsync(request, cancellationToken);
        }

        if (kind == FaultKind.UnexpectedException)
        {
            throw new InvalidOperationException($"{Marker}: an unexpected failure for {path}.");
        }

        if (kind == FaultKind.Timeout)
        {
            await Task.Delay(rule.TimeoutAfter, cancellationToken);

            // What HttpClient throws when its timeout elapses.
            throw new TaskCanceledException($"{Marker}: the request to {path} timed out.", new TimeoutException());
        }

        var (status, subStatus) = kind switch
        {
            FaultKind.Throttled => (HttpStatusCode.TooManyRequests, "3200"),
            FaultKind.ServiceUnavailable => (HttpStatusCode.ServiceUnavailable, "0"),
            FaultKind.RequestTimeout => (HttpStatusCode.RequestTimeout, "0"),
            _ => (HttpStatusCode.Gone, "1002"),
        };
        // Headers first, message in the body: the SDK builds its CosmosException from both when the app reads it.
        var response = new ResponseMessage(status, request)
        {
            Content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
                $$"""{"code":"{{status}}","message":"{{Marker}}: {{(int)status}} for {{path}}."}""")),
        };
        response.Headers["x-ms-substatus"] = subStatus;
        response.Headers["x-ms-activity-id"] = Guid.NewGuid().ToString();
        if (kind == FaultKind.Throttled)
        {
            response.Headers["x-ms-retry-after-ms"] = ((long)rule.RetryAfter.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        }

        return response;
    }

    private bool Decide(FaultRule rule, out FaultKind kind, out bool responseLost) =>
        sequence.TryDraw(
            rule.Rate,
            rule.Kinds,
            rule.ResponseLostShare,
            candidate => candidate is FaultKind.ServiceUnavailable or FaultKind.RequestTimeout or FaultKind.Timeout,
            out kind,
            out responseLost);
}
