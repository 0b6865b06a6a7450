using System.Text.Json;
using CitySense.Core.Audit;

namespace CitySense.Cosmos.Documents;

/// <summary>An audit record in the "audit" container; partition key /pk is its <see cref="AuditMonth"/>.</summary>
internal sealed record AuditDocument
{
    public required string Id { get; init; }

    public required string Pk { get; init; }

    public required string SortKey { get; init; }

    public required DateTimeOffset Time { get; init; }

    public required string CallerId { get; init; }

    public required string Product { get; init; }

    public required AuditTarget Target { get; init; }

    public required string TargetId { get; init; }

    public string? City { get; init; }

    public required AuditOperation Operation { get; init; }

    public JsonElement? Before { get; init; }

    public JsonElement? After { get; init; }

    public string? OldVersion { get; init; }

    public string? NewVersion { get; init; }

    public required string Incarnation { get; init; }

    public required AuditStatus Status { get; init; }

    public static AuditDocument From(AuditRecord record) => new()
    {
        Id = record.Id,
        Pk = record.Month.Key,
        SortKey = record.SortKey,
        Time = record.Time,
        CallerId = record.CallerId,
        Product = record.Product,
        Target = record.Target,
        TargetId = record.TargetId,
        City = record.City,
        Operation = record.Operation,
        Before = record.Before,
        After = record.After,
        OldVersion = record.OldVersion,
        NewVersion = record.NewVersion,
        Incarnation = record.Incarnation,
        Status = record.Status,
    };

    public AuditRecord ToRecord() => new()
    {
        Id = Id,
        Time = Time,
        CallerId = CallerId,
        Product = Product,
        Target = Target,
        TargetId = TargetId,
        City = City,
        Operation = Operation,
        Before = Before,
        After = After,
        OldVersion = OldVersion,
        NewVersion = NewVersion,
        Incarnation = Incarnation,
        Status = Status,
    };
}
