using CitySense.Core.Access;

namespace CitySense.Functions.Contracts;

/// <summary>An operator's grant as the API returns it.</summary>
public sealed record OperatorResponse(
    string CallerId,
    string Name,
    IReadOnlyList<string> Cities,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string CreatedBy,
    string UpdatedBy)
{
    public static OperatorResponse From(Grant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return new OperatorResponse(grant.CallerId, grant.Name, grant.Cities, grant.CreatedAt, grant.UpdatedAt, grant.CreatedBy, grant.UpdatedBy);
    }
}
