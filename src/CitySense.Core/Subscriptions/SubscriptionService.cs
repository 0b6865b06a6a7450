using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using CitySense.Core.Access;
using CitySense.Core.Paging;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using CitySense.Core.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CitySense.Core.Subscriptions;

/// <summary>
/// Webhook subscriptions: any caller may subscribe (public keys included); a caller sees and manages only its own
/// subscriptions, admins everyone's. Targets pass <see cref="WebhookTargetGuard"/> on every create and replace.
/// Changes are conditional on the version read (ETags), so two writers never silently overwrite each other.
/// </summary>
public sealed partial class SubscriptionService(
    ISubscriptionStore store,
    SubscriptionSnapshot snapshot,
    WebhookTargetGuard targets,
    TimeProvider clock,
    IOptions<WebhookOptions> options,
    ILogger<SubscriptionService> logger)
{
    private const string SecretPrefix = "whsec_";

    public static bool IsValidId([NotNullWhen(true)] string? id) => id is not null && IdPattern().IsMatch(id);

    public async Task<Outcome<Subscription>> CreateAsync(Caller caller, SubscriptionDraft? draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var checkedDraft = await CheckAsync(draft, cancellationToken);
        if (!checkedDraft.Succeeded)
        {
            return checkedDraft.Problem;
        }

        var max = options.Value.MaxSubscriptionsPerCaller;
        if (await store.CountAsync(caller.Id, cancellationToken) >= max)
        {
            return SubscriptionProblems.LimitReached(max);
        }

        var (url, description, filter, status) = checkedDraft.Value;
        var now = clock.GetUtcNow();
        var subscription = WithStatus(new Subscription
        {
            Id = "sub_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            OwnerId = caller.Id,
            Url = url,
            Description = description,
            Filter = filter,
            Secret = NewSecret(),
            Version = NewVersion(),
            CreatedAt = now,
            UpdatedAt = now,
        }, status, now);

        // 128 random bits: a clash is not expected, but would be refused by the store rather than overwrite.
        var created = await store.TryCreateAsync(subscription, cancellationToken);

        // After the write: a snapshot loaded from now on holds it, and this instance's next reading waits for one.
        snapshot.Invalidate();
        if (!created)
        {
            throw new InvalidOperationException("A new subscription id is already taken.");
        }

        LogCreated(subscription.Id, caller.Id);
        return subscription;
    }

    public async Task<Outcome<Subscription>> GetAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return await FindOwnAsync(caller, id, cancellationToken) is { } subscription ? subscription : SubscriptionProblems.Unknown(id);
    }

    /// <summary>The caller's subscriptions (an admin's: everyone's) in id order, one page at a time.</summary>
    public async Task<Outcome<Page<Subscription>>> ListAsync(Caller caller, int limit, string? cursor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        SubscriptionListCursor? position = null;
        if (cursor is not null && (!CursorCodec.TryDecode(cursor, out position) || !IsValidId(position.After)))
        {
            return Problem.Validation("cursor", "is not a cursor returned by this listing");
        }

        var owner = caller.Product == CallerProduct.Admin ? null : caller.Id;
        var subscriptions = await store.ListAsync(owner, position?.After, limit + 1, cancellationToken);
        var items = subscriptions.Take(limit).ToList();
        return new Page<Subscription>(items, subscriptions.Count > limit ? CursorCodec.Encode(new SubscriptionListCursor(items[^1].Id)) : null);
    }

    /// <summary>Replaces url, description and filter; the secret stays. With If-Match, only while at that version.</summary>
    public async Task<Outcome<Subscription>> ReplaceAsync(
        Caller caller,
        string id,
        SubscriptionDraft? draft,
        IReadOnlyList<string>? expectedVersions,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var checkedDraft = await CheckAsync(draft, cancellationToken);
        if (!checkedDraft.Succeeded)
        {
            return checkedDraft.Problem;
        }

        var (url, description, filter, status) = checkedDraft.Value;
        var now = clock.GetUtcNow();
        return await ChangeAsync(
            caller,
            id,
            expectedVersions,
            current => WithStatus(current with { Url = url, Description = description, Filter = filter }, status, now),
            cancellationToken);
    }

    /// <summary>
    /// A new signing secret. The one it replaces keeps signing (deliveries carry both signatures) for the grace period,
    /// so receivers can switch without rejecting a delivery.
    /// </summary>
    public Task<Outcome<Subscription>> RotateSecretAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var now = clock.GetUtcNow();
        return ChangeAsync(
            caller,
            id,
            expectedVersions: null,
            current => current with
            {
                Secret = NewSecret(),
                PreviousSecret = current.Secret,
                PreviousSecretExpiresAt = now + options.Value.SecretGracePeriod,
            },
            cancellationToken);
    }

    public async Task<Outcome<string>> DeleteAsync(Caller caller, string id, IReadOnlyList<string>? expectedVersions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (await FindOwnAsync(caller, id, cancellationToken) is not { } current)
        {
            return SubscriptionProblems.Unknown(id);
        }

        if (expectedVersions is not null && !expectedVersions.Contains(current.Version))
        {
            return SubscriptionProblems.Changed(id);
        }

        var deleted = await store.DeleteAsync(id, current.Version, cancellationToken);
        snapshot.Invalidate();
        switch (deleted)
        {
            case StoreWriteStatus.Written:
                LogDeleted(id, caller.Id);
                return id;
            case StoreWriteStatus.NotFound:
                return SubscriptionProblems.Unknown(id);
            default:
                return SubscriptionProblems.Changed(id);
        }
    }

    private async Task<Outcome<Subscription>> ChangeAsync(
        Caller caller,
        string id,
        IReadOnlyList<string>? expectedVersions,
        Func<Subscription, Subscription> change,
        CancellationToken cancellationToken)
    {
        if (await FindOwnAsync(caller, id, cancellationToken) is not { } current)
        {
            return SubscriptionProblems.Unknown(id);
        }

        if (expectedVersions is not null && !expectedVersions.Contains(current.Version))
        {
            return SubscriptionProblems.Changed(id);
        }

        var changed = change(current) with { Version = NewVersion(), UpdatedAt = clock.GetUtcNow() };
        var replaced = await store.ReplaceAsync(changed, current.Version, cancellationToken);
        snapshot.Invalidate();
        return replaced switch
        {
            StoreWriteStatus.Written => changed,
            StoreWriteStatus.NotFound => SubscriptionProblems.Unknown(id),
            _ => SubscriptionProblems.Changed(id),
        };
    }

    /// <summary>The subscription, if it exists and the caller may see it (its owner, or an admin).</summary>
    private async Task<Subscription?> FindOwnAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var subscription = await store.FindAsync(id, cancellationToken);
        return subscription is not null && (caller.Product == CallerProduct.Admin || subscription.OwnerId == caller.Id) ? subscription : null;
    }

    /// <summary>
    /// The subscription with the status asked for: active clears the disabled and failing marks (a fresh start);
    /// disabled by its owner keeps an earlier disabling's time and reason. No status asked for keeps the current one.
    /// </summary>
    private static Subscription WithStatus(Subscription subscription, SubscriptionStatus? status, DateTimeOffset now) => status switch
    {
        SubscriptionStatus.Active => subscription with { Status = SubscriptionStatus.Active, FailingSince = null, DisabledAt = null, DisabledReason = null },
        SubscriptionStatus.Disabled when subscription.Status != SubscriptionStatus.Disabled =>
            subscription with { Status = SubscriptionStatus.Disabled, DisabledAt = now, DisabledReason = "Disabled by its owner." },
        _ => subscription,
    };

    private async Task<Outcome<(string Url, string? Description, SubscriptionFilter Filter, SubscriptionStatus? Status)>> CheckAsync(SubscriptionDraft? draft, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (draft is null)
        {
            errors.Add("body", "is required");
            return errors.ToProblem();
        }

        var description = SubscriptionRules.CheckDescription(draft.Description, errors);
        var filter = SubscriptionRules.CheckFilter(draft.Filter, errors);
        SubscriptionStatus? status = draft.Status switch
        {
            null => null,
            "active" => SubscriptionStatus.Active,
            "disabled" => SubscriptionStatus.Disabled,
            _ => null,
        };
        if (draft.Status is not null && status is null)
        {
            errors.Add("status", SubscriptionProblems.StatusRule);
        }

        // The target is resolved last, and only for an otherwise valid request: a bad body costs no DNS lookup.
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var url = await targets.CheckAsync(draft.Url, "url", errors, cancellationToken);
        return errors.Any ? errors.ToProblem() : (url!.AbsoluteUri, description, filter!, status);
    }

    /// <summary>A Standard Webhooks secret: "whsec_" and the base64 of 32 random bytes.</summary>
    private static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new version token (the ETag's value).</summary>
    public static string NewVersion() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    [GeneratedRegex("^sub_[0-9a-f]{32}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Created subscription {SubscriptionId} for {CallerId}")]
    private partial void LogCreated(string subscriptionId, string callerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted subscription {SubscriptionId} for {CallerId}")]
    private partial void LogDeleted(string subscriptionId, string callerId);
}
