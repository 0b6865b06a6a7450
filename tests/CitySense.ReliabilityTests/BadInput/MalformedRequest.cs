using System.Text;

namespace CitySense.ReliabilityTests.BadInput;

/// <summary>A request that the API must refuse with a 4xx problem and without changing anything.</summary>
/// <param name="Route">The operation it targets (for coverage), e.g. "POST /sensors".</param>
/// <param name="Flaw">What is wrong with it.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Url">Path and query, already encoded.</param>
/// <param name="Body">The body bytes, if any.</param>
/// <param name="ContentType">The Content-Type header, if any.</param>
public sealed record MalformedRequest(string Route, string Flaw, HttpMethod Method, string Url, byte[]? Body = null, string? ContentType = "application/json")
{
    /// <summary>An If-Match header to send.</summary>
    public string? IfMatch { get; init; }

    /// <summary>
    /// True for a well-formed <c>POST /readings</c> whose items are all invalid: the documented answer is 200 with
    /// an error (a 4xx problem) for every item, and nothing stored.
    /// </summary>
    public bool ItemsInvalid { get; init; }

    public static MalformedRequest WithJson(string route, string flaw, HttpMethod method, string url, string json, string? contentType = "application/json") =>
        new(route, flaw, method, url, Encoding.UTF8.GetBytes(json), contentType);

    public HttpRequestMessage ToHttpRequest()
    {
        var request = new HttpRequestMessage(Method, new Uri(Url, UriKind.Relative));
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        if (IfMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", IfMatch);
        }

        return request;
    }

    public override string ToString()
    {
        var body = Body is null ? "(none)" : Body.Length > 300
            ? $"{Body.Length} bytes: {Escape(Encoding.UTF8.GetString(Body, 0, 300))}…"
            : Escape(Encoding.UTF8.GetString(Body));
        return $"{Route} [{Flaw}] {Method} {Url} Content-Type: {ContentType ?? "(none)"} If-Match: {IfMatch ?? "(none)"} Body: {body}";
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(ch => char.IsControl(ch) ? $"\\u{(int)ch:x4}" : ch.ToString()));
}
