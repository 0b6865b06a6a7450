using Microsoft.Azure.Cosmos;

namespace CitySense.Cosmos;

/// <summary>
/// The request options of every query CitySense sends. Optimistic Direct Execution is on: a query that one physical
/// partition can answer (one scoped to a partition key, or any query while the container has a single physical
/// partition) goes straight to that partition, without first fetching a query plan from the gateway and without the
/// SDK parsing the query text itself — one round trip and its latency less per query, as Azure's query performance tips
/// recommend (https://learn.microsoft.com/azure/cosmos-db/nosql/performance-tips-query-sdk). Queries over several
/// physical partitions still get their plan, and results are the same either way.
/// </summary>
internal static class QueryOptions
{
    /// <param name="maxItemCount">Items per page; null for the SDK's default, -1 for as many as the service gives.</param>
    /// <param name="partition">The partition the query is scoped to; null for a cross-partition query.</param>
    public static QueryRequestOptions For(int? maxItemCount = null, PartitionKey? partition = null) => new()
    {
        EnableOptimisticDirectExecution = true,
        MaxItemCount = maxItemCount,
        PartitionKey = partition,
    };
}
