using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CitySense.Testing.Faults;

namespace CitySense.ReliabilityTests.Support;

/// <summary>Checks of RFC 9457 problem answers.</summary>
public static class ProblemAssert
{
    /// <summary>Text that would mean internals leaked into an answer.</summary>
    private static readonly string[] Internals =
    [
        FaultInjectingRequestHandler.Marker, "Exception", "Cosmos", "   at ", "StackTrace", "x-ms-", "ActivityId", "127.0.0.1", "localhost:",
    ];

    /// <summary>Asserts a problem document with the status and, when given, the type; returns it.</summary>
    public static JsonNode IsProblem(HttpStatusCode status, string body, string? contentType, string? type = null)
    {
        Assert.True(
            string.Equals(contentType, "application/problem+json", StringComparison.OrdinalIgnoreCase),
            $"Expected application/problem+json, got '{contentType}': {body}");
        var problem = JsonNode.Parse(body) ?? throw new InvalidOperationException("Empty problem.");
        Assert.Equal((int)status, (int?)problem["status"]);
        Assert.StartsWith("urn:citysense:problem:", (string?)problem["type"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]), body);
        Assert.False(string.IsNullOrEmpty((string?)problem["detail"]), body);
        if (type is not null)
        {
            Assert.Equal("urn:citysense:problem:" + type, (string?)problem["type"]);
        }

        return problem;
    }

    public static async Task<JsonNode> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? type = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.Equal(status, response.StatusCode);
        return IsProblem(status, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType, type);
    }

    /// <summary>A 503 the client can act on: problem+json, Retry-After in whole seconds, nothing about internals.</summary>
    public static async Task<int> IsServiceUnavailableAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        IsProblem(HttpStatusCode.ServiceUnavailable, body, response.Content.Headers.ContentType?.MediaType, "service-unavailable");
        HasNoInternals(body);
        Assert.True(response.Headers.TryGetValues("Retry-After", out var values), "503 without Retry-After: " + body);
        var retryAfter = int.Parse(values.Single(), NumberStyles.None, CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 3600);
        return retryAfter;
    }

    public static void HasNoInternals(string body)
    {
        foreach (var text in Internals)
        {
            Assert.False(body.Contains(text, StringComparison.OrdinalIgnoreCase), $"The answer shows internals ('{text}'): {body}");
        }
    }
}
