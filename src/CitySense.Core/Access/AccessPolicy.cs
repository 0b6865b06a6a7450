using CitySense.Core.Problems;

namespace CitySense.Core.Access;

/// <summary>
/// The one place that answers "what may this caller do": public keys read, operator keys write in the cities granted
/// to them, admin keys do everything. A decision costs at most one point read (an operator's grant) and none for
/// public or admin callers. Grants are read on every request, never cached, so a change takes effect at once.
/// </summary>
public sealed class AccessPolicy(IGrantStore grants)
{
    /// <summary>Where the caller may write (create, change, delete sensors; ingest readings); public keys nowhere.</summary>
    public async Task<Outcome<CityAccess>> ForWritesAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Product switch
        {
            CallerProduct.Admin => CityAccess.Everywhere,
            CallerProduct.Operator => await GrantedAsync(caller, cancellationToken),
            _ => AccessProblems.ProductMayNotWrite(caller.Product),
        };
    }

    /// <summary>
    /// Whose ids the caller may see on sensors and readings (createdBy, updatedBy, ingestedBy): an admin's all, an
    /// operator's in its cities, a public caller's none — without a read for public callers.
    /// </summary>
    public async Task<CityAccess> ForCallerIdsAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Product switch
        {
            CallerProduct.Admin => CityAccess.Everywhere,
            CallerProduct.Operator => await GrantedAsync(caller, cancellationToken),
            _ => CityAccess.Nowhere,
        };
    }

    /// <summary>Grants and the whole audit trail are for admins.</summary>
    public static Outcome<Caller> RequireAdmin(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Product == CallerProduct.Admin ? caller : AccessProblems.AdminOnly(caller.Product);
    }

    private async Task<CityAccess> GrantedAsync(Caller caller, CancellationToken cancellationToken)
    {
        var grant = await grants.FindAsync(caller.Id, cancellationToken);
        return CityAccess.Only(grant?.Cities ?? []);
    }
}
