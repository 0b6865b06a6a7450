namespace CitySense.DevHost;

/// <summary>Settings of the local host (section "DevHost").</summary>
public sealed class DevHostOptions
{
    /// <summary>Register the demo cities' sensors at start-up (the old system's configuration).</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>When set, keyed functions require this key, as the Functions host does in Azure.</summary>
    public string? FunctionKey { get; set; }
}
