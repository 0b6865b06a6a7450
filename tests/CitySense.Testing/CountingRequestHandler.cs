using System.Collections.Concurrent;
using Microsoft.Azure.Cosmos;

namespace CitySense.Testing;

/// <summary>
/// Counts the Cosmos DB requests a client sends, by operation and resource type (e.g. "Read Document"). Inside
/// <see cref="CountAsync"/> only the requests of the counted action's own flow count, not those of background work
/// running meanwhile (the queue-triggered webhook functions); outside it, every request.
/// </summary>
public sealed class CountingRequestHandler : RequestHandler
{
    private readonly ConcurrentQueue<string> requests = new();
    private readonly AsyncLocal<bool> counted = new();
    private volatile bool counting;

    private int queryPlans;

    public IReadOnlyList<string> Requests => [.. requests];

    /// <summary>
    /// Query-plan requests sent to the gateway in the same scope; not in <see cref="Requests"/>, as they cost no
    /// request units, but each is a round trip before the query itself.
    /// </summary>
    public int QueryPlanRequests => Volatile.Read(ref queryPlans);

    /// <summary>Forgets what was counted so far.</summary>
    public void Reset()
    {
        requests.Clear();
        Interlocked.Exchange(ref queryPlans, 0);
    }

    /// <summary>Counts only while <paramref name="action"/> runs; returns what it sent.</summary>
    public async Task<IReadOnlyList<string>> CountAsync(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Reset();
        counting = true;
        counted.Value = true;
        try
        {
            await action();
        }
        finally
        {
            counted.Value = false;
            counting = false;
        }

        return Requests;
    }

    public override Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!counting || counted.Value)
        {
            if (request.Headers["x-ms-cosmos-is-query-plan-request"] is null)
            {
                requests.Enqueue(Describe(request));
            }
            else
            {
                Interlocked.Increment(ref queryPlans);
            }
        }

        return base.SendAsync(request, cancellationToken);
    }

    private static string Describe(RequestMessage request)
    {
        var path = request.RequestUri?.OriginalString.Trim('/') ?? string.Empty;
        var segments = path.Split('/');
        var onDocuments = segments.Length >= 5 && segments[^1] != "docs" && segments[^2] == "docs";
        var onCollection = segments[^1] == "docs" || (segments.Length >= 2 && segments[^2] == "colls");
        var method = request.Method.Method;
        return (method, onDocuments, onCollection) switch
        {
            ("GET", true, _) => "Read Document",
            ("PATCH", true, _) => "Patch Document",
            ("PUT", true, _) => "Replace Document",
            ("DELETE", true, _) => "Delete Document",
            ("POST", _, true) when request.Headers["x-ms-documentdb-isquery"] is not null => "Query Document",
            ("POST", _, true) when request.Headers["x-ms-documentdb-is-upsert"] is not null => "Upsert Document",
            ("POST", _, true) => "Create Document",
            _ => $"{method} {path}",
        };
    }
}
