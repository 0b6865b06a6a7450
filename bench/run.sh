#!/usr/bin/env bash
# CitySense benchmarks, one command: Cosmos round trips per API request, end-to-end throughput against the raw
# store, webhook delivery latency and throughput, handler cost against a raw minimal API, and DevHost start-up with and
# without ReadyToRun. Writes bench/RESULTS.md.
# This script only starts processes and keeps their raw outputs in a work folder; the bench tool's report command
# (bench/CitySense.Benchmarks, tested by bench/CitySense.Benchmarks.Tests) computes the statistics, tables and
# verdicts from that folder.
# Needs the .NET 10 SDK, Node.js 20, curl, unshare (util-linux) and ip (iproute2); installs hey (Debian package) when
# it is missing.
# BENCH_SECONDS (default 10) sets the length of each load run; BENCH_QUICK=1 runs everything briefly, to check the
# harness (its figures are not results).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

quick=${BENCH_QUICK:-0}
seconds=${BENCH_SECONDS:-10}
warmup=2
startup_runs=5
concurrencies=(1 8 32)
sizes="10,1000,10000"
if [ "$quick" = "1" ]; then
  seconds=2
  warmup=1
  startup_runs=2
  sizes="10,1000"
fi
# The floor client's process starts cold for each run, so it warms up for longer than hey.
floor_warmup=$((warmup + 2))

results="$root/bench/RESULTS.md"
work=$(mktemp -d)
started_at=$(date +%s)
pids=()

cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

log() { printf '[bench %4ss] %s\n' "$(($(date +%s) - started_at))" "$*"; }

need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "$1 is required: $2" >&2
    exit 1
  fi
}

now_ms() { date +%s%3N; }

# One fact about the run for the report (key=value; a key written again adds to a list).
fact() { printf '%s=%s\n' "$1" "$2" >>"$work/facts.txt"; }

load_average() { cut -d' ' -f1-3 /proc/loadavg; }

fact started_ms "$(now_ms)"
fact quick "$quick"
fact seconds "$seconds"
fact warmup "$warmup"
fact floor_warmup "$floor_warmup"

# --- tools -------------------------------------------------------------------------------------------------------
if ! command -v hey >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    log "installing hey (Debian package)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hey >/dev/null
  else
    echo "hey is required: sudo apt-get install hey" >&2
    exit 1
  fi
fi
need dotnet "install the .NET 10 SDK"
need node "install Node.js 20 or later"
need curl "sudo apt-get install curl"
need npm "install Node.js 20 or later (with npm)"
need unshare "sudo apt-get install util-linux"
need ip "sudo apt-get install iproute2"

# A free TCP port on 127.0.0.1, starting from $1.
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
  done
  echo "$port"
}

# Waits until $1 answers 200, at most $2 seconds; extra curl arguments (headers) in "${@:3}"; prints nothing, fails
# on timeout.
wait_for_200() {
  local url=$1 deadline=$(($(date +%s) + $2))
  until curl -fs -o /dev/null "${@:3}" "$url"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "$url did not answer 200 within $2 s" >&2
      return 1
    fi
    sleep 0.02
  done
}

# --- machine and build -------------------------------------------------------------------------------------------
fact load_start "$(load_average)"
fact cores "$(nproc)"
fact kernel "$(uname -sr)"
fact dotnet_version "$(dotnet --version)"
fact node_version "$(node --version)"
fact hey_version "$(dpkg-query -W -f='${Version}' hey 2>/dev/null || true)"
lscpu >"$work/lscpu.txt" 2>/dev/null || true
cp /proc/cpuinfo "$work/cpuinfo"
cp /proc/meminfo "$work/meminfo"
fact commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain 2>/dev/null | grep -v ' bench/RESULTS.md$' || true)" ]; then
  fact uncommitted_changes true
else
  fact uncommitted_changes false
fi

log "building (Release)"
fact build_started_ms "$(now_ms)"
# A second try: a build running at the same time in this tree can hold or replace a file the first one needed.
for attempt in 1 2; do
  if dotnet build bench/CitySense.Benchmarks -c Release -nologo -v q -clp:ErrorsOnly >"$work/build.log" 2>&1; then
    break
  fi
  if [ "$attempt" = 2 ]; then
    cat "$work/build.log" >&2
    exit 1
  fi
  log "build failed; trying once more"
  sleep 5
done
fact build_finished_ms "$(now_ms)"
# The local Cosmos server's packages (the DevHost build installs them too; check again right before they are used).
if [ ! -f tools/cosmos-local/node_modules/.package-lock.json ]; then
  log "installing the local Cosmos server's packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error --prefix tools/cosmos-local >/dev/null
fi
bench_dll="$root/bench/CitySense.Benchmarks/bin/Release/net10.0/CitySense.Benchmarks.dll"
devhost_dll="$root/src/CitySense.DevHost/bin/Release/net10.0/CitySense.DevHost.dll"
# Start-up is measured on two publications that differ only in ReadyToRun (framework-dependent, linux-x64, as the
# deploy workflow publishes the Functions app).
log "publishing the DevHost with and without ReadyToRun (linux-x64)"
for variant in jit r2r; do
  ready_to_run=false
  [ "$variant" = "r2r" ] && ready_to_run=true
  dotnet publish src/CitySense.DevHost -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun="$ready_to_run" \
    -o "$work/devhost-$variant" -nologo -v q -clp:ErrorsOnly >"$work/publish-$variant.log" 2>&1 || {
    cat "$work/publish-$variant.log" >&2
    exit 1
  }
done
bench() { dotnet "$bench_dll" "$@"; }

# --- 1. round trips ----------------------------------------------------------------------------------------------
log "1/4 round trips per API request (history sizes $sizes)"
# Exits 1 when a count misses its target: the report says so, the run goes on.
bench roundtrips --out "$work/roundtrips.json" --sizes "$sizes" >"$work/roundtrips.log" 2>&1 || true
if [ ! -s "$work/roundtrips.json" ]; then
  cat "$work/roundtrips.log" >&2
  exit 1
fi

# Aggregates against a raw recomputation of the same history (sizes: readings, one a minute).
aggregate_sizes="10,1000,50000"
[ "$quick" = "1" ] && aggregate_sizes="10,1000"
log "1/4 (b) aggregates against raw recomputation (history sizes $aggregate_sizes)"
bench aggregates --out "$work/aggregates.json" --sizes "$aggregate_sizes" >"$work/aggregates.log" 2>&1 || cat "$work/aggregates.log" >&2

# --- 2. handler cost ---------------------------------------------------------------------------------------------
log "2/4 handler cost (BenchmarkDotNet, in-process short job)"
handler_args=(handlers --out "$work/handlers.json" --artifacts "$work/bdn")
if [ "$quick" = "1" ]; then
  handler_args+=(--quick)
fi
bench "${handler_args[@]}" >"$work/handlers.log" 2>&1 || {
  tail -n 40 "$work/handlers.log" >&2
  exit 1
}

# --- 3. end-to-end throughput ------------------------------------------------------------------------------------
log "3/4 end-to-end throughput: DevHost + local Cosmos server on 127.0.0.1, hey, and the SDK floor"
api_port=$(free_port 17071)
DevHost__SeedDemoData=false Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
  dotnet "$devhost_dll" --urls "http://127.0.0.1:$api_port" >"$work/devhost.log" 2>&1 &
pids+=($!)
wait_for_200 "http://127.0.0.1:$api_port/api/health" 60
store=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$work/devhost.log" | head -n 1)
api="http://127.0.0.1:$api_port/api"

sensor_city="bench-$(date +%s)"
sensor="$sensor_city.lamar_blvd.air_quality"
curl -fsS -o /dev/null -X POST "$api/sensors" -H 'Content-Type: application/json' \
  -d "{\"city\":\"$sensor_city\",\"location\":\"lamar_blvd\",\"type\":\"air_quality\",\"coordinates\":{\"lat\":30.2672,\"lon\":-97.7431}}"
reading='{"payload":{"pm25":7.4,"no2":12,"tempC":21.5}}'
fact reading "$reading"
curl -fsS -o /dev/null -X POST "$api/sensors/$sensor/readings" -H 'Content-Type: application/json' -d "$reading"

# hey's summary of each measured run is kept as hey-OPERATION-CONCURRENCY.txt for the report.
run_hey() {
  local operation=$1 concurrency=$2
  shift 2
  hey -z "${warmup}s" -c "$concurrency" "$@" >/dev/null
  hey -z "${seconds}s" -c "$concurrency" "$@" >"$work/hey-$operation-$concurrency.txt"
}

run_floor() {
  bench floor --endpoint "$store" --database citysense --sensor "$sensor" --op "$1" --concurrency "$2" \
    --seconds "$seconds" --warmup "$floor_warmup" --out "$work/floor.tsv" >/dev/null
}

for c in "${concurrencies[@]}"; do
  log "  concurrency $c"
  run_floor read "$c"
  run_hey latest "$c" "$api/sensors/$sensor/readings/latest"
  run_floor ingest "$c"
  run_hey ingest "$c" -m POST -T application/json -d "$reading" "$api/sensors/$sensor/readings"
  run_floor create "$c"
  fact load_during "$(load_average)"
done

# Webhook delivery connects to a receiver on 127.0.0.1, so it runs where a connection cannot leave the machine even if
# the code were wrong: a network namespace whose only interface is loopback (a user namespace too when not root).
log "3/4 (b) webhook delivery: ingest acknowledgement to a receiver on loopback (DevHost in-process, Azurite, local Cosmos server)"
if [ ! -f tools/azurite-local/node_modules/.package-lock.json ]; then
  log "installing Azurite's packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error --prefix tools/azurite-local >/dev/null
fi
isolated=(unshare -n)
[ "$(id -u)" = "0" ] || isolated=(unshare -rn)
delivery_args=(delivery --out "$work/delivery.json")
if [ "$quick" = "1" ]; then
  delivery_args+=(--quick)
fi
# Exits 1 when a reading was not delivered: the report shows it (delivered < acknowledged), the run goes on.
"${isolated[@]}" bash -c 'ip link set lo up && exec "$@"' isolated dotnet "$bench_dll" "${delivery_args[@]}" \
  >"$work/delivery.log" 2>&1 || cat "$work/delivery.log" >&2
fact load_during "$(load_average)"

# --- 4. start-up -------------------------------------------------------------------------------------------------
log "4/4 DevHost start-up: process start to the first 200, with and without ReadyToRun ($startup_runs runs each)"
local_key=$(bench local-key)
function_key="bench-$(date +%s)"

# Prints milliseconds from process start to the first 200 of URL_PATH (with the function key); the DevHost DLL to run
# is $1, the path $2, extra environment in "${@:3}".
startup_once() {
  local dll=$1 path=$2 port started pid
  shift 2
  port=$(free_port 18071)
  started=$(now_ms)
  env "$@" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$dll" --urls "http://127.0.0.1:$port" >"$work/startup.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  wait_for_200 "http://127.0.0.1:$port/api$path" 60 -H "x-functions-key: $function_key"
  echo "$(($(now_ms) - started))"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

running_store=(DevHost__SeedDemoData=false DevHost__FunctionKey="$function_key" Cosmos__Endpoint="$store" Cosmos__Key="$local_key"
  Cosmos__CreateIfNotExists=false)
for _ in $(seq "$startup_runs"); do
  startup_once "$devhost_dll" /health DevHost__SeedDemoData=true DevHost__FunctionKey="$function_key" >>"$work/startup-own.txt"
  startup_once "$work/devhost-jit/CitySense.DevHost.dll" "/sensors/$sensor/readings/latest" "${running_store[@]}" >>"$work/startup-running.txt"
  startup_once "$work/devhost-r2r/CitySense.DevHost.dll" "/sensors/$sensor/readings/latest" "${running_store[@]}" >>"$work/startup-r2r.txt"
done

fact load_end "$(load_average)"
fact finished_ms "$(now_ms)"

# --- report ------------------------------------------------------------------------------------------------------
log "writing bench/RESULTS.md"
bench report --work "$work" --out "$results"
log "done in $(($(date +%s) - started_at)) s: $results"
