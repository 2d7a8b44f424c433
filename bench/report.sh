#!/usr/bin/env bash
# Turns the lines bench/run.sh collected ("<scenario> requests=N duration_s=S rps=R p50_ms=A p99_ms=B
# non2xx=C socket_errors=E") into bench/RESULTS.md on standard output: the table, the ratios against
# the baseline and between data sizes, each target met or missed, then bench/NOTES.md.
#   bench/report.sh RESULTS_LINES_FILE > bench/RESULTS.md      (run.sh passes the settings as environment)
set -euo pipefail
bench=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
lines=$1

# value SCENARIO FIELD
value() { awk -v s="$1" -v f="$2" '$1 == s { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == f) print kv[2] } }' "$lines"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
# check VALUE OP LIMIT → "met" or "**missed**"
check() { awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN { ok = (op == ">=") ? v >= l : (op == "<=") ? v <= l : v < l; print ok ? "met" : "**missed**" }'; }

describe() {
  case $1 in
    baseline-read) echo "bare baseline: GET one episode row (raw Npgsql, no framework layers)" ;;
    read) echo "GET /api/v1/episodes/{id}" ;;
    gate) echo "GET /api/v1/episodes/{id}/gate" ;;
    gate-evidence-10) echo "gate of an episode with 10 evidence rows" ;;
    gate-evidence-2000) echo "gate of an episode with 2,000 evidence rows in its current phase" ;;
    gate-evidence-2000-history) echo "gate of an episode with 2,000 evidence rows, 10 in its current phase" ;;
    baseline-list) echo "bare baseline: list 50 episodes (raw Npgsql)" ;;
    list-phase) echo "GET /api/v1/episodes?phase=strengthening&limit=50" ;;
    observation) echo "POST an observation (row lock, insert, event)" ;;
    baseline-advance) echo "bare baseline: advance (raw Npgsql, same statements)" ;;
    advance) echo "POST an advance (gate, transition, episode update, events)" ;;
    small-baseline-read) echo "bare baseline, 10,000-episode database" ;;
    small-read) echo "GET /api/v1/episodes/{id}, 10,000-episode database" ;;
    small-gate) echo "GET /api/v1/episodes/{id}/gate, 10,000-episode database" ;;
    *) echo "$1" ;;
  esac
}

read_ratio=$(ratio "$(value read rps)" "$(value baseline-read rps)")
gate_ratio=$(ratio "$(value gate rps)" "$(value baseline-read rps)")
read_scale=$(ratio "$(value small-read rps)" "$(value read rps)")
baseline_scale=$(ratio "$(value small-baseline-read rps)" "$(value baseline-read rps)")
gate_scale=$(ratio "$(value small-gate rps)" "$(value gate rps)")
evidence_scale=$(ratio "$(value gate-evidence-10 rps)" "$(value gate-evidence-2000 rps)")
evidence_scale_p50=$(ratio "$(value gate-evidence-2000 p50_ms)" "$(value gate-evidence-10 p50_ms)")
advance_ratio=$(ratio "$(value advance rps)" "$(value baseline-advance rps)")
advance_p99=$(value advance p99_ms)
advance_p99_ratio=$(ratio "$advance_p99" "$(value baseline-advance p99_ms)")
list_ratio=$(ratio "$(value list-phase rps)" "$(value baseline-list rps)")

cat <<EOF
# Benchmark results

Written by \`bench/run.sh\` on $(date -u +%Y-%m-%d) at $(date -u +%H:%M) UTC: $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)),
$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) of memory, PostgreSQL $("$("$bench/../scripts/ensure-postgres.sh" 2>/dev/null | tail -n1)/postgres" --version 2>/dev/null | awk '{ print $3 }' || echo '?'),
.NET $(dotnet --version). wrk, the API (or the baseline) and PostgreSQL share the same cores, so
compare the ratios, which come from one run with the same settings; the absolute numbers depend on the machine.
Settings: ${BENCH_EPISODES} episodes (and ${BENCH_SMALL_EPISODES} for the scale comparison), wrk with
${BENCH_THREADS} threads and ${BENCH_CONNECTIONS} connections, ${BENCH_DURATION} s per scenario after a warm-up, measured
in ${BENCH_ROUNDS} slices taken in turn with the scenarios it is compared with. p50 is the median of the slices' p50s;
p99 is the highest slice's p99, which no more than 1% of the scenario's requests exceeded.
PostgreSQL runs with its default settings: fsync and synchronous_commit on, 128 MB of shared buffers.

| scenario | requests/s | p50 ms | p99 ms | non-2xx | errors |
|---|---:|---:|---:|---:|---:|
EOF
while read -r name _; do
  printf '| %s | %s | %s | %s | %s | %s |\n' "$(describe "$name")" "$(value "$name" rps)" "$(value "$name" p50_ms)" \
    "$(value "$name" p99_ms)" "$(value "$name" non2xx)" "$(value "$name" socket_errors)"
done <"$lines"

cat <<EOF

Peak resident memory (VmHWM) over the 1,000,000-episode run: API ${API_PEAK_MB} MB, baseline ${BASELINE_PEAK_MB} MB.

## Targets

| target | measured | |
|---|---|---|
| read ≥ 0.75 of the bare read baseline's throughput | ${read_ratio} | $(check "$read_ratio" '>=' 0.75) |
| gate ≥ 0.50 of the bare read baseline's throughput | ${gate_ratio} | $(check "$gate_ratio" '>=' 0.50) |
| advance ≥ 0.50 of the bare advance baseline's throughput | ${advance_ratio} | $(check "$advance_ratio" '>=' 0.50) |
| advance p99 at most 2x the bare advance baseline's (${advance_p99} ms against $(value baseline-advance p99_ms) ms) | ${advance_p99_ratio} | $(check "$advance_p99_ratio" '<=' 2) |
| list of 50 ≥ 0.50 of the bare list baseline's throughput | ${list_ratio} | $(check "$list_ratio" '>=' 0.50) |
| read at 1,000,000 episodes within 1.25x of 10,000 (throughput at 10,000 ÷ at 1,000,000) | ${read_scale} | $(check "$read_scale" '<=' 1.25) |
| gate at 1,000,000 episodes within 1.25x of 10,000 | ${gate_scale} | $(check "$gate_scale" '<=' 1.25) |
| the same for the bare baseline (PostgreSQL and the machine alone; not a target) | ${baseline_scale} | |
| read's growth beyond the baseline's (read ratio ÷ baseline ratio) | $(ratio "$read_scale" "$baseline_scale") | $(check "$(ratio "$read_scale" "$baseline_scale")" '<=' 1.25) |
| gate's growth beyond the baseline's (gate ratio ÷ baseline ratio) | $(ratio "$gate_scale" "$baseline_scale") | $(check "$(ratio "$gate_scale" "$baseline_scale")" '<=' 1.25) |
| gate with 2,000 evidence rows within 1.5x of 10 (throughput; p50 ratio ${evidence_scale_p50}) | ${evidence_scale} | $(check "$evidence_scale" '<=' 1.5) |
| API peak memory under 300 MB | ${API_PEAK_MB} MB | $(check "$API_PEAK_MB" '<' 300) |

EOF
[[ -f $bench/NOTES.md ]] && cat "$bench/NOTES.md"
exit 0
