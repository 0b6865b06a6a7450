namespace CitySense.Testing.Faults;

/// <summary>The kinds of Cosmos DB request a fault rule can target.</summary>
[Flags]
public enum CosmosOperation
{
    None = 0,

    /// <summary>Point read of a document (GET …/docs/{id}).</summary>
    Read = 1,

    /// <summary>A query, including the query-plan request the SDK sends first.</summary>
    Query = 2,

    /// <summary>Create of a document (POST …/docs).</summary>
    Create = 4,

    /// <summary>Partial update of a document (PATCH …/docs/{id}).</summary>
    Patch = 8,

    /// <summary>Replace or upsert of a document.</summary>
    Replace = 16,

    /// <summary>Delete of a document.</summary>
    Delete = 32,

    /// <summary>Account, database, container and partition-key-range requests.</summary>
    Metadata = 64,

    /// <summary>Every operation on documents.</summary>
    Documents = Read | Query | Create | Patch | Replace | Delete,

    All = Documents | Metadata,
}
