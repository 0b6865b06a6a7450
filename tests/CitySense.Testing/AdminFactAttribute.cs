using Xunit;

namespace CitySense.Testing;

/// <summary>
/// A test that calls admin-only operations (grants, the whole audit trail). It runs in-process and against any
/// CitySense where an admin can be had (see <see cref="TargetSettings.CanCallAsAdmin"/>); through a gateway without
/// CITYSENSE_ADMIN_KEY it is skipped, so the results list what did not run.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AdminFactAttribute : FactAttribute
{
    public AdminFactAttribute()
    {
        // Attribute constructors must not throw on a wrong setting (that would hide the test): read the variables raw.
        if (TargetSettings.RemoteRequested
            && !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("CITYSENSE_KEY"))
            && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("CITYSENSE_ADMIN_KEY")))
        {
            Skip = "Needs an admin key through a gateway: set CITYSENSE_ADMIN_KEY.";
        }
    }
}
