#!/usr/bin/env bash
# Smoke test of a deployed CitySense stage, through API Management, as its clients use it.
#
# Reads the gateway URL from the selected azd environment and the keys of the three smoke-test
# subscriptions Bicep creates (citysense-smoke-operator, citysense-smoke-public, citysense-smoke-admin)
# through the ARM listSecrets action, then checks, stopping at the first wrong answer:
#   1. a keyed read with the operator key answers 200 (the first call after a deployment: a host key
#      API Management and the function app disagree on fails here, as a 503 problem);
#   2. health answers 200 without a key;
#   3. an unknown key, an unknown operation, a write with the public key, the grants with the public key
#      and the public key's rate limit are refused with problem documents (401, 404, 403, 403, 429 with
#      Retry-After);
#   4. the admin key lists the grants (200) and grants the operator smoke-test subscription (its caller id
#      is its subscription id) the test city and the load test's city, so that it may write there;
#   5. the end-to-end suite (tests/CitySense.EndToEndTests) passes against the gateway with the
#      operator key and the admin key: it reads and writes only its own sensors in the test city and
#      deletes them.
# Keys are never printed. Needs: bash, curl, jq, az (signed in), azd (environment selected), dotnet.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/smoke-test.sh [--help]

Smoke-tests the CitySense stage of the selected azd environment through API Management, then runs
the end-to-end suite against it. Run it after `azd provision` / `azd deploy`, signed in with
`az login` (or azure/login in CI).

Settings (environment variables, all optional):
  SMOKE_GATEWAY_URL_VARIABLE    azd output holding the gateway URL    (AZURE_API_MANAGEMENT_GATEWAY_URL)
  SMOKE_APIM_NAME_VARIABLE      azd output holding the APIM name      (AZURE_API_MANAGEMENT_NAME)
  SMOKE_APIM_RESOURCE_ID        APIM resource ID; skips the lookup
  SMOKE_API_BASE_PATH           path of the API on the gateway        (/api)
  SMOKE_OPERATOR_SUBSCRIPTION   operator smoke subscription ID        (citysense-smoke-operator)
  SMOKE_PUBLIC_SUBSCRIPTION     public smoke subscription ID          (citysense-smoke-public)
  SMOKE_ADMIN_SUBSCRIPTION      admin smoke subscription ID           (citysense-smoke-admin)
  SMOKE_TEST_CITY               city the suite writes in              (citysense-e2e)
  SMOKE_LOAD_TEST_CITY          city scripts/load-test.sh --stage writes in, also granted
                                to the operator subscription          (citysense-load)
  SMOKE_RATE_LIMIT_MAX_REQUESTS reads sent to reach the rate limit    (200)
  SMOKE_READY_TIMEOUT_SECONDS   wait for the first keyed read         (300)
  SMOKE_REQUEST_TIMEOUT_SECONDS timeout of one request                (30)
  SMOKE_SUITE                   end-to-end suite to run; "none" skips (tests/CitySense.EndToEndTests)
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
operator_subscription="${SMOKE_OPERATOR_SUBSCRIPTION:-citysense-smoke-operator}"
public_subscription="${SMOKE_PUBLIC_SUBSCRIPTION:-citysense-smoke-public}"
admin_subscription="${SMOKE_ADMIN_SUBSCRIPTION:-citysense-smoke-admin}"
test_city="${SMOKE_TEST_CITY:-citysense-e2e}"
load_test_city="${SMOKE_LOAD_TEST_CITY:-citysense-load}"
rate_limit_max_requests="${SMOKE_RATE_LIMIT_MAX_REQUESTS:-200}"
ready_timeout_seconds="${SMOKE_READY_TIMEOUT_SECONDS:-300}"
request_timeout_seconds="${SMOKE_REQUEST_TIMEOUT_SECONDS:-30}"
suite="${SMOKE_SUITE:-tests/CitySense.EndToEndTests}"
apim_api_version="${SMOKE_APIM_API_VERSION:-2024-05-01}"
arm_endpoint="${ARM_ENDPOINT:-https://management.azure.com}"
arm_endpoint="${arm_endpoint%/}"

work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT
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

# Sends one request (with the key, if one is given). Sets $status; the body lands in $body_file and
# the headers in $headers_file.
request() {
  local method="$1" path="$2" key="${3:-}" data="${4:-}"
  local args=(--silent --show-error --max-time "$request_timeout_seconds"
    --request "$method" --output "$body_file" --dump-header "$headers_file" --write-out '%{http_code}')
  if [[ -n "$key" ]]; then
    args+=(--header "Ocp-Apim-Subscription-Key: $key")
  fi
  if [[ -n "$data" ]]; then
    args+=(--header "Content-Type: application/json" --data-binary "$data")
  fi
  status="$(curl "${args[@]}" "$api_url$path")" || status="000"
}

show_body() {
  if [[ -s "$body_file" ]]; then
    echo "Response body (first 2000 bytes):" >&2
    head -c 2000 "$body_file" >&2
    echo >&2
  fi
}

# Fails with the step, the expected and the actual status and the start of the response body.
expect_status() {
  local expected="$1" step="$2"
  if [[ "$status" != "$expected" ]]; then
    echo "FAIL: $step: expected HTTP $expected, got $status." >&2
    show_body
    exit 1
  fi
}

# The last response must be an RFC 9457 problem document of type urn:citysense:problem:<slug>.
expect_problem() {
  local slug="$1" step="$2" content_type type
  content_type="$(grep -i '^content-type:' "$headers_file" | tail -n 1 | tr -d '\r' || true)"
  content_type="${content_type#*: }"
  [[ "$content_type" == application/problem+json* ]] || {
    show_body
    fail "$step: expected Content-Type application/problem+json, got '$content_type'."
  }
  type="$(jq -r '.type // empty' "$body_file" 2> /dev/null || true)"
  [[ "$type" == "urn:citysense:problem:$slug" ]] || {
    show_body
    fail "$step: expected problem type urn:citysense:problem:$slug, got '$type'."
  }
  jq -e --argjson status "$status" '.status == $status and (.title | type == "string") and (.detail | type == "string")' \
    "$body_file" > /dev/null 2>&1 || {
    show_body
    fail "$step: the problem document lacks title, detail or the status $status."
  }
  pass "$step ($status $slug problem)"
}

apim_url() {
  printf '%s%s/%s?api-version=%s' "$arm_endpoint" "$apim_id" "$1" "$apim_api_version"
}

# Prints the primary key of a smoke-test subscription that Bicep created.
subscription_key() {
  local sid="$1"
  az rest --method post --url "$(apim_url "subscriptions/$sid/listSecrets")" \
    --query primaryKey --output tsv ||
    fail "could not read the keys of the API Management subscription $sid; provision the stage first (Bicep creates it)."
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

operator_key="$(subscription_key "$operator_subscription")"
[[ -n "$operator_key" ]] || fail "the operator subscription $operator_subscription has no key."
mask "$operator_key"
public_key="$(subscription_key "$public_subscription")"
[[ -n "$public_key" ]] || fail "the public subscription $public_subscription has no key."
mask "$public_key"
admin_key="$(subscription_key "$admin_subscription")"
[[ -n "$admin_key" ]] || fail "the admin subscription $admin_subscription has no key."
mask "$admin_key"
pass "read the operator, public and admin smoke-test keys"

# 1. The first call is a keyed route: it reaches the function app only with the host key API Management
# holds, so a key mismatch shows here (a 503 problem) instead of passing a health probe. A new deployment
# cold-starts, so other answers are retried until the deadline.
read_path="/sensors?city=$test_city&limit=1"
deadline=$((SECONDS + ready_timeout_seconds))
while true; do
  request GET "$read_path" "$operator_key"
  [[ "$status" == "200" ]] && break
  if ((SECONDS >= deadline)); then
    expect_status 200 "GET $api_base_path$read_path with the operator key (after ${ready_timeout_seconds}s)"
  fi
  echo "waiting: the keyed read answered $status, retrying in 5s"
  sleep 5
done
pass "GET $api_base_path$read_path with the operator key (200)"

# 2. Health and the API description stay anonymous at the gateway (API Management adds the host key).
request GET /health
expect_status 200 "GET $api_base_path/health without a key"
pass "GET $api_base_path/health without a key (200)"

# 3. The gateway's own refusals are problem documents.
request GET "$read_path" "not-a-key-$RANDOM"
expect_status 401 "GET $api_base_path$read_path with an unknown key"
expect_problem unauthorized "GET $api_base_path$read_path with an unknown key"

request GET /sensors
expect_status 401 "GET $api_base_path/sensors without a key"
expect_problem unauthorized "GET $api_base_path/sensors without a key"

request GET /no-such-operation "$operator_key"
expect_status 404 "GET $api_base_path/no-such-operation"
expect_problem not-found "GET $api_base_path/no-such-operation"

sensor_body="$(jq -n -c --arg city "$test_city" \
  '{city: $city, location: "smoke_forbidden", type: "smoke", coordinates: {lat: 0.5, lon: -30.5}}')"
request POST /sensors "$public_key" "$sensor_body"
expect_status 403 "POST $api_base_path/sensors with the public key"
expect_problem forbidden "POST $api_base_path/sensors with the public key"

# Grants are for admin keys: the gateway lets the read through, the app refuses it.
request GET /operators "$public_key"
expect_status 403 "GET $api_base_path/operators with the public key"
expect_problem forbidden "GET $api_base_path/operators with the public key"

limited="false"
for ((attempt = 1; attempt <= rate_limit_max_requests; attempt++)); do
  request GET "$read_path" "$public_key"
  case "$status" in
    200) ;;
    429)
      grep -qi '^retry-after:' "$headers_file" ||
        fail "request $attempt was rate limited (429) without a Retry-After header."
      expect_problem rate-limited "GET $api_base_path$read_path with the public key, request $attempt"
      limited="true"
      break
      ;;
    *) expect_status 200 "GET $api_base_path$read_path with the public key (request $attempt of the rate-limit probe)" ;;
  esac
done
[[ "$limited" == "true" ]] ||
  fail "the public key was not rate limited (429) within $rate_limit_max_requests requests."

# 4. An operator key writes only in the cities granted to its caller id, which is its subscription id: the admin key
# grants the operator smoke-test subscription the suite's city and the load test's (idempotent: the same grant on
# every run).
request GET /operators "$admin_key"
expect_status 200 "GET $api_base_path/operators with the admin key"
pass "GET $api_base_path/operators with the admin key (200)"

grant_body="$(jq -n -c --arg name "CitySense smoke test ($operator_subscription)" --arg test "$test_city" --arg load "$load_test_city" \
  '{name: $name, cities: ([$test, $load] | unique)}')"
request PUT "/operators/$operator_subscription" "$admin_key" "$grant_body"
if [[ "$status" != "201" ]]; then
  expect_status 200 "PUT $api_base_path/operators/$operator_subscription with the admin key"
fi
jq -e --argjson grant "$grant_body" '(.cities | sort) == ($grant.cities | sort)' "$body_file" > /dev/null 2>&1 || {
  show_body
  fail "PUT $api_base_path/operators/$operator_subscription: the grant does not list the cities $(jq -c .cities <<< "$grant_body")."
}
pass "PUT $api_base_path/operators/$operator_subscription with the admin key ($status): $(jq -r '.cities | join(", ")' <<< "$grant_body")"

# 5. The end-to-end suite, through the gateway, with the operator and admin keys.
if [[ "$suite" != "none" ]]; then
  require dotnet
  echo "Running $suite against $api_url"
  CITYSENSE_BASE_URL="$api_url" CITYSENSE_KEY="$operator_key" CITYSENSE_ADMIN_KEY="$admin_key" CITYSENSE_TEST_CITY="$test_city" \
    dotnet test "$suite" --logger "console;verbosity=normal" ||
    fail "the end-to-end suite failed against $api_url (its output is above)."
  pass "end-to-end suite against $api_url"
fi

echo "Smoke test passed: $api_url"
