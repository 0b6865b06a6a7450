using CitySense.Core.Access;

namespace CitySense.Cosmos.Documents;

/// <summary>A grant in the "grants" container (partition key /id); id is the operator's caller id.</summary>
internal sealed record GrantDocument
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required IReadOnlyList<string> Cities { get; init; }

    public required string Version { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public required string UpdatedBy { get; init; }

    public static GrantDocument From(Grant grant) => new()
    {
        Id = grant.CallerId,
        Name = grant.Name,
        Cities = grant.Cities,
        Version = grant.Version,
        CreatedAt = grant.CreatedAt,
        UpdatedAt = grant.UpdatedAt,
        CreatedBy = grant.CreatedBy,
        UpdatedBy = grant.UpdatedBy,
    };

    public Grant ToGrant() => new()
    {
        CallerId = Id,
        Name = Name,
        Cities = Cities,
        Version = Version,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        CreatedBy = CreatedBy,
        UpdatedBy = UpdatedBy,
    };
}
