using CitySense.Core.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CitySense.Functions.Http;

/// <summary>Maps a service outcome to a typed result: the success result, or its problem.</summary>
public static class OutcomeResults
{
    public static Results<TResult, ProblemResult> ToResult<T, TResult>(this Outcome<T> outcome, HttpRequest request, Func<T, TResult> onSuccess)
        where TResult : IResult
    {
        ArgumentNullException.ThrowIfNull(onSuccess);
        return outcome.Succeeded ? onSuccess(outcome.Value) : ProblemResults.For(outcome.Problem, request);
    }
}
