namespace CitySense.Functions.Contracts;

/// <summary>An RFC 9457 problem details document.</summary>
public sealed record ProblemDocument
{
    public required string Type { get; init; }

    public required string Title { get; init; }

    public required int Status { get; init; }

    public required string Detail { get; init; }

    public string? Instance { get; init; }

    public string? TraceId { get; init; }

    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }
}
