using System.Text.Json;
using CitySense.Core.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CitySense.Functions.Http;

/// <summary>
/// A status, headers and an optional JSON body, written straight to the response with the API's JSON settings.
/// It needs no MVC services, so the Functions host and the DevHost execute it identically.
/// </summary>
public sealed class ApiResult(int statusCode, object? body = null, string contentType = "application/json; charset=utf-8") : IActionResult
{
    public int StatusCode { get; } = statusCode;

    public object? Body { get; } = body;

    public string ContentType { get; } = contentType;

    // Most results carry no header: the dictionary is created by the first one.
    private Dictionary<string, string>? headers;

    public Dictionary<string, string> Headers => headers ??= new(StringComparer.OrdinalIgnoreCase);

    public ApiResult WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                response.Headers[name] = value;
            }
        }

        if (Body is null)
        {
            return;
        }

        response.ContentType = ContentType;
        await JsonSerializer.SerializeAsync(response.Body, Body, Body.GetType(), CitySenseJson.Options, context.HttpContext.RequestAborted);
    }

    /// <summary>Executes the result outside MVC (middleware, DevHost).</summary>
    public Task ExecuteAsync(HttpContext httpContext) =>
        ExecuteResultAsync(new ActionContext { HttpContext = httpContext });
}
