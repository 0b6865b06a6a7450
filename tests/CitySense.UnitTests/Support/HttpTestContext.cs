using System.Text;
using CitySense.Core.Access;
using CitySense.Functions.Http;
using CitySense.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CitySense.UnitTests.Support;

/// <summary>
/// Builds a request on a <see cref="DefaultHttpContext"/>, and writes a result to it as the host would, for the tests
/// where the bytes on the wire are the point.
/// </summary>
internal static class HttpTestContext
{
    // What typed results read from request services when they execute (JSON options, loggers), registered the way the
    // app registers them; nothing here is resolved that would need a database.
    public static readonly IServiceProvider Services = new ServiceCollection()
        .AddLogging()
        .AddCitySense(new ConfigurationBuilder().Build())
        .BuildServiceProvider();

    public static DefaultHttpContext Create(
        string method = "GET",
        string path = "/api/sensors",
        string? query = null,
        string? body = null,
        string? contentType = "application/json",
        bool sendContentLength = true,
        Caller? caller = null)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = method;
        context.Request.Path = path;

        // What API Management sets after checking the subscription key, unless a test says otherwise: reads as a public
        // key (the shared-cacheable answers most callers get), anything else as an admin.
        var asCaller = caller ?? (HttpMethods.IsGet(method) ? TestCallers.Public : TestCallers.Admin);
        context.Request.Headers[CallerHeaders.Caller] = asCaller.Id;
        context.Request.Headers[CallerHeaders.Product] = CallerHeaders.ValueOf(asCaller.Product);
        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            if (sendContentLength)
            {
                context.Request.ContentLength = bytes.Length;
            }
        }

        if (contentType is not null)
        {
            context.Request.ContentType = contentType;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    /// <summary>Executes <paramref name="result"/> on a new context and returns the response as a client sees it.</summary>
    public static Task<WrittenResponse> ExecuteAsync(IResult result, string path = "/api/sensors") =>
        ExecuteAsync(result, Create(path: path));

    public static async Task<WrittenResponse> ExecuteAsync(IResult result, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(result);
        await result.ExecuteAsync(context);
        var body = Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        return new WrittenResponse(context.Response.StatusCode, context.Response.Headers, context.Response.ContentType, body);
    }
}
