namespace CitySense.Core.Aggregates;

/// <summary>
/// The statistics of one payload field over one bucket. <see cref="Count"/> counts numeric values, which alone make
/// up min, max, sum, avg, first and last (null when there is none); other values count in <see cref="NonNumeric"/>.
/// <see cref="Sum"/> is compensated (Neumaier), so it is the correctly rounded total of the values unless their
/// magnitudes span more than about 2^53; <see cref="Avg"/> is <see cref="Sum"/> / <see cref="Count"/>.
/// </summary>
public sealed record FieldStats(long Count, double? Min, double? Max, double? Sum, double? First, double? Last, long NonNumeric)
{
    public double? Avg => Count == 0 ? null : Sum / Count;
}
