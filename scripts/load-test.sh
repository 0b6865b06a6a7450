#!/usr/bin/env bash
# Load test of CitySense with hey: mixed ingest and read streams at once, bounded in count and time, then a
# reconciliation (every acknowledged ingest is stored, nothing else is) and thresholds on the error rate and the p95
# latency. Writes summary.md and hey's per-request CSVs to the results folder; exits 1 when a threshold or the
# reconciliation fails. Three targets:
#   - local (default): builds the DevHost (Release), starts it on 127.0.0.1 with its own in-memory Cosmos-compatible
#     server, and stops everything it started when it ends, however it ends;
#   - --base-url URL: any running CitySense (the DevHost, func start, a gateway);
#   - --stage: the selected azd environment's API Management gateway, with the operator smoke-test key (as
#     scripts/smoke-test.sh reads it), in the city citysense-load, which the smoke test grants that key (an operator
#     key writes only in the cities granted to it). The deploy workflow runs this in staging after the smoke test.
# Sensor locations carry the run's start time, so runs in one city never meet each other's sensors.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/load-test.sh [--stage | --base-url URL] [--help]

  (no target)      build and start the DevHost on 127.0.0.1 with its local Cosmos server, load it, stop it
  --base-url URL   load a running CitySense, e.g. http://127.0.0.1:7071/api or https://<gateway>/api
  --stage          load the selected azd environment through API Management with the operator smoke-test key
                   (needs az signed in and azd with the stage's environment selected, like scripts/smoke-test.sh)

Settings (environment variables; defaults: local | --base-url and --stage):
  LOAD_REQUESTS          requests over all streams             (21,000 x LOAD_SCALE | 600)
  LOAD_SCALE             multiplies the local default count    (1)
  LOAD_WARMUP            requests of the same mix sent first on their own sensors and not counted, so that the
                         measured phase meets warm code rather than start-up (21,000 x LOAD_SCALE | 0)
  LOAD_CONCURRENCY       hey workers over all streams          (64 | 8)
  LOAD_RATE              requests per second over all workers; 0 = as fast as possible (0 | 8, under the
                         operator key's rate limit of 600 calls a minute in staging)
  LOAD_MAX_SECONDS       stop every stream after this long     (900 | 180)
  LOAD_MAX_ERROR_RATE    highest share of requests without a 2xx answer that passes (0 | 0.01)
  LOAD_MAX_P95_MS        highest p95 latency over all requests that passes; 0 = none (0 | 1500)
  LOAD_START_DELAY       seconds to wait first, so that earlier calls leave the key's rate-limit window (0 | 0, --stage 65)
  LOAD_FLOOR             local only: 1 = afterwards, send the same mix's store operations with the Cosmos SDK alone
                         (no HTTP server, no API code, no hey) for as long as the measured phase took, and report
                         that floor next to the API's figures (0)
  LOAD_TEST_CITY         city the test registers its sensors in (load-<time> | --stage: citysense-load, the
                         city scripts/smoke-test.sh grants the operator smoke-test subscription)
  LOAD_RESULTS           folder for summary.md and the CSVs    (TestResults/load-test)
  CITYSENSE_KEY          --base-url: sent as Ocp-Apim-Subscription-Key
  CITYSENSE_FUNCTION_KEY --base-url: sent as x-functions-key
  SMOKE_GATEWAY_URL_VARIABLE, SMOKE_APIM_NAME_VARIABLE, SMOKE_OPERATOR_SUBSCRIPTION, SMOKE_APIM_API_VERSION,
  ARM_ENDPOINT           --stage: as for scripts/smoke-test.sh

Exit status: 0 when the thresholds and the reconciliation pass, 1 when not, 2 on a usage error.
EOF
}

target="local"
base=""
case "${1:-}" in
  -h | --help)
    usage
    exit 0
    ;;
  --stage)
    if [ "$#" -ne 1 ]; then
      usage >&2
      exit 2
    fi
    target="stage"
    ;;
  --base-url)
    if [ "$#" -ne 2 ] || [ -z "$2" ]; then
      usage >&2
      exit 2
    fi
    target="remote"
    base="${2%/}"
    ;;
  "") ;;
  *)
    usage >&2
    exit 2
    ;;
esac

cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ "$target" = "local" ]; then
  requests="${LOAD_REQUESTS:-$((21000 * ${LOAD_SCALE:-1}))}"
  warmup="${LOAD_WARMUP:-$((21000 * ${LOAD_SCALE:-1}))}"
  concurrency="${LOAD_CONCURRENCY:-64}"
  rate="${LOAD_RATE:-0}"
  max_seconds="${LOAD_MAX_SECONDS:-900}"
  max_error_rate="${LOAD_MAX_ERROR_RATE:-0}"
  max_p95_ms="${LOAD_MAX_P95_MS:-0}"
  start_delay="${LOAD_START_DELAY:-0}"
else
  requests="${LOAD_REQUESTS:-600}"
  warmup="${LOAD_WARMUP:-0}"
  concurrency="${LOAD_CONCURRENCY:-8}"
  rate="${LOAD_RATE:-8}"
  max_seconds="${LOAD_MAX_SECONDS:-180}"
  max_error_rate="${LOAD_MAX_ERROR_RATE:-0.01}"
  max_p95_ms="${LOAD_MAX_P95_MS:-1500}"
  start_delay="${LOAD_START_DELAY:-$([ "$target" = "stage" ] && echo 65 || echo 0)}"
fi
if ! [[ "$warmup" =~ ^[0-9]+$ ]]; then
  echo "LOAD_WARMUP must be a whole number of requests (0 for none), not '$warmup'." >&2
  exit 2
fi
floor="${LOAD_FLOOR:-0}"
floor_dll=""
if [ "$floor" != "0" ] && { [ "$floor" != "1" ] || [ "$target" != "local" ]; }; then
  echo "LOAD_FLOOR is 0 or 1, and 1 only without a target (the floor talks to the local store itself), not '$floor'." >&2
  exit 2
fi
results="${LOAD_RESULTS:-TestResults/load-test}"
run_id="$(date +%s)"
city="${LOAD_TEST_CITY:-$([ "$target" = "stage" ] && echo citysense-load || echo "load-$run_id")}"
work="$(mktemp -d)"
host_pid=""
hey_pids=()
created_sensors=()
key_header=()

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

cleanup() {
  local pid sensor_id
  for pid in "${hey_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  # Remote targets keep their data: remove the sensors this run registered (best effort).
  if [ "$target" != "local" ] && [ -n "$base" ]; then
    for sensor_id in "${created_sensors[@]}"; do
      curl -s -o /dev/null --max-time 10 -X DELETE -H @"$work/headers" "$base/sensors/$sensor_id" || true
    done
  fi
  if [ -n "$host_pid" ] && kill -0 "$host_pid" 2>/dev/null; then
    # A graceful stop also stops the DevHost's local Cosmos server (it exits when its parent's pipe closes).
    kill -TERM "$host_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do
      kill -0 "$host_pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL "$host_pid" 2>/dev/null || true
    wait "$host_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

require() {
  local command="$1" package="$2"
  if command -v "$command" >/dev/null 2>&1; then
    return
  fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing $package (Debian package)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
  else
    echo "$command is required: sudo apt-get install $package" >&2
    exit 1
  fi
}

require hey hey
require curl curl
require jq jq

# Headers every request carries, in a file so that curl never shows a key in its arguments.
: >"$work/headers"
add_header() {
  printf '%s\n' "$1" >>"$work/headers"
  key_header+=(-H "$1")
}

# --- target ------------------------------------------------------------------------------------------------------
case "$target" in
  local)
    require node nodejs
    echo "Building the DevHost (Release)..."
    dotnet build src/CitySense.DevHost -c Release --nologo -v quiet >"$work/build.log" 2>&1 || {
      cat "$work/build.log" >&2
      exit 1
    }
    if [ "$floor" = "1" ]; then
      echo "Building the floor's benchmark tool (Release)..."
      dotnet build bench/CitySense.Benchmarks -c Release --nologo -v quiet >"$work/bench-build.log" 2>&1 || {
        cat "$work/bench-build.log" >&2
        exit 1
      }
      floor_dll="bench/CitySense.Benchmarks/bin/Release/net10.0/CitySense.Benchmarks.dll"
    fi
    out="src/CitySense.DevHost/bin/Release/net10.0"
    port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});')"
    echo "Starting the DevHost on http://127.0.0.1:$port..."
    (
      cd "$out"
      exec dotnet CitySense.DevHost.dll --urls "http://127.0.0.1:$port" --DevHost:SeedDemoData=false
    ) >"$work/devhost.log" 2>&1 &
    host_pid=$!
    base="http://127.0.0.1:$port/api"
    for attempt in $(seq 1 120); do
      if curl -fsS "$base/health" >/dev/null 2>&1; then
        break
      fi
      if ! kill -0 "$host_pid" 2>/dev/null || [ "$attempt" -eq 120 ]; then
        echo "The DevHost did not become healthy:" >&2
        cat "$work/devhost.log" >&2
        exit 1
      fi
      sleep 0.5
    done
    ;;
  remote)
    if [ -n "${CITYSENSE_KEY:-}" ]; then
      add_header "Ocp-Apim-Subscription-Key: $CITYSENSE_KEY"
    fi
    if [ -n "${CITYSENSE_FUNCTION_KEY:-}" ]; then
      add_header "x-functions-key: $CITYSENSE_FUNCTION_KEY"
    fi
    ;;
  stage)
    require az azure-cli
    command -v azd >/dev/null 2>&1 || fail "azd is not installed or not on PATH."
    azd_values="$(azd env get-values)" || fail "'azd env get-values' failed: select the stage's azd environment first."
    azd_value() {
      local line value
      line="$(grep -E "^$1=" <<<"$azd_values" | tail -n 1 || true)"
      value="${line#*=}"
      value="${value#\"}"
      printf '%s' "${value%\"}"
    }
    gateway_url="$(azd_value "${SMOKE_GATEWAY_URL_VARIABLE:-AZURE_API_MANAGEMENT_GATEWAY_URL}")"
    [ -n "$gateway_url" ] || fail "the azd environment has no gateway URL; run azd provision (or azd env refresh) first."
    base="${gateway_url%/}/api"
    apim_name="$(azd_value "${SMOKE_APIM_NAME_VARIABLE:-AZURE_API_MANAGEMENT_NAME}")"
    apim_id="$(az resource list --resource-type Microsoft.ApiManagement/service --name "$apim_name" --query "[0].id" --output tsv)" ||
      fail "could not look up the API Management service $apim_name."
    [ -n "$apim_id" ] || fail "no API Management service named $apim_name in the signed-in subscription."
    arm="${ARM_ENDPOINT:-https://management.azure.com}"
    key="$(az rest --method post --query primaryKey --output tsv \
      --url "${arm%/}$apim_id/subscriptions/${SMOKE_OPERATOR_SUBSCRIPTION:-citysense-smoke-operator}/listSecrets?api-version=${SMOKE_APIM_API_VERSION:-2024-05-01}")" ||
      fail "could not read the operator smoke-test key; provision the stage first (Bicep creates it)."
    [ -n "$key" ] || fail "the operator smoke-test subscription has no key."
    if [ -n "${GITHUB_ACTIONS:-}" ]; then
      echo "::add-mask::$key"
    fi
    add_header "Ocp-Apim-Subscription-Key: $key"
    ;;
esac

echo "Load test of $base: $requests requests, $concurrency workers, rate ${rate}/s (0 = unbounded), at most ${max_seconds}s;" \
  "thresholds: error rate <= $max_error_rate, p95 <= ${max_p95_ms} ms (0 = none)."
if [ "$start_delay" -gt 0 ]; then
  echo "Waiting ${start_delay}s so that earlier calls leave the key's rate-limit window..."
  sleep "$start_delay"
fi

post() {
  curl -fsS --max-time 30 -X POST -H @"$work/headers" -H 'Content-Type: application/json' "$base$1" -d "$2"
}

# One sensor per write stream, so that each stream's readings can be counted on their own. A phase has its own
# sensors: the warm-up's ("-warm") never meet the measured ones, so the reconciliation counts only measured readings.
lat=29.742079
lon=-95.346254
phase=""
sensor() { echo "$city.$1-$run_id$phase.weather"; }
refusal_hint=""
if [ "$target" = "stage" ]; then
  refusal_hint=" (a 403 means the key may not write in $city: run scripts/smoke-test.sh first, it grants the city)"
fi
batch_size=10
echo '{"payload":{"tempC":21.5,"humidity":40,"wind":{"speedMs":3.2,"direction":"NE"}}}' >"$work/ingest.json"

# Registers the phase's sensors, gives its read sensor 200 readings (so latest and history pages have something to
# serve), writes its bodies, and sets streams: name, requests, workers, method, path, body file.
prepare_phase() {
  local phase_requests="$1" name i share worker_share method path body c n items
  for name in ingest0 ingest1 ingest2 ingest3 retry batch reads; do
    post /sensors "{\"city\":\"$city\",\"location\":\"$name-$run_id$phase\",\"type\":\"weather\",\"coordinates\":{\"lat\":$lat,\"lon\":$lon}}" >/dev/null ||
      fail "could not register the sensor $(sensor "$name") at $base$refusal_hint."
    created_sensors+=("$(sensor "$name")")
  done
  items="$(seq 1 200 | jq -sc --arg s "$(sensor reads)" '{readings: map({sensorId: $s, payload: {tempC: (. / 10)}})}')"
  post /readings "$items" >/dev/null
  # A client retrying one reading over and over: same id and timestamp each time.
  echo "{\"id\":\"load-retry-1\",\"timestamp\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"payload\":{\"tempC\":20}}" >"$work/retry$phase.json"
  seq 1 "$batch_size" | jq -sc --arg s "$(sensor batch)" '{readings: map({sensorId: $s, payload: {seq: .}})}' >"$work/batch$phase.json"

  # name, share of the requests (per 21,000), share of the workers (per 64), method, path, body file.
  streams=(
    "ingest0 1500 5 POST /sensors/$(sensor ingest0)/readings ingest.json"
    "ingest1 1500 5 POST /sensors/$(sensor ingest1)/readings ingest.json"
    "ingest2 1500 5 POST /sensors/$(sensor ingest2)/readings ingest.json"
    "ingest3 1500 5 POST /sensors/$(sensor ingest3)/readings ingest.json"
    "retry 1000 4 POST /sensors/$(sensor retry)/readings retry$phase.json"
    "batch 500 4 POST /readings batch$phase.json"
    "latest 5000 12 GET /sensors/$(sensor reads)/readings/latest -"
    "history 3000 10 GET /sensors/$(sensor reads)/readings?limit=50 -"
    "sensor 3000 8 GET /sensors/$(sensor reads) -"
    "near 1500 4 GET /readings/latest?near=$lat,$lon&radius=1000 -"
    "legacy 1000 2 GET /v1/weather/$city/reads-$run_id$phase -"
  )

  # Each stream's count and workers from its shares (at least one worker); hey sends n / c requests per worker, so n
  # is rounded up to a multiple of c and every stream sends all it says.
  total=0
  workers=0
  for i in "${!streams[@]}"; do
    read -r name share worker_share method path body <<<"${streams[$i]}"
    c=$(((concurrency * worker_share + 32) / 64))
    [ "$c" -ge 1 ] || c=1
    n=$(((phase_requests * share + 20999) / 21000))
    n=$(((n + c - 1) / c * c))
    streams[i]="$name $n $c $method $path $body"
    total=$((total + n))
    workers=$((workers + c))
  done
}

# Sends every stream of the phase at once; each hey writes $work/<name><phase>.csv. Sets failed_streams.
send_streams() {
  local stream name n c method path body per_worker_rate args pid
  # hey's -q is a rate per worker.
  per_worker_rate="$(awk -v r="$rate" -v w="$workers" 'BEGIN { printf "%.3f", (r > 0 ? r / w : 0) }')"
  for stream in "${streams[@]}"; do
    read -r name n c method path body <<<"$stream"
    args=(-n "$n" -c "$c" -t 30 -m "$method" -o csv "${key_header[@]}")
    if [ "$per_worker_rate" != "0.000" ]; then
      args+=(-q "$per_worker_rate")
    fi
    if [ "$body" != "-" ]; then
      args+=(-T application/json -D "$work/$body")
    fi
    timeout "$max_seconds" hey "${args[@]}" "$base$path" >"$work/$name$phase.csv" 2>"$work/$name$phase.err" &
    hey_pids+=("$!")
  done
  failed_streams=0
  for pid in "${hey_pids[@]}"; do
    wait "$pid" || failed_streams=$((failed_streams + 1))
  done
  hey_pids=()
}

# CPU seconds a process has used so far (user + system), or "" when it is not ours to read.
cpu_seconds() {
  if [ -n "$1" ]; then
    awk -v tck="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / tck }' "/proc/$1/stat" 2>/dev/null || true
  fi
}
db_pid=""
if [ "$target" = "local" ]; then
  db_pid="$(pgrep -P "$host_pid" node | head -n 1 || true)"
fi

# The warm-up: the same mix on its own sensors, not counted, so that the measured phase meets code the JIT has
# already optimized (as a long-running instance has) instead of timing start-up.
warmup_summary="none"
if [ "$warmup" -gt 0 ]; then
  phase="-warm"
  prepare_phase "$warmup"
  echo "Warming up: $total requests with $workers workers (not counted)..."
  send_streams
  warm_answered="$(for stream in "${streams[@]}"; do read -r name _ <<<"$stream"; tail -n +2 "$work/$name$phase.csv"; done | grep -c . || true)"
  warm_ok="$(for stream in "${streams[@]}"; do read -r name _ <<<"$stream"; tail -n +2 "$work/$name$phase.csv" | cut -d, -f7; done | grep -c '^2' || true)"
  warmup_summary="$total requests of the same mix on their own sensors ($warm_ok with a 2xx, $((total - warm_answered)) without an answer), not counted"
  phase=""
fi

prepare_phase "$requests"
echo "Sending $total requests with $workers workers (at most ${max_seconds}s)..."
app_cpu_before="$(cpu_seconds "$host_pid")"
db_cpu_before="$(cpu_seconds "$db_pid")"
started="$(date +%s.%N)"
send_streams
finished="$(date +%s.%N)"
app_cpu_after="$(cpu_seconds "$host_pid")"
db_cpu_after="$(cpu_seconds "$db_pid")"

# Each CSV row: response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset.
# hey leaves requests that failed without an answer out of the CSV; they count as missing, and as errors.
problems=0
status_of() { tail -n +2 "$work/$1.csv" | cut -d, -f7; }
count_status() { status_of "$1" | grep -c "^$2\$" || true; }
percentile() { awk -v p="$1" '{ v[NR] = $1 } END { if (NR == 0) { printf "n/a"; exit } i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1; printf "%.1f", v[i] * 1000 }' "$2"; }

: >"$work/all.times"
ok_total=0
{
  echo "| stream | requests | concurrency | 2xx | 4xx | 5xx | missing | p50 ms | p95 ms | p99 ms |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$work/streams.md"
for stream in "${streams[@]}"; do
  read -r name n c _ _ _ <<<"$stream"
  rows="$(tail -n +2 "$work/$name.csv" | grep -c . || true)"
  ok="$(status_of "$name" | grep -c '^2' || true)"
  client_errors="$(status_of "$name" | grep -c '^4' || true)"
  server_errors="$(status_of "$name" | grep -c '^5' || true)"
  missing=$((n - rows))
  ok_total=$((ok_total + ok))
  tail -n +2 "$work/$name.csv" | cut -d, -f1 | sort -g >"$work/$name.times"
  cat "$work/$name.times" >>"$work/all.times"
  echo "| $name | $n | $c | $ok | $client_errors | $server_errors | $missing | $(percentile 50 "$work/$name.times") | $(percentile 95 "$work/$name.times") | $(percentile 99 "$work/$name.times") |" >>"$work/streams.md"
  if [ "$ok" -ne "$n" ]; then
    echo "$name: $ok of $n requests got a 2xx ($client_errors 4xx, $server_errors 5xx, $missing without an answer)." >&2
    sed -n '1,5p' "$work/$name.err" >&2
  fi
done
sort -g -o "$work/all.times" "$work/all.times"
answered="$(grep -c . "$work/all.times" || true)"
seconds="$(awk -v a="$started" -v b="$finished" 'BEGIN { printf "%.1f", b - a }')"
throughput="$(awk -v n="$answered" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')"
server_errors_total="$(for stream in "${streams[@]}"; do read -r name _ <<<"$stream"; status_of "$name"; done | grep -c '^5' || true)"
errors=$((total - ok_total))
error_rate="$(awk -v e="$errors" -v t="$total" 'BEGIN { printf "%.4f", e / t }')"
p95="$(percentile 95 "$work/all.times")"
# Ingest rate: readings the write streams had acknowledged (201 per single ingest, batch_size per 200 batch) over the
# time the slowest of them took to finish (each hey's offset + response time, from its own start; all start at once).
ingest_readings=$(($(count_status ingest0 201) + $(count_status ingest1 201) + $(count_status ingest2 201) +
  $(count_status ingest3 201) + $(count_status batch 200) * batch_size))
ingest_seconds="$(for name in ingest0 ingest1 ingest2 ingest3 batch; do tail -n +2 "$work/$name.csv"; done |
  awk -F, '{ end = $8 + $1; if (end > max) max = end } END { printf "%.1f", max }')"
ingest_rate="$(awk -v n="$ingest_readings" -v s="$ingest_seconds" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')"

# --- thresholds --------------------------------------------------------------------------------------------------
verdicts=()
if awk -v r="$error_rate" -v m="$max_error_rate" 'BEGIN { exit !(r <= m) }'; then
  verdicts+=("error rate $error_rate ($errors of $total without a 2xx) <= $max_error_rate: passed")
else
  verdicts+=("error rate $error_rate ($errors of $total without a 2xx) > $max_error_rate: FAILED")
  problems=$((problems + 1))
fi
if [ "$max_p95_ms" = "0" ]; then
  verdicts+=("p95 $p95 ms: no threshold")
elif [ "$p95" != "n/a" ] && awk -v p="$p95" -v m="$max_p95_ms" 'BEGIN { exit !(p <= m) }'; then
  verdicts+=("p95 $p95 ms <= $max_p95_ms ms: passed")
else
  verdicts+=("p95 $p95 ms > $max_p95_ms ms: FAILED")
  problems=$((problems + 1))
fi
if [ "$failed_streams" -ne 0 ]; then
  verdicts+=("$failed_streams streams did not finish within ${max_seconds}s: FAILED")
  problems=$((problems + 1))
fi

# --- reconciliation ----------------------------------------------------------------------------------------------
echo "Reconciling stored readings with acknowledged ones..."
# Prints how many readings the history API lists for a sensor, or "unreadable" when a page cannot be read.
stored_count() {
  local sensor_id="$1" cursor="" count=0 page
  while :; do
    page="$(curl -fsS --max-time 30 -H @"$work/headers" --get "$base/sensors/$sensor_id/readings" --data-urlencode "limit=1000" ${cursor:+--data-urlencode "cursor=$cursor"})" || {
      echo "unreadable"
      return
    }
    count=$((count + $(jq '.items | length' <<<"$page")))
    cursor="$(jq -r '.nextCursor // empty' <<<"$page")"
    [ -n "$cursor" ] || break
  done
  echo "$count"
}
{
  echo "| sensor | acknowledged | stored |"
  echo "|---|---:|---:|"
} >"$work/reconcile.md"
reconcile() {
  local name="$1" acknowledged="$2" stored
  stored="$(stored_count "$(sensor "$name")")"
  echo "| $name | $acknowledged | $stored |" >>"$work/reconcile.md"
  if [ "$stored" != "$acknowledged" ]; then
    verdicts+=("$name: $acknowledged readings acknowledged, $stored stored: FAILED")
    problems=$((problems + 1))
  fi
}
for name in ingest0 ingest1 ingest2 ingest3; do
  reconcile "$name" "$(count_status "$name" 201)"
done
# Every retry of the same id is acknowledged; exactly one reading exists once one was.
if [ "$(status_of retry | grep -c '^20' || true)" -gt 0 ]; then
  reconcile retry 1
  latest_id="$(curl -fsS --max-time 30 -H @"$work/headers" "$base/sensors/$(sensor retry)/readings/latest" | jq -r .id)" ||
    latest_id="(not readable)"
  if [ "$latest_id" != "load-retry-1" ]; then
    verdicts+=("the retried reading is not the latest ($latest_id): FAILED")
    problems=$((problems + 1))
  fi
fi
# Each 200 batch answer acknowledged its items one by one; all are created here (no ids, no errors expected).
reconcile batch $(($(count_status batch 200) * batch_size))

# --- floor -------------------------------------------------------------------------------------------------------
# The same mix's store operations sent by the Cosmos SDK alone against the same store, stream by stream with the same
# counts and workers as hey's, after a warm-up round of as many: what any API making these operations could reach on
# this machine (bench/CitySense.Benchmarks floor-mix). A floor that cannot run is a failed verdict, not a lost report.
floor_summary=""
if [ "$floor" = "1" ]; then
  echo "Measuring the floor: the same mix's store operations with the Cosmos SDK alone..."
  store="$(grep -m 1 -o 'local Cosmos server listening on http://127\.0\.0\.1:[0-9]*/' "$work/devhost.log" | grep -o 'http://.*' || true)"
  if [ -z "$store" ]; then
    verdicts+=("floor: no local Cosmos server address in the DevHost's log: FAILED")
    problems=$((problems + 1))
  elif ! floor_summary="$(dotnet "$floor_dll" floor-mix --endpoint "$store" --database citysense --near "$lat,$lon" \
    --requests "$requests" --concurrency "$concurrency" --warmup "$requests" \
    --sensors "$(sensor reads),$(sensor ingest0),$(sensor ingest1),$(sensor ingest2),$(sensor ingest3),$(sensor retry),$(sensor batch)" 2>&1)"; then
    verdicts+=("floor: the run failed ($(tail -n 1 <<<"$floor_summary")): FAILED")
    problems=$((problems + 1))
    floor_summary=""
  fi
fi

# --- summary -----------------------------------------------------------------------------------------------------
# CPU seconds between two readings of cpu_seconds, and per measured request in milliseconds ("?" when unknown).
cpu_used() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "") printf "?"; else printf "%.1f", b - a }'; }
cpu_per_request() { awk -v a="$1" -v b="$2" -v n="$total" 'BEGIN { if (a == "" || b == "" || n == 0) printf "?"; else printf "%.2f", (b - a) * 1000 / n }'; }
mkdir -p "$results"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
{
  echo "## Load test $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  case "$target" in
    local)
      cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//' || true)"
      memory="$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)"
      echo "Machine: $(nproc) cores ${cpu:+($cpu)}, $memory; .NET $(dotnet --version); commit $commit."
      echo "DevHost (Release, the app's own log settings) on 127.0.0.1 with its in-memory Cosmos-compatible server, hey on the same machine."
      echo "CPU time of the measured phase: app (DevHost) $(cpu_used "$app_cpu_before" "$app_cpu_after")s ($(cpu_per_request "$app_cpu_before" "$app_cpu_after") ms per request)," \
        "local Cosmos server $(cpu_used "$db_cpu_before" "$db_cpu_after")s ($(cpu_per_request "$db_cpu_before" "$db_cpu_after") ms per request; one Node.js thread)."
      ;;
    remote) echo "Target: $base (commit $commit of the script)." ;;
    stage) echo "Target: the stage's API Management gateway $base, operator smoke-test key (commit $commit)." ;;
  esac
  echo
  echo "$answered of $total requests answered in ${seconds}s with $workers workers (rate ${rate}/s, 0 = unbounded): **$throughput requests/s**;" \
    "latency p50 $(percentile 50 "$work/all.times") ms, p95 $p95 ms, p99 $(percentile 99 "$work/all.times") ms;" \
    "5xx: $server_errors_total."
  echo
  echo "Warm-up: $warmup_summary."
  echo
  echo "Ingest: $ingest_readings readings acknowledged by the write streams in ${ingest_seconds}s: **$ingest_rate readings/s**."
  echo
  if [ -n "$floor_summary" ]; then
    echo "Floor (LOAD_FLOOR=1; the same mix's store operations sent by the Cosmos SDK alone, stream by stream as above," \
      "no HTTP, no API, no hey; after a warm-up round of as many): $floor_summary."
    echo
  fi
  echo "Thresholds:"
  echo
  for verdict in "${verdicts[@]}"; do
    echo "- $verdict"
  done
  echo
  cat "$work/streams.md"
  echo
  echo "Reconciliation (readings listed by the history API against 2xx acknowledgements):"
  echo
  cat "$work/reconcile.md"
} >"$results/summary.md"
for stream in "${streams[@]}"; do
  read -r name _ <<<"$stream"
  cp "$work/$name.csv" "$results/$name.csv"
done
cat "$results/summary.md"

if [ "$problems" -ne 0 ]; then
  echo "Load test FAILED ($problems problems)." >&2
  if [ -n "$host_pid" ]; then
    tail -n 40 "$work/devhost.log" >&2
  fi
  exit 1
fi
echo "Load test passed: thresholds met, nothing acknowledged was lost."
