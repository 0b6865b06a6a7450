using System.Text.Json;
using CitySense.Core.Sensors;

namespace CitySense.Cosmos.Documents;

/// <summary>The latest reading, embedded in its sensor document.</summary>
internal sealed record LatestDocument
{
    public required string Id { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required JsonElement Payload { get; init; }

    public required string SortKey { get; init; }

    public string? IngestedBy { get; init; }

    public static LatestDocument From(LatestReading latest) => new()
    {
        Id = latest.Id,
        Timestamp = latest.Timestamp,
        ReceivedAt = latest.ReceivedAt,
        Payload = latest.Payload,
        SortKey = latest.SortKey,
        IngestedBy = latest.IngestedBy,
    };

    public LatestReading ToLatest() => new()
    {
        Id = Id,
        Timestamp = Timestamp,
        ReceivedAt = ReceivedAt,
        Payload = Payload,
        SortKey = SortKey,
        IngestedBy = IngestedBy,
    };
}
