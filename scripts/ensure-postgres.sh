#!/usr/bin/env bash
# Makes sure the PostgreSQL server binaries (initdb, pg_ctl, postgres) are installed, installing the
# distribution's `postgresql` package if they are not (needs root or sudo), and prints their directory
# on the last line of stdout:   bindir=$(scripts/ensure-postgres.sh | tail -n1)
# Also makes sure the IANA time zone database is there (the `tzdata` package, which the server package
# depends on): clinics' time zones are checked against its zone.tab.
# Diagnostics go to stderr. Safe to run any number of times.
# REHAB_PG_BIN, when set to a directory holding the server binaries, is used as is.
#
# Installing the Debian package may also create and start its own cluster on port 5432; nothing here
# uses it.
set -euo pipefail

here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")

log() { echo "ensure-postgres: $*" >&2; }

has_server() { [[ -n $1 && -x $1/initdb && -x $1/pg_ctl && -x $1/postgres ]]; }

find_bindir() {
  local dir
  if [[ -n ${REHAB_PG_BIN:-} ]] && has_server "$REHAB_PG_BIN"; then
    echo "$REHAB_PG_BIN"; return 0
  fi
  # pg_config may come from libpq-dev alone and name a directory without the server: check it.
  if command -v pg_config >/dev/null 2>&1 && dir=$(pg_config --bindir 2>/dev/null) && has_server "$dir"; then
    echo "$dir"; return 0
  fi
  # Debian/Ubuntu layout, newest major version first.
  while IFS= read -r dir; do
    if has_server "$dir"; then echo "$dir"; return 0; fi
  done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -V -r)
  return 1
}

if [[ -n ${REHAB_PG_BIN:-} ]] && ! has_server "$REHAB_PG_BIN"; then
  log "REHAB_PG_BIN=$REHAB_PG_BIN does not hold initdb, pg_ctl and postgres; ignoring it."
fi

has_tzdata() { [[ -f /usr/share/zoneinfo/zone.tab ]]; }

if bindir=$(find_bindir) && has_tzdata; then
  echo "$bindir"
  exit 0
fi

log "PostgreSQL server binaries or the time zone database not found; installing 'postgresql' and 'tzdata' with apt-get."

"$here/apt-install.sh" "the PostgreSQL server (or set REHAB_PG_BIN to a directory holding initdb, pg_ctl and postgres)" postgresql tzdata

if bindir=$(find_bindir); then
  log "installed PostgreSQL server binaries in $bindir"
  echo "$bindir"
  exit 0
fi
log "apt-get installed 'postgresql', yet initdb, pg_ctl and postgres are still not found"
log "(looked at pg_config --bindir and /usr/lib/postgresql/*/bin)."
exit 1
