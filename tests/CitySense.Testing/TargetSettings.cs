using System.Text.RegularExpressions;

namespace CitySense.Testing;

/// <summary>
/// Where the end-to-end and contract tests send their requests, from the environment. Without CITYSENSE_BASE_URL they call the
/// DevHost in-process; with it, any running CitySense (a DevHost, <c>func start</c>, or a stage's API Management
/// gateway), sending CITYSENSE_KEY as Ocp-Apim-Subscription-Key and CITYSENSE_FUNCTION_KEY as x-functions-key.
/// Sensors are created in CITYSENSE_TEST_CITY (default citysense-e2e); CITYSENSE_KEY must be allowed to write there (an
/// operator key granted that city, or an admin key). CITYSENSE_ADMIN_KEY, when set, is an admin product's key for the
/// tests of grants and the audit trail (skipped without it). With a function key and no subscription key the tests
/// call a Functions host directly, where no gateway sets the caller: they send the caller headers API Management
/// would, as an admin (<see cref="DirectCallerId"/>).
/// </summary>
public sealed partial record TargetSettings(Uri? BaseUrl, string? SubscriptionKey, string? FunctionKey, string TestCity, string? AdminKey = null)
{
    /// <summary>The caller id the tests present when they call a Functions host directly (no gateway).</summary>
    public const string DirectCallerId = "citysense-e2e";

    public const string DefaultTestCity = "citysense-e2e";

    /// <summary>The API root the in-process client calls; the remote one must have the same path.</summary>
    public static readonly Uri InProcessBaseUrl = new("http://localhost/api/");

    private static readonly Lazy<TargetSettings> FromProcess = new(() => Parse(Environment.GetEnvironmentVariable));

    /// <summary>The settings of this test run.</summary>
    public static TargetSettings Current => FromProcess.Value;

    /// <summary>Cheap enough for attribute constructors: true when the tests call a running CitySense over HTTP.</summary>
    public static bool RemoteRequested => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("CITYSENSE_BASE_URL"));

    public bool IsRemote => BaseUrl is not null;

    /// <summary>A Functions host called without API Management: the tests set the caller headers themselves.</summary>
    public bool CallsFunctionsHostDirectly => IsRemote && SubscriptionKey is null && FunctionKey is not null;

    /// <summary>
    /// Whether admin-only operations can be called: in-process, without a subscription key (a DevHost with no callers
    /// configured treats every call as an admin's; a Functions host called directly gets admin caller headers), or with
    /// CITYSENSE_ADMIN_KEY.
    /// </summary>
    public bool CanCallAsAdmin => !IsRemote || SubscriptionKey is null || AdminKey is not null;

    /// <summary>Reads and checks the settings; a wrong value fails every test with a message that says how to fix it.</summary>
    public static TargetSettings Parse(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var city = NullIfBlank(variable("CITYSENSE_TEST_CITY")) ?? DefaultTestCity;
        if (!Slug().IsMatch(city))
        {
            throw new InvalidOperationException($"CITYSENSE_TEST_CITY '{city}' must be 1-64 characters of a-z, 0-9, '_' or '-'.");
        }

        return new TargetSettings(
            ParseBaseUrl(NullIfBlank(variable("CITYSENSE_BASE_URL"))),
            NullIfBlank(variable("CITYSENSE_KEY")),
            NullIfBlank(variable("CITYSENSE_FUNCTION_KEY")),
            city,
            NullIfBlank(variable("CITYSENSE_ADMIN_KEY")));
    }

    // Keys must never reach test output, so the generated ToString names only what is not secret.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"BaseUrl = {BaseUrl}, TestCity = {TestCity}, SubscriptionKey = {(SubscriptionKey is null ? "unset" : "set")}, FunctionKey = {(FunctionKey is null ? "unset" : "set")}, AdminKey = {(AdminKey is null ? "unset" : "set")}");
        return true;
    }

    private static Uri? ParseBaseUrl(string? value)
    {
        if (value is null)
        {
            return null;
        }

        // The OpenAPI document's server is /api, and Location and Link headers are root-relative (/api/...):
        // the contract check and following those headers only hold for an API root at /api.
        if (!Uri.TryCreate(value.TrimEnd('/') + "/", UriKind.Absolute, out var url)
            || url.Scheme is not ("http" or "https")
            || url.AbsolutePath != InProcessBaseUrl.AbsolutePath
            || !string.IsNullOrEmpty(url.Query))
        {
            throw new InvalidOperationException(
                "CITYSENSE_BASE_URL must be an http(s) URL of the API root, ending in /api, without a query (for example http://127.0.0.1:7071/api).");
        }

        return url;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex(@"^[a-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();
}
