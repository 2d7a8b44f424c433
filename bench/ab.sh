#!/usr/bin/env bash
# Two builds of the service compared side by side:  bench/ab.sh BUILD_A BUILD_B PATH [IDS_FILE]
#
# BUILD_A and BUILD_B are directories with a published RehabApi.dll (dotnet publish -c Release -o DIR), PATH the
# endpoint to load, with {id} for an id from IDS_FILE (default bench/.data/run/large-active.ids, written by
# bench/run.sh), e.g. '/api/v1/episodes/{id}/gate'. Both run at once against the benchmark's 1,000,000-episode
# database (bench/run.sh must have seeded it; its PostgreSQL is started if needed), each is primed, and then they
# are loaded in turn, AB_ROUNDS slices of AB_SLICE seconds each (A first in odd rounds, B in even ones), so that a
# slow spell of the machine falls on both. Halfway both are stopped and started again in each other's place (port,
# start and priming order): the place alone was worth 3–4% to whichever build held the first one (bench/NOTES.md).
# Prints each slice, then each build's requests per second over all its slices and the CPU each request cost the
# service and PostgreSQL (from /proc/<pid>/stat, over that build's slices only).
# Settings (environment): AB_ROUNDS (10), AB_SLICE (seconds, 5), AB_PRIME (seconds, 45), BENCH_CONNECTIONS (16),
# BENCH_THREADS (2), BENCH_PG_PORT (55499), AB_PORT (5095; B listens on AB_PORT + 1).
# GET endpoints only: a write would change the database under the other build.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
log_prefix=ab
source bench/lib.sh
[[ $# -ge 3 ]] || die "usage: bench/ab.sh BUILD_A BUILD_B PATH [IDS_FILE]"
build_a=$(readlink -f "$1") build_b=$(readlink -f "$2") path=$3 ids=${4:-bench/.data/run/large-active.ids}
rounds=${AB_ROUNDS:-10} slice=${AB_SLICE:-5} prime=${AB_PRIME:-45}
connections=${BENCH_CONNECTIONS:-16} threads=${BENCH_THREADS:-2} pg_port=${BENCH_PG_PORT:-55499} port=${AB_PORT:-5095}
for build in "$build_a" "$build_b"; do
  [[ -f $build/RehabApi.dll ]] || die "no RehabApi.dll in $build"
done
[[ -s $ids ]] || die "no ids in $ids: run bench/run.sh first"

REHAB_DATA_DIR=bench/.data/postgres REHAB_PG_PORT=$pg_port scripts/run.sh db >/dev/null
export BENCH_API_KEY
BENCH_API_KEY=$(rehab_cli "$build_a/RehabApi.dll" rehab_bench keys create --clinic default --role clinic-system \
  --name "ab $(date -u +%Y%m%d%H%M%S)" | tail -n1)

pids=("" "") ports=("" "")
stop_both() { for pid in "${pids[@]}"; do [[ -z $pid ]] || { kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; } || true; done; }
trap stop_both EXIT
builds=("$build_a" "$build_b")
# start_both FIRST: build FIRST (0 = A, 1 = B) in the first place (port, started and primed first), the other in the
# second; each build's pid and port in pids[] and ports[], indexed by build.
start_both() {
  local first=$1 place i
  for place in 0 1; do
    i=$(( (first + place) % 2 ))
    ports[$i]=$((port + place))
    start_api "${builds[$i]}/RehabApi.dll" rehab_bench "${ports[$i]}" "${TMPDIR:-/tmp}/ab-$i.log"
    pids[$i]=$last_pid
  done
  for place in 0 1; do wait_for "http://127.0.0.1:$((port + place))/health/ready"; done
  for place in 0 1; do load "$prime" $((port + place)) >/dev/null; done
}

load() { # load SECONDS PORT [--latency]
  BENCH_LUA_DIR=bench/scripts wrk -t"$threads" -c"$connections" -d"$1s" ${3:-} -s bench/scripts/get.lua \
    "http://127.0.0.1:$2" -- "$ids" "$path"
}
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
postgres_ticks() {
  local sum=0 pid
  for pid in $(pgrep -x postgres); do sum=$((sum + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0))); done
  echo "$sum"
}

names=(A B) requests=(0 0) seconds=(0 0) api_ticks=(0 0) pg_ticks=(0 0)
start_both 0
for round in $(seq 1 "$rounds"); do
  if (( round == rounds / 2 + 1 )); then
    stop_both
    start_both 1
  fi
  # A then B in odd rounds, B then A in even ones: neither always goes first.
  order=(0 1); (( round % 2 == 0 )) && order=(1 0)
  for i in "${order[@]}"; do
    a0=$(ticks "${pids[$i]}") p0=$(postgres_ticks)
    result=$(load "$slice" "${ports[$i]}" --latency | grep '^BENCH_RESULT')
    a1=$(ticks "${pids[$i]}") p1=$(postgres_ticks)
    n=$(sed 's/.* requests=\([0-9]*\).*/\1/' <<<"$result")
    s=$(sed 's/.* duration_s=\([0-9.]*\).*/\1/' <<<"$result")
    requests[$i]=$((requests[i] + n))
    seconds[$i]=$(awk -v a="${seconds[$i]}" -v b="$s" 'BEGIN { print a + b }')
    api_ticks[$i]=$((api_ticks[i] + a1 - a0)) pg_ticks[$i]=$((pg_ticks[i] + p1 - p0))
    echo "round $round ${names[$i]} ${result#BENCH_RESULT }"
  done
done
hz=$(getconf CLK_TCK)
for i in 0 1; do
  awk -v who="${names[$i]}" -v n="${requests[$i]}" -v s="${seconds[$i]}" -v a="${api_ticks[$i]}" \
      -v p="${pg_ticks[$i]}" -v hz="$hz" \
    'BEGIN { printf "%s: %.0f requests/s, %.0f µs of service CPU and %.0f µs of PostgreSQL CPU per request\n",
             who, n / s, a * 1e6 / hz / n, p * 1e6 / hz / n }'
done
awk -v a="${requests[0]}" -v sa="${seconds[0]}" -v b="${requests[1]}" -v sb="${seconds[1]}" \
  'BEGIN { printf "B ÷ A: %.2f\n", (b / sb) / (a / sa) }'
