using System.Diagnostics;
using System.Net;
using CitySense.Cosmos;
using CitySense.ReliabilityTests.Support;
using CitySense.Testing.Faults;
using Microsoft.Azure.Cosmos;

namespace CitySense.ReliabilityTests.Faults;

/// <summary>
/// The Cosmos client's retry settings at work: throttling is injected under the SDK (as HTTP answers of the
/// gateway), so the SDK's own retry policy runs with the app's settings before the app sees anything.
/// </summary>
public sealed class CosmosRetrySettingsTests(ThrottledTransportFixture fixture) : IClassFixture<ThrottledTransportFixture>
{
    private readonly HttpClient client = fixture.Client;

    [Fact]
    public void ClientOptions_AppFactory_RetryThrottlingThreeTimesWithinFiveSecondsAndTimeOutAfterTenSeconds()
    {
        using var cosmos = CosmosClientFactory.Create(new CosmosOptions { Endpoint = "http://127.0.0.1:8081/", Key = "a2V5" });

        Assert.Equal(3, cosmos.ClientOptions.MaxRetryAttemptsOnRateLimitedRequests);
        Assert.Equal(TimeSpan.FromSeconds(5), cosmos.ClientOptions.MaxRetryWaitTimeOnRateLimitedRequests);
        Assert.Equal(TimeSpan.FromSeconds(10), cosmos.ClientOptions.RequestTimeout);
    }

    [Fact]
    public async Task GetSensor_ThrottledThreeTimes_SdkRetriesAndAnswers200()
    {
        var sensorId = await ApiCalls.CreateSensorAsync(client, ApiCalls.NewCity("retry"));
        fixture.Transport.Reset();
        fixture.Transport.RetryAfter = TimeSpan.FromMilliseconds(20);
        fixture.Transport.Throttle = 3;

        using var response = await client.GetAsync(new Uri($"/api/sensors/{sensorId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, fixture.Transport.DocumentRequests);
    }

    [Fact]
    public async Task GetSensor_AlwaysThrottled_FourAttemptsThen503WithRetryAfter()
    {
        var sensorId = await ApiCalls.CreateSensorAsync(client, ApiCalls.NewCity("retry"));
        fixture.Transport.Reset();
        fixture.Transport.RetryAfter = TimeSpan.FromMilliseconds(20);
        fixture.Transport.Throttle = int.MaxValue;
        HttpResponseMessage response;
        try
        {
            response = await client.GetAsync(new Uri($"/api/sensors/{sensorId}", UriKind.Relative));
        }
        finally
        {
            fixture.Transport.Throttle = 0;
        }

        await ProblemAssert.IsServiceUnavailableAsync(response);
        Assert.Equal(4, fixture.Transport.DocumentRequests);
    }

    [Fact]
    public async Task Ingest_AlwaysThrottledWithLongRetryAfter_GivesUpWithinTheFiveSecondBudget()
    {
        var sensorId = await ApiCalls.CreateSensorAsync(client, ApiCalls.NewCity("retry"));
        fixture.Transport.Reset();
        fixture.Transport.RetryAfter = TimeSpan.FromSeconds(2);
        fixture.Transport.Throttle = int.MaxValue;
        var watch = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await ApiCalls.IngestAsync(client, sensorId, new { id = "r1", payload = new { v = 1 } });
        }
        finally
        {
            fixture.Transport.Throttle = 0;
        }

        watch.Stop();
        Assert.Equal(2, await ProblemAssert.IsServiceUnavailableAsync(response));
        Assert.InRange(fixture.Transport.DocumentRequests, 2, 3);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6));
        Assert.Empty(await ApiCalls.ReadHistoryAsync(client, sensorId));
    }
}
