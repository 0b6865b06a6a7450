namespace CitySense.DevHost.Functions;

/// <summary>The app settings the Functions host reads about a function, read the same way here.</summary>
public static class FunctionSettings
{
    /// <summary>
    /// Whether the app setting <c>AzureWebJobs.&lt;name&gt;.Disabled</c> disables the function (true, in any case, or 1).
    /// The Functions host reads it when it starts: a disabled queue function is not run, a disabled HTTP function
    /// is not served (its route answers 404).
    /// </summary>
    public static bool IsDisabled(IConfiguration configuration, string functionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[$"AzureWebJobs.{functionName}.Disabled"] is { } setting
            && (setting == "1" || (bool.TryParse(setting, out var disabled) && disabled));
    }
}
