using CitySense.Core.Problems;

namespace CitySense.UnitTests.Problems;

public sealed class OutcomeExtensionsTests
{
    private static readonly Problem Invalid = Problem.Validation("limit", "must be a whole number from 1 to 1000");

    [Fact]
    public async Task ThenAsync_Value_RunsTheNextStepWithIt()
    {
        Outcome<int> outcome = 20;

        var next = await outcome.ThenAsync(value => Task.FromResult<Outcome<string>>($"{value + 1}"));

        Assert.Equal("21", next.Value);
    }

    [Fact]
    public async Task ThenAsync_Problem_PassesItThroughWithoutRunningTheNextStep()
    {
        Outcome<int> outcome = Invalid;
        var ran = false;

        var next = await outcome.ThenAsync(value =>
        {
            ran = true;
            return Task.FromResult<Outcome<string>>("ran");
        });

        Assert.False(ran);
        Assert.Same(Invalid, next.Problem);
    }

    [Fact]
    public async Task ThenAsync_NextStepFails_ReturnsItsProblem()
    {
        Outcome<int> outcome = 1;
        var notFound = Problem.NotFound("Gone.");

        var next = await outcome.ThenAsync(_ => Task.FromResult<Outcome<string>>(notFound));

        Assert.Same(notFound, next.Problem);
    }

    [Fact]
    public async Task ThenAsync_OnATaskOfAValue_RunsTheNextStepWithIt()
    {
        var outcome = Task.FromResult<Outcome<int>>(2);

        var next = await outcome.ThenAsync(value => Task.FromResult<Outcome<int>>(value * 3));

        Assert.Equal(6, next.Value);
    }

    [Fact]
    public async Task ThenAsync_Chain_StopsAtTheFirstProblem()
    {
        var steps = new List<string>();

        var outcome = await Task.FromResult<Outcome<int>>(1)
            .ThenAsync(value =>
            {
                steps.Add("first");
                return Task.FromResult<Outcome<int>>(Invalid);
            })
            .ThenAsync(value =>
            {
                steps.Add("second");
                return Task.FromResult<Outcome<int>>(value);
            });

        Assert.Equal(["first"], steps);
        Assert.Same(Invalid, outcome.Problem);
    }

    [Fact]
    public void Map_Value_ConvertsIt()
    {
        Outcome<int> outcome = 4;

        var mapped = outcome.Map(value => value * 2.5);

        Assert.Equal(10.0, mapped.Value);
    }

    [Fact]
    public void Map_Problem_PassesItThroughWithoutConverting()
    {
        Outcome<int> outcome = Invalid;

        var mapped = outcome.Map<int, string>(_ => throw new InvalidOperationException("must not run"));

        Assert.Same(Invalid, mapped.Problem);
    }

    [Fact]
    public async Task ThenAsync_NullNextStep_Throws()
    {
        Outcome<int> outcome = 1;

        await Assert.ThrowsAsync<ArgumentNullException>(() => outcome.ThenAsync<int, int>(null!));
    }
}
