namespace CitySense.Core.Paging;

/// <summary>One page of a listing and the cursor of the next page (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
