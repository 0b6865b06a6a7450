using System.Text.Json;
using CitySense.Core.Access;
using CitySense.Core.Problems;
using CitySense.Core.Validation;

namespace CitySense.Core.Readings;

/// <summary>
/// The rules a submitted reading must meet (single and batch ingest alike): a valid id when one is given, a timestamp
/// at most 5 minutes ahead and within retention, and a non-empty JSON object payload within the size, property and
/// depth limits. Every broken rule is added to the errors, named by its field.
/// </summary>
public static class ReadingDraftRules
{
    /// <summary>The reading to store, received at <paramref name="now"/>; null when a rule is broken.</summary>
    public static NewReading? Check(Caller caller, ReadingDraft? draft, DateTimeOffset now, int retentionDays, ValidationErrors errors)
    {
        if (draft is null)
        {
            errors.Add("body", "is required");
            return null;
        }

        if (draft.Id is not null && !ReadingId.IsValid(draft.Id))
        {
            errors.Add("id", ReadingId.Rule);
        }

        var timestamp = draft.Timestamp ?? now;
        if (timestamp > now + ApiLimits.MaxFutureSkew)
        {
            errors.Add("timestamp", "must not be more than 5 minutes in the future");
        }
        else if (timestamp < now - TimeSpan.FromDays(retentionDays))
        {
            errors.Add("timestamp", $"must be within the retention period of {retentionDays} days");
        }

        if (draft.Payload is not { ValueKind: not JsonValueKind.Null } payload)
        {
            errors.Add("payload", "is required");
            return null;
        }

        JsonValueRules.CheckObject(
            payload,
            "payload",
            ApiLimits.MaxPayloadBytes,
            ApiLimits.MaxPayloadProperties,
            ApiLimits.MaxPayloadDepth,
            requireProperties: true,
            errors);
        if (errors.Any)
        {
            return null;
        }

        var id = draft.Id ?? ReadingId.New();
        return new NewReading
        {
            Id = id,
            Timestamp = timestamp,
            ReceivedAt = now,
            Payload = payload.Clone(),
            SortKey = SortKeys.For(timestamp, id),
            IngestedBy = caller.Id,
        };
    }
}
