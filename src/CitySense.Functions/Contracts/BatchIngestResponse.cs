namespace CitySense.Functions.Contracts;

/// <summary>Body of a <c>POST /readings</c> answer: one result per item and the totals.</summary>
public sealed record BatchIngestResponse(IReadOnlyList<BatchItemResult> Results, int Created, int Duplicates, int Errors);
