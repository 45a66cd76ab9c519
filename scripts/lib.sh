# Shared by start.sh and test-all.sh: checks and installs, idempotent.
set -euo pipefail

say() { printf '%s\n' "$*" >&2; }

require_node() {
  if ! command -v node >/dev/null 2>&1; then
    say "Sealbook needs Node.js 20.19 or newer; install it (https://nodejs.org) and run this again."
    exit 1
  fi
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' || {
    say "Sealbook needs Node.js 20.19 or newer; this is $(node --version). Upgrade Node.js and run this again."
    exit 1
  }
}

# apt packages: native module headers, a real keychain, Chromium for the
# end-to-end tests, poppler and qpdf as independent PDF checkers.
install_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=''
  [ "$(id -u)" -ne 0 ] && sudo='sudo'
  say "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_npm() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "Installing npm packages (native modules build from source, about two minutes)..."
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# Tests run under Node: make sure the native modules carry Node's ABI (a
# previous Electron start may have rebuilt them for Electron).
ensure_node_abi() {
  if ! node -e "new (require('better-sqlite3-multiple-ciphers'))(':memory:').close(); require('keytar')" >/dev/null 2>&1; then
    say "Rebuilding native modules for Node.js..."
    npm rebuild better-sqlite3-multiple-ciphers keytar --loglevel=error
  fi
}
