#!/usr/bin/env bash
# Smoke test of a deployed CitySense stage, through API Management, as its clients use it.
#
# Reads the gateway URL from the selected azd environment, fetches an operator and a public
# subscription key at run time (creating the two smoke-test subscriptions if they are missing),
# then checks, stopping at the first wrong answer:
#   health 200 -> create a sensor 201 -> ingest a reading 201 -> latest reading 200 with the same
#   payload -> public key: write 403, reads past the rate limit 429 with Retry-After ->
#   delete the sensor 204.
# Keys are never printed. Needs: bash, curl, jq, az (signed in) and azd (environment selected).
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/smoke-test.sh [--help]

Smoke-tests the CitySense stage of the selected azd environment through API Management.
Run it after `azd provision` / `azd deploy`, signed in with `az login` (or azure/login in CI).

Settings (environment variables, all optional):
  SMOKE_GATEWAY_URL_VARIABLE    azd output holding the gateway URL    (AZURE_API_MANAGEMENT_GATEWAY_URL)
  SMOKE_APIM_NAME_VARIABLE      azd output holding the APIM name      (AZURE_API_MANAGEMENT_NAME;
                                falls back to the gateway host name)
  SMOKE_APIM_RESOURCE_ID        APIM resource ID; skips the lookup
  SMOKE_API_BASE_PATH           path of the API on the gateway        (/api)
  SMOKE_OPERATOR_PRODUCT        operator product ID                   (operator)
  SMOKE_PUBLIC_PRODUCT          public product ID                     (public)
  SMOKE_OPERATOR_SUBSCRIPTION   operator smoke subscription ID        (citysense-smoke-operator)
  SMOKE_PUBLIC_SUBSCRIPTION     public smoke subscription ID          (citysense-smoke-public)
  SMOKE_RATE_LIMIT_MAX_REQUESTS reads sent to reach the rate limit    (200)
  SMOKE_READY_TIMEOUT_SECONDS   wait for health after a deployment    (300)
  SMOKE_REQUEST_TIMEOUT_SECONDS timeout of one request                (30)
  SMOKE_APIM_API_VERSION        API Management REST API version       (2024-05-01)
  ARM_ENDPOINT                  Azure Resource Manager endpoint       (https://management.azure.com)

Exit status: 0 when every check passed, 1 on the first failed check, 2 on a usage error.
EOF
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

gateway_url_variable="${SMOKE_GATEWAY_URL_VARIABLE:-AZURE_API_MANAGEMENT_GATEWAY_URL}"
apim_name_variable="${SMOKE_APIM_NAME_VARIABLE:-AZURE_API_MANAGEMENT_NAME}"
api_base_path="${SMOKE_API_BASE_PATH:-/api}"
operator_product="${SMOKE_OPERATOR_PRODUCT:-operator}"
public_product="${SMOKE_PUBLIC_PRODUCT:-public}"
operator_subscription="${SMOKE_OPERATOR_SUBSCRIPTION:-citysense-smoke-operator}"
public_subscription="${SMOKE_PUBLIC_SUBSCRIPTION:-citysense-smoke-public}"
rate_limit_max_requests="${SMOKE_RATE_LIMIT_MAX_REQUESTS:-200}"
ready_timeout_seconds="${SMOKE_READY_TIMEOUT_SECONDS:-300}"
request_timeout_seconds="${SMOKE_REQUEST_TIMEOUT_SECONDS:-30}"
apim_api_version="${SMOKE_APIM_API_VERSION:-2024-05-01}"
arm_endpoint="${ARM_ENDPOINT:-https://management.azure.com}"
arm_endpoint="${arm_endpoint%/}"

work_dir="$(mktemp -d)"
sensor_id=""
sensor_deleted="false"
operator_key=""
status=""
body_file="$work_dir/body"
headers_file="$work_dir/headers"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

pass() {
  echo "ok: $*"
}

cleanup() {
  # Best effort: a failed run must not leave its sensor behind.
  if [[ -n "$sensor_id" && "$sensor_deleted" != "true" && -n "$operator_key" ]]; then
    curl --silent --output /dev/null --max-time "$request_timeout_seconds" \
      --request DELETE --header "Ocp-Apim-Subscription-Key: $operator_key" \
      "$api_url/sensors/$sensor_id" || true
  fi
  rm -rf "$work_dir"
}
trap cleanup EXIT

require() {
  local command
  for command in "$@"; do
    command -v "$command" > /dev/null 2>&1 || fail "'$command' is not installed or not on PATH."
  done
}

# Prints one value of the selected azd environment ("" when absent).
azd_value() {
  local name="$1" line value
  line="$(grep -E "^${name}=" <<< "$azd_values" | tail -n 1 || true)"
  value="${line#*=}"
  value="${value#\"}"
  value="${value%\"}"
  printf '%s' "$value"
}

mask() {
  if [[ -n "${GITHUB_ACTIONS:-}" ]]; then
    echo "::add-mask::$1"
  fi
}

# Sends one request. Sets $status; the body lands in $body_file and the headers in $headers_file.
request() {
  local method="$1" path="$2" key="$3" data="${4:-}"
  local args=(--silent --show-error --max-time "$request_timeout_seconds"
    --request "$method" --output "$body_file" --dump-header "$headers_file"
    --write-out '%{http_code}' --header "Ocp-Apim-Subscription-Key: $key")
  if [[ -n "$data" ]]; then
    args+=(--header "Content-Type: application/json" --data-binary "$data")
  fi
  status="$(curl "${args[@]}" "$api_url$path")" || status="000"
}

# Fails with the step, the expected and the actual status and the start of the response body.
expect_status() {
  local expected="$1" step="$2"
  if [[ "$status" != "$expected" ]]; then
    echo "FAIL: $step: expected HTTP $expected, got $status." >&2
    if [[ -s "$body_file" ]]; then
      echo "Response body (first 2000 bytes):" >&2
      head -c 2000 "$body_file" >&2
      echo >&2
    fi
    exit 1
  fi
  pass "$step ($status)"
}

# Retries health until it answers 200: a fresh deployment cold-starts and new keys take a moment
# to reach the gateway.
wait_until_healthy() {
  local key="$1" label="$2" deadline=$((SECONDS + ready_timeout_seconds))
  while true; do
    request GET /health "$key"
    if [[ "$status" == "200" ]]; then
      pass "GET $api_base_path/health with the $label key (200)"
      return
    fi
    if ((SECONDS >= deadline)); then
      expect_status 200 "GET $api_base_path/health with the $label key (after ${ready_timeout_seconds}s)"
    fi
    echo "waiting: health with the $label key answered $status, retrying in 5s"
    sleep 5
  done
}

apim_url() {
  printf '%s%s/%s?api-version=%s' "$arm_endpoint" "$apim_id" "$1" "$apim_api_version"
}

# Creates (or reactivates) a smoke-test subscription to a product and prints its primary key.
subscription_key() {
  local sid="$1" product="$2" state
  state="$(az rest --method get --url "$(apim_url "subscriptions/$sid")" \
    --query properties.state --output tsv 2> /dev/null || true)"
  if [[ "$state" != "active" ]]; then
    echo "Creating API Management subscription $sid to product $product" >&2
    az rest --method put --url "$(apim_url "subscriptions/$sid")" --output none \
      --body "$(jq -n -c --arg scope "/products/$product" --arg name "CitySense smoke test ($product)" \
        '{properties: {scope: $scope, displayName: $name, state: "active"}}')" ||
      fail "could not create the API Management subscription $sid."
  fi
  az rest --method post --url "$(apim_url "subscriptions/$sid/listSecrets")" \
    --query primaryKey --output tsv || fail "could not read the keys of the API Management subscription $sid."
}

require curl jq az azd

azd_values="$(azd env get-values)" || fail "'azd env get-values' failed: select the stage's azd environment first."
gateway_url="$(azd_value "$gateway_url_variable")"
[[ -n "$gateway_url" ]] || fail "the azd environment has no $gateway_url_variable; run azd provision (or azd env refresh) first."
gateway_url="${gateway_url%/}"
api_url="$gateway_url$api_base_path"
echo "CitySense smoke test of $api_url"
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
  echo "gateway-url=$gateway_url" >> "$GITHUB_OUTPUT"
fi

apim_id="${SMOKE_APIM_RESOURCE_ID:-}"
if [[ -z "$apim_id" ]]; then
  apim_name="$(azd_value "$apim_name_variable")"
  if [[ -z "$apim_name" ]]; then
    apim_name="${gateway_url#*://}"
    apim_name="${apim_name%%.*}"
  fi
  apim_id="$(az resource list --resource-type Microsoft.ApiManagement/service --name "$apim_name" \
    --query "[0].id" --output tsv)" || fail "could not look up the API Management service $apim_name."
  [[ -n "$apim_id" ]] || fail "no API Management service named $apim_name in the signed-in subscription."
fi

operator_key="$(subscription_key "$operator_subscription" "$operator_product")"
[[ -n "$operator_key" ]] || fail "the operator subscription $operator_subscription has no key."
mask "$operator_key"
public_key="$(subscription_key "$public_subscription" "$public_product")"
[[ -n "$public_key" ]] || fail "the public subscription $public_subscription has no key."
mask "$public_key"
pass "fetched the operator and public keys"

wait_until_healthy "$operator_key" operator

run_id="${GITHUB_RUN_ID:-local}-$(date +%s)-$RANDOM"
city="smoke"
location="run-$run_id"
sensor_type="smoke"
sensor_body="$(jq -n -c --arg city "$city" --arg location "$location" --arg type "$sensor_type" \
  '{city: $city, location: $location, type: $type, coordinates: {lat: 59.3293, lon: 18.0686}}')"
request POST /sensors "$operator_key" "$sensor_body"
expect_status 201 "POST $api_base_path/sensors (create sensor $city.$location.$sensor_type)"
sensor_id="$(jq -r '.id // empty' "$body_file" 2> /dev/null || true)"
sensor_id="${sensor_id:-$city.$location.$sensor_type}"

payload="$(jq -n -c --arg run "$run_id" '{temperatureC: 21.5, humidityPercent: 40, smokeRun: $run}')"
request POST "/sensors/$sensor_id/readings" "$operator_key" "{\"payload\":$payload}"
expect_status 201 "POST $api_base_path/sensors/$sensor_id/readings (ingest)"

request GET "/sensors/$sensor_id/readings/latest" "$operator_key"
expect_status 200 "GET $api_base_path/sensors/$sensor_id/readings/latest"
latest_payload="$(jq -S -c '.payload' "$body_file" 2> /dev/null || true)"
[[ "$latest_payload" == "$(jq -S -c . <<< "$payload")" ]] ||
  fail "the latest reading's payload is $latest_payload, expected $payload."
pass "the latest reading has the ingested payload"

wait_until_healthy "$public_key" public

request POST /sensors "$public_key" "$sensor_body"
expect_status 403 "POST $api_base_path/sensors with the public key (write rejected)"

limited="false"
for ((attempt = 1; attempt <= rate_limit_max_requests; attempt++)); do
  request GET "/sensors/$sensor_id" "$public_key"
  case "$status" in
    200) ;;
    429)
      grep -qi '^retry-after:' "$headers_file" ||
        fail "request $attempt was rate limited (429) without a Retry-After header."
      pass "GET $api_base_path/sensors/$sensor_id with the public key: 429 with Retry-After after $attempt requests"
      limited="true"
      break
      ;;
    *) expect_status 200 "GET $api_base_path/sensors/$sensor_id with the public key (request $attempt of the rate-limit probe)" ;;
  esac
done
[[ "$limited" == "true" ]] ||
  fail "the public key was not rate limited (429) within $rate_limit_max_requests requests."

request DELETE "/sensors/$sensor_id" "$operator_key"
expect_status 204 "DELETE $api_base_path/sensors/$sensor_id"
sensor_deleted="true"

echo "Smoke test passed: $api_url"
