namespace CitySense.Testing.Faults;

/// <summary>
/// The seeded random draws of a fault injector, shared by its concurrent requests: whether a request fails, with which
/// kind of fault, and whether the fault strikes after the request was applied. The same seed and the same order of
/// requests give the same faults.
/// </summary>
public sealed class FaultSequence(int seed)
{
    private readonly Random random = new(seed);

    /// <summary>Throws unless <paramref name="rate"/> is a share (0 to 1) and there is a kind to choose.</summary>
    public static void CheckRule(double rate, int kinds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rate, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, 1.0);
        ArgumentOutOfRangeException.ThrowIfZero(kinds);
    }

    /// <summary>
    /// Fails a request at <paramref name="rate"/> with one of <paramref name="kinds"/> (uniformly); a fault of a kind
    /// that <paramref name="canStrikeAfterApplied"/> strikes after the request was applied at <paramref name="responseLostShare"/>.
    /// </summary>
    public bool TryDraw<TKind>(
        double rate,
        IReadOnlyList<TKind> kinds,
        double responseLostShare,
        Func<TKind, bool> canStrikeAfterApplied,
        out TKind kind,
        out bool responseLost)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(canStrikeAfterApplied);
        lock (random)
        {
            kind = default!;
            responseLost = false;
            if (random.NextDouble() >= rate)
            {
                return false;
            }

            kind = kinds[random.Next(kinds.Count)];
            responseLost = canStrikeAfterApplied(kind) && random.NextDouble() < responseLostShare;
            return true;
        }
    }
}
