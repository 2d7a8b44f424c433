#!/usr/bin/env bash
# Starts RehabApi on a real PostgreSQL:
#
#   scripts/run.sh          start (or reuse) a private PostgreSQL cluster in .rehab/, apply the
#                           migrations, then serve the API in the foreground; Ctrl-C stops the API
#                           and leaves PostgreSQL running, so the next start is quick
#   scripts/run.sh stop     stop that PostgreSQL cluster (its data stays in .rehab/pgdata)
#   scripts/run.sh db       start (or reuse) that cluster only, create the database, and print its
#                           connection string on the last line (bench/run.sh uses this)
#   scripts/run.sh keys|clinics|migrate ...
#                           run an operator command against that database, e.g.
#                           scripts/run.sh keys create --clinic default --role clinic-system --name "My EHR"
#
# Environment: REHAB_PORT (API port, default 5080), REHAB_PG_PORT (PostgreSQL port, default 55432),
# REHAB_DATA_DIR (where the cluster lives, default .rehab/ in the repository).
# The cluster listens on 127.0.0.1 only and trusts local connections (user postgres, no password):
# it is for development, never for real patient data.
# PostgreSQL is installed from the distribution when missing (scripts/ensure-postgres.sh; root or sudo).
# As root, the cluster runs as the `postgres` user, because initdb and postgres refuse to run as root.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
root=$PWD

api_port=${REHAB_PORT:-5080}
pg_port=${REHAB_PG_PORT:-55432}

log() { echo "run.sh: $*" >&2; }
die() { log "$*"; exit 1; }

usage() {
  sed -n '2,19s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

for port in "$api_port" "$pg_port"; do
  [[ $port =~ ^[0-9]+$ && $port -ge 1 && $port -le 65535 ]] || die "not a port number: '$port' (REHAB_PORT / REHAB_PG_PORT)"
done

as_root=false
[[ $(id -u) -eq 0 ]] && as_root=true

# Runs a PostgreSQL program as the cluster's owner: `postgres` when we are root, else ourselves.
# From /, because the postgres user may not be allowed to read the current directory.
as_owner() {
  if $as_root; then
    (cd / && exec runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# Where the cluster lives: .rehab/ in the repository (gitignored). As root, the postgres user must be
# able to reach it; when a parent directory shuts it out (say the clone is under /root, mode 700),
# use a directory under /var/lib/rehab named after the repository path instead.
choose_base() {
  base=$(readlink -m "${REHAB_DATA_DIR:-$root/.rehab}")
  mkdir -p "$(dirname "$base")"
  if $as_root && id postgres >/dev/null 2>&1 && ! as_owner test -x "$(dirname "$base")"; then
    local wanted=$base
    base=/var/lib/rehab/$(basename "$root")-$(printf '%s' "$wanted" | md5sum | cut -c1-12)
    log "the postgres user cannot reach $wanted (a parent directory is not searchable by others);"
    log "keeping this PostgreSQL cluster in $base instead"
  fi
  data=$base/pgdata
  pglog=$base/postgres.log
  sockets=$base/sockets
  # A Unix socket path is limited to 107 bytes.
  if (( ${#sockets} + ${#pg_port} + 10 > 107 )); then
    sockets=/tmp
  fi
}

# The server binaries: those of the cluster's own major version when it already exists, else the
# ones scripts/ensure-postgres.sh finds (or installs).
choose_bindir() {
  local version='' installed
  [[ -s $data/PG_VERSION ]] && version=$(<"$data/PG_VERSION")
  if [[ -n $version && -x /usr/lib/postgresql/$version/bin/pg_ctl ]]; then
    bindir=/usr/lib/postgresql/$version/bin
    return 0
  fi
  bindir=$(scripts/ensure-postgres.sh | tail -n1)
  [[ -n $bindir ]] || die "scripts/ensure-postgres.sh did not name the PostgreSQL binaries"
  if [[ -n $version ]]; then
    installed=$("$bindir/postgres" --version | sed -E 's/^[^0-9]*([0-9]+).*/\1/')
    [[ $installed == "$version" ]] || die "the cluster in $data was made by PostgreSQL $version, but" \
      "only PostgreSQL $installed is installed ($bindir). Install postgresql-$version, or remove $data to start afresh."
  fi
}

server_running() { [[ -f $data/PG_VERSION ]] && as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; }

stop_cluster() {
  choose_base
  if [[ ! -f $data/PG_VERSION ]]; then
    log "no PostgreSQL cluster in $data; nothing to stop"
    return 0
  fi
  choose_bindir
  if server_running; then
    as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >&2
    log "PostgreSQL stopped (data kept in $data)"
  else
    log "PostgreSQL is not running (data in $data)"
  fi
}

start_cluster() {
  # Install PostgreSQL first when it is missing: that also creates the postgres user.
  scripts/ensure-postgres.sh >/dev/null
  choose_base
  choose_bindir

  if $as_root; then
    mkdir -p "$base"
    chmod 755 "$base"   # the postgres user must be able to traverse it
    mkdir -p "$data" "$sockets"
    touch "$pglog"
    [[ $(stat -c %U "$data") == postgres ]] || chown -R postgres:postgres "$data"
    [[ $sockets == /tmp ]] || chown postgres:postgres "$sockets"
    chown postgres:postgres "$pglog"
    as_owner test -w "$data" || die "the postgres user cannot write to $data"
  else
    mkdir -p "$data" "$sockets"
    [[ -O $data ]] || die "$data belongs to $(stat -c %U "$data"), not to $(id -un) (was it made by root?)." \
      "Run scripts/run.sh as that user, or remove $data to start afresh."
  fi

  if [[ ! -s $data/PG_VERSION ]]; then
    if [[ -n $(ls -A "$data") ]]; then
      die "$data is not empty but holds no PostgreSQL cluster; remove it and run again"
    fi
    log "creating a PostgreSQL cluster in $data"
    if ! as_owner "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C >&2; then
      find "$data" -mindepth 1 -delete 2>/dev/null || true
      die "initdb failed"
    fi
    # Local connections only, also when the cluster is started by hand.
    printf '\n# scripts/run.sh\nlisten_addresses = '\''127.0.0.1'\''\n' >>"$data/postgresql.conf"
  fi

  if server_running; then
    local running_port
    running_port=$(sed -n 4p "$data/postmaster.pid" 2>/dev/null || true)
    if [[ -n $running_port && $running_port != "$pg_port" ]]; then
      log "PostgreSQL is already running on port $running_port (not $pg_port); using it"
      pg_port=$running_port
    fi
    log "PostgreSQL is already running on 127.0.0.1:$pg_port"
  else
    log "starting PostgreSQL on 127.0.0.1:$pg_port (log: $pglog)"
    if ! as_owner "$bindir/pg_ctl" -D "$data" -l "$pglog" -w -t 60 \
         -o "-p $pg_port -k '$sockets' -c listen_addresses=127.0.0.1" start >&2; then
      tail -n 15 "$pglog" >&2 || true
      die "PostgreSQL did not start (is port $pg_port taken? set REHAB_PG_PORT to another port)"
    fi
  fi

  local psql=("$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres)
  if [[ $("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = 'rehab'") != 1 ]]; then
    log "creating database rehab"
    "${psql[@]}" -c 'CREATE DATABASE rehab'
  fi
}

case ${1:-start} in
  start) ;;
  stop) stop_cluster; exit 0 ;;
  db)
    start_cluster
    echo "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=rehab"
    exit 0 ;;
  keys|clinics|migrate)
    command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not installed; install the .NET 10 SDK"
    start_cluster
    export ConnectionStrings__Rehab="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=rehab"
    dotnet build src/RehabApi -c Release -v quiet -nologo >&2 || die "the build failed"
    [[ $1 == migrate ]] || dotnet run --project src/RehabApi -c Release --no-build -- migrate >&2
    exec dotnet run --project src/RehabApi -c Release --no-build -- "$@" ;;
  -h|--help|help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac

command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not installed; install the .NET 10 SDK"
if (exec 3<>"/dev/tcp/127.0.0.1/$api_port") 2>/dev/null; then
  die "something already listens on 127.0.0.1:$api_port; stop it or set REHAB_PORT to another port"
fi

start_cluster

export ConnectionStrings__Rehab="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=rehab"
log "applying migrations"
dotnet run --project src/RehabApi -c Release -- migrate

cat <<EOF

  RehabApi is listening on http://127.0.0.1:$api_port — Swagger UI: http://127.0.0.1:$api_port/swagger
  (PostgreSQL: 127.0.0.1:$pg_port, database rehab, data in ${data#"$root"/})
  Ctrl-C stops the API; PostgreSQL keeps running. \`scripts/run.sh stop\` stops PostgreSQL.

EOF
exec dotnet run --project src/RehabApi -c Release --no-build -- --urls "http://127.0.0.1:$api_port"
