using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using CitySense.Functions;
using CitySense.UnitTests.Support;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace CitySense.UnitTests.Functions;

public sealed class HealthFunctionsTests
{
    private readonly ISensorStore store = Substitute.For<ISensorStore>();

    [Fact]
    public async Task GetHealth_StoreAnswers_Returns200HealthyWithVersion()
    {
        var context = HttpTestContext.Create(path: "/api/health");

        var response = await HttpTestContext.ExecuteAsync(await new HealthFunctions(store).GetHealth(context.Request, CancellationToken.None), context);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("healthy", response.Json.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(response.Json.GetProperty("version").GetString()));
        await store.Received(1).PingAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task GetHealth_StoreUnavailable_LetsTheOutageReachTheProblemMapping()
    {
        store.PingAsync(Arg.Any<CancellationToken>()).ThrowsAsync(new StoreUnavailableException("down"));
        var context = HttpTestContext.Create(path: "/api/health");

        await Assert.ThrowsAsync<StoreUnavailableException>(() => new HealthFunctions(store).GetHealth(context.Request, CancellationToken.None));
    }
}
