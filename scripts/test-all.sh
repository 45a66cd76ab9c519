#!/usr/bin/env bash
# `npm run test:all`: install everything (apt and npm), build, then run every
# suite (types, lint, unit, integration, end-to-end, Electron security scan)
# inside a real keychain session. Ends with one line: "N passed, N failed".
cd "$(dirname "$0")/.."
. scripts/lib.sh
require_node
install_apt libsecret-1-dev gnome-keyring dbus dbus-x11 chromium poppler-utils qpdf libheif-examples hledger
install_npm
ensure_node_abi
npm run --silent build >/dev/null

exec dbus-run-session -- sh -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec node scripts/run-suites.mjs'
