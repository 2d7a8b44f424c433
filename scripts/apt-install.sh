#!/usr/bin/env bash
# Installs Debian packages with apt-get, as root or through sudo, for the scripts that make sure a tool is there
# (ensure-postgres.sh, ensure-chromium.sh, ensure-ha.sh):
#   scripts/apt-install.sh <what the packages are for> <package>...
# All apt output goes to stderr, so that a caller's stdout carries only its answer. Another apt-get may hold the
# dpkg lock for a while (several ensure scripts can run at once): it is waited for. Exits 1, saying what to run by
# hand, where apt-get or root is missing.
set -euo pipefail

what=${1:?usage: scripts/apt-install.sh <what> <package>...}
shift
log() { echo "apt-install: $*" >&2; }

if ! command -v apt-get >/dev/null 2>&1; then
  log "apt-get is not available: install $* ($what) with your package manager."
  exit 1
fi
if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  log "installing $what needs root, and sudo is not available. As root, run:"
  log "    apt-get update && apt-get install -y $*"
  exit 1
fi

apt=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
"${apt[@]}" update >&2 </dev/null
"${apt[@]}" install -y --no-install-recommends "$@" >&2 </dev/null
