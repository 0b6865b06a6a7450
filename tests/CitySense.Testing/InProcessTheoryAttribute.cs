using Xunit;

namespace CitySense.Testing;

/// <summary>
/// A test that needs the DevHost in this process (Cosmos request counts, the demo data it seeds). When the suite runs
/// against CITYSENSE_BASE_URL it is skipped with <paramref name="reason"/>, so the results list what did not run.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class InProcessTheoryAttribute : TheoryAttribute
{
    public InProcessTheoryAttribute(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Reason = reason;
        if (TargetSettings.RemoteRequested)
        {
            Skip = $"Runs only in-process (not against CITYSENSE_BASE_URL): {reason}";
        }
    }

    public string Reason { get; }
}
