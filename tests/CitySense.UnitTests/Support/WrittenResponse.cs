using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CitySense.UnitTests.Support;

/// <summary>A response as a client would see it.</summary>
internal sealed record WrittenResponse(int StatusCode, IHeaderDictionary Headers, string? ContentType, string Body)
{
    public JsonElement Json => JsonText.Element(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value.ToString() : null;
}
