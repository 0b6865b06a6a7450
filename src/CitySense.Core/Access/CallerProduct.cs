namespace CitySense.Core.Access;

/// <summary>The API Management product a caller's key belongs to: what the caller may do.</summary>
public enum CallerProduct
{
    /// <summary>Reads (self sign-up).</summary>
    Public,

    /// <summary>Reads, and writes in the cities granted to the caller (approval).</summary>
    Operator,

    /// <summary>Everything, plus grants and the audit trail (CitySense team only).</summary>
    Admin,
}
