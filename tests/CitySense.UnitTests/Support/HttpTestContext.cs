using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CitySense.UnitTests.Support;

/// <summary>Builds a request on a <see cref="DefaultHttpContext"/> and reads what a result wrote to it.</summary>
internal static class HttpTestContext
{
    public static DefaultHttpContext Create(
        string method = "GET",
        string path = "/api/sensors",
        string? query = null,
        string? body = null,
        string? contentType = "application/json",
        bool sendContentLength = true)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
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

    public static async Task<WrittenResponse> ExecuteAsync(IActionResult result, HttpContext context)
    {
        await result.ExecuteResultAsync(new ActionContext { HttpContext = context });
        var body = Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        return new WrittenResponse(context.Response.StatusCode, context.Response.Headers, context.Response.ContentType, body);
    }
}
