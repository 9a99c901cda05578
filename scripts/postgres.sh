#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, on 127.0.0.1 only; prints its SQLAlchemy URL.
#
#   export ALIGN_TEST_DATABASE_URL=$(scripts/postgres.sh)   # start (or reuse) and print the URL
#   scripts/postgres.sh stop                                # stop it and delete its files
#
# Installs Debian's postgresql when it is missing (needs root and the package registry). The
# cluster lives in a temporary directory owned by the `postgres` user (initdb refuses root) and is
# tuned for speed, not durability (fsync off): never keep data in it. Progress goes to stderr, the
# URL alone to stdout. State (directory, binaries, URL) is kept in $ALIGN_PG_STATE.
set -euo pipefail

state=${ALIGN_PG_STATE:-${TMPDIR:-/tmp}/align-test-postgres.env}
database=align_test

log() { echo "postgres.sh: $*" >&2; }

bin_dir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

is_root() { [ "$(id -u)" = 0 ]; }

# Run a server program as the owner of the cluster: `postgres` when we are root, else ourselves.
as_owner() {
    if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_postgres() {
    bin_dir >/dev/null && id -u postgres >/dev/null 2>&1 && return
    if ! is_root; then
        log "PostgreSQL is not installed; run this as root, or: sudo apt-get install -y postgresql"
        exit 1
    fi
    log "installing Debian's postgresql (apt-get update, then install)"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bin_dir >/dev/null || { log "postgresql installed but no initdb under /usr/lib/postgresql"; exit 1; }
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

running() {
    [ -f "$state" ] || return 1
    # shellcheck disable=SC1090
    . "$state"
    as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

stop() {
    if [ -f "$state" ]; then
        # shellcheck disable=SC1090
        . "$state"
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
        rm -rf "$dir"
        rm -f "$state"
        log "stopped and removed $dir"
    fi
}

start() {
    if running; then
        log "reusing the server in $dir"
        echo "$url"
        return
    fi
    rm -f "$state"
    install_postgres
    bin=$(bin_dir)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/align-postgres.XXXXXX")
    if is_root; then chown postgres: "$dir"; fi
    port=$(free_port)
    log "initdb in $dir ($bin)"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >&2
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
        "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >&2
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$database"
    url="postgresql+psycopg://postgres@127.0.0.1:$port/$database"
    printf 'dir=%q\nbin=%q\nurl=%q\n' "$dir" "$bin" "$url" >"$state"
    log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
    echo "$url"
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    *) log "usage: $0 [start|stop]"; exit 2 ;;
esac
