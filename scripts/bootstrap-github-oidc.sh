#!/usr/bin/env bash
# Connects a CitySense repository (or fork) on GitHub to an Azure subscription with OIDC:
# per stage, an Entra app registration with one federated credential for the stage's GitHub
# environment, least-privilege role assignments, and the GitHub environment with the variables
# the workflows read. No client secret is created or stored anywhere. Safe to run again: every
# step looks for what exists before creating it.
set -euo pipefail

readonly GITHUB_ISSUER="https://token.actions.githubusercontent.com"
readonly TOKEN_AUDIENCE="api://AzureADTokenExchange"
readonly CONTRIBUTOR_ROLE="b24988ac-6180-42a0-ab88-20f7382dd24c"
readonly RBAC_ADMINISTRATOR_ROLE="f58310d9-a9f6-439a-9e8d-f62e7b41a168"
# The only roles the pipeline may grant, and only to service principals (the managed identities of
# the Functions app and API Management): exactly what the Bicep templates in bicep/modules assign.
readonly DEFAULT_ASSIGNABLE_ROLES=(
  "b7e6dc6d-f1e8-4753-8033-0f276bb0955b" # Storage Blob Data Owner
  "974c5e8b-45b9-4653-ba55-5f855dd0fb88" # Storage Queue Data Contributor
  "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3" # Storage Table Data Contributor
  "3913510d-42f4-4e42-8a64-420c390055eb" # Monitoring Metrics Publisher
  "4633458b-17de-408a-b874-0445c86b69e6" # Key Vault Secrets User
  "b86a8fe4-44ce-4948-aee5-eccb2c155cd7" # Key Vault Secrets Officer
)

usage() {
  cat <<'EOF'
Usage: scripts/bootstrap-github-oidc.sh --repo OWNER/REPO --subscription SUBSCRIPTION_ID --location REGION \
         --operator-email EMAIL [options]

Connects the GitHub repository to Azure for the Deploy and Rollback workflows, one stage at a time:
  1. Entra app registration "citysense-github-<stage>" and its service principal;
  2. one federated credential: issuer https://token.actions.githubusercontent.com,
     subject repo:OWNER/REPO:environment:<stage>, audience api://AzureADTokenExchange;
  3. roles on the subscription: Contributor, and Role Based Access Control Administrator limited by a
     condition to granting a few data roles to service principals (never Owner or admin roles);
  4. GitHub environment <stage> (deployments from main only; required reviewers on prod) with the
     variables AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_SUBSCRIPTION_ID, AZURE_ENV_NAME,
     AZURE_LOCATION, CITYSENSE_STAGE and CITYSENSE_OPERATOR_EMAIL.

Required:
  --repo OWNER/REPO          GitHub repository (your fork) to connect
  --subscription ID          Azure subscription ID to deploy to
  --location REGION          Azure region of the stages, e.g. swedencentral
  --operator-email EMAIL     team address for alerts and the API Management publisher contact

Options:
  --stages LIST              comma-separated stages to set up (default: dev,staging,prod)
  --env-name-prefix PREFIX   azd environment name prefix (default: citysense, giving citysense-dev)
  --app-name-prefix PREFIX   app registration name prefix (default: citysense-github)
  --prod-reviewer LOGIN      GitHub user who must approve prod deployments (repeatable)
  --assignable-role ID       another role definition ID the pipeline may grant (repeatable)
  --branch NAME              branch allowed to deploy (default: main)
  --skip-github              set up Azure only; print the variables instead of setting them
  -h, --help                 show this help

Needs az (signed in as Owner or User Access Administrator of the subscription, and allowed to
create app registrations) and gh (signed in as a repository admin), plus jq.

Example:
  scripts/bootstrap-github-oidc.sh --repo contoso/citysense --subscription 00000000-0000-0000-0000-000000000000 \
    --location swedencentral --operator-email citysense-ops@contoso.com --prod-reviewer alice
EOF
}

fail() {
  echo "error: $*" >&2
  exit 1
}

usage_error() {
  echo "error: $*" >&2
  echo "Run with --help for usage." >&2
  exit 2
}

step() {
  echo "==> $*"
}

repo=""
subscription=""
location=""
operator_email=""
stages="dev,staging,prod"
env_name_prefix="citysense"
app_name_prefix="citysense-github"
branch="main"
skip_github="false"
prod_reviewers=()
assignable_roles=("${DEFAULT_ASSIGNABLE_ROLES[@]}")

while (($# > 0)); do
  case "$1" in
    -h | --help)
      usage
      exit 0
      ;;
    --repo | --subscription | --location | --operator-email | --stages | --env-name-prefix | \
      --app-name-prefix | --prod-reviewer | --assignable-role | --branch)
      if (($# < 2)) || [[ -z "$2" ]]; then
        usage_error "$1 needs a value."
      fi
      case "$1" in
        --repo) repo="$2" ;;
        --subscription) subscription="$2" ;;
        --location) location="$2" ;;
        --operator-email) operator_email="$2" ;;
        --stages) stages="$2" ;;
        --env-name-prefix) env_name_prefix="$2" ;;
        --app-name-prefix) app_name_prefix="$2" ;;
        --prod-reviewer) prod_reviewers+=("$2") ;;
        --assignable-role) assignable_roles+=("$2") ;;
        --branch) branch="$2" ;;
      esac
      shift 2
      ;;
    --skip-github)
      skip_github="true"
      shift
      ;;
    *) usage_error "unknown argument '$1'." ;;
  esac
done

[[ -n "$repo" ]] || usage_error "--repo is required."
[[ -n "$subscription" ]] || usage_error "--subscription is required."
[[ -n "$location" ]] || usage_error "--location is required."
[[ -n "$operator_email" ]] || usage_error "--operator-email is required."
[[ "$repo" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || usage_error "--repo must look like OWNER/REPO, not '$repo'."
[[ "$subscription" =~ ^[0-9a-fA-F-]{36}$ ]] || usage_error "--subscription must be a subscription ID (a GUID)."
[[ "$location" =~ ^[a-z0-9]+$ ]] || usage_error "--location must be a region name such as swedencentral."
[[ "$operator_email" =~ ^[^@[:space:]]+@[^@[:space:]]+$ ]] || usage_error "--operator-email must be an e-mail address."

IFS=',' read -r -a stage_list <<< "$stages"
for stage in "${stage_list[@]}"; do
  case "$stage" in
    dev | staging | prod) ;;
    *) usage_error "unknown stage '$stage' (use dev, staging, prod)." ;;
  esac
done
for role in "${assignable_roles[@]}"; do
  [[ "$role" =~ ^[0-9a-fA-F-]{36}$ ]] || usage_error "--assignable-role must be a role definition ID (a GUID), not '$role'."
done

required_tools=(az jq)
if [[ "$skip_github" != "true" ]]; then
  required_tools+=(gh)
fi
for tool in "${required_tools[@]}"; do
  command -v "$tool" > /dev/null 2>&1 || fail "'$tool' is not installed (see docs/ci-cd.md)."
done

subscription_scope="/subscriptions/$subscription"
tenant="$(az account show --subscription "$subscription" --query tenantId --output tsv)" ||
  fail "cannot read subscription $subscription: run 'az login' with an account that can see it."
if [[ "$skip_github" != "true" ]]; then
  gh api "repos/$repo" --jq .full_name > /dev/null ||
    fail "cannot read the GitHub repository $repo: run 'gh auth login' as one of its admins."
fi

# The condition on the RBAC Administrator assignment: it may create and delete only assignments
# of the listed roles, and only for service principals (managed identities).
role_condition() {
  local roles
  roles="$(printf '%s, ' "${assignable_roles[@]}")"
  roles="${roles%, }"
  printf '%s' "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR" \
    " (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {$roles}" \
    " AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'}))" \
    " AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR" \
    " (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {$roles}" \
    " AND @Resource[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'}))"
}

ensure_app() {
  local name="$1" app_id
  app_id="$(az ad app list --display-name "$name" --query "[0].appId" --output tsv)"
  if [[ -z "$app_id" ]]; then
    step "Creating app registration $name" >&2
    app_id="$(az ad app create --display-name "$name" --sign-in-audience AzureADMyOrg --query appId --output tsv)"
  else
    step "App registration $name exists ($app_id)" >&2
  fi
  printf '%s' "$app_id"
}

ensure_service_principal() {
  local app_id="$1" object_id
  object_id="$(az ad sp list --filter "appId eq '$app_id'" --query "[0].id" --output tsv)"
  if [[ -z "$object_id" ]]; then
    step "Creating the service principal of $app_id" >&2
    object_id="$(az ad sp create --id "$app_id" --query id --output tsv)"
  fi
  printf '%s' "$object_id"
}

ensure_federated_credential() {
  local app_id="$1" name="$2" subject="$3" parameters
  parameters="$(jq -n -c --arg name "$name" --arg issuer "$GITHUB_ISSUER" --arg subject "$subject" \
    --arg audience "$TOKEN_AUDIENCE" --arg description "CitySense deployments from the GitHub environment in $subject" \
    '{name: $name, issuer: $issuer, subject: $subject, audiences: [$audience], description: $description}')"
  if az ad app federated-credential list --id "$app_id" --query "[].name" --output tsv | grep -qx "$name"; then
    step "Updating federated credential $name ($subject)"
    az ad app federated-credential update --id "$app_id" --federated-credential-id "$name" --parameters "$parameters" --output none
  else
    step "Creating federated credential $name ($subject)"
    az ad app federated-credential create --id "$app_id" --parameters "$parameters" --output none
  fi
}

ensure_role_assignment() {
  local object_id="$1" role="$2" description="$3" condition="${4:-}" existing
  existing="$(az role assignment list --assignee "$object_id" --role "$role" --scope "$subscription_scope" \
    --query "[0].id" --output tsv)"
  if [[ -n "$existing" ]]; then
    step "Role $role is assigned on $subscription_scope"
    return
  fi
  step "Assigning role $role on $subscription_scope"
  local args=(role assignment create --assignee-object-id "$object_id" --assignee-principal-type ServicePrincipal
    --role "$role" --scope "$subscription_scope" --description "$description" --output none)
  if [[ -n "$condition" ]]; then
    args+=(--condition "$condition" --condition-version 2.0)
  fi
  az "${args[@]}"
}

ensure_github_environment() {
  local stage="$1" body reviewers="[]" login id
  if [[ "$stage" == "prod" ]]; then
    for login in ${prod_reviewers[@]+"${prod_reviewers[@]}"}; do
      id="$(gh api "users/$login" --jq .id)" || fail "unknown GitHub user '$login'."
      reviewers="$(jq -c --argjson id "$id" '. + [{type: "User", id: $id}]' <<< "$reviewers")"
    done
  fi
  body="$(jq -n -c --argjson reviewers "$reviewers" \
    '{deployment_branch_policy: {protected_branches: false, custom_branch_policies: true}}
     + (if ($reviewers | length) > 0 then {reviewers: $reviewers, prevent_self_review: false} else {} end)')"
  step "GitHub environment $stage (deployments from $branch only)"
  gh api --method PUT "repos/$repo/environments/$stage" --input - <<< "$body" > /dev/null
  if ! gh api "repos/$repo/environments/$stage/deployment-branch-policies" --jq '.branch_policies[].name' |
    grep -qx "$branch"; then
    gh api --method POST "repos/$repo/environments/$stage/deployment-branch-policies" \
      -f name="$branch" -f type=branch > /dev/null
  fi
}

set_variables() {
  local stage="$1" name value
  shift
  if [[ "$skip_github" == "true" ]]; then
    echo "Variables for the GitHub environment $stage:"
  fi
  while (($# > 0)); do
    name="$1" value="$2"
    shift 2
    if [[ "$skip_github" == "true" ]]; then
      echo "  $name=$value"
    else
      gh variable set "$name" --repo "$repo" --env "$stage" --body "$value"
    fi
  done
}

for stage in "${stage_list[@]}"; do
  step "Stage $stage"
  app_id="$(ensure_app "$app_name_prefix-$stage")"
  object_id="$(ensure_service_principal "$app_id")"
  ensure_federated_credential "$app_id" "github-environment-$stage" "repo:$repo:environment:$stage"
  ensure_role_assignment "$object_id" "$CONTRIBUTOR_ROLE" \
    "CitySense $stage deployments from GitHub ($repo): create and update resources"
  ensure_role_assignment "$object_id" "$RBAC_ADMINISTRATOR_ROLE" \
    "CitySense $stage deployments from GitHub ($repo): grant the app identity its data roles, nothing else" \
    "$(role_condition)"
  if [[ "$skip_github" != "true" ]]; then
    ensure_github_environment "$stage"
  fi
  set_variables "$stage" \
    AZURE_CLIENT_ID "$app_id" \
    AZURE_TENANT_ID "$tenant" \
    AZURE_SUBSCRIPTION_ID "$subscription" \
    AZURE_ENV_NAME "$env_name_prefix-$stage" \
    AZURE_LOCATION "$location" \
    CITYSENSE_STAGE "$stage" \
    CITYSENSE_OPERATOR_EMAIL "$operator_email"
done

if [[ "$skip_github" != "true" && " ${stage_list[*]} " == *" prod "* && ${#prod_reviewers[@]} -eq 0 ]]; then
  echo "warning: prod has no required reviewers; add them with --prod-reviewer LOGIN or in the repository's" \
    "Settings > Environments > prod." >&2
fi
step "Done. Push to main (or run the Deploy workflow) to deploy."
