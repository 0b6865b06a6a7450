using CitySense.Core.Aggregates;

namespace CitySense.Functions.Contracts;

/// <summary>
/// A field's statistics: count numeric values (min, max, avg, sum, first and last are absent when there is none) and
/// nonNumeric values of other kinds.
/// </summary>
public sealed record FieldStatsResponse(long Count, double? Min, double? Max, double? Avg, double? Sum, double? First, double? Last, long NonNumeric)
{
    public static FieldStatsResponse From(FieldStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return new FieldStatsResponse(stats.Count, stats.Min, stats.Max, stats.Avg, stats.Sum, stats.First, stats.Last, stats.NonNumeric);
    }

    public static IReadOnlyDictionary<string, FieldStatsResponse> From(IReadOnlyDictionary<string, FieldStats> fields) =>
        new SortedDictionary<string, FieldStatsResponse>(fields.ToDictionary(pair => pair.Key, pair => From(pair.Value)), StringComparer.Ordinal);
}
