using CitySense.Core.Readings;

namespace CitySense.Functions.Contracts;

/// <summary>Body of <c>POST /readings</c>: readings of one or more sensors.</summary>
public sealed record BatchIngestRequest
{
    public IReadOnlyList<BatchReadingInput?>? Readings { get; init; }

    /// <summary>The items as the ingest service takes them; null when the body had no <c>readings</c> array.</summary>
    public IReadOnlyList<BatchItem?>? ToItems() => Readings?.Select(item => item?.ToItem()).ToList();
}
