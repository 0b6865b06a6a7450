using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using CitySense.Functions;
using CitySense.Testing.Stores;
using CitySense.UnitTests.Support;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace CitySense.UnitTests.Functions;

public sealed class HealthFunctionsTests
{
    [Fact]
    public async Task GetHealth_StoreAnswers_Returns200HealthyWithVersionAfterOnePing()
    {
        var store = new InMemorySensorStore();
        var context = HttpTestContext.Create(path: "/api/health");

        var result = await new HealthFunctions(store).GetHealth(context.Request, CancellationToken.None);

        Assert.Equal(200, result.StatusCode);
        Assert.Equal("healthy", result.Value!.Status);
        Assert.False(string.IsNullOrEmpty(result.Value.Version));
        Assert.Equal(["Ping"], store.Calls);
    }

    // The bytes on the wire are the point: monitors read {"status":"healthy","version":...}.
    [Fact]
    public async Task GetHealth_StoreAnswers_WritesStatusAndVersion()
    {
        var context = HttpTestContext.Create(path: "/api/health");

        var response = await HttpTestContext.ExecuteAsync(await new HealthFunctions(new InMemorySensorStore()).GetHealth(context.Request, CancellationToken.None), context);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("healthy", response.Json.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(response.Json.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task GetHealth_StoreUnavailable_LetsTheOutageReachTheProblemMapping()
    {
        var store = Substitute.For<ISensorStore>();
        store.PingAsync(Arg.Any<CancellationToken>()).ThrowsAsync(new StoreUnavailableException("down"));
        var context = HttpTestContext.Create(path: "/api/health");

        await Assert.ThrowsAsync<StoreUnavailableException>(() => new HealthFunctions(store).GetHealth(context.Request, CancellationToken.None));
    }
}
