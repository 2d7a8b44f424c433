#!/usr/bin/env bash
# pgaf-entrypoint monitor | node <name>
# Creates the monitor or a node on first start (its data lives in the container's volume), then runs pg_autoctl
# in the foreground. The failover settings are those of scripts/ha.sh (README, "High availability").
set -euo pipefail

monitor_uri="postgres://autoctl_node@ha-monitor:5432/pg_auto_failover?sslmode=require"

case ${1:-} in
  monitor)
    if [[ ! -f $PGDATA/PG_VERSION ]]; then
      pg_autoctl create monitor --hostname ha-monitor --auth trust --ssl-self-signed
      # Read by PostgreSQL at start: fail over within seconds rather than the defaults' half minute.
      cat >>"$PGDATA/postgresql.conf" <<'CONF'
pgautofailover.health_check_period = 1000
pgautofailover.health_check_timeout = 1000
pgautofailover.health_check_max_retries = 1
pgautofailover.health_check_retry_delay = 500
pgautofailover.node_considered_unhealthy_timeout = 3000
pgautofailover.primary_demote_timeout = 5000
CONF
    fi
    exec pg_autoctl run
    ;;
  node)
    name=${2:?node name}
    if [[ ! -f $XDG_CONFIG_HOME/pg_autoctl$PGDATA/pg_autoctl.cfg ]]; then
      # Synchronous: replication quorum true (the default), so the primary waits for this standby's flush.
      pg_autoctl create postgres --name "$name" --hostname "$name" --dbname rehab --auth trust --pg-hba-lan \
        --ssl-self-signed --monitor "$monitor_uri" --replication-quorum true
      pg_autoctl config set timeout.network_partition_timeout 4
    fi
    exec pg_autoctl run
    ;;
  *)
    echo "usage: pgaf-entrypoint monitor | node <name>" >&2
    exit 2
    ;;
esac
