namespace CitySense.DevHost;

/// <summary>Settings of the local host (section "DevHost").</summary>
public sealed class DevHostOptions
{
    /// <summary>Register the demo cities' sensors at start-up (the old system's configuration).</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>
    /// Hours of history (a reading every 5 minutes) each demo sensor gets with the demo data, from 0 (none) to 48;
    /// the last hour is stored before the API answers, the rest in the background.
    /// </summary>
    public int DemoHistoryHours { get; set; } = 48;

    /// <summary>When set, keyed functions require this key, as the Functions host does in Azure.</summary>
    public string? FunctionKey { get; set; }

    /// <summary>
    /// The subscription keys the DevHost accepts, as API Management would: each with the caller id and product it
    /// stands for. None: every request is an admin call (README's examples need no key).
    /// </summary>
    public List<DevHostCaller> Callers { get; set; } = [];
}
