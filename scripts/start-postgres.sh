#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the state-store tests, unless one answers
# already at $MAGEDESK_TEST_POSTGRES_URL. Installs Debian's postgresql package when missing.
# Prints the URL to use; `scripts/start-postgres.sh stop` stops the server it started, and
# `scripts/start-postgres.sh resume` starts it again on its data (the reliability tests run their
# own server this way: MAGEDESK_TEST_POSTGRES_PORT and MAGEDESK_TEST_POSTGRES_DATA pick it).
set -euo pipefail

port=${MAGEDESK_TEST_POSTGRES_PORT:-54329}
data=${MAGEDESK_TEST_POSTGRES_DATA:-${TMPDIR:-/tmp}/magedesk-test-postgres}
url="postgres://magedesk@127.0.0.1:${port}/postgres?sslmode=disable"

as_postgres=()
if [[ $(id -u) -eq 0 ]]; then as_postgres=(runuser -u postgres --); fi

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

if [[ ${1:-} == stop ]]; then
    if [[ -f "$data/postmaster.pid" ]]; then "${as_postgres[@]}" "$(bindir)/pg_ctl" -D "$data" -m fast -w stop >/dev/null; fi
    exit 0
fi

if [[ -z $(bindir) ]]; then
    echo "installing: postgresql" >&2
    sudo_cmd=()
    if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
bin=$(bindir)
start() {
    # The server outlives this script: it must not hold a caller's pipes open (descriptors a
    # caller such as a test process let it inherit), or the caller never sees end of output.
    local fd
    for fd in $(ls /proc/$$/fd 2>/dev/null); do
        if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    "${as_postgres[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
        -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200" start >/dev/null
}

if [[ ${1:-} == resume ]]; then
    start
    echo "$url"
    exit 0
fi

if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    echo "$url"
    exit 0
fi

rm -rf "$data"
mkdir -p "$data"
if [[ $(id -u) -eq 0 ]]; then chown postgres: "$data"; fi
"${as_postgres[@]}" "$bin/initdb" -D "$data" -A trust -U magedesk --no-sync >/dev/null
start
echo "$url"
