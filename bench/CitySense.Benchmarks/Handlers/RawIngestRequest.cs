using System.Text.Json;

namespace CitySense.Benchmarks.Handlers;

/// <summary>The same request shape as CitySense's IngestReadingRequest, bound by minimal-API body binding.</summary>
public sealed record RawIngestRequest(string? Id, DateTimeOffset? Timestamp, JsonElement? Payload);
