using System.Text.Json.Serialization;
using CitySense.Core.Access;
using CitySense.Functions.Http;

namespace CitySense.Functions.Contracts;

/// <summary>An operator's grant as the API returns it, with its ETag also in the body (as sensors carry theirs).</summary>
public sealed record OperatorResponse(
    string CallerId,
    string Name,
    IReadOnlyList<string> Cities,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string CreatedBy,
    string UpdatedBy,
    [property: JsonPropertyName("etag")] string ETag)
{
    public static OperatorResponse From(Grant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return new OperatorResponse(grant.CallerId, grant.Name, grant.Cities, grant.CreatedAt, grant.UpdatedAt, grant.CreatedBy, grant.UpdatedBy, ETags.For(grant.Version));
    }
}
