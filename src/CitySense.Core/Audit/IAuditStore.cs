namespace CitySense.Core.Audit;

/// <summary>Where the audit trail is kept, one partition per <see cref="AuditMonth"/>.</summary>
public interface IAuditStore
{
    Task CreateAsync(AuditRecord record, CancellationToken cancellationToken);

    Task SetStatusAsync(AuditRecord record, AuditStatus status, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="take"/> records of one month that pass <paramref name="filter"/>, with
    /// <paramref name="fromKey"/> &lt;= sort key &lt; <paramref name="beforeKey"/>, newest first; abandoned ones left out.
    /// </summary>
    Task<IReadOnlyList<AuditRecord>> ListAsync(
        AuditMonth month,
        AuditFilter filter,
        string fromKey,
        string beforeKey,
        int take,
        CancellationToken cancellationToken);

    /// <summary>A record of any month (not abandoned) that changed the target starting from <paramref name="oldVersion"/>.</summary>
    Task<AuditRecord?> FindChangeFromAsync(AuditTarget target, string targetId, string oldVersion, CancellationToken cancellationToken);
}
