using System.Text.Json;

namespace CitySense.Core.Aggregates;

/// <summary>
/// Folds the values of one field, oldest first, into <see cref="FieldStats"/>. The sum uses Neumaier's compensated
/// summation: the rounding error of each addition is kept apart and added back at the end, so the result does not
/// drift with the number of values (plain summation can lose log2(n) bits).
/// </summary>
public sealed class FieldAccumulator
{
    private long count;
    private long nonNumeric;
    private double min = double.PositiveInfinity;
    private double max = double.NegativeInfinity;
    private double sum;
    private double compensation;
    private double first;
    private double last;

    public void Add(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
        {
            Add(number);
        }
        else
        {
            nonNumeric++;
        }
    }

    public void Add(double value)
    {
        if (count == 0)
        {
            first = value;
        }

        count++;
        last = value;
        min = Math.Min(min, value);
        max = Math.Max(max, value);
        var total = sum + value;
        compensation += Math.Abs(sum) >= Math.Abs(value) ? (sum - total) + value : (value - total) + sum;
        sum = total;
    }

    public FieldStats ToStats() => count == 0
        ? new FieldStats(0, null, null, null, null, null, nonNumeric)
        : new FieldStats(count, min, max, sum + compensation, first, last, nonNumeric);
}
