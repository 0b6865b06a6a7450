using System.Security.Cryptography;
using System.Text.Json;
using CitySense.Core.Audit;
using CitySense.Core.Paging;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using Microsoft.Extensions.Logging;

namespace CitySense.Core.Access;

/// <summary>
/// Grants of cities to operators, managed by admins: idempotent PUT with ETags, listing, lookup and removal. Every
/// change is recorded in the audit trail before it is made. A grant is read on each operator request, so a change
/// takes effect on the caller's next request.
/// </summary>
public sealed partial class GrantService(IGrantStore store, AuditTrail audit, TimeProvider clock, ILogger<GrantService> logger)
{
    public const int MaxCities = 100;
    public const int MaxNameLength = 200;

    public async Task<Outcome<GrantWrite>> PutAsync(
        Caller caller,
        string callerId,
        GrantDraft? draft,
        IReadOnlyList<string>? expectedVersions,
        CancellationToken cancellationToken)
    {
        var admin = AccessPolicy.RequireAdmin(caller);
        if (!admin.Succeeded)
        {
            return admin.Problem;
        }

        var errors = new ValidationErrors();
        if (draft is null)
        {
            errors.Add("body", "is required");
            return errors.ToProblem();
        }

        if (string.IsNullOrWhiteSpace(draft.Name) || draft.Name.Length > MaxNameLength)
        {
            errors.Add("name", $"is required, 1-{MaxNameLength} characters");
        }

        var cities = new List<string>();
        if (draft.Cities is null)
        {
            errors.Add("cities", "is required (an empty list grants nothing)");
        }
        else if (draft.Cities.Count > MaxCities)
        {
            errors.Add("cities", $"must have at most {MaxCities} cities (had {draft.Cities.Count})");
        }
        else
        {
            for (var i = 0; i < draft.Cities.Count; i++)
            {
                if (!Slug.IsValid(draft.Cities[i]))
                {
                    errors.Add($"cities[{i}]", Slug.Rule);
                }
                else if (!cities.Contains(draft.Cities[i]!))
                {
                    cities.Add(draft.Cities[i]!);
                }
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var current = await store.FindAsync(callerId, cancellationToken);
        if (expectedVersions is not null && (current is null || !expectedVersions.Contains(current.Version)))
        {
            return GrantProblems.Changed(callerId);
        }

        var name = draft.Name!.Trim();
        if (current is not null && current.Name == name && current.Cities.SequenceEqual(cities))
        {
            // The same grant again: nothing changes, nothing to record.
            return new GrantWrite(current, Created: false);
        }

        var now = clock.GetUtcNow();
        var grant = new Grant
        {
            CallerId = callerId,
            Name = name,
            Cities = cities,
            Version = NewToken(),
            CreatedAt = current?.CreatedAt ?? now,
            UpdatedAt = now,
            CreatedBy = current?.CreatedBy ?? caller.Id,
            UpdatedBy = caller.Id,
        };
        var record = Record(
            caller,
            current is null ? AuditOperation.Created : AuditOperation.Updated,
            callerId,
            GrantAuditState.Incarnation(grant),
            current is null ? null : GrantAuditState.Of(current.Name, current.Cities),
            GrantAuditState.Of(grant.Name, grant.Cities),
            current?.Version,
            grant.Version,
            now);
        await audit.BeginAsync(record, cancellationToken);
        var written = current is null
            ? await store.TryCreateAsync(grant, cancellationToken)
            : await store.ReplaceAsync(grant, current.Version, cancellationToken) == StoreWriteStatus.Written;
        if (written || await audit.ResolveAsync(record, cancellationToken) == AuditStatus.Committed)
        {
            await audit.CommitAsync(record, cancellationToken);
            LogGranted(callerId, cities.Count, caller.Id);
            return new GrantWrite(grant, Created: current is null);
        }

        return GrantProblems.Changed(callerId);
    }

    public async Task<Outcome<Grant>> GetAsync(Caller caller, string callerId, CancellationToken cancellationToken)
    {
        var admin = AccessPolicy.RequireAdmin(caller);
        if (!admin.Succeeded)
        {
            return admin.Problem;
        }

        return await store.FindAsync(callerId, cancellationToken) is { } grant ? grant : GrantProblems.Unknown(callerId);
    }

    /// <summary>Grants in caller id order, one page at a time.</summary>
    public async Task<Outcome<Page<Grant>>> ListAsync(Caller caller, int limit, string? cursor, CancellationToken cancellationToken)
    {
        var admin = AccessPolicy.RequireAdmin(caller);
        if (!admin.Succeeded)
        {
            return admin.Problem;
        }

        GrantListCursor? position = null;
        if (cursor is not null && (!CursorCodec.TryDecode(cursor, out position) || !Caller.IsValidId(position.After)))
        {
            return Problem.Validation("cursor", "is not a cursor returned by this listing");
        }

        var grants = await store.ListAsync(position?.After, limit + 1, cancellationToken);
        var items = grants.Take(limit).ToList();
        return new Page<Grant>(items, grants.Count > limit ? CursorCodec.Encode(new GrantListCursor(items[^1].CallerId)) : null);
    }

    public async Task<Outcome<string>> DeleteAsync(
        Caller caller,
        string callerId,
        IReadOnlyList<string>? expectedVersions,
        CancellationToken cancellationToken)
    {
        var admin = AccessPolicy.RequireAdmin(caller);
        if (!admin.Succeeded)
        {
            return admin.Problem;
        }

        var current = await store.FindAsync(callerId, cancellationToken);
        if (current is null)
        {
            return GrantProblems.Unknown(callerId);
        }

        if (expectedVersions is not null && !expectedVersions.Contains(current.Version))
        {
            return GrantProblems.Changed(callerId);
        }

        var record = Record(
            caller,
            AuditOperation.Deleted,
            callerId,
            GrantAuditState.Incarnation(current),
            GrantAuditState.Of(current.Name, current.Cities),
            null,
            current.Version,
            null,
            clock.GetUtcNow());
        await audit.BeginAsync(record, cancellationToken);
        if (await store.DeleteAsync(callerId, current.Version, cancellationToken) == StoreWriteStatus.Written
            || await audit.ResolveAsync(record, cancellationToken) == AuditStatus.Committed)
        {
            await audit.CommitAsync(record, cancellationToken);
            LogRevoked(callerId, caller.Id);
            return callerId;
        }

        return GrantProblems.Changed(callerId);
    }

    private static AuditRecord Record(
        Caller caller,
        AuditOperation operation,
        string id,
        string incarnation,
        JsonElement? before,
        JsonElement? after,
        string? oldVersion,
        string? newVersion,
        DateTimeOffset time) =>
        AuditRecord.Pending(caller, AuditTarget.Grant, id, null, operation, incarnation, (before, after), (oldVersion, newVersion), time);

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    [LoggerMessage(Level = LogLevel.Information, Message = "Granted {CityCount} cities to {GrantedCallerId} for {CallerId}")]
    private partial void LogGranted(string grantedCallerId, int cityCount, string callerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked the grant of {GrantedCallerId} for {CallerId}")]
    private partial void LogRevoked(string grantedCallerId, string callerId);
}
