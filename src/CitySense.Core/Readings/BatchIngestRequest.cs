namespace CitySense.Core.Readings;

/// <summary>Body of <c>POST /readings</c>: readings of one or more sensors.</summary>
public sealed record BatchIngestRequest
{
    public IReadOnlyList<BatchReadingInput?>? Readings { get; init; }
}
