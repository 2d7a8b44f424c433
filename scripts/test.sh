#!/usr/bin/env bash
# Runs every test: the domain unit tests and the HTTP integration tests against a real PostgreSQL.
#   scripts/test.sh [dotnet test arguments]      e.g. scripts/test.sh --filter EpisodeJourneyTests
# The integration tests start their own throwaway PostgreSQL (see tests/RehabApi.Tests/Infrastructure/
# TestPostgres.cs); this script only makes sure the server binaries are installed and tells the tests
# where they are (REHAB_PG_BIN), unless REHAB_TEST_CONNECTION names a server to use instead.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

if [[ -z ${REHAB_TEST_CONNECTION:-} ]]; then
  bindir=$(scripts/ensure-postgres.sh | tail -n1)
  export REHAB_PG_BIN=${REHAB_PG_BIN:-$bindir}
fi

command -v dotnet >/dev/null 2>&1 || { echo "test.sh: the .NET SDK (dotnet) is not installed" >&2; exit 1; }

exec dotnet test RehabApi.sln "$@"
