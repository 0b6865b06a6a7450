using System.Text.Json;
using CitySense.Core.Audit;

namespace CitySense.Functions.Contracts;

/// <summary>
/// One entry of the audit trail as the API returns it: who, when, what, and each registration field that changed
/// with its old and new value.
/// </summary>
public sealed record AuditRecordResponse(
    string Id,
    DateTimeOffset Time,
    string CallerId,
    string Product,
    string Operation,
    string TargetType,
    string TargetId,
    string? City,
    IReadOnlyDictionary<string, FieldChange> Changes)
{
    public static AuditRecordResponse From(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var target = record.Target == AuditTarget.Sensor ? "sensor" : "operator";
        var operation = record.Operation switch
        {
            AuditOperation.Created => "created",
            AuditOperation.Updated => "updated",
            _ => "deleted",
        };
        return new AuditRecordResponse(
            record.Id,
            record.Time,
            record.CallerId,
            record.Product,
            $"{target}.{operation}",
            target,
            record.TargetId,
            record.City,
            Diff(record.Before, record.After));
    }

    /// <summary>Every field whose value differs between before and after (all of them for a creation or deletion).</summary>
    private static SortedDictionary<string, FieldChange> Diff(JsonElement? before, JsonElement? after)
    {
        var changes = new SortedDictionary<string, FieldChange>(StringComparer.Ordinal);
        var names = Names(before).Union(Names(after), StringComparer.Ordinal);
        foreach (var name in names)
        {
            JsonElement? old = before is { } b && b.TryGetProperty(name, out var o) ? o : null;
            JsonElement? @new = after is { } a && a.TryGetProperty(name, out var n) ? n : null;
            if (old is null || @new is null || !JsonElement.DeepEquals(old.Value, @new.Value))
            {
                changes[name] = new FieldChange(old, @new);
            }
        }

        return changes;
    }

    private static IEnumerable<string> Names(JsonElement? state) =>
        state is { ValueKind: JsonValueKind.Object } value ? value.EnumerateObject().Select(property => property.Name) : [];
}
