using CitySense.Core.Aggregates;

namespace CitySense.Functions.Contracts;

/// <summary>One bucket of <c>GET /sensors/{sensorId}/readings/aggregate</c>: [start, end), its readings and fields.</summary>
public sealed record AggregateBucketResponse(DateTimeOffset Start, DateTimeOffset End, long Count, IReadOnlyDictionary<string, FieldStatsResponse> Fields)
{
    public static AggregateBucketResponse From(AggregateBucket bucket, AggregateInterval interval)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(interval);
        return new AggregateBucketResponse(bucket.Start, bucket.Start + interval.Length, bucket.Count, FieldStatsResponse.From(bucket.Fields));
    }
}
