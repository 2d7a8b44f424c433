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
# 4. runs wrk against the API and, in the same run with the same settings, against the baselines: the scenarios a
#    target compares are measured side by side, in BENCH_ROUNDS slices taken in turn (bare read, read and gate on
#    both databases; the evidence gates and the lists; the two advances), so that a slow spell of the machine
#    falls on both sides of a ratio instead of on one;
# 5. writes bench/RESULTS.md: throughput, p50/p99 latency, the ratios and the targets, the API's peak
#    memory (VmHWM), then bench/NOTES.md (the optimisation log, kept by hand).
#
# Settings (environment): BENCH_EPISODES (1000000), BENCH_SMALL_EPISODES (10000), BENCH_DURATION
# (seconds per scenario, 15), BENCH_ROUNDS (the slices each scenario's seconds are measured in, 5), BENCH_WARMUP
# (seconds, 10), BENCH_PRIME (seconds each freshly started server spends on each of its endpoints before the first
# scenario, 15), BENCH_CONNECTIONS (16), BENCH_THREADS (2), BENCH_READY (episodes ready to advance per run, half for
# the bare advance and half for the API's, 200000; enough for 15 s scenarios, 60 s ones need 400000), BENCH_PG_PORT
# (55499), BENCH_API_PORT (5091), BENCH_BASELINE_PORT (5092; the servers on the 10,000-episode database listen on
# these ports + 2), BENCH_RESULTS (output file, bench/RESULTS.md).
# Needs the .NET 10 SDK; installs PostgreSQL and wrk from the distribution when missing (root or sudo).
# The first run seeds for several minutes; later runs reuse the data (remove bench/.data to start afresh).
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
root=$PWD
bench=$root/bench

episodes=${BENCH_EPISODES:-1000000}
small_episodes=${BENCH_SMALL_EPISODES:-10000}
duration=${BENCH_DURATION:-15}
rounds=${BENCH_ROUNDS:-5}
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
source "$bench/lib.sh"

for n in "$episodes" "$small_episodes" "$duration" "$rounds" "$warmup" "$prime" "$connections" "$threads" "$ready"; do
  [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || die "not a positive number: '$n'"
done
# A slice is a whole number of seconds: a shorter scenario is measured in fewer slices.
if (( duration < rounds )); then log "BENCH_DURATION is $duration s: measuring in $duration slices of 1 s"; rounds=$duration; fi
slice=$((duration / rounds))
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

# ---- build ----
log "building RehabApi and the baseline (Release)"
dotnet publish src/RehabApi/RehabApi.csproj -c Release -o "$work/api" -v quiet -nologo >&2
dotnet publish bench/Baseline/Baseline.csproj -c Release -o "$work/baseline" -v quiet -nologo >&2
api_cli() { rehab_cli "$work/api/RehabApi.dll" "$@"; }

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
# Both databases' servers run at once, so that their scenarios can be measured in turn; only one is loaded at a time.
pids=()
stop_servers() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap stop_servers EXIT

# start_servers DB API_PORT BASELINE_PORT SOME_EPISODE: the API (bench/lib.sh's start_api) and the baseline on DB;
# their pids become $last_api_pid and $last_baseline_pid.
start_servers() {
  local db=$1 api_at=$2 baseline_at=$3 some_episode=$4
  start_api "$work/api/RehabApi.dll" "$db" "$api_at" "$out/api-$db.log"
  last_api_pid=$last_pid
  ConnectionStrings__Rehab=$(connection_to "$db") ASPNETCORE_URLS=http://127.0.0.1:$baseline_at \
    dotnet "$work/baseline/Baseline.dll" >"$out/baseline-$db.log" 2>&1 &
  last_baseline_pid=$!
  pids+=("$last_api_pid" "$last_baseline_pid")
  wait_for "http://127.0.0.1:$api_at/health/ready"
  wait_for "http://127.0.0.1:$baseline_at/episodes/$some_episode"
}

peak_memory_mb() { awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }

# A scenario is "NAME|KEY|URL|SCRIPT|ARGS...": KEY is whose API key it sends (large, small, or none for a
# baseline), and an id file in ARGS may name {slice}
# (the advance uses each id once, so every slice gets its own part of the list, and the warm-up its own list).
wrk_scenario() {
  local seconds=$1 latency=$2 spec=$3 slice_no=${4:-}
  local name key url script rest
  IFS='|' read -r name key url script rest <<<"$spec"
  local args=()
  IFS='|' read -r -a args <<<"$rest"
  [[ -n $slice_no ]] && args=("${args[@]//\{slice\}/$slice_no}")
  case $key in large) key=$large_key ;; small) key=$small_key ;; *) key='' ;; esac
  BENCH_API_KEY=$key BENCH_LUA_DIR=$bench/scripts wrk -t"$threads" -c"$connections" -d"${seconds}s" $latency \
    -s "$bench/scripts/$script" "$url" -- "${args[@]}"
}

# measure SCENARIO...: each scenario warms up once, then all are measured in turn, BENCH_ROUNDS slices of
# BENCH_DURATION / BENCH_ROUNDS seconds each. A ratio of two of them (the service against its bare baseline, one
# database against the other) then compares stretches of the same few minutes: on a shared machine the slow spells
# last minutes, and one 15-second scenario after another put a spell on one side of a ratio (bench/NOTES.md, fifth
# session). Each slice appends a line to $out/slices; summarise() adds them up.
measure() {
  local spec name round
  for spec in "$@"; do
    log "warming up ${spec%%|*}"
    wrk_scenario "$warmup" '' "${spec//\{slice\}/warmup}" >/dev/null
  done
  for round in $(seq 1 "$rounds"); do
    for spec in "$@"; do
      name=${spec%%|*}
      log "$name, slice $round of $rounds"
      wrk_scenario "$slice" --latency "$spec" "$round" | tee "$out/$name.$round.wrk" | grep '^BENCH_RESULT' \
        | sed "s/^BENCH_RESULT/$name/" >>"$out/slices"
    done
  done
}

# summarise: one line per scenario, in the order measured, in the form report.sh reads. Requests, seconds, non-2xx
# and errors add up; requests/s is all requests over all seconds; p50 is the median of the slices' p50s, and p99 the
# highest slice's p99, which is at least the p99 of all the scenario's requests (no slice has more than 1% above it).
summarise() {
  awk '
    { name = $1; if (!(name in seen)) { seen[name] = 1; order[++n] = name }
      for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
      req[name] += f["requests"]; sec[name] += f["duration_s"]; bad[name] += f["non2xx"]; err[name] += f["socket_errors"]
      p50[name, ++count[name]] = f["p50_ms"]; if (f["p99_ms"] > p99[name]) p99[name] = f["p99_ms"] }
    END {
      for (k = 1; k <= n; k++) {
        s = order[k]; m = count[s]
        for (i = 1; i <= m; i++) v[i] = p50[s, i]
        for (i = 2; i <= m; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
        median = (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
        printf "%s requests=%d duration_s=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f non2xx=%d socket_errors=%d\n",
          s, req[s], sec[s], req[s] / sec[s], median, p99[s], bad[s], err[s]
      }
    }' "$out/slices"
}

# prime_servers KEY API BASELINE PREFIX [ADVANCE]: load a freshly started API and baseline on their endpoints before the
# first scenario: the API's write path through observations, which any episode takes, and with ADVANCE the advance
# of both (each advance uses up a ready episode, so only the 1,000,000-episode database has them). .NET compiles a
# method again, optimised, only after it has run a while, and on two cores under full load its background
# compiler gets little of the CPU: after one scenario's warm-up the API's few thousand hot methods still ran
# unoptimised (a read at 5,700 requests/s, 8,500 once compiled; an advance at about 1,000 per second after 10 s,
# 1,200 after 50 s; bench/NOTES.md, item 12). The baseline, a few dozen methods, gets the same treatment so that
# both are measured in their steady state.
prime_servers() {
  local key=$1 api_url=$2 baseline_url=$3 prefix=$4 advance=${5:-}
  log "priming $api_url and $baseline_url (${prime}s per endpoint)"
  local targets=("prime|$key|$api_url|get.lua|$out/$prefix-active.ids|/api/v1/episodes/{id}"
                 "prime|$key|$api_url|get.lua|$out/$prefix-active.ids|/api/v1/episodes/{id}/gate"
                 "prime|$key|$api_url|get.lua|-|/api/v1/episodes?phase=strengthening&limit=50"
                 "prime|$key|$api_url|post-observation.lua|$out/$prefix-active.ids"
                 "prime|none|$baseline_url|get.lua|$out/$prefix-active.ids|/episodes/{id}"
                 "prime|none|$baseline_url|get.lua|-|/episodes?phase=strengthening&limit=50")
  [[ -n $advance ]] && targets+=("prime|$key|$api_url|advance.lua|$out/ready-api-prime.ids|$threads"
                                 "prime|none|$baseline_url|advance.lua|$out/ready-bare-prime.ids|$threads|/episodes/{id}/advance")
  local target
  for target in "${targets[@]}"; do wrk_scenario "$prime" '' "$target" >/dev/null; done
}

api=http://127.0.0.1:$api_port
baseline=http://127.0.0.1:$baseline_port
small_api=http://127.0.0.1:$((api_port + 2))
small_baseline=http://127.0.0.1:$((baseline_port + 2))
# Each measured advance slice gets its own part of the measured ready episodes (ready-api-1.ids, ...), as the warm-up
# has its own (ready-api-warmup.ids).
for who in bare api; do
  per_slice=$(( ($(wc -l <"$out/ready-$who-measured.ids") + rounds - 1) / rounds ))
  for round in $(seq 1 "$rounds"); do
    sed -n "$(( (round - 1) * per_slice + 1 )),$(( round * per_slice ))p" "$out/ready-$who-measured.ids" >"$out/ready-$who-$round.ids"
  done
done

# A clinic-system key in each database; a scenario names whose it sends (large, small, or none for a baseline).
large_key=$(api_cli rehab_bench keys create --clinic default --role clinic-system --name "bench $batch" | tail -n1)
small_key=$(api_cli rehab_bench_small keys create --clinic default --role clinic-system --name "bench $batch" | tail -n1)

start_servers rehab_bench_small "$((api_port + 2))" "$((baseline_port + 2))" "$(head -n1 "$out/small-active.ids")"
start_servers rehab_bench "$api_port" "$baseline_port" "$(head -n1 "$out/large-active.ids")"
large_api_pid=$last_api_pid large_baseline_pid=$last_baseline_pid
prime_servers small "$small_api" "$small_baseline" small
prime_servers large "$api" "$baseline" large advance
# The priming's observations and advances written out, as the seeding's were: without this a timed checkpoint fell
# in the first slices (bench/NOTES.md, fifth session).
for db in rehab_bench_small rehab_bench; do psql_to "$db" -c "CHECKPOINT"; done

: >"$out/slices"
# The read and the gate against the bare read, on both databases.
measure "small-baseline-read|none|$small_baseline|get.lua|$out/small-active.ids|/episodes/{id}" \
        "small-read|small|$small_api|get.lua|$out/small-active.ids|/api/v1/episodes/{id}" \
        "small-gate|small|$small_api|get.lua|$out/small-active.ids|/api/v1/episodes/{id}/gate" \
        "baseline-read|none|$baseline|get.lua|$out/large-active.ids|/episodes/{id}" \
        "read|large|$api|get.lua|$out/large-active.ids|/api/v1/episodes/{id}" \
        "gate|large|$api|get.lua|$out/large-active.ids|/api/v1/episodes/{id}/gate"
# The gate as evidence piles up, and the list against the bare list.
measure "gate-evidence-10|large|$api|get.lua|$out/large-evidence-10.ids|/api/v1/episodes/{id}/gate" \
        "gate-evidence-2000|large|$api|get.lua|$out/large-evidence-2000.ids|/api/v1/episodes/{id}/gate" \
        "gate-evidence-2000-history|large|$api|get.lua|$out/large-evidence-2000-history.ids|/api/v1/episodes/{id}/gate" \
        "baseline-list|none|$baseline|get.lua|-|/episodes?phase=strengthening&limit=50" \
        "list-phase|large|$api|get.lua|-|/api/v1/episodes?phase=strengthening&limit=50"
measure "observation|large|$api|post-observation.lua|$out/large-active.ids"
# The advance against the bare advance: every slice, and the warm-up, on its own ready episodes.
measure "baseline-advance|none|$baseline|advance.lua|$out/ready-bare-{slice}.ids|$threads|/episodes/{id}/advance" \
        "advance|large|$api|advance.lua|$out/ready-api-{slice}.ids|$threads"
summarise >"$out/results"
api_peak_mb=$(peak_memory_mb "$large_api_pid")
baseline_peak_mb=$(peak_memory_mb "$large_baseline_pid")
stop_servers

# ---- RESULTS.md ----
BENCH_EPISODES=$episodes BENCH_SMALL_EPISODES=$small_episodes BENCH_DURATION=$duration BENCH_ROUNDS=$rounds BENCH_CONNECTIONS=$connections \
BENCH_THREADS=$threads API_PEAK_MB=$api_peak_mb BASELINE_PEAK_MB=$baseline_peak_mb \
  "$bench/report.sh" "$out/results" >"$results_file"
log "wrote ${results_file#"$root"/}"
cat "$results_file"
