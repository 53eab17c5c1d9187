#!/usr/bin/env bash
# Installs the system packages magedesk needs on a fresh Debian machine that already has the
# Swift toolchain: SQLite headers (GRDB) and libcurl (Foundation's URLSession, which the tests'
# own HTTP calls use; magedesk itself speaks HTTP through AsyncHTTPClient); with --test also tmux
# (the REPL test drives the chat in a real terminal), python3 (which starts tmux with a clean
# signal mask), sqlite3 (PRAGMA integrity_check after a worker is killed) and e2fsprogs (chattr, a
# SQLite file made read-only under a running filter). PostgreSQL for the state-store tests comes
# from scripts/start-postgres.sh. With --package (and with --test, whose suite builds and checks
# the package) also what scripts/package.sh and scripts/test-package.sh use: dpkg-dev
# (dpkg-shlibdeps), binutils (objcopy), lintian, and systemd (systemd-analyze). Installs nothing
# that is already there.
set -euo pipefail

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
packages=(libsqlite3-dev)
if [[ ${1:-} == --test ]]; then packages+=(tmux python3 sqlite3 e2fsprogs); fi
if [[ ${1:-} == --test || ${1:-} == --package ]]; then packages+=(dpkg-dev binutils lintian systemd); fi
for package in "${packages[@]}"; do
    installed "$package" || missing+=("$package")
done
# Either libcurl development package will do (they conflict with each other).
if ! installed libcurl4-openssl-dev && ! installed libcurl4-gnutls-dev; then
    missing+=(libcurl4-openssl-dev)
fi

if ((${#missing[@]})); then
    echo "installing: ${missing[*]}" >&2
    sudo_cmd=()
    if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
