using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>
/// Sandboxes for scripts/bootstrap-github-oidc.sh: az and gh stand-ins that keep what was created
/// (app registrations, service principals, federated credentials, role assignments, branch policies)
/// as files, so a second run sees the first run's work.
/// </summary>
public static class BootstrapSandbox
{
    public const string Script = "scripts/bootstrap-github-oidc.sh";
    public const string Subscription = "22222222-2222-2222-2222-222222222222";

    /// <summary>A full setup of the three stages of contoso/citysense with one prod reviewer.</summary>
    public static readonly IReadOnlyList<string> Arguments =
    [
        "--repo", "contoso/citysense",
        "--subscription", Subscription,
        "--location", "swedencentral",
        "--operator-email", "ops@contoso.example",
        "--prod-reviewer", "alice",
    ];

    private const string AzStandIn = """
        value() { local flag="$1"; shift; while (($# > 1)); do if [[ "$1" == "$flag" ]]; then printf '%s' "$2"; return; fi; shift; done; }
        case "$1 $2" in
          "account show") echo "11111111-1111-1111-1111-111111111111" ;;
          "ad app")
            case "$3" in
              list) name="$(value --display-name "$@")"; cat "$STUB_STATE/app-$name" 2> /dev/null || true ;;
              create) name="$(value --display-name "$@")"; echo "appid-$name" | tee "$STUB_STATE/app-$name" ;;
              federated-credential)
                app="$(value --id "$@")"
                case "$4" in
                  list) cat "$STUB_STATE/fic-$app" 2> /dev/null || true ;;
                  create) jq -r .name <<< "$(value --parameters "$@")" >> "$STUB_STATE/fic-$app" ;;
                  update) ;;
                  *) exit 9 ;;
                esac
                ;;
              *) exit 9 ;;
            esac
            ;;
          "ad sp")
            case "$3" in
              list) filter="$(value --filter "$@")"; app="${filter#*\'}"; app="${app%\'}"; cat "$STUB_STATE/sp-$app" 2> /dev/null || true ;;
              create) app="$(value --id "$@")"; echo "objectid-$app" | tee "$STUB_STATE/sp-$app" ;;
              *) exit 9 ;;
            esac
            ;;
          "role assignment")
            who="$(value --assignee "$@")$(value --assignee-object-id "$@")"
            role="$(value --role "$@")"
            case "$3" in
              list) cat "$STUB_STATE/ra-$who-$role" 2> /dev/null || true ;;
              create) echo "/subscriptions/x/providers/Microsoft.Authorization/roleAssignments/$role" > "$STUB_STATE/ra-$who-$role" ;;
              *) exit 9 ;;
            esac
            ;;
          *) echo "unexpected az call: $*" >&2; exit 9 ;;
        esac
        """;

    private const string GhStandIn = """
        if [[ "$1" == "api" ]]; then
          if [[ " $* " == *" --input - "* ]]; then
            printf 'gh-input %s\n' "$(cat)" >> "$STUB_LOG"
          fi
          path=""
          for argument in "$@"; do
            case "$argument" in repos/* | users/*) path="$argument" ;; esac
          done
          environment="${path#*/environments/}"
          environment="${environment%%/*}"
          case "$path" in
            users/*) echo 4242 ;;
            */deployment-branch-policies)
              if [[ " $* " == *" --method POST "* ]]; then
                echo main >> "$STUB_STATE/branch-$environment"
              else
                cat "$STUB_STATE/branch-$environment" 2> /dev/null || true
              fi
              ;;
            */environments/*) ;;
            repos/*) echo contoso/citysense ;;
          esac
          exit 0
        fi
        if [[ "$1 $2" == "variable set" ]]; then
          exit 0
        fi
        echo "unexpected gh call: $*" >&2
        exit 9
        """;

    public static ScriptSandbox Create()
    {
        var sandbox = new ScriptSandbox();
        sandbox.AddCommand("az", AzStandIn);
        sandbox.AddCommand("gh", GhStandIn);
        return sandbox;
    }

    public static Task<ProcessResult> RunAsync(ScriptSandbox sandbox, IEnumerable<string> arguments) =>
        sandbox.RunAsync(Script, arguments);
}
