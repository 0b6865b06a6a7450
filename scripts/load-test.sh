#!/usr/bin/env bash
# Load test of CitySense on this machine: builds the DevHost (Release), starts it on 127.0.0.1 with its own
# in-memory Cosmos-compatible server, sends at least 20,000 mixed requests at concurrency 64 with hey, then
# reconciles: every acknowledged ingest (201, or a created batch item) is stored, nothing else is, and no request
# got a 5xx. Prints throughput and p50/p95/p99 and writes them to TestResults/load-test/summary.md.
# Everything it starts is stopped when it ends, however it ends. Only loopback addresses are used.
#
#   scripts/load-test.sh            # about 21,000 requests
#   LOAD_SCALE=2 scripts/load-test.sh   # twice as many
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

scale="${LOAD_SCALE:-1}"
max_seconds="${LOAD_MAX_SECONDS:-900}"
results="TestResults/load-test"
work="$(mktemp -d)"
host_pid=""
hey_pids=()

cleanup() {
  local pid
  for pid in "${hey_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
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
require node nodejs

echo "Building the DevHost (Release)..."
dotnet build src/CitySense.DevHost -c Release --nologo -v quiet >"$work/build.log" 2>&1 || {
  cat "$work/build.log" >&2
  exit 1
}
out="src/CitySense.DevHost/bin/Release/net10.0"

port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});')"
base="http://127.0.0.1:$port"
echo "Starting the DevHost on $base..."
(
  cd "$out"
  exec dotnet CitySense.DevHost.dll --urls "$base" --DevHost:SeedDemoData=false
) >"$work/devhost.log" 2>&1 &
host_pid=$!

for attempt in $(seq 1 120); do
  if curl -fsS "$base/api/health" >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$host_pid" 2>/dev/null || [ "$attempt" -eq 120 ]; then
    echo "The DevHost did not become healthy:" >&2
    cat "$work/devhost.log" >&2
    exit 1
  fi
  sleep 0.5
done

post() {
  curl -fsS -X POST "$base$1" -H 'Content-Type: application/json' -d "$2"
}

# One city; one sensor per write stream, so that each stream's readings can be counted on their own.
city="load-$(date +%s)"
lat=29.742079
lon=-95.346254
for location in ingest0 ingest1 ingest2 ingest3 retry batch reads; do
  post /api/sensors "{\"city\":\"$city\",\"location\":\"$location\",\"type\":\"weather\",\"coordinates\":{\"lat\":$lat,\"lon\":$lon}}" >/dev/null
done
sensor() { echo "$city.$1.weather"; }

# The read sensor gets 200 readings first, so latest and history pages have something to serve.
items="$(seq 1 200 | jq -sc --arg s "$(sensor reads)" '{readings: map({sensorId: $s, payload: {tempC: (. / 10)}})}')"
post /api/readings "$items" >/dev/null

echo '{"payload":{"tempC":21.5,"humidity":40,"wind":{"speedMs":3.2,"direction":"NE"}}}' >"$work/ingest.json"
# A client retrying one reading over and over: same id and timestamp each time.
echo "{\"id\":\"load-retry-1\",\"timestamp\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"payload\":{\"tempC\":20}}" >"$work/retry.json"
seq 1 10 | jq -sc --arg s "$(sensor batch)" '{readings: map({sensorId: $s, payload: {seq: .}})}' >"$work/batch.json"
batch_size=10

# name, requests, concurrency, method, path, body file. Concurrency adds up to 64.
streams=(
  "ingest0 $((1500 * scale)) 5 POST /api/sensors/$(sensor ingest0)/readings ingest.json"
  "ingest1 $((1500 * scale)) 5 POST /api/sensors/$(sensor ingest1)/readings ingest.json"
  "ingest2 $((1500 * scale)) 5 POST /api/sensors/$(sensor ingest2)/readings ingest.json"
  "ingest3 $((1500 * scale)) 5 POST /api/sensors/$(sensor ingest3)/readings ingest.json"
  "retry $((1000 * scale)) 4 POST /api/sensors/$(sensor retry)/readings retry.json"
  "batch $((500 * scale)) 4 POST /api/readings batch.json"
  "latest $((5000 * scale)) 12 GET /api/sensors/$(sensor reads)/readings/latest -"
  "history $((3000 * scale)) 10 GET /api/sensors/$(sensor reads)/readings?limit=50 -"
  "sensor $((3000 * scale)) 8 GET /api/sensors/$(sensor reads) -"
  "near $((1500 * scale)) 4 GET /api/readings/latest?near=$lat,$lon&radius=1000 -"
  "legacy $((1000 * scale)) 2 GET /api/v1/weather/$city/reads -"
)

# hey sends n / c requests per worker: round n up to a multiple of c so that every stream sends all it says.
total=0
concurrency=0
for i in "${!streams[@]}"; do
  read -r name n c method path body <<<"${streams[$i]}"
  n=$(((n + c - 1) / c * c))
  streams[i]="$name $n $c $method $path $body"
  total=$((total + n))
  concurrency=$((concurrency + c))
done

echo "Sending $total requests at concurrency $concurrency (at most ${max_seconds}s)..."
started="$(date +%s.%N)"
for stream in "${streams[@]}"; do
  read -r name n c method path body <<<"$stream"
  args=(-n "$n" -c "$c" -t 30 -m "$method" -o csv)
  if [ "$body" != "-" ]; then
    args+=(-T application/json -D "$work/$body")
  fi
  timeout "$max_seconds" hey "${args[@]}" "$base$path" >"$work/$name.csv" 2>"$work/$name.err" &
  hey_pids+=("$!")
done
failed_streams=0
for pid in "${hey_pids[@]}"; do
  wait "$pid" || failed_streams=$((failed_streams + 1))
done
hey_pids=()
finished="$(date +%s.%N)"

# Each CSV row: response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset.
# hey leaves requests that failed without an answer out of the CSV; they count as missing.
problems=0
status_of() { tail -n +2 "$work/$1.csv" | cut -d, -f7; }
count_status() { status_of "$1" | grep -c "^$2\$" || true; }
percentile() { awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1; printf "%.1f", v[i] * 1000 }' "$2"; }

: >"$work/all.times"
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
  tail -n +2 "$work/$name.csv" | cut -d, -f1 | sort -g >"$work/$name.times"
  cat "$work/$name.times" >>"$work/all.times"
  echo "| $name | $n | $c | $ok | $client_errors | $server_errors | $missing | $(percentile 50 "$work/$name.times") | $(percentile 95 "$work/$name.times") | $(percentile 99 "$work/$name.times") |" >>"$work/streams.md"
  if [ "$ok" -ne "$n" ]; then
    echo "FAIL: $name: $ok of $n requests got a 2xx ($client_errors 4xx, $server_errors 5xx, $missing without an answer)." >&2
    sed -n '1,20p' "$work/$name.err" >&2
    problems=$((problems + 1))
  fi
done
sort -g -o "$work/all.times" "$work/all.times"
answered="$(grep -c . "$work/all.times" || true)"
seconds="$(awk -v a="$started" -v b="$finished" 'BEGIN { printf "%.1f", b - a }')"
throughput="$(awk -v n="$answered" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')"
server_errors_total="$(for stream in "${streams[@]}"; do read -r name _ <<<"$stream"; status_of "$name"; done | grep -c '^5' || true)"

echo "Reconciling stored readings with acknowledged ones..."
stored_count() {
  local sensor_id="$1" cursor="" count=0 page
  while :; do
    page="$(curl -fsS --get "$base/api/sensors/$sensor_id/readings" --data-urlencode "limit=1000" ${cursor:+--data-urlencode "cursor=$cursor"})"
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
  if [ "$stored" -ne "$acknowledged" ]; then
    echo "FAIL: $name: $acknowledged readings acknowledged, $stored stored." >&2
    problems=$((problems + 1))
  fi
}
for name in ingest0 ingest1 ingest2 ingest3; do
  reconcile "$name" "$(count_status "$name" 201)"
done
# Every retry of the same id is acknowledged; exactly one reading exists.
reconcile retry 1
# Each 200 batch answer acknowledged its items one by one; all are created here (no ids, no errors expected).
reconcile batch $(($(count_status batch 200) * batch_size))
latest_id="$(curl -fsS "$base/api/sensors/$(sensor retry)/readings/latest" | jq -r .id)"
if [ "$latest_id" != "load-retry-1" ]; then
  echo "FAIL: the retried reading is not the latest ($latest_id)." >&2
  problems=$((problems + 1))
fi
if [ "$server_errors_total" -ne 0 ] || [ "$failed_streams" -ne 0 ]; then
  problems=$((problems + 1))
fi

# CPU time used by the app and by the local database server during the whole run (from /proc).
cpu_seconds() {
  awk -v tck="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15) / tck }' "/proc/$1/stat" 2>/dev/null || echo "?"
}
app_cpu="$(cpu_seconds "$host_pid")"
db_pid="$(pgrep -P "$host_pid" node | head -n 1 || true)"
db_cpu="$([ -n "$db_pid" ] && cpu_seconds "$db_pid" || echo "?")"

mkdir -p "$results"
cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//' || true)"
memory="$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)"
os="$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null || true)"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
{
  echo "## Load test $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores ${cpu:+($cpu)}, $memory, ${os:-unknown OS}; .NET $(dotnet --version); commit $commit."
  echo "DevHost (Release, the app's own log settings) on 127.0.0.1 with its in-memory Cosmos-compatible server, hey on the same machine."
  echo "CPU time over the whole run: app (DevHost) ${app_cpu}s, local Cosmos server ${db_cpu}s (one Node.js thread)."
  echo
  echo "$answered of $total requests answered in ${seconds}s at concurrency $concurrency: **$throughput requests/s**;" \
    "latency p50 $(percentile 50 "$work/all.times") ms, p95 $(percentile 95 "$work/all.times") ms, p99 $(percentile 99 "$work/all.times") ms;" \
    "5xx: $server_errors_total."
  echo
  cat "$work/streams.md"
  echo
  echo "Reconciliation (readings listed by the history API against 2xx acknowledgements):"
  echo
  cat "$work/reconcile.md"
} >"$results/summary.md"
cat "$results/summary.md"

if [ "$problems" -ne 0 ]; then
  echo "Load test FAILED ($problems problems). DevHost log: see above; it is removed with the work folder." >&2
  tail -n 40 "$work/devhost.log" >&2
  exit 1
fi
echo "Load test passed: nothing acknowledged was lost, no 5xx."
