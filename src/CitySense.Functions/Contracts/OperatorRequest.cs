using CitySense.Core.Access;

namespace CitySense.Functions.Contracts;

/// <summary>Body of <c>PUT /operators/{callerId}</c>: who the operator is and the cities it may write in.</summary>
public sealed record OperatorRequest
{
    public string? Name { get; init; }

    public IReadOnlyList<string?>? Cities { get; init; }

    public GrantDraft ToDraft() => new() { Name = Name, Cities = Cities };
}
