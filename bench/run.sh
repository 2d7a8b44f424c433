#!/usr/bin/env bash
# The benchmark, in one command:  bench/run.sh
#
# 1. starts a private PostgreSQL (bench/.data/, port 55499) with scripts/run.sh db;
# 2. builds RehabApi and the bare baselines (bench/Baseline: raw Npgsql doing what the read, the list and the
#    advance do) in Release;
# 3. seeds two databases once (kept for the next run): BENCH_EPISODES episodes (1,000,000) and
#    BENCH_SMALL_EPISODES (10,000), each with its history, evidence and imaging (bench/seed.sql),
#    and before every run a fresh batch of ready-to-advance episodes (bench/seed-ready.sql), the last run's
#    batch removed first (bench/remove-ready.sql), so that every run measures the same database;
# 4. runs wrk against the API and, in the same run with the same settings, against the baselines;
# 5. writes bench/RESULTS.md: throughput, p50/p99 latency, the ratios and the targets, the API's peak
#    memory (VmHWM), then bench/NOTES.md (the optimisation log, kept by hand).
#
# Settings (environment): BENCH_EPISODES (1000000), BENCH_SMALL_EPISODES (10000), BENCH_DURATION
# (seconds per scenario, 15), BENCH_WARMUP (seconds, 10), BENCH_PRIME (seconds each freshly started server
# spends on each of its endpoints before the first scenario, 15), BENCH_CONNECTIONS (16), BENCH_THREADS (2),
# BENCH_READY (episodes ready to advance per run, half for the bare advance and half for the API's, 200000;
# enough for 15 s scenarios, 60 s ones need 400000), BENCH_PG_PORT (55499), BENCH_API_PORT (5091),
# BENCH_BASELINE_PORT (5092), BENCH_RESULTS (output file, bench/RESULTS.md).
# Needs the .NET 10 SDK; installs PostgreSQL and wrk from the distribution when missing (root or sudo).
# The first run seeds for several minutes; later runs reuse the data (remove bench/.data to start afresh).
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
root=$PWD
bench=$root/bench

episodes=${BENCH_EPISODES:-1000000}
small_episodes=${BENCH_SMALL_EPISODES:-10000}
duration=${BENCH_DURATION:-15}
warmup=${BENCH_WARMUP:-10}
prime=${BENCH_PRIME:-15}
connections=${BENCH_CONNECTIONS:-16}
threads=${BENCH_THREADS:-2}
ready=${BENCH_READY:-200000}
pg_port=${BENCH_PG_PORT:-55499}
api_port=${BENCH_API_PORT:-5091}
baseline_port=${BENCH_BASELINE_PORT:-5092}
results_file=${BENCH_RESULTS:-$bench/RESULTS.md}

work=$bench/.data
out=$work/run
log() { echo "bench: $*" >&2; }
die() { log "$*"; exit 1; }

for n in "$episodes" "$small_episodes" "$duration" "$warmup" "$prime" "$connections" "$threads" "$ready"; do
  [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || die "not a positive number: '$n'"
done
command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not installed"

sudo_if_needed() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk"
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >&2 \
    || { sudo_if_needed apt-get update -q >&2 && sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >&2; }
fi

# ---- PostgreSQL ----
start_postgres() { REHAB_DATA_DIR=$work/postgres REHAB_PG_PORT=$pg_port scripts/run.sh "${1:-db}" >/dev/null; }
start_postgres
bindir=$(scripts/ensure-postgres.sh | tail -n1)
psql_to() { "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d "$1" "${@:2}"; }
connection_to() { echo "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$1;Maximum Pool Size=64"; }

# ---- build ----
log "building RehabApi and the baseline (Release)"
dotnet publish src/RehabApi/RehabApi.csproj -c Release -o "$work/api" -v quiet -nologo >&2
dotnet publish bench/Baseline/Baseline.csproj -c Release -o "$work/baseline" -v quiet -nologo >&2
api_cli() { ConnectionStrings__Rehab=$(connection_to "$1") Logging__Json=false dotnet "$work/api/RehabApi.dll" "${@:2}"; }

# ---- data ----
# Seeds database $1 with $2 episodes unless it already holds exactly that many from an earlier run.
prepare_database() {
  local db=$1 count=$2 seeded=''
  if [[ $(psql_to postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'") == 1 ]]; then
    seeded=$(psql_to "$db" -tAc "SELECT episodes FROM bench_meta" 2>/dev/null || true)
  fi
  if [[ $seeded != "$count" ]]; then
    log "seeding $db with $count episodes (once; this takes a while for a million)"
    psql_to postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    api_cli "$db" migrate >&2
    local started=$SECONDS
    psql_to "$db" -v episodes="$count" -f bench/seed.sql
    psql_to "$db" -c "CREATE TABLE bench_meta (episodes int NOT NULL, seeded_at timestamptz NOT NULL DEFAULT now(), seconds int NOT NULL)" \
      -c "INSERT INTO bench_meta (episodes, seconds) VALUES ($count, $((SECONDS - started)))"
  else
    api_cli "$db" migrate >&2   # a newer schema may have arrived since the data was seeded
  fi
}

# The id lists the wrk scripts read: a random sample of active episodes, and the named ones.
write_ids() {
  local db=$1 prefix=$2
  psql_to "$db" -tA -c "SELECT e.id FROM episodes e WHERE e.status = 'active' AND e.phase <> 'non-weight-bearing'
      ORDER BY random() LIMIT 20000" >"$out/$prefix-active.ids"
  for kind in evidence-10 evidence-2000 evidence-2000-history; do
    psql_to "$db" -tA -c "SELECT e.id FROM episodes e JOIN patients p ON p.id = e.patient_id
        WHERE p.external_ref = 'BENCH-$kind'" >"$out/$prefix-$kind.ids"
  done
}

rm -rf "$out" && mkdir -p "$out"
prepare_database rehab_bench "$episodes"
prepare_database rehab_bench_small "$small_episodes"
log "removing earlier runs' ready episodes"
psql_to rehab_bench -f bench/remove-ready.sql
batch=$(date -u +%Y%m%d%H%M%S)
log "adding $ready episodes ready to advance (batch $batch)"
psql_to rehab_bench -v ready="$ready" -v batch="$batch" -f bench/seed-ready.sql
psql_to rehab_bench -tA -c "SELECT e.id FROM episodes e JOIN patients p ON p.id = e.patient_id
    WHERE p.external_ref LIKE 'BENCH-READY-$batch-%' ORDER BY random()" >"$out/ready-all.ids"
# An episode advances once: half the batch for the bare advance, half for the API's, each split into a
# quarter for priming, a quarter for the warm-up and the rest for the measured run.
half=$((ready / 2)) quarter=$((ready / 8))
head -n "$half" "$out/ready-all.ids" >"$out/ready-bare.ids"
tail -n +"$((half + 1))" "$out/ready-all.ids" >"$out/ready-api.ids"
for who in bare api; do
  head -n "$quarter" "$out/ready-$who.ids" >"$out/ready-$who-prime.ids"
  sed -n "$((quarter + 1)),$((2 * quarter))p" "$out/ready-$who.ids" >"$out/ready-$who-warmup.ids"
  tail -n +"$((2 * quarter + 1))" "$out/ready-$who.ids" >"$out/ready-$who-measured.ids"
done
psql_to rehab_bench -c "ANALYZE"
write_ids rehab_bench large
write_ids rehab_bench_small small
# Every run starts alike: the seeding's dirty pages written out (no checkpoint in the middle of a scenario)
# and the tables and indexes the scenarios touch loaded into shared buffers (pg_prewarm ships with PostgreSQL).
for db in rehab_bench_small rehab_bench; do
  psql_to "$db" -c "CHECKPOINT" -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm" \
    -c "SELECT sum(pg_prewarm(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') AND (c.relname LIKE '%episodes%'
          OR c.relname LIKE 'ix_clearances_episode%' OR c.relname LIKE 'ix_observations_episode%'
          OR c.relname LIKE 'ix_imaging_studies_episode%' OR c.relname = 'api_keys')" >/dev/null
done

# ---- processes ----
api_pid='' baseline_pid=''
stop_servers() {
  for pid in $api_pid $baseline_pid; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  api_pid='' baseline_pid=''
}
trap stop_servers EXIT

wait_for() {
  local url=$1
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.2
  done
  die "$url did not answer"
}

# Production settings except the rate limit, which would otherwise answer 429 to a load generator.
start_servers() {
  local db=$1 some_episode=$2
  ConnectionStrings__Rehab=$(connection_to "$db") ASPNETCORE_URLS=http://127.0.0.1:$api_port \
    RateLimiting__PermitLimit=100000000 DOTNET_ENVIRONMENT=Production \
    dotnet "$work/api/RehabApi.dll" >"$out/api-$db.log" 2>&1 &
  api_pid=$!
  ConnectionStrings__Rehab=$(connection_to "$db") ASPNETCORE_URLS=http://127.0.0.1:$baseline_port \
    dotnet "$work/baseline/Baseline.dll" >"$out/baseline-$db.log" 2>&1 &
  baseline_pid=$!
  wait_for "http://127.0.0.1:$api_port/health/ready"
  wait_for "http://127.0.0.1:$baseline_port/episodes/$some_episode"
}

peak_memory_mb() { awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }

# run NAME URL SCRIPT ARGS...: a warm-up, then the measured run; appends "NAME key=value..." to results.
# WARMUP_IDS, when set, replaces the id file for the warm-up (the advance scenario uses each id once).
run() {
  local name=$1 url=$2 script=$3
  shift 3
  local warm_args=("$@")
  [[ -n ${WARMUP_IDS:-} ]] && warm_args[0]=$WARMUP_IDS
  log "$name"
  BENCH_LUA_DIR=$bench/scripts wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$bench/scripts/$script" "$url" -- "${warm_args[@]}" >/dev/null
  BENCH_LUA_DIR=$bench/scripts wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$bench/scripts/$script" "$url" -- "$@" \
    | tee "$out/$name.wrk" | grep '^BENCH_RESULT' | sed "s/^BENCH_RESULT/$name/" >>"$out/results"
}

# prime_servers PREFIX [ADVANCE]: load a freshly started API and baseline on their endpoints before the first
# scenario: the API's write path through observations, which any episode takes, and with ADVANCE the advance of
# both (each advance uses up a ready episode, so only the 1,000,000-episode database has them). .NET compiles a
# method again, optimised, only after it has run a while, and on two cores under full load its background
# compiler gets little of the CPU: after one scenario's warm-up the API's few thousand hot methods still ran
# unoptimised (a read at 5,700 requests/s, 8,500 once compiled; an advance at about 1,000 per second after 10 s,
# 1,200 after 50 s; bench/NOTES.md, item 12). The baseline, a few dozen methods, gets the same treatment so that
# both are measured in their steady state.
prime_servers() {
  local prefix=$1 advance=${2:-}
  log "priming the API and the baseline (${prime}s per endpoint)"
  local targets=("$api get.lua $out/$prefix-active.ids /api/v1/episodes/{id}" "$api get.lua $out/$prefix-active.ids /api/v1/episodes/{id}/gate"
                 "$api get.lua - /api/v1/episodes?phase=strengthening&limit=50" "$api post-observation.lua $out/$prefix-active.ids"
                 "$baseline get.lua $out/$prefix-active.ids /episodes/{id}" "$baseline get.lua - /episodes?phase=strengthening&limit=50")
  [[ -n $advance ]] && targets+=("$api advance.lua $out/ready-api-prime.ids $threads"
                                 "$baseline advance.lua $out/ready-bare-prime.ids $threads /episodes/{id}/advance")
  local target words key
  for target in "${targets[@]}"; do
    read -r -a words <<<"$target"
    key=$BENCH_API_KEY
    [[ ${words[0]} == "$baseline" ]] && key=''
    BENCH_API_KEY=$key BENCH_LUA_DIR=$bench/scripts wrk -t"$threads" -c"$connections" -d"${prime}s" -s "$bench/scripts/${words[1]}" "${words[0]}" -- "${words[@]:2}" >/dev/null
  done
}

api=http://127.0.0.1:$api_port
baseline=http://127.0.0.1:$baseline_port
export BENCH_API_KEY

# ---- 10,000 episodes ----
BENCH_API_KEY=$(api_cli rehab_bench_small keys create --clinic default --role clinic-system --name "bench $batch" | tail -n1)
start_servers rehab_bench_small "$(head -n1 "$out/small-active.ids")"
prime_servers small
BENCH_API_KEY='' run small-baseline-read "$baseline" get.lua "$out/small-active.ids" "/episodes/{id}"
run small-read "$api" get.lua "$out/small-active.ids" "/api/v1/episodes/{id}"
run small-gate "$api" get.lua "$out/small-active.ids" "/api/v1/episodes/{id}/gate"
stop_servers

# ---- 1,000,000 episodes ----
BENCH_API_KEY=$(api_cli rehab_bench keys create --clinic default --role clinic-system --name "bench $batch" | tail -n1)
start_servers rehab_bench "$(head -n1 "$out/large-active.ids")"
prime_servers large advance
BENCH_API_KEY='' run baseline-read "$baseline" get.lua "$out/large-active.ids" "/episodes/{id}"
run read "$api" get.lua "$out/large-active.ids" "/api/v1/episodes/{id}"
run gate "$api" get.lua "$out/large-active.ids" "/api/v1/episodes/{id}/gate"
run gate-evidence-10 "$api" get.lua "$out/large-evidence-10.ids" "/api/v1/episodes/{id}/gate"
run gate-evidence-2000 "$api" get.lua "$out/large-evidence-2000.ids" "/api/v1/episodes/{id}/gate"
run gate-evidence-2000-history "$api" get.lua "$out/large-evidence-2000-history.ids" "/api/v1/episodes/{id}/gate"
BENCH_API_KEY='' run baseline-list "$baseline" get.lua - "/episodes?phase=strengthening&limit=50"
run list-phase "$api" get.lua - "/api/v1/episodes?phase=strengthening&limit=50"
run observation "$api" post-observation.lua "$out/large-active.ids"
BENCH_API_KEY='' WARMUP_IDS=$out/ready-bare-warmup.ids \
  run baseline-advance "$baseline" advance.lua "$out/ready-bare-measured.ids" "$threads" "/episodes/{id}/advance"
WARMUP_IDS=$out/ready-api-warmup.ids run advance "$api" advance.lua "$out/ready-api-measured.ids" "$threads"
api_peak_mb=$(peak_memory_mb "$api_pid")
baseline_peak_mb=$(peak_memory_mb "$baseline_pid")
stop_servers

# ---- RESULTS.md ----
BENCH_EPISODES=$episodes BENCH_SMALL_EPISODES=$small_episodes BENCH_DURATION=$duration BENCH_CONNECTIONS=$connections \
BENCH_THREADS=$threads API_PEAK_MB=$api_peak_mb BASELINE_PEAK_MB=$baseline_peak_mb \
  "$bench/report.sh" "$out/results" >"$results_file"
log "wrote ${results_file#"$root"/}"
cat "$results_file"
