using System.Text.Json;

namespace CitySense.Core.Readings;

/// <summary>A reading as a client proposes it; <see cref="IngestService"/> checks every field.</summary>
public sealed record ReadingDraft
{
    /// <summary>The client's id, which makes retries safe; one is generated when absent.</summary>
    public string? Id { get; init; }

    /// <summary>When it was measured; the time of arrival when absent.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    public JsonElement? Payload { get; init; }
}
