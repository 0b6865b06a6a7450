using System.Text.Json.Serialization;
using CitySense.Core.Readings;
using CitySense.Functions.Http;

namespace CitySense.Functions.Contracts;

/// <summary>The result of one batch item, in input order.</summary>
public sealed record BatchItemResult(
    int Index,
    string? SensorId,
    [property: JsonPropertyName("status")] string Status,
    ReadingResponse? Reading,
    ProblemDocument? Problem);
