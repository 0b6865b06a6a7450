using CitySense.Core.Problems;

namespace CitySense.UnitTests.Support;

/// <summary>Assertions on failed outcomes.</summary>
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
}
