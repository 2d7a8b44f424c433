#!/usr/bin/env bash
# Runs the whole suite N times while a CPU burner keeps every core busy, and reports how many runs passed and
# which tests failed. Timing-sensitive tests (background workers, polling, concurrent writers, the change
# feed) must pass here too: a test that needs an idle machine is a flaky test.
#   scripts/test-under-load.sh [N=5] [dotnet test arguments]    e.g. scripts/test-under-load.sh 3 --filter ChangeFeedTests
# REHAB_LOAD_BURNERS sets the number of burners (default: one per core). Each run's console output is kept in
# $REHAB_LOAD_LOGS (default: a temporary directory, printed at the end). Exits non-zero if any run failed.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

runs=${1:-5}
shift || true
[[ $runs =~ ^[0-9]+$ && $runs -gt 0 ]] || { echo "usage: $0 [N] [dotnet test arguments]" >&2; exit 2; }
burners=${REHAB_LOAD_BURNERS:-$(nproc)}
logs=${REHAB_LOAD_LOGS:-$(mktemp -d -t rehab-load-XXXXXX)}
mkdir -p "$logs"

# Built once, before the burners start: the runs measure the tests, not the compiler.
dotnet build RehabApi.sln --nologo -v quiet >"$logs/build.log" 2>&1 || { cat "$logs/build.log" >&2; exit 1; }

pids=()
stop_burners() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_burners EXIT
for ((i = 0; i < burners; i++)); do
  yes >/dev/null &
  pids+=($!)
done
echo "test-under-load: $runs run(s) with $burners CPU burner(s); logs in $logs"

passed=0
failed=0
for ((run = 1; run <= runs; run++)); do
  log="$logs/run-$run.log"
  start=$SECONDS
  if scripts/test.sh --no-build "$@" >"$log" 2>&1; then
    passed=$((passed + 1))
    echo "run $run: passed ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1))
    echo "run $run: FAILED ($((SECONDS - start)) s)"
    # dotnet test prints "  Failed <test name> [duration]" for each failed test.
    grep -E '^\s+Failed [A-Za-z]' "$log" | sed -E 's/^\s+Failed /    /' | sort -u || echo "    (no failed test named: see $log)"
  fi
done

echo "test-under-load: $passed passed, $failed failed of $runs run(s)"
[[ $failed -eq 0 ]]
