namespace CitySense.Core.Access;

/// <summary>A grant as an admin proposes it; <see cref="GrantService"/> checks every field.</summary>
public sealed record GrantDraft
{
    public string? Name { get; init; }

    public IReadOnlyList<string?>? Cities { get; init; }
}
