#!/usr/bin/env bash
# Makes sure a headless Chromium is installed for the console's browser tests (Debian's `chromium` package,
# which Playwright launches by its executable path: no `playwright install`, nothing downloaded at run time),
# installing it with apt-get when it is missing (needs root or sudo), and prints its path on the last line of stdout:
#   chromium=$(scripts/ensure-chromium.sh | tail -n1)
# Diagnostics go to stderr. Safe to run any number of times. REHAB_CHROMIUM, when set to an executable, is used as is.
set -euo pipefail

here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")

log() { echo "ensure-chromium: $*" >&2; }

find_chromium() {
  local candidate
  for candidate in "${REHAB_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    if [[ -n $candidate && -x $candidate ]]; then echo "$candidate"; return 0; fi
  done
  return 1
}

if path=$(find_chromium); then
  echo "$path"
  exit 0
fi

log "chromium not found; installing Debian's 'chromium' package with apt-get."
"$here/apt-install.sh" "Chromium (or set REHAB_CHROMIUM to its executable)" chromium

if path=$(find_chromium); then
  log "installed $path"
  echo "$path"
  exit 0
fi
log "apt-get installed 'chromium', yet no chromium executable was found."
exit 1
