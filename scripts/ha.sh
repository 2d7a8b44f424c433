#!/usr/bin/env bash
# A replicated PostgreSQL on one machine, for a local trial of failover: a pg_auto_failover monitor and two
# nodes (a primary and a synchronous standby), each a `pg_autoctl run` supervisor with its own postmaster.
#
#   scripts/ha.sh start    create (first time) and start the monitor and both nodes; waits until the standby
#                          is synchronous, then prints the service's connection string on the last line of stdout
#   scripts/ha.sh state    the monitor's view of the nodes (pg_autoctl show state)
#   scripts/ha.sh primary  the name of the current primary (node1 or node2); nothing while there is none
#   scripts/ha.sh kill N   lose node N (node1 or node2) as if its machine died: SIGKILL its pg_autoctl
#                          processes and its postmaster with every backend, so nothing restarts it
#   scripts/ha.sh stop     stop everything that is still running (the data stays; start runs it again)
#   scripts/ha.sh destroy  stop, then delete the directory
#
# REHAB_HA_DIR (default /tmp/rehab-ha) holds the data; REHAB_HA_PORT (default 55440) is the monitor's port and
# the nodes take the next two. The monitor is tuned to fail over within seconds (settings below, README
# "High availability"). Everything listens on 127.0.0.1 and trusts local connections: a trial, not production.
set -euo pipefail

here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
dir=${REHAB_HA_DIR:-/tmp/rehab-ha}
base=${REHAB_HA_PORT:-55440}
monitor_port=$base
database=rehab

log() { echo "ha: $*" >&2; }

bindir=$("$here/ensure-ha.sh" | tail -n1)

# pg_autoctl and initdb refuse to run as root; as root, everything runs as the postgres user. The XDG
# directories keep pg_autoctl's own configuration, state and pid files inside $dir, not in the user's home.
if [[ $(id -u) -eq 0 ]]; then run_as=(runuser -u postgres --); else run_as=(); fi
owner_env=(env "PATH=$bindir:$PATH" "XDG_CONFIG_HOME=$dir/config" "XDG_DATA_HOME=$dir/share" "XDG_RUNTIME_DIR=$dir/run")
as_owner() { "${run_as[@]}" "${owner_env[@]}" "$@"; }

node_port() { case $1 in node1) echo $((base + 1)) ;; node2) echo $((base + 2)) ;; *) log "no node '$1' (node1 or node2)"; exit 2 ;; esac; }

monitor_uri() { echo "postgres://autoctl_node@127.0.0.1:$monitor_port/pg_auto_failover?sslmode=disable"; }

psql_monitor() { as_owner psql -X -q -t -A -h 127.0.0.1 -p "$monitor_port" -U autoctl_node -d pg_auto_failover -c "$1"; }

# Starts a pg_autoctl command in the background, in a session of its own, logging to $dir/<name>.log.
spawn() {
  local name=$1; shift
  setsid "${run_as[@]}" "${owner_env[@]}" "$@" >>"$dir/$name.log" 2>&1 </dev/null &
}

# Waits up to $2 seconds for the command $1 to succeed.
wait_for() {
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then log "timed out after ${seconds}s waiting for $what (logs in $dir)"; exit 1; fi
    sleep 0.5
  done
}

node_state() { psql_monitor "SELECT reportedstate FROM pgautofailover.node WHERE nodename = '$1'"; }

# Fail over within seconds rather than the defaults' half minute (pg_autoctl(5), "PG_AUTO_FAILOVER MONITOR").
# A node is unhealthy once one health check (1 s apart, 1 s connect timeout, one retry after 0.5 s) fails and
# its keeper has not reported for 3 s; the monitor then waits primary_demote_timeout (5 s) for the old primary
# to stop before promoting the standby. That exceeds the keepers' network_partition_timeout (4 s, set in start),
# after which a primary cut off from the monitor and the standby stops itself: there are never two primaries.
tune_monitor() {
  psql_monitor_admin "ALTER SYSTEM SET pgautofailover.health_check_period = 1000"
  psql_monitor_admin "ALTER SYSTEM SET pgautofailover.health_check_timeout = 1000"
  psql_monitor_admin "ALTER SYSTEM SET pgautofailover.health_check_max_retries = 1"
  psql_monitor_admin "ALTER SYSTEM SET pgautofailover.health_check_retry_delay = 500"
  psql_monitor_admin "ALTER SYSTEM SET pgautofailover.node_considered_unhealthy_timeout = 3000"
  psql_monitor_admin "ALTER SYSTEM SET pgautofailover.primary_demote_timeout = 5000"
  psql_monitor_admin "SELECT pg_reload_conf()"
}
psql_monitor_admin() { as_owner psql -X -q -t -A -h 127.0.0.1 -p "$monitor_port" -U postgres -d pg_auto_failover -c "$1" >/dev/null; }

create_monitor() {
  as_owner pg_autoctl create monitor --pgdata "$dir/monitor" --pgport "$monitor_port" --pgctl "$bindir/pg_ctl" \
    --hostname 127.0.0.1 --auth trust --no-ssl >>"$dir/monitor.log" 2>&1
  # pg_autoctl has the monitor listen on every address; the nodes reach it on 127.0.0.1.
  as_owner pg_autoctl config set --pgdata "$dir/monitor" postgresql.listen_addresses 127.0.0.1 >/dev/null
}

create_node() {
  local name=$1 port
  port=$(node_port "$name")
  spawn "$name" pg_autoctl create postgres --pgdata "$dir/$name" --pgport "$port" --pgctl "$bindir/pg_ctl" \
    --hostname 127.0.0.1 --listen 127.0.0.1 --name "$name" --dbname "$database" --auth trust --no-ssl \
    --monitor "$(monitor_uri)" --run
}

start() {
  mkdir -p "$dir/run"
  if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$dir" "$dir/run"; fi
  chmod 700 "$dir/run"
  if [[ ! -d $dir/monitor ]]; then create_monitor; fi
  if ! running monitor; then spawn monitor pg_autoctl run --pgdata "$dir/monitor"; fi
  wait_for "the monitor" 60 psql_monitor "SELECT 1"
  tune_monitor
  for name in node1 node2; do
    if running "$name"; then continue; fi
    if [[ -d $dir/$name ]]; then spawn "$name" pg_autoctl run --pgdata "$dir/$name"; else create_node "$name"; fi
    # The first node must be primary before the second clones it. pg_basebackup waits for a checkpoint, which
    # PostgreSQL spreads over minutes by default: on this small database, let it run at full speed instead.
    if [[ $name == node1 ]]; then
      wait_for "node1 to run" 120 node_registered node1
      psql_node node1 "ALTER SYSTEM SET checkpoint_completion_target = 0" && psql_node node1 "SELECT pg_reload_conf()" >/dev/null
    fi
  done
  wait_for "a primary and a synchronous standby" 180 synchronous
  for name in node1 node2; do
    as_owner pg_autoctl config set --pgdata "$dir/$name" timeout.network_partition_timeout 4 >/dev/null
  done
  log "primary: $(primary); standby is synchronous ($(primary_setting synchronous_standby_names))"
  connection_string
}

node_registered() { [[ -n $(node_state "$1") ]] && [[ $(node_state "$1") =~ ^(single|primary|wait_primary|secondary)$ ]]; }

# The standby is synchronous once the primary names it in synchronous_standby_names and streams to it as 'sync'
# or 'quorum' (pg_auto_failover writes ANY 1 (...)).
synchronous() {
  local p
  p=$(primary) || return 1
  [[ $(node_state "$p") == primary ]] &&
    [[ $(primary_setting synchronous_standby_names) == ANY* ]] &&
    [[ $(psql_node "$p" "SELECT count(*) FROM pg_stat_replication WHERE sync_state IN ('sync', 'quorum')") -ge 1 ]]
}

psql_node() { as_owner psql -X -q -t -A -h 127.0.0.1 -p "$(node_port "$1")" -U postgres -d postgres -c "$2"; }
primary_setting() { psql_node "$(primary)" "SHOW $1"; }

primary() {
  local name
  name=$(psql_monitor "SELECT nodename FROM pgautofailover.node WHERE reportedstate IN ('primary', 'wait_primary', 'single') AND goalstate IN ('primary', 'wait_primary', 'single') ORDER BY nodeid LIMIT 1")
  [[ -n $name ]] && echo "$name"
}

connection_string() {
  echo "Host=127.0.0.1:$(node_port node1),127.0.0.1:$(node_port node2);Database=$database;Username=postgres;Target Session Attributes=primary"
}

# The pg_autoctl supervisor of a node, from its pid file.
supervisor_pid() {
  local file
  file=$dir/run/pg_autoctl$dir/$1/pg_autoctl.pid
  [[ -f $file ]] && head -n1 "$file"
}

running() { local pid; pid=$(supervisor_pid "$1") && [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; }

# A process and all its descendants.
tree() {
  local pid=$1 child
  echo "$pid"
  for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do tree "$child"; done
}

# SIGKILLs the node's pg_autoctl supervisor and its postmaster, each with all its descendants; prints how many.
kill_node() {
  local pids=() pid
  if pid=$(supervisor_pid "$1") && kill -0 "$pid" 2>/dev/null; then mapfile -t -O ${#pids[@]} pids < <(tree "$pid"); fi
  if [[ -f $dir/$1/postmaster.pid ]] && pid=$(head -n1 "$dir/$1/postmaster.pid") && kill -0 "$pid" 2>/dev/null; then
    mapfile -t -O ${#pids[@]} pids < <(tree "$pid")
  fi
  mapfile -t pids < <(printf '%s\n' "${pids[@]}" | sort -u | grep .)
  ((${#pids[@]} == 0)) || kill -KILL "${pids[@]}" 2>/dev/null || true
  echo ${#pids[@]}
}

stop() {
  local name
  for name in node2 node1 monitor; do
    if running "$name"; then as_owner pg_autoctl stop --pgdata "$dir/$name" >/dev/null 2>&1 || true; fi
  done
  for name in node2 node1 monitor; do
    local deadline=$((SECONDS + 30))
    while running "$name" && ((SECONDS < deadline)); do sleep 0.2; done
    # Whatever did not stop in time (or a postmaster left behind by a killed supervisor).
    kill_node "$name" >/dev/null
  done
}

case ${1:-} in
  start) start ;;
  state) as_owner pg_autoctl show state --monitor "$(monitor_uri)" ;;
  primary) primary || true ;;   # nothing while no node is primary (during a failover)
  kill) node_port "${2:?node1 or node2}" >/dev/null; log "killed ${2}: $(kill_node "$2") processes (pg_autoctl and postgres)" ;;
  stop) stop ;;
  destroy) stop; rm -rf "$dir" ;;
  *) sed -n '2,17p' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
esac
