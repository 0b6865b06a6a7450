using System.Text.Json.Serialization;

namespace CitySense.Functions.Contracts;

/// <summary>A page as the API returns it: <c>{items, nextCursor}</c>, nextCursor null on the last page.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NextCursor);
