using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>
/// One run of scripts/smoke-test.sh against a <see cref="FakeApiManagement"/> gateway, with az, azd and dotnet
/// replaced by stand-ins that answer like a provisioned stage. The dotnet stand-in records the suite run.
/// </summary>
public sealed class SmokeTestRun : IAsyncDisposable
{
    public const string Script = "scripts/smoke-test.sh";
    /// <summary>The city scripts/load-test.sh --stage writes in, which the smoke test grants the operator subscription.</summary>
    public const string LoadTestCity = "citysense-load";

    public const string ApimId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-citysense-test/providers/Microsoft.ApiManagement/service/apim-citysense-test";

    /// <summary>azd: `env get-values` prints the stage's outputs, as after azd provision.</summary>
    private const string AzdStandIn = """
        if [[ "$1 $2" == "env get-values" ]]; then
          printf 'AZURE_ENV_NAME="citysense-test"\n'
          printf 'AZURE_API_MANAGEMENT_GATEWAY_URL="%s"\n' "$STUB_GATEWAY_URL"
          printf 'AZURE_API_MANAGEMENT_NAME="apim-citysense-test"\n'
          exit 0
        fi
        echo "unexpected azd call: $*" >&2
        exit 9
        """;

    /// <summary>az: the APIM lookup and listSecrets of the three subscriptions Bicep creates.</summary>
    private const string AzStandIn = """
        case "$1 $2 $3" in
          "resource list --resource-type") echo "$STUB_APIM_ID" ;;
          "rest --method post")
            case "$*" in
              *"/subscriptions/citysense-smoke-operator/listSecrets?"*) echo "$STUB_OPERATOR_KEY" ;;
              *"/subscriptions/citysense-smoke-public/listSecrets?"*) echo "$STUB_PUBLIC_KEY" ;;
              *"/subscriptions/citysense-smoke-admin/listSecrets?"*) echo "$STUB_ADMIN_KEY" ;;
              *) echo "ERROR: (ResourceNotFound)" >&2; exit 3 ;;
            esac
            ;;
          *) echo "unexpected az call: $*" >&2; exit 9 ;;
        esac
        """;

    /// <summary>dotnet: writes what the suite would have been given to $STUB_STATE/suite, then exits $STUB_SUITE_EXIT.</summary>
    private const string DotnetStandIn = """
        printf '%s\n' "base=$CITYSENSE_BASE_URL" "key=$CITYSENSE_KEY" "admin-key=$CITYSENSE_ADMIN_KEY" "city=$CITYSENSE_TEST_CITY" > "$STUB_STATE/suite"
        exit "${STUB_SUITE_EXIT:-0}"
        """;

    private SmokeTestRun(FakeApiManagement gateway, ScriptSandbox sandbox, ProcessResult result)
    {
        Gateway = gateway;
        Sandbox = sandbox;
        Result = result;
    }

    public FakeApiManagement Gateway { get; }

    public ScriptSandbox Sandbox { get; }

    public ProcessResult Result { get; }

    /// <summary>What the dotnet stand-in was given ("base=…", "key=…", "admin-key=…", "city=…"), or nothing when the suite did not run.</summary>
    public IReadOnlyList<string> SuiteRun =>
        File.Exists(Path.Combine(Sandbox.StateDirectory, "suite")) ? File.ReadAllLines(Path.Combine(Sandbox.StateDirectory, "suite")) : [];

    public static FakeApiManagement NewGateway(
        int rateLimit = 5,
        bool retryAfter = true,
        bool publicWrites = false,
        int unavailableReads = 0,
        bool problems = true,
        bool publicListsGrants = false,
        int? grantRefusal = null) =>
        new($"operator-{Guid.NewGuid():N}", $"public-{Guid.NewGuid():N}", $"admin-{Guid.NewGuid():N}")
        {
            RateLimit = rateLimit,
            SendRetryAfter = retryAfter,
            PublicWritesAllowed = publicWrites,
            UnavailableOperatorReads = unavailableReads,
            ProblemDocuments = problems,
            PublicMayListGrants = publicListsGrants,
            GrantRefusal = grantRefusal,
        };

    /// <summary>Runs the smoke test to its end; the run owns <paramref name="gateway"/> from here on.</summary>
    public static async Task<SmokeTestRun> RunAsync(FakeApiManagement gateway, Dictionary<string, string>? settings = null)
    {
        var sandbox = new ScriptSandbox();
        sandbox.AddCommand("azd", AzdStandIn);
        sandbox.AddCommand("az", AzStandIn);
        sandbox.AddCommand("dotnet", DotnetStandIn);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["STUB_GATEWAY_URL"] = gateway.GatewayUrl,
            ["STUB_APIM_ID"] = ApimId,
            ["STUB_OPERATOR_KEY"] = gateway.OperatorKey,
            ["STUB_PUBLIC_KEY"] = gateway.PublicKey,
            ["STUB_ADMIN_KEY"] = gateway.AdminKey,
            ["SMOKE_READY_TIMEOUT_SECONDS"] = "30",
            ["SMOKE_RATE_LIMIT_MAX_REQUESTS"] = "20",
        };
        foreach (var (name, value) in settings ?? [])
        {
            environment[name] = value;
        }

        return new SmokeTestRun(gateway, sandbox, await sandbox.RunAsync(Script, [], environment));
    }

    public async ValueTask DisposeAsync()
    {
        Sandbox.Dispose();
        await Gateway.DisposeAsync();
    }
}
