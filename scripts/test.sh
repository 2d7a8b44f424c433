#!/usr/bin/env bash
# Runs every test: the domain unit tests and the HTTP integration tests against a real PostgreSQL.
#   scripts/test.sh [dotnet test arguments]      e.g. scripts/test.sh --filter EpisodeJourneyTests
# The integration tests start their own throwaway PostgreSQL (see tests/RehabApi.Tests/Infrastructure/
# TestPostgres.cs); this script only makes sure the server binaries are installed and tells the tests
# where they are (REHAB_PG_BIN), unless REHAB_TEST_CONNECTION names a server to use instead. The console's browser tests
# need a headless Chromium: scripts/ensure-chromium.sh installs Debian's when it is missing (REHAB_CHROMIUM). It also installs the
# OpenAPI linter (tools/lint) for the test that lints the served document.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

if [[ -z ${REHAB_TEST_CONNECTION:-} ]]; then
  bindir=$(scripts/ensure-postgres.sh | tail -n1)
  export REHAB_PG_BIN=${REHAB_PG_BIN:-$bindir}
fi

# A headless Chromium for the console's browser tests (Debian's package, installed with apt-get when missing).
export REHAB_CHROMIUM=${REHAB_CHROMIUM:-$(scripts/ensure-chromium.sh </dev/null | tail -n1)}

command -v dotnet >/dev/null 2>&1 || { echo "test.sh: the .NET SDK (dotnet) is not installed" >&2; exit 1; }

# The OpenAPI linter (Redocly CLI, pinned in tools/lint/package-lock.json), which a test runs on the served document.
# The build restores the local .NET tools (Kiota) itself when it generates the client.
if [[ ! tools/lint/node_modules/.package-lock.json -nt tools/lint/package-lock.json ]]; then
  command -v npm >/dev/null 2>&1 || { echo "test.sh: npm (node 20 or later) is needed for the OpenAPI linter" >&2; exit 1; }
  npm ci --prefix tools/lint --no-audit --no-fund --loglevel=error >&2
fi

exec dotnet test RehabApi.sln "$@"
