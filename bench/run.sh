#!/usr/bin/env bash
# CitySense benchmarks, one command: Cosmos round trips per API request, end-to-end throughput against the raw
# store, handler cost against a raw minimal API, and DevHost start-up. Writes bench/RESULTS.md.
# Needs the .NET 10 SDK, Node.js 20 and curl; installs hey (Debian package) when it is missing.
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

# A free TCP port on 127.0.0.1, starting from $1.
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
  done
  echo "$port"
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Waits until $1 answers 200, at most $2 seconds; prints nothing, fails on timeout.
wait_for_200() {
  local url=$1 deadline=$(($(date +%s) + $2))
  until curl -fs -o /dev/null "$url"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "$url did not answer 200 within $2 s" >&2
      return 1
    fi
    sleep 0.02
  done
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

load_average() { cut -d' ' -f1-3 /proc/loadavg; }

# --- machine and build -------------------------------------------------------------------------------------------
load_at_start=$(load_average)
cpu_model=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
cpu_model=${cpu_model:-$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)}
memory_gib=$(awk '/MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain 2>/dev/null | grep -v ' bench/RESULTS.md$' || true)" ]; then
  commit="$commit (with uncommitted changes)"
fi

log "building (Release)"
build_started=$(now_ms)
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
build_seconds=$(awk -v ms=$(($(now_ms) - build_started)) 'BEGIN { printf "%.0f", ms / 1000 }')
# The local Cosmos server's packages (the DevHost build installs them too; check again right before they are used).
if [ ! -f tools/cosmos-local/node_modules/.package-lock.json ]; then
  log "installing the local Cosmos server's packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error --prefix tools/cosmos-local >/dev/null
fi
bench_dll="$root/bench/CitySense.Benchmarks/bin/Release/net10.0/CitySense.Benchmarks.dll"
devhost_dll="$root/src/CitySense.DevHost/bin/Release/net10.0/CitySense.DevHost.dll"
bench() { dotnet "$bench_dll" "$@"; }

# --- 1. round trips ----------------------------------------------------------------------------------------------
log "1/4 round trips per API request (history sizes $sizes)"
roundtrips_status=0
bench roundtrips --out "$work/roundtrips.md" --sizes "$sizes" >"$work/roundtrips.log" 2>&1 || roundtrips_status=$?
if [ ! -s "$work/roundtrips.md" ]; then
  cat "$work/roundtrips.log" >&2
  exit 1
fi
grep '^Seeded' "$work/roundtrips.log" >"$work/seeding.txt" || true

# --- 2. handler cost ---------------------------------------------------------------------------------------------
log "2/4 handler cost (BenchmarkDotNet, in-process short job)"
handler_args=(handlers --out "$work/handlers.md" --artifacts "$work/bdn")
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
curl -fsS -o /dev/null -X POST "$api/sensors/$sensor/readings" -H 'Content-Type: application/json' -d "$reading"

# hey's summary as one TSV line: operation, concurrency, req/s, p50 ms, p99 ms, non-2xx or errors, completed.
hey_tsv() {
  local operation=$1 concurrency=$2 file=$3
  awk -v op="$operation" -v c="$concurrency" '
    /Requests\/sec:/ { rps = $2 }
    /50%+ in/ { p50 = $3 * 1000 }
    /99%+ in/ { p99 = $3 * 1000 }
    /^[[:space:]]+\[[0-9]+\][[:space:]]+[0-9]+ responses/ {
      code = substr($1, 2, 3); n = $2; done += n; if (code !~ /^2/) bad += n
    }
    /^Error distribution:/ { errors = 1 }
    errors && /^[[:space:]]+\[[0-9]+\]/ { gsub(/[\[\]]/, "", $1); bad += $1 }
    END { printf "%s\t%s\t%.1f\t%.2f\t%.2f\t%d\t%d\n", op, c, rps, p50, p99, bad, done }
  ' "$file"
}

run_hey() {
  local operation=$1 concurrency=$2
  shift 2
  hey -z "${warmup}s" -c "$concurrency" "$@" >/dev/null
  hey -z "${seconds}s" -c "$concurrency" "$@" >"$work/hey-$operation-$concurrency.txt"
  hey_tsv "$operation" "$concurrency" "$work/hey-$operation-$concurrency.txt" >>"$work/api.tsv"
}

run_floor() {
  bench floor --endpoint "$store" --database citysense --sensor "$sensor" --op "$1" --concurrency "$2" \
    --seconds "$seconds" --warmup $((warmup + 2)) --out "$work/floor.tsv" >/dev/null
}

: >"$work/api.tsv"
: >"$work/floor.tsv"
load_during=()
for c in "${concurrencies[@]}"; do
  log "  concurrency $c"
  run_floor read "$c"
  run_hey latest "$c" "$api/sensors/$sensor/readings/latest"
  run_floor ingest "$c"
  run_hey ingest "$c" -m POST -T application/json -d "$reading" "$api/sensors/$sensor/readings"
  run_floor create "$c"
  load_during+=("$(load_average)")
done

# --- 4. start-up -------------------------------------------------------------------------------------------------
log "4/4 DevHost start-up: process start to first 200 on /api/health ($startup_runs runs each)"
local_key=$(bench local-key)

# Prints milliseconds from process start to the first 200 on /api/health; extra environment in "$@".
startup_once() {
  local port started pid elapsed
  port=$(free_port 18071)
  started=$(now_ms)
  env "$@" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$devhost_dll" --urls "http://127.0.0.1:$port" >"$work/startup.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  wait_for_200 "http://127.0.0.1:$port/api/health" 60
  elapsed=$(($(now_ms) - started))
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  echo "$elapsed"
}

: >"$work/startup-own.txt"
: >"$work/startup-running.txt"
for _ in $(seq "$startup_runs"); do
  startup_once DevHost__SeedDemoData=true >>"$work/startup-own.txt"
  startup_once DevHost__SeedDemoData=false Cosmos__Endpoint="$store" Cosmos__Key="$local_key" \
    Cosmos__CreateIfNotExists=false >>"$work/startup-running.txt"
done
startup_own=$(median <"$work/startup-own.txt")
startup_running=$(median <"$work/startup-running.txt")

load_at_end=$(load_average)
total_seconds=$(($(date +%s) - started_at))

# --- report ------------------------------------------------------------------------------------------------------
log "writing bench/RESULTS.md"

# API and floor side by side: operation, concurrency, API figures, floor figures, ratio, verdict at c=32.
throughput_rows() {
  local api_op=$1 floor_op=$2 label=$3
  awk -F'\t' -v api_op="$api_op" -v floor_op="$floor_op" -v label="$label" '
    FNR == NR { if ($1 == floor_op) { frps[$2] = $3; fp50[$2] = $4; fp99[$2] = $5; ferr[$2] = $6 } next }
    $1 == api_op {
      ratio = frps[$2] > 0 ? $3 / frps[$2] : 0
      verdict = $2 == 32 ? (ratio >= 0.7 ? "met" : "**missed**") : ""
      printf "| %s | %s | %.0f | %.1f | %.1f | %d | %.0f | %.1f | %.1f | %.2f | %s |\n",
        label, $2, $3, $4, $5, $6 + ferr[$2], frps[$2], fp50[$2], fp99[$2], ratio, verdict
    }
  ' "$work/floor.tsv" "$work/api.tsv"
}

ratio_at_32() {
  awk -F'\t' -v api_op="$1" -v floor_op="$2" '
    FNR == NR { if ($1 == floor_op && $2 == 32) f = $3; next }
    $1 == api_op && $2 == 32 { ratio = f > 0 ? $3 / f : 0; printf "%.2f", ratio }
  ' "$work/floor.tsv" "$work/api.tsv"
}

create_floor() {
  awk -F'\t' '$1 == "create" { printf "%s%s: %.0f/s (p50 %.1f ms)", sep, "c=" $2, $3, $4; sep = "; " }' "$work/floor.tsv"
}

handler_ratio() { awk -F'|' -v path="$1" '$2 ~ path && $3 ~ /CitySense/ { gsub(/ /, "", $6); print $6 }' "$work/handlers.md"; }

verdict_le() { awk -v v="$1" -v t="$2" 'BEGIN { print (v != "" && v + 0 <= t + 0) ? "met" : "**missed**" }'; }
verdict_ge() { awk -v v="$1" -v t="$2" 'BEGIN { print (v != "" && v + 0 >= t + 0) ? "met" : "**missed**" }'; }

latest_rows=$(grep -c '^| latest |' "$work/roundtrips.md" || true)
latest_met=$(grep '^| latest |' "$work/roundtrips.md" | grep -c '| yes |' || true)
ingest_rows=$(grep -c '^| single ingest |' "$work/roundtrips.md" || true)
ingest_met=$(grep '^| single ingest |' "$work/roundtrips.md" | grep -c '| yes |' || true)
latest_ratio=$(ratio_at_32 latest read)
ingest_ratio=$(ratio_at_32 ingest ingest)
ingest_handler=$(handler_ratio ingest)
latest_handler=$(handler_ratio latest)
startup_seconds_running=$(awk -v ms="$startup_running" 'BEGIN { printf "%.2f", ms / 1000 }')
startup_seconds_own=$(awk -v ms="$startup_own" 'BEGIN { printf "%.2f", ms / 1000 }')
quick_note=""
if [ "$quick" = "1" ]; then
  quick_note="> **BENCH_QUICK=1: a short harness check. These figures are not results; run \`bench/run.sh\` without it.**"
fi

{
  cat <<EOF
# CitySense benchmark results

Written by \`bench/run.sh\` — do not edit by hand; run it again.

$quick_note

| | |
| --- | --- |
| date (UTC) | $(date -u '+%Y-%m-%d %H:%M') |
| commit | $commit |
| machine | $(nproc) cores, ${cpu_model:-unknown CPU}, ${memory_gib} GiB memory, $(uname -sr) |
| runtime | .NET SDK $(dotnet --version), Node.js $(node --version), hey $(dpkg-query -W -f='${Version}' hey 2>/dev/null || echo "(version unknown)") |
| load average (1/5/15 min) | at start $load_at_start; during load runs: ${load_during[*]:-n/a}; at end $load_at_end |
| run time | ${total_seconds} s (Release build ${build_seconds} s) |

**This machine is shared and noisy.** Other work runs on the same 2 cores (see the load averages above: a load
above 2 means processes were waiting for a core). Throughput and latency figures move by tens of percent from run
to run; the round-trip counts do not. In the load runs, hey, the DevHost, the local Cosmos server (one Node.js
thread) and the SDK floor client all share those 2 cores.

## Targets

| target | result | verdict |
| --- | --- | --- |
| latest = 1 point read at any history size | $latest_met of $latest_rows history sizes | $( [ "$latest_rows" -gt 0 ] && [ "$latest_met" = "$latest_rows" ] && echo met || echo "**missed**") |
| ingest ≤ 2 operations | $ingest_met of $ingest_rows history sizes | $( [ "$ingest_rows" -gt 0 ] && [ "$ingest_met" = "$ingest_rows" ] && echo met || echo "**missed**") |
| API ÷ store floor ≥ 0.7 at concurrency 32 | latest ${latest_ratio:-n/a}, ingest ${ingest_ratio:-n/a} | latest $(verdict_ge "$latest_ratio" 0.7), ingest $(verdict_ge "$ingest_ratio" 0.7) |
| handler ≤ 1.5× raw minimal API (time) | ingest ${ingest_handler:-n/a}×, latest ${latest_handler:-n/a}× | ingest $(verdict_le "$ingest_handler" 1.5), latest $(verdict_le "$latest_handler" 1.5) |
| DevHost first 200 ≤ 1.5 s after build | ${startup_seconds_running} s against a running store; ${startup_seconds_own} s when it also starts its own store | running store $(verdict_le "$startup_seconds_running" 1.5), own store $(verdict_le "$startup_seconds_own" 1.5) |

EOF
  cat <<'EOF'

Why a figure misses its target or is noisy, and what would fix it:
- **API ÷ store floor.** Locally the store is one Node.js thread that does the real work of every request, and
  the API run puts three busy processes on the 2 cores (hey, the DevHost, the store) where the floor run puts two
  (the SDK client, the store): the DevHost's own CPU per request (Kestrel, routing, JSON, the SDK call) is taken
  from the store, not added to an idle machine. Ingest is one HTTP request and two to three store operations, so
  there the floor and the API both spend most of their time in the store; latest is one request for one point
  read, which exposes the host's overhead the most. Against Cosmos DB in Azure a point read takes milliseconds of
  network time and the API adds tens of microseconds of CPU per request (section 3), so the ratio is bound to sit
  near 1. At concurrency 1 nothing competes and the ratio is latency alone: the API adds an HTTP hop (hey →
  Kestrel → function → SDK) of about a millisecond on this machine to a point read of a few tenths of one, so
  latest sits far below 0.7 there; the target is set at concurrency 32. To measure the host's share properly: a machine with cores to spare, with hey, the floor client and the
  store each pinned to cores of their own (`taskset`), so that neither side takes CPU from the store.
- **DevHost first 200.** Almost all of it is the .NET start-up of a large app and JIT: ASP.NET Core, the Functions
  worker assemblies the DevHost loads, and the Cosmos SDK, whose first request also fetches the account and
  container metadata. On a loaded 2-core machine each of these waits for a core. A one-off check on this machine
  with the DevHost published ReadyToRun (`-r linux-x64 -p:PublishReadyToRun=true`) took about 30 % off the
  median; publishing the Functions app ReadyToRun is the corresponding step for Flex Consumption (section 4).
- **Handler ÷ raw.** Both handlers parse, validate and serialize the same JSON and call the same stores, and
  allocate about the same. Which one is faster changes from run to run on this machine (over the runs made while
  writing this harness the ingest ratio ranged from 0.3 to 1.15): single medians move by tens of percent (see
  BenchmarkDotNet's error column in the console output), so ratios within about ±0.3 of 1 mean "the same".
EOF
  cat <<EOF

## 1. Cosmos round trips per API request

Each API request goes through the DevHost's HTTP pipeline in-process (\`WebApplicationFactory\`) over the local
Cosmos server; a counting \`RequestHandler\` on the app's \`CosmosClient\` records every request it sends (query-plan
requests of the SDK excluded). History is seeded with the batch API, one reading per second, ending 10 s before the
measured ingest. The deterministic counts are also asserted by \`tests/CitySense.IntegrationTests/RoundTripTests.cs\`
in the normal test run (\`scripts/test.sh\`).

EOF
  cat "$work/roundtrips.md"
  echo
  if [ "$roundtrips_status" -ne 0 ]; then
    echo "**At least one count missed its target (rows marked no).**"
    echo
  fi
  echo "Seeding (batch API, 500 per request): $(paste -sd ';' "$work/seeding.txt" | sed 's/;/; /g')."
  cat <<'EOF'

A history page costs the sensor read plus one query per month partition it reads. When the newest month fills
the page (1,000 and 10,000 readings here, one per second) that is one query. When it does not (10 readings), the
page walks back month by month to the retention floor: 13 partitions at the default 365 days, 12 of them empty
(an empty single-partition query is cheap, but it is a round trip each). Asserted in the normal test run:
create/get sensor 1 each, ingest 2 (late ingest 3), latest 1 point read at 10 and 1,000 readings, the batch of 500
(one patch per sensor, then 500 creates, `BatchParallelism` in flight), near page 1 query, latest-near page 1 query.
EOF
  cat <<EOF

## 2. End-to-end throughput

The DevHost (Release build, \`DevHost__SeedDemoData=false\`, log level Warning so that the per-reading Information
log does not measure the console) started its local Cosmos server on 127.0.0.1; hey drove the API with keep-alive
connections for ${seconds} s per run after a ${warmup} s warm-up. In the same run and against the same server, the
bench tool drove the store directly with the Cosmos SDK (the client settings the app uses, stream APIs, no
deserialization), closed-loop with the same concurrency, for the same time after a $((warmup + 2)) s warm-up (its
process starts fresh for each run): **the floor**. For latest, the floor is a point read of the
same sensor document; for ingest it is the API's own sequence (conditional patch of \`latest\`, a point read when the
patch's condition fails, the create of the reading).
Ingest sends \`$reading\` with no id or timestamp (the API assigns both).

| API request | concurrency | API req/s | API p50 ms | API p99 ms | errors | floor op/s | floor p50 ms | floor p99 ms | API ÷ floor | target (≥ 0.7 at c=32) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
EOF
  throughput_rows latest read "GET …/readings/latest"
  throughput_rows ingest ingest "POST …/readings"
  cat <<EOF

Create alone through the SDK (one reading document, no patch), for scale: $(create_floor).

Ingest throughput here is the local server's, not the API's: the server compiles the filter predicate of every
conditional patch (each one names a different sort key) and serves one patch at a time, so the floor and the API
level off at the same low rate and their ratio is mostly noise — above 1 means the floor run happened to be
slower. Latest (one point read) is the comparison that shows the host's own cost.

## 3. Handler cost (BenchmarkDotNet 0.15.8)

In-process, Release, in-process emit toolchain with a short job (1 launch, 10 warm-up and 15 measured iterations
of 250 ms each), memory diagnoser on. Both handlers get a fresh \`DefaultHttpContext\` per operation with the same request
and write the response body, over the same in-memory \`ISensorStore\`/\`IReadingStore\` (no I/O):
- **CitySense function**: \`ReadingFunctions.IngestReading\` / \`GetLatestReading\` called the way the Functions
  worker's generated executor calls them, then the returned \`IActionResult\` executed.
- **raw minimal API**: the same endpoint as a plain minimal-API lambda built by \`RequestDelegateFactory\` (what
  \`MapPost\`/\`MapGet\` use): body binding, the same payload checks inline, the same store calls, \`TypedResults\`.

EOF
  cat "$work/handlers.md"
  cat <<EOF

Before the measurement each path runs 60,000 times, so that tiered JIT has settled (on this loaded machine the
first benchmark was otherwise measured half-warm). The full BenchmarkDotNet table (mean, error, standard deviation)
is printed on the console by \`bench/run.sh\`.

Allocations removed from the request path by this work (measured with this harness at commit de52d9c, before the
changes, and after; bytes are exact, times on this machine too noisy to compare across runs): CitySense ingest
went from 21,816 to about 5,000 bytes allocated per request. What went: a 16 KB body buffer allocated per request (now a pooled buffer sized
from Content-Length — \`RequestBody\`); the payload copied to a string only to count its bytes
(\`JsonValueRules\`, now measured in place); the content-type check splitting strings; an empty header dictionary
per result (\`ApiResult\`) and an empty error dictionary per valid request (\`ValidationErrors\`), both now created
on first use. The DevHost no longer reflects over a function's parameters or creates a logger on every request.
The payload's \`Clone()\` was checked and kept: the payload already owns its document, so it costs nothing.

## 4. Start-up

Process start (\`dotnet CitySense.DevHost.dll\`, Release, built) to the first 200 on \`/api/health\` (which reads the
database), median of $startup_runs runs each:

| configuration | runs (ms) | median |
| --- | --- | --- |
| against an already running store (\`Cosmos__Endpoint\` set; the shape of a Functions cold start) | $(paste -sd ' ' "$work/startup-running.txt") | ${startup_running} ms |
| README's command: starts its own local Cosmos server (Node.js), creates the database and containers, registers the demo sensors | $(paste -sd ' ' "$work/startup-own.txt") | ${startup_own} ms |

EOF
  cat <<'EOF'
The first configuration is the one that matters for Azure: the Functions worker starts against an account that is
already there. The second adds what only a local run does (a Node.js child process, database and container
creation, demo sensors).

What the Functions app does at start-up (`src/CitySense.Functions/Program.cs`), in order:
1. .NET runtime start, assembly loading and JIT of the start-up path (the app is not published ReadyToRun).
2. `FunctionsApplication.CreateBuilder` and `ConfigureFunctionsWebApplication()`: configuration, logging, the
   worker's gRPC channel to the Functions host and the ASP.NET Core integration (the host proxies HTTP to it).
3. Function discovery costs nothing at run time: the Worker SDK generates the metadata provider and a direct
   executor at build time (`GeneratedFunctionMetadataProvider`, `DirectFunctionExecutor`), so there is no
   assembly scan at start and no reflection per invocation. (The DevHost reads the same generated metadata once
   and now reflects over each function's parameters once, at mapping, instead of on every request.)
4. `AddCitySense(configuration)`: registrations only; every service is a singleton created on first use.
   `ReadingOptions` are validated at start (`ValidateOnStart`, no I/O).
5. Hosted services. `CosmosProvisioner` creates the database and containers only when `Cosmos:CreateIfNotExists`
   is set (local runs; never in Azure, where Bicep does). Because it takes the `CosmosClient`, the client is
   created at start rather than lazily on the first request — checked, and kept: creating it does no I/O (options
   and a `DefaultAzureCredential` object), and the warm-up below needs it then anyway.
   `CosmosWarmUp` (added by this work, `src/CitySense.Cosmos/CosmosWarmUp.cs`) starts a background task that
   point-reads an id that never exists in each container (404, about 1 RU each). That fills what the first request
   would otherwise wait for: account metadata, the containers' routing maps (partition key ranges), in Direct mode
   the replica addresses and their TCP/TLS connections, and the managed identity's first Entra ID token. Start-up
   does not wait for it and cannot fail because of it; the first request joins whatever is still in flight. It is
   on by default in Azure (no account key) and off for the local server and the emulator (nothing to gain there);
   `Cosmos:WarmUpOnStart` overrides. `RoundTripTests.WarmUp_Enabled_OneAbsentPointReadPerContainerThenLatestStillOneRead`
   asserts what it sends.
6. On the first request of each kind, System.Text.Json builds the (reflection-based) metadata of the request and
   response types once; the OpenAPI document is converted from YAML once, when it is first asked for.

Not done here, and the next steps for Flex Consumption cold starts (their effect cannot be measured without an
Azure account): publish ReadyToRun (`dotnet publish -r linux-x64 -p:PublishReadyToRun=true`) to cut JIT time;
set `AZURE_TOKEN_CREDENTIALS=prod` so `DefaultAzureCredential` does not try developer credentials; System.Text.Json
source generation for the API contracts; and, where a cold start must never be seen, always-ready instances
(prod runs 2 — see docs/cost.md for what they cost).
EOF
} >"$results"

log "done in ${total_seconds} s: $results"
