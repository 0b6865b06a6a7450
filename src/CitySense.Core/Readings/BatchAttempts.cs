using CitySense.Core.Problems;
using CitySense.Core.Sensors;

namespace CitySense.Core.Readings;

/// <summary>
/// One store step of a batch, turned into a per-item answer: a database that is unavailable, or a batch that ran out
/// of its time budget, fails only the items of that step with a 503 problem saying that retrying them is safe.
/// </summary>
internal static class BatchAttempts
{
    public static async Task<Outcome<T>> RunAsync<T>(WorkBudget budget, Func<Task<Outcome<T>>> call)
    {
        try
        {
            return await call();
        }
        catch (StoreUnavailableException ex)
        {
            return Unavailable(ex);
        }
        catch (OperationCanceledException) when (budget.Exhausted)
        {
            return OutOfTime(budget);
        }
    }

    public static async Task<BatchItemOutcome> RunItemAsync(WorkBudget budget, int index, SensorId sensorId, Func<Task<IngestResult>> call)
    {
        try
        {
            return new BatchItemOutcome(index, sensorId.ToString(), await call(), null);
        }
        catch (StoreUnavailableException ex)
        {
            return new BatchItemOutcome(index, sensorId.ToString(), null, Unavailable(ex));
        }
        catch (OperationCanceledException) when (budget.Exhausted)
        {
            return new BatchItemOutcome(index, sensorId.ToString(), null, OutOfTime(budget));
        }
    }

    private static Problem Unavailable(StoreUnavailableException exception) => StoreProblems.Unavailable(
        exception, "The database is busy or unreachable; send this item again (retrying the same id is safe).");

    private static Problem OutOfTime(WorkBudget budget) => new(
        ProblemKind.ServiceUnavailable,
        "The service is temporarily unavailable.",
        $"The batch did not reach this item within the {budget.Time.TotalSeconds:0} s one request may take (the database is busy); "
        + "send this item again (retrying the same id is safe).",
        RetryAfter: TimeSpan.FromSeconds(5));
}
