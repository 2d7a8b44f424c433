# What bench/run.sh and bench/ab.sh both do, sourced by them. They set $pg_port first.

log() { echo "${log_prefix:-bench}: $*" >&2; }
die() { log "$*"; exit 1; }

# connection_to DB: the connection string of the benchmark's PostgreSQL database DB, for the service and the baselines
# alike. Connection Idle Lifetime keeps each server's connections through a run. At Npgsql's default (300 s) the pool
# closes, every 300 s, the median of the idle counts it sampled every 10 s; a server measured in turn with others idles
# most of the time, so about 300 s after it started it lost nearly all its connections, and its next slice stalled for
# up to a second while it opened them again (new PostgreSQL backends, statements prepared again): the slow second
# round of bench/NOTES.md, ninth and tenth sessions. A server under steady load keeps its connections anyway.
connection_to() {
  echo "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$1;Maximum Pool Size=64;Connection Idle Lifetime=3600"
}

# rehab_cli DLL DB ARGS...: one operator command of the service in DLL (migrate, keys create, ...) on DB.
rehab_cli() { ConnectionStrings__Rehab=$(connection_to "$2") Logging__Json=false dotnet "$1" "${@:3}"; }

# start_api DLL DB PORT LOG: the service in DLL on DB, in the background, its pid in $last_pid. Production settings
# except the rate limit, which would otherwise answer 429 to a load generator.
start_api() {
  ConnectionStrings__Rehab=$(connection_to "$2") ASPNETCORE_URLS=http://127.0.0.1:$3 \
    RateLimiting__PermitLimit=100000000 DOTNET_ENVIRONMENT=Production \
    dotnet "$1" >"$4" 2>&1 &
  last_pid=$!
}

# wait_for URL: until URL answers 2xx (20 s at most).
wait_for() {
  local url=$1
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.2
  done
  die "$url did not answer"
}
