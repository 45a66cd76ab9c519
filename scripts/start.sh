#!/usr/bin/env bash
# `npm start`: install what is missing, build, and start Sealbook. Where the
# Electron binary cannot be had, the same UI opens through the browser host.
cd "$(dirname "$0")/.."
. scripts/lib.sh
require_node
if [ "$(uname -s)" = Linux ] && command -v apt-get >/dev/null 2>&1; then
  install_apt libsecret-1-dev gnome-keyring dbus-x11
fi
install_npm
npm run --silent build >/dev/null

if timeout 300 node -e "require('electron')" >/dev/null 2>&1; then
  # Native modules are rebuilt for Electron's ABI only here, never for tests.
  npx --yes @electron/rebuild@4 --force --only better-sqlite3-multiple-ciphers,keytar >/dev/null
  exec npx electron .
fi
say "Electron could not be downloaded on this machine, so Sealbook opens in your browser instead."
ensure_node_abi
exec node dist/host/serve.cjs
