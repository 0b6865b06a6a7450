namespace CitySense.Cosmos;

/// <summary>Settings of the Cosmos DB account (section "Cosmos").</summary>
public sealed class CosmosOptions
{
    public const string SectionName = "Cosmos";

    /// <summary>Account endpoint, e.g. https://myaccount.documents.azure.com:443/.</summary>
    public string? Endpoint { get; set; }

    /// <summary>
    /// Account key: only for the local server or the emulator. In Azure leave it empty: the app signs in with its
    /// managed identity (DefaultAzureCredential) and the account has local auth disabled.
    /// </summary>
    public string? Key { get; set; }

    public string Database { get; set; } = "citysense";

    /// <summary>Create the database and containers at start-up. Local runs only: in Azure, Bicep creates them.</summary>
    public bool CreateIfNotExists { get; set; }

    /// <summary>
    /// Warm the client up in the background at start-up (see CosmosWarmUp). Unset: on in Azure (no key), off for the
    /// local server and the emulator.
    /// </summary>
    public bool? WarmUpOnStart { get; set; }

    /// <summary>Accept the self-signed certificate of an emulator on a loopback endpoint; ignored for any other host.</summary>
    public bool AllowInsecureLocalCertificate { get; set; }
}
