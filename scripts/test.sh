#!/usr/bin/env bash
# Runs every CitySense check from a fresh clone: installs the Node and .NET tools, builds with warnings as errors, and
# runs unit, integration (local Cosmos server, or COSMOS_ENDPOINT), end-to-end, contract, generated-client, Bicep and
# workflow tests; the webhook delivery tests (unit, end-to-end and reliability) in a loopback-only network namespace.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The script and workflow tests call shellcheck, jq, curl and hey (the load test script's); the webhook delivery tests
# run in a network namespace set up with unshare (util-linux) and ip (iproute2).
missing=()
for tool in shellcheck jq curl hey unshare:util-linux ip:iproute2; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  # As root, or with password-less sudo (GitHub's runners).
  as_root=()
  [ "$(id -u)" = "0" ] || as_root=(sudo -n)
  if command -v apt-get >/dev/null 2>&1 && "${as_root[@]}" true 2>/dev/null; then
    echo "Installing ${missing[*]} (Debian packages)..."
    "${as_root[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Please install: ${missing[*]} (e.g. sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

echo "Installing Node tools (linters, local Cosmos server, Azurite)..."
npm ci --no-audit --no-fund --loglevel=error
npm ci --no-audit --no-fund --loglevel=error --prefix tools/cosmos-local
npm ci --no-audit --no-fund --loglevel=error --prefix tools/azurite-local

# The client generators the client tests run (Kiota, NSwag), at the versions of .config/dotnet-tools.json.
echo "Restoring .NET tools (client generators)..."
dotnet tool restore >/dev/null

results="TestResults"
rm -rf "$results"
status=0
dotnet test CitySense.sln --logger "trx" --results-directory "$results" --filter "Network!=LoopbackOnly" "$@" || status=$?

# Tests that connect to webhook receivers run where a connection cannot leave the machine even if the code under test
# were wrong: a network namespace of their own whose only interface is loopback (a user namespace too when not root).
isolated=(unshare -n)
[ "$(id -u)" = "0" ] || isolated=(unshare -rn)
for project in tests/CitySense.UnitTests tests/CitySense.EndToEndTests tests/CitySense.ReliabilityTests; do
  "${isolated[@]}" bash -c 'ip link set lo up && exec "$@"' isolated \
    dotnet test "$project" --no-build --logger "trx" --results-directory "$results" --filter "Network=LoopbackOnly" || status=$?
done

# One closing line for the whole run, summed over every test assembly.
passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "No tests ran." >&2
  status=1
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
