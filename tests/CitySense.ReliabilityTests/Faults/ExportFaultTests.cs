using System.Net;
using CitySense.ReliabilityTests.Support;
using CitySense.Testing.Faults;

namespace CitySense.ReliabilityTests.Faults;

/// <summary>
/// Faults while a CSV export streams. The function returns its result before the body is written (under the
/// Functions worker and the DevHost alike), so these faults happen while the result executes: nothing sent yet gives
/// the 503 problem with Retry-After; rows already sent end in an aborted response, never a 200 that looks complete.
/// </summary>
public sealed class ExportFaultTests(FaultFixture fixture) : IClassFixture<FaultFixture>
{
    private const int Readings = 1500;

    private readonly HttpClient client = fixture.Client;

    [Fact]
    public async Task Export_FaultOnTheFirstReadOfTheWritingPass_503ProblemWithRetryAfter()
    {
        var (sensorId, queries) = await SensorWithHistoryAsync();

        // The export reads the range twice; the first query of the second (writing) pass fails.
        fixture.Faults.Apply(FaultRule.Always(CosmosOperation.Query, FaultKind.ServiceUnavailable) with { PassFirst = queries / 2 });
        try
        {
            using var response = await client.GetAsync(new Uri($"/api/sensors/{sensorId}/readings?format=csv", UriKind.Relative));

            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "service-unavailable");
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.False(response.Content.Headers.Contains("Content-Disposition"));
        }
        finally
        {
            fixture.Faults.Clear();
        }
    }

    [Fact]
    public async Task Export_FaultAfterRowsWereSent_ResponseAbortedNeverACompleteOk()
    {
        var (sensorId, queries) = await SensorWithHistoryAsync();

        // Every query but the writing pass's last passes: by then rows have been written and flushed.
        var injectedBefore = fixture.Faults.Injected.Count;
        fixture.Faults.Apply(FaultRule.Always(CosmosOperation.Query, FaultKind.ServiceUnavailable) with { PassFirst = queries - 1 });
        try
        {
            using var response = await client.GetAsync(
                new Uri($"/api/sensors/{sensorId}/readings?format=csv", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            var read = await Record.ExceptionAsync(() => response.Content.ReadAsStringAsync());

            Assert.NotNull(read);
            Assert.True(read is HttpRequestException or IOException, $"Expected the body to break off, got {read.GetType().Name}: {read.Message}");
            Assert.Single(fixture.Faults.Injected.Skip(injectedBefore));
        }
        finally
        {
            fixture.Faults.Clear();
        }
    }

    /// <summary>
    /// A sensor with <see cref="Readings"/> readings (two store pages), and how many queries a whole export of it
    /// sends when nothing fails.
    /// </summary>
    private async Task<(string SensorId, int Queries)> SensorWithHistoryAsync()
    {
        var sensorId = await ApiCalls.CreateSensorAsync(fixture.CleanClient, ApiCalls.NewCity("export"));
        var start = DateTimeOffset.UtcNow.AddSeconds(-Readings - 60);
        var readings = Enumerable.Range(0, Readings)
            .Select(i => (object)new { sensorId, id = $"r{i:D4}", timestamp = start.AddSeconds(i), payload = new { v = i } });
        foreach (var chunk in readings.Chunk(500))
        {
            using var stored = await fixture.CleanClient.PostAsync(new Uri("/api/readings", UriKind.Relative), ApiCalls.Json(new { readings = chunk }));
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        }

        var counting = new FaultRule(CosmosOperation.Query, 0.0, [FaultKind.ServiceUnavailable]);
        fixture.Faults.Apply(counting);
        try
        {
            using var export = await client.GetAsync(new Uri($"/api/sensors/{sensorId}/readings?format=csv", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
            var lines = (await export.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(Readings + 1, lines.Length);
            var queries = fixture.Faults.Seen(counting);
            Assert.True(queries % 2 == 0, $"The two passes of an export should send the same queries; saw {queries}.");
            return (sensorId, queries);
        }
        finally
        {
            fixture.Faults.Clear();
        }
    }
}
