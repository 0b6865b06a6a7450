using System.Net;
using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>
/// One run of scripts/smoke-test.sh against a <see cref="FakeApiManagement"/> gateway, with az and azd
/// replaced by stand-ins that answer like a provisioned stage.
/// </summary>
public sealed class SmokeTestRun : IAsyncDisposable
{
    public const string Script = "scripts/smoke-test.sh";
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

    /// <summary>az: the APIM lookup and the subscription REST calls; subscriptions live as files in $STUB_STATE.</summary>
    private const string AzStandIn = """
        method="" url=""
        args=("$@")
        for ((i = 0; i < ${#args[@]}; i++)); do
          case "${args[i]}" in
            --method) method="${args[i + 1]}" ;;
            --url) url="${args[i + 1]}" ;;
          esac
        done
        case "$1 $2" in
          "resource list")
            echo "$STUB_APIM_ID"
            ;;
          "rest --method")
            sid="${url%%\?*}"
            sid="${sid##*/subscriptions/}"
            sid="${sid%%/*}"
            case "$method" in
              get)
                if [[ -f "$STUB_STATE/$sid" ]]; then echo active; else echo "ERROR: (ResourceNotFound)" >&2; exit 3; fi
                ;;
              put) touch "$STUB_STATE/$sid" ;;
              post)
                case "$sid" in
                  *operator*) echo "$STUB_OPERATOR_KEY" ;;
                  *public*) echo "$STUB_PUBLIC_KEY" ;;
                esac
                ;;
            esac
            ;;
          *)
            echo "unexpected az call: $*" >&2
            exit 9
            ;;
        esac
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

    public static FakeApiManagement NewGateway(int rateLimit = 5, HttpStatusCode ingest = HttpStatusCode.Created, bool retryAfter = true, bool publicWrites = false) =>
        new($"operator-{Guid.NewGuid():N}", $"public-{Guid.NewGuid():N}")
        {
            RateLimit = rateLimit,
            IngestStatus = ingest,
            SendRetryAfter = retryAfter,
            PublicWritesAllowed = publicWrites,
        };

    /// <summary>Runs the smoke test to its end; the run owns <paramref name="gateway"/> from here on.</summary>
    public static async Task<SmokeTestRun> RunAsync(
        FakeApiManagement gateway, Action<ScriptSandbox>? arrange = null, Dictionary<string, string>? settings = null)
    {
        var sandbox = new ScriptSandbox();
        sandbox.AddCommand("azd", AzdStandIn);
        sandbox.AddCommand("az", AzStandIn);
        arrange?.Invoke(sandbox);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["STUB_GATEWAY_URL"] = gateway.GatewayUrl,
            ["STUB_APIM_ID"] = ApimId,
            ["STUB_OPERATOR_KEY"] = gateway.OperatorKey,
            ["STUB_PUBLIC_KEY"] = gateway.PublicKey,
            ["SMOKE_READY_TIMEOUT_SECONDS"] = "5",
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
