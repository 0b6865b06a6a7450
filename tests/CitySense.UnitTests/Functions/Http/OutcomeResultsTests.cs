using CitySense.Core.Problems;
using CitySense.Functions.Http;
using CitySense.UnitTests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CitySense.UnitTests.Functions.Http;

public sealed class OutcomeResultsTests
{
    [Fact]
    public void ToResult_Value_ReturnsTheSuccessResultOfThatValue()
    {
        Outcome<int> outcome = 21;

        var result = outcome.ToResult(HttpTestContext.Create().Request, value => TypedResults.Ok(value * 2));

        Assert.Equal(42, Assert.IsType<Ok<int>>(result.Result).Value);
    }

    [Fact]
    public void ToResult_Problem_ReturnsItsProblemResultWithoutCallingOnSuccess()
    {
        Outcome<int> outcome = Problem.Validation("limit", "must be a whole number from 1 to 1000");
        var called = false;

        var result = outcome.ToResult(HttpTestContext.Create(path: "/api/sensors").Request, value =>
        {
            called = true;
            return TypedResults.Ok(value);
        });

        var problem = ProblemAssert.Field(result.Result, "limit");
        Assert.Equal("/api/sensors", problem.Instance);
        Assert.False(called);
    }

    [Fact]
    public void ToResult_ProblemWithRetryAfter_KeepsIt()
    {
        Outcome<int> outcome = new Problem(ProblemKind.ServiceUnavailable, "Busy.", "Busy.", RetryAfter: TimeSpan.FromSeconds(3));

        var result = outcome.ToResult(HttpTestContext.Create().Request, TypedResults.Ok);

        var problem = Assert.IsType<ProblemResult>(result.Result);
        Assert.Equal(503, problem.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), problem.RetryAfter);
    }
}
