#!/usr/bin/env bash
# Publishes the API Management developer portal of the selected azd environment (a new portal revision).
#
# Best effort, on purpose: on a new instance the portal may not be ready to publish (its content is set up
# when an administrator first opens it), and that must never fail a provision or a deployment. Any failure
# is reported as a warning with the way to publish by hand, and the script exits 0. Keys are not involved.
# Needs: bash, az (signed in), azd (environment selected). Without az it only prints what to do.
set -euo pipefail

usage() {
  cat <<'EOF_USAGE'
Usage: scripts/publish-portal.sh [--help]

Publishes the developer portal of the selected azd environment's API Management service (a new
portal revision made current). Runs after provisioning (azd postprovision hook, deploy workflow).
Never fails: if the portal cannot be published yet, it warns and exits 0.

Settings (environment variables, all optional):
  PORTAL_APIM_NAME_VARIABLE   azd output holding the APIM name      (AZURE_API_MANAGEMENT_NAME)
  PORTAL_APIM_API_VERSION     API Management REST API version       (2024-05-01)
  ARM_ENDPOINT                Azure Resource Manager endpoint       (https://management.azure.com)
EOF_USAGE
}

case "${1:-}" in
  -h | --help)
    usage
    exit 0
    ;;
  "") ;;
  *)
    usage >&2
    exit 2
    ;;
esac

apim_name_variable="${PORTAL_APIM_NAME_VARIABLE:-AZURE_API_MANAGEMENT_NAME}"
apim_api_version="${PORTAL_APIM_API_VERSION:-2024-05-01}"
arm_endpoint="${ARM_ENDPOINT:-https://management.azure.com}"
arm_endpoint="${arm_endpoint%/}"
by_hand="publish it in the Azure portal: API Management > Developer portal > Portal overview > Publish"

warn() {
  if [[ -n "${GITHUB_ACTIONS:-}" ]]; then
    echo "::warning::The developer portal was not published: $*; $by_hand."
  else
    echo "warning: the developer portal was not published: $*; $by_hand." >&2
  fi
  exit 0
}

command -v az > /dev/null 2>&1 || warn "the Azure CLI (az) is not installed"
command -v azd > /dev/null 2>&1 || warn "the Azure Developer CLI (azd) is not installed"
azd_values="$(azd env get-values 2> /dev/null)" || warn "'azd env get-values' failed"
apim_name="$(grep -E "^${apim_name_variable}=" <<< "$azd_values" | tail -n 1 || true)"
apim_name="${apim_name#*=}"
apim_name="${apim_name//\"/}"
[[ -n "$apim_name" ]] || warn "the azd environment has no $apim_name_variable"

apim_id="$(az resource list --resource-type Microsoft.ApiManagement/service --name "$apim_name" \
  --query "[0].id" --output tsv 2> /dev/null)" || warn "could not look up the API Management service $apim_name"
[[ -n "$apim_id" ]] || warn "no API Management service named $apim_name"

revision="citysense-$(date -u +%Y%m%d%H%M%S)"
az rest --method put --output none \
  --url "$arm_endpoint$apim_id/portalRevisions/$revision?api-version=$apim_api_version" \
  --body '{"properties":{"description":"Published after provisioning by scripts/publish-portal.sh.","isCurrent":true}}' ||
  warn "API Management refused the portal revision $revision"
echo "Developer portal published (revision $revision)."
