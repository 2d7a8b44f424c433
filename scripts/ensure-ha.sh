#!/usr/bin/env bash
# Makes sure pg_auto_failover (pg_autoctl and its PostgreSQL extension, Debian packages pg-auto-failover-cli and
# postgresql-<major>-auto-failover) is installed for the PostgreSQL server that scripts/ensure-postgres.sh finds,
# installing them with apt-get when missing (needs root or sudo). Prints the server's bin directory on the last
# line of stdout, like ensure-postgres.sh. Diagnostics go to stderr. Safe to run any number of times.
set -euo pipefail

here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
log() { echo "ensure-ha: $*" >&2; }

bindir=$("$here/ensure-postgres.sh" | tail -n1)
major=$(basename "$(dirname "$bindir")")
extension=$("$bindir/pg_config" --sharedir 2>/dev/null || echo "/usr/share/postgresql/$major")/extension/pgautofailover.control

if command -v pg_autoctl >/dev/null 2>&1 && [[ -f $extension ]]; then
  echo "$bindir"
  exit 0
fi

packages=(pg-auto-failover-cli "postgresql-$major-auto-failover")
log "pg_auto_failover not found; installing ${packages[*]} with apt-get."
"$here/apt-install.sh" "pg_auto_failover" "${packages[@]}"

if command -v pg_autoctl >/dev/null 2>&1 && [[ -f $extension ]]; then
  log "installed pg_auto_failover for PostgreSQL $major"
  echo "$bindir"
  exit 0
fi
log "apt-get installed ${packages[*]}, yet pg_autoctl or $extension is still missing."
exit 1
