using System.Collections.Concurrent;
using System.Net;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>
/// scripts/rotate-host-key.sh against stand-ins: az keeps the host keys and the named value's slot as files,
/// and a loopback function app accepts a key only after it was probed a few times (as the host reloads unknown
/// keys late). The script must switch API Management only once the app accepts the new key, then retire the old.
/// </summary>
public sealed class RotateHostKeyScriptTests
{
    private const string Script = "scripts/rotate-host-key.sh";
    private const string VaultSecrets = "https://kv-test.vault.azure.net/secrets";

    private const string AzdStandIn = """
        if [[ "$1 $2" == "env get-values" ]]; then
          printf 'AZURE_RESOURCE_GROUP="rg-citysense-test"\n'
          printf 'AZURE_FUNCTION_APP_NAME="func-test"\n'
          printf 'AZURE_FUNCTION_APP_URL="%s"\n' "$STUB_FUNCTION_APP_URL"
          printf 'AZURE_API_MANAGEMENT_NAME="apim-test"\n'
          exit 0
        fi
        exit 9
        """;

    /// <summary>az: host keys in $STUB_STATE/key-&lt;name&gt;, the named value's secret URI in $STUB_STATE/named-value.</summary>
    private const string AzStandIn = """
        value() { local flag="$1"; shift; while (($# > 1)); do if [[ "$1" == "$flag" ]]; then printf '%s' "$2"; return; fi; shift; done; }
        case "$1 $2 $3" in
          "resource list --resource-group") echo "/subscriptions/0/resourceGroups/rg-citysense-test/providers/Microsoft.ApiManagement/service/apim-test" ;;
          "rest --method get") cat "$STUB_STATE/named-value" ;;
          "rest --method patch") jq -r .properties.keyVault.secretIdentifier <<< "$(value --body "$@")" > "$STUB_STATE/named-value" ;;
          "rest --method post") ;;
          "functionapp keys set") echo "generated-$(value --key-name "$@")-$RANDOM$RANDOM" > "$STUB_STATE/key-$(value --key-name "$@")" ;;
          "functionapp keys list") query="$(value --query "$@")"; cat "$STUB_STATE/key-${query#functionKeys.}" ;;
          *) echo "unexpected az call: $*" >&2; exit 9 ;;
        esac
        """;

    private static readonly Dictionary<string, string> FastSettings = new()
    {
        ["ROTATE_MIN_WAIT_SECONDS"] = "0",
        ["ROTATE_SETTLE_SECONDS"] = "0",
        ["ROTATE_CONSECUTIVE_OK"] = "3",
    };

    [Theory]
    [InlineData("apim1", "apim2")]
    [InlineData("apim2", "apim1")]
    public async Task Rotate_AppAcceptsTheNewKeyLate_SwitchesApiManagementOnlyAfterwardsThenRetiresTheOldKey(string active, string idle)
    {
        await using var host = new AcceptingFunctionApp(acceptAfterProbes: 2);
        using var sandbox = Arrange(host, active);

        var result = await sandbox.RunAsync(Script, ["--yes"], Settings(host, FastSettings));

        Assert.True(result.ExitCode == 0, result.Output);
        var calls = sandbox.Calls.ToList();
        var newKey = calls.FindIndex(call => call.StartsWith($"az functionapp keys set --resource-group rg-citysense-test --name func-test --key-type functionKeys --key-name {idle} ", StringComparison.Ordinal));
        var patch = calls.FindIndex(call => call.StartsWith("az rest --method patch", StringComparison.Ordinal));
        var refresh = calls.FindIndex(call => call.StartsWith("az rest --method post", StringComparison.Ordinal) && call.Contains("/namedValues/function-host-key/refreshSecret?", StringComparison.Ordinal));
        var retire = calls.FindIndex(call => call.StartsWith($"az functionapp keys set --resource-group rg-citysense-test --name func-test --key-type functionKeys --key-name {active} ", StringComparison.Ordinal));
        Assert.True(newKey >= 0 && patch > newKey && refresh > patch && retire > refresh, string.Join(Environment.NewLine, calls));
        Assert.Equal($"{VaultSecrets}/host--functionKey--{idle}", File.ReadAllText(Path.Combine(sandbox.StateDirectory, "named-value")).Trim());

        // API Management was switched only after the app had accepted the new key three times in a row.
        var newValue = host.Probes.First(probe => probe.Key.StartsWith($"generated-{idle}-", StringComparison.Ordinal)).Key;
        Assert.Equal(2 + 3, host.Probes.Count(probe => probe.Key == newValue));
        Assert.DoesNotContain(newValue, result.Output, StringComparison.Ordinal);
        Assert.All(host.Probes, probe => Assert.Equal("/api/health", probe.Path));
    }

    [Fact]
    public async Task Rotate_AppNeverAcceptsTheNewKey_LeavesApiManagementOnTheOldKey()
    {
        await using var host = new AcceptingFunctionApp(acceptAfterProbes: int.MaxValue);
        using var sandbox = Arrange(host, "apim1");

        var result = await sandbox.RunAsync(Script, ["--yes"], Settings(host, new(FastSettings) { ["ROTATE_ACCEPT_TIMEOUT_SECONDS"] = "1" }));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL: the function app did not accept host key 'apim2' within 1s (last answer 401); API Management still uses 'apim1'.", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.Calls, call => call.StartsWith("az rest --method patch", StringComparison.Ordinal));
        Assert.DoesNotContain(sandbox.Calls, call => call.Contains("--key-name apim1", StringComparison.Ordinal));
        Assert.Equal($"{VaultSecrets}/host--functionKey--apim1", File.ReadAllText(Path.Combine(sandbox.StateDirectory, "named-value")).Trim());
    }

    [Fact]
    public async Task Rotate_NamedValueOutsideTheSlots_ChangesNothing()
    {
        await using var host = new AcceptingFunctionApp(acceptAfterProbes: 0);
        using var sandbox = Arrange(host, "apim");

        var result = await sandbox.RunAsync(Script, ["--yes"], Settings(host, FastSettings));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not at a host key slot (host--functionKey--apim1 or apim2)", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.Calls, call => call.StartsWith("az functionapp keys set", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rotate_WithoutYesOrTerminal_RefusesBeforeTouchingAKey()
    {
        await using var host = new AcceptingFunctionApp(acceptAfterProbes: 0);
        using var sandbox = Arrange(host, "apim1");

        var result = await sandbox.RunAsync(Script, [], Settings(host, FastSettings));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("pass --yes to rotate the host key of func-test without a terminal.", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.Calls, call => call.StartsWith("az functionapp keys set", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rotate_Help_DescribesTheSlotsAndExitsZero()
    {
        using var sandbox = new ScriptSandbox();

        var result = await sandbox.RunAsync(Script, ["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage: scripts/rotate-host-key.sh", result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(sandbox.Calls);
    }

    private static ScriptSandbox Arrange(AcceptingFunctionApp host, string activeSlot)
    {
        var sandbox = new ScriptSandbox();
        sandbox.AddCommand("azd", AzdStandIn);
        sandbox.AddCommand("az", AzStandIn);
        File.WriteAllText(Path.Combine(sandbox.StateDirectory, "named-value"), $"{VaultSecrets}/host--functionKey--{activeSlot}\n");
        host.KeyDirectory = sandbox.StateDirectory;
        return sandbox;
    }

    private static Dictionary<string, string> Settings(AcceptingFunctionApp host, Dictionary<string, string> settings) =>
        new(settings) { ["STUB_FUNCTION_APP_URL"] = host.Url };

    /// <summary>A function app that accepts a host key the az stand-in set, from its n-th presentation on.</summary>
    private sealed class AcceptingFunctionApp : IAsyncDisposable
    {
        private readonly LoopbackHttpServer server;
        private readonly int acceptAfterProbes;

        public AcceptingFunctionApp(int acceptAfterProbes)
        {
            this.acceptAfterProbes = acceptAfterProbes;
            server = new LoopbackHttpServer(Handle);
        }

        public string Url => server.Url;

        public string KeyDirectory { get; set; } = string.Empty;

        public ConcurrentQueue<(string Key, string Path)> Probes { get; } = new();

        public ValueTask DisposeAsync() => server.DisposeAsync();

        private LoopbackResponse Handle(HttpListenerRequest request)
        {
            var key = request.Headers["x-functions-key"] ?? string.Empty;
            Probes.Enqueue((key, request.Url!.AbsolutePath));
            var known = Directory.GetFiles(KeyDirectory, "key-*").Select(file => File.ReadAllText(file).Trim()).Contains(key);
            var seen = Probes.Count(probe => probe.Key == key);
            return known && seen > acceptAfterProbes ? new(HttpStatusCode.OK) : new(HttpStatusCode.Unauthorized);
        }
    }
}
