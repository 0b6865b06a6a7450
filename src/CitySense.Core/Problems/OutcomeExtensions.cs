namespace CitySense.Core.Problems;

/// <summary>Chains steps that each may end in a <see cref="Problem"/>: the first problem stops the chain.</summary>
public static class OutcomeExtensions
{
    /// <summary>Runs <paramref name="next"/> with the value of a successful outcome; passes a problem through.</summary>
    public static async Task<Outcome<TNext>> ThenAsync<T, TNext>(this Outcome<T> outcome, Func<T, Task<Outcome<TNext>>> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return outcome.Succeeded ? await next(outcome.Value) : outcome.Problem;
    }

    /// <summary>Runs <paramref name="next"/> with the value of a successful outcome; passes a problem through.</summary>
    public static async Task<Outcome<TNext>> ThenAsync<T, TNext>(this Task<Outcome<T>> outcome, Func<T, Task<Outcome<TNext>>> next)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return await (await outcome).ThenAsync(next);
    }

    /// <summary>Converts the value of a successful outcome; passes a problem through.</summary>
    public static Outcome<TNext> Map<T, TNext>(this Outcome<T> outcome, Func<T, TNext> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return outcome.Succeeded ? map(outcome.Value) : outcome.Problem;
    }
}
