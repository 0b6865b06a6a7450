using CitySense.Core.Aggregates;

namespace CitySense.Functions.Contracts;

/// <summary>
/// <c>GET /readings/latest/summary</c>: how many sensors were found with a reading, the timestamp range of their latest
/// readings (absent when none) and the statistics of each field over those latest readings.
/// </summary>
public sealed record LatestSummaryResponse(int Sensors, DateTimeOffset? OldestTimestamp, DateTimeOffset? NewestTimestamp, IReadOnlyDictionary<string, FieldStatsResponse> Fields)
{
    public static LatestSummaryResponse From(LatestSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new LatestSummaryResponse(summary.Sensors, summary.Oldest, summary.Newest, FieldStatsResponse.From(summary.Fields));
    }
}
