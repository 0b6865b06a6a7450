using System.Net;
using CitySense.ReliabilityTests.Support;

namespace CitySense.ReliabilityTests.Security;

/// <summary>
/// A request no function takes — an unknown path, or a method a known route does not have — is refused the way API
/// Management refuses it in Azure: 404 as a problem document (never an empty 405 or 404), and nothing is changed.
/// </summary>
public sealed class UnknownOperationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("PATCH", "/api/sensors/{0}")]
    [InlineData("POST", "/api/sensors/{0}")]
    [InlineData("DELETE", "/api/sensors")]
    [InlineData("PUT", "/api/readings")]
    [InlineData("GET", "/api/nothing-here")]
    [InlineData("GET", "/api/sensors/{0}/readings/latest/extra")]
    public async Task UnknownMethodOrPath_404ProblemAndSensorUnchanged(string method, string template)
    {
        var sensorId = await ApiCalls.CreateSensorAsync(fixture.Client, ApiCalls.NewCity("routes"));
        var before = await fixture.Client.GetJsonAsync($"/api/sensors/{sensorId}");
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, sensorId), UriKind.Relative))
        {
            Content = method is "GET" or "DELETE" ? null : ApiCalls.Json(new { status = "inactive" }),
        };

        using var response = await fixture.Client.SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not-found");
        Assert.Contains(method, (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(before.ToJsonString(), (await fixture.Client.GetJsonAsync($"/api/sensors/{sensorId}")).ToJsonString());
    }
}
