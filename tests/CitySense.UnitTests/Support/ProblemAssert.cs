using CitySense.Core.Problems;
using CitySense.Functions.Contracts;
using CitySense.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace CitySense.UnitTests.Support;

/// <summary>Assertions on failed outcomes and on the problem results functions return.</summary>
internal static class ProblemAssert
{
    /// <summary>The outcome is a validation problem about exactly <paramref name="field"/>.</summary>
    public static Problem Validation<T>(Outcome<T> outcome, string field)
    {
        var problem = Kind(outcome, ProblemKind.Validation);
        Assert.NotNull(problem.Errors);
        Assert.Equal([field], problem.Errors.Keys);
        Assert.NotEmpty(problem.Errors[field]);
        Assert.All(problem.Errors[field], message => Assert.False(string.IsNullOrWhiteSpace(message)));
        return problem;
    }

    public static Problem Kind<T>(Outcome<T> outcome, ProblemKind kind)
    {
        Assert.False(outcome.Succeeded, "Expected a problem, got a value.");
        Assert.Equal(kind, outcome.Problem.Kind);
        return outcome.Problem;
    }

    /// <summary>The result is a problem with <paramref name="status"/> and problem type <paramref name="type"/> (e.g. "not-found").</summary>
    public static ProblemDocument Result(IResult result, int status, string type)
    {
        var problem = Assert.IsType<ProblemResult>(result);
        Assert.Equal(status, problem.StatusCode);
        Assert.Equal(status, problem.Value.Status);
        Assert.Equal(ProblemResults.TypePrefix + type, problem.Value.Type);
        return problem.Value;
    }

    /// <summary>The result is a 400 validation problem that names <paramref name="field"/>.</summary>
    public static ProblemDocument Field(IResult result, string field)
    {
        var document = Result(result, StatusCodes.Status400BadRequest, "validation");
        Assert.NotNull(document.Errors);
        Assert.Contains(field, document.Errors.Keys);
        return document;
    }
}
