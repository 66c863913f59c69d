#!/usr/bin/env bash
# Provision a local MongoDB-wire-protocol server (FerretDB v1, embedded SQLite
# backend, no auth) for docarchive's "scale" tests.
#
# Usage: scripts/ferretdb.sh {install|start|stop|status|url}
#
#   install  build FerretDB from its Go module (Go module proxy) into the cache.
#            A second run downloads and builds nothing.
#   start    install if needed, start on 127.0.0.1:$DOCARCHIVE_MONGO_PORT in the
#            background, wait until a `ping` succeeds (pymongo), print the URL.
#            No-op when already running and answering.
#   stop     SIGTERM, wait, SIGKILL after a timeout; removes the pidfile.
#   status   exit 0 if the server answers `ping`, else 1.
#   url      print the MongoDB URL (whether or not the server is running).
#
# Environment (all optional):
#   DOCARCHIVE_CACHE                cache root (default: $HOME/.cache/docarchive)
#   DOCARCHIVE_FERRETDB_VERSION     FerretDB module version (default: v1.24.2, the last v1)
#   DOCARCHIVE_MONGO_PORT           port (default: 27027)
#   DOCARCHIVE_MONGO_DATA           node dir: SQLite files, state, log, pidfile
#                                   (default: $DOCARCHIVE_CACHE/ferretdb/node-$PORT)
#   DOCARCHIVE_MONGO_START_TIMEOUT  seconds to wait for ping (default: 60)
#   DOCARCHIVE_MONGO_STOP_TIMEOUT   seconds to wait after SIGTERM (default: 30)
#   DOCARCHIVE_GO                   go binary (default: `go` on PATH, else /usr/local/go/bin/go)
#   DOCARCHIVE_PYTHON               python with pymongo, for the ping (default: python3)
#   DOCARCHIVE_MONGO_LOG_LEVEL      DEBUG|INFO|WARN|ERROR (default: WARN; WARN already logs
#                                   every command FerretDB rejects, e.g. endSessions)
#
# Why not `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`:
#   1. the module proxy answers 403 to the module's version list, which
#      `go install pkg@version` reads to look for a deprecation notice, so it
#      fails before building;
#   2. even when it builds, FerretDB v1's build/version package panics at start
#      unless build/version/version.txt (generated from git, absent from the
#      module zip) holds the version.
# So: `go mod download` the module, copy its source into the cache, write
# version.txt, and `go build ./cmd/ferretdb` there. Same source, same go.sum,
# and one one-line patch (patch_id_lookup):
#
# FerretDB v1's SQLite backend creates the `_id` index on the expression
# `_ferretdb_sjson->"_id"` but looks documents up by `_ferretdb_sjson->'$._id'`:
# the same value, spelt differently, and SQLite uses an expression index only
# for the expression as written. So every find, update and delete by `_id`
# read the whole table (a GridFS chunk read decoded every stored chunk, ~2.5 ms
# per stored MB). The patch spells the lookup like the index, as MongoDB's own
# `_id` index works; results are the same (EXPLAIN QUERY PLAN: SCAN -> SEARCH
# USING INDEX). The binary's name carries the patch, so an unpatched build in
# the cache is not reused.
set -euo pipefail

SCRIPT_NAME=$(basename "$0")

die() { printf '%s: error: %s\n' "$SCRIPT_NAME" "$*" >&2; exit 1; }
log() { printf '%s: %s\n' "$SCRIPT_NAME" "$*" >&2; }

CACHE=${DOCARCHIVE_CACHE:-${HOME:?HOME is not set}/.cache/docarchive}
FDB_VERSION=${DOCARCHIVE_FERRETDB_VERSION:-v1.24.2}
PORT=${DOCARCHIVE_MONGO_PORT:-27027}
START_TIMEOUT=${DOCARCHIVE_MONGO_START_TIMEOUT:-60}
STOP_TIMEOUT=${DOCARCHIVE_MONGO_STOP_TIMEOUT:-30}
PYTHON=${DOCARCHIVE_PYTHON:-python3}
LOG_LEVEL=${DOCARCHIVE_MONGO_LOG_LEVEL:-WARN}

FDB_ROOT=$CACHE/ferretdb
SRC_DIR=$FDB_ROOT/src-$FDB_VERSION
BIN=$FDB_ROOT/bin/ferretdb-$FDB_VERSION-id-index
ID_INDEX_FILE=internal/backends/sqlite/metadata/metadata.go
ID_INDEX_BEFORE="IDColumn = DefaultColumn + \"->'\$._id'\""
ID_INDEX_AFTER='IDColumn = DefaultColumn + `->"_id"`'
NODE_DIR=${DOCARCHIVE_MONGO_DATA:-$FDB_ROOT/node-$PORT}
PIDFILE=$NODE_DIR/ferretdb.pid
LOGFILE=$NODE_DIR/ferretdb.log
URL=mongodb://127.0.0.1:$PORT/

case $PORT in '' | *[!0-9]*) die "DOCARCHIVE_MONGO_PORT must be a number, got '$PORT'" ;; esac
case $FDB_VERSION in v1.*) ;; *) die "DOCARCHIVE_FERRETDB_VERSION must be a v1.x tag (v2 needs PostgreSQL+DocumentDB), got '$FDB_VERSION'" ;; esac

find_go() {
    if [[ -n ${DOCARCHIVE_GO:-} ]]; then
        printf '%s\n' "$DOCARCHIVE_GO"
    elif command -v go >/dev/null 2>&1; then
        command -v go
    elif [[ -x /usr/local/go/bin/go ]]; then
        printf '%s\n' /usr/local/go/bin/go
    else
        die "no Go toolchain found (set DOCARCHIVE_GO)"
    fi
}

# --- install ------------------------------------------------------------------

cmd_install() {
    if [[ -x $BIN ]]; then
        log "FerretDB $FDB_VERSION already built at $BIN"
        return 0
    fi
    local go mod_json mod_dir commit tmp
    go=$(find_go)
    mkdir -p "$FDB_ROOT/bin"
    log "downloading module github.com/FerretDB/FerretDB@$FDB_VERSION"
    mod_json=$(GOWORK=off GOFLAGS=-mod=mod "$go" mod download -json "github.com/FerretDB/FerretDB@$FDB_VERSION" 2>&1) ||
        die "go mod download github.com/FerretDB/FerretDB@$FDB_VERSION failed: $(printf '%s' "$mod_json" | tr '\n' ' ')"
    mod_dir=$(printf '%s\n' "$mod_json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' | head -n1)
    commit=$(printf '%s\n' "$mod_json" | sed -n 's/^[[:space:]]*"Hash": "\([0-9a-f]*\)",*$/\1/p' | head -n1)
    [[ -n $mod_dir && -f $mod_dir/go.mod ]] || die "could not find the downloaded module source in: $(printf '%s' "$mod_json" | tr '\n' ' ')"

    tmp=$(mktemp -d "$FDB_ROOT/.src.XXXXXX")
    cp -R "$mod_dir/." "$tmp/"
    chmod -R u+w "$tmp"
    printf '%s\n' "$FDB_VERSION" >"$tmp/build/version/version.txt"
    [[ -n $commit ]] && printf '%s\n' "$commit" >"$tmp/build/version/commit.txt"
    printf '%s\n' "docarchive-source-build" >"$tmp/build/version/package.txt"
    patch_id_lookup "$tmp/$ID_INDEX_FILE"
    rm -rf "$SRC_DIR"
    mv "$tmp" "$SRC_DIR"

    log "building FerretDB $FDB_VERSION (takes about a minute on a cold Go cache)"
    (
        cd "$SRC_DIR"
        GOWORK=off GOFLAGS=-buildvcs=false CGO_ENABLED=0 \
            "$go" build -trimpath -o "$BIN.part" ./cmd/ferretdb
    ) || die "go build of FerretDB $FDB_VERSION failed (see the compiler output above)"
    mv -f "$BIN.part" "$BIN"
    "$BIN" --version >/dev/null 2>&1 || { rm -f "$BIN"; die "built $BIN does not run ('$BIN --version' failed)"; }
    log "built $BIN"
}

patch_id_lookup() { # why: the header
    local file=$1
    grep -qF "$ID_INDEX_BEFORE" "$file" || die "cannot apply the _id index patch: '$ID_INDEX_BEFORE' not in $file"
    "$PYTHON" - "$file" "$ID_INDEX_BEFORE" "$ID_INDEX_AFTER" <<'EOF'
import sys
path, before, after = sys.argv[1:]
text = open(path, encoding="utf-8").read()
open(path, "w", encoding="utf-8").write(text.replace(before, after, 1))
EOF
    grep -qF "$ID_INDEX_AFTER" "$file" || die "the _id index patch did not apply to $file"
}

# --- state --------------------------------------------------------------------

running_pid() {
    local pid
    [[ -s $PIDFILE ]] || return 1
    pid=$(<"$PIDFILE")
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    printf '%s\n' "$pid"
}

pings() { # the server at $URL answers {ping: 1}
    port_in_use "$PORT" || return 1 # fast path: pymongo would wait serverSelectionTimeoutMS
    "$PYTHON" - "$URL" >/dev/null 2>&1 <<'EOF'
import sys
import pymongo
c = pymongo.MongoClient(sys.argv[1], serverSelectionTimeoutMS=2000, connectTimeoutMS=2000)
try:
    sys.exit(0 if c.admin.command("ping").get("ok") == 1 else 1)
finally:
    c.close()
EOF
}

check_python() {
    "$PYTHON" -c 'import pymongo' 2>/dev/null || die "'$PYTHON' cannot import pymongo (pip install pymongo, or set DOCARCHIVE_PYTHON)"
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

log_tail() {
    [[ -s $LOGFILE ]] || return 0
    printf -- '--- last 30 lines of %s ---\n' "$LOGFILE" >&2
    tail -n 30 "$LOGFILE" | cut -c1-500 >&2
}

# --- start / stop -------------------------------------------------------------

# Test runs and benchmarks name their databases test_* and bench_* and drop them when done; a run that was
# killed leaves them behind, and every listDatabases (each test session's clean-up) then reads them all.
remove_leftover_test_databases() {
    local leftovers
    leftovers=$(find "$NODE_DIR/data" -maxdepth 1 \( -name 'test_*.sqlite*' -o -name 'bench_*.sqlite*' \) | wc -l)
    if ((leftovers > 0)); then
        log "removing $leftovers leftover test/benchmark database files from $NODE_DIR/data"
        find "$NODE_DIR/data" -maxdepth 1 \( -name 'test_*.sqlite*' -o -name 'bench_*.sqlite*' \) -delete
    fi
}

cmd_start() {
    check_python
    if pings; then
        if running_pid >/dev/null; then
            log "already running and answering ping"
        else
            log "a server already answers at $URL (not started by this script); leaving it alone"
        fi
        printf '%s\n' "$URL"
        return 0
    fi
    local pid started=$SECONDS fdb_pid=
    if pid=$(running_pid); then
        log "process $pid from $PIDFILE is alive but not answering; waiting for it"
    else
        rm -f "$PIDFILE"
        port_in_use "$PORT" && die "port $PORT is taken by a process that does not answer MongoDB ping (set DOCARCHIVE_MONGO_PORT)"
        cmd_install
        mkdir -p "$NODE_DIR/data" "$NODE_DIR/state"
        remove_leftover_test_databases
        log "starting FerretDB $FDB_VERSION (sqlite) on 127.0.0.1:$PORT, node dir $NODE_DIR"
        setsid "$BIN" \
            --handler=sqlite \
            --sqlite-url="file:$NODE_DIR/data/" \
            --state-dir="$NODE_DIR/state" \
            --listen-addr="127.0.0.1:$PORT" \
            --debug-addr=- \
            --telemetry=disable \
            --log-level="$LOG_LEVEL" \
            </dev/null >>"$LOGFILE" 2>&1 &
        fdb_pid=$!
        printf '%s\n' "$fdb_pid" >"$PIDFILE"
        disown "$fdb_pid" 2>/dev/null || true
    fi
    local deadline=$((SECONDS + START_TIMEOUT))
    while ! pings; do
        if [[ -n $fdb_pid ]] && ! kill -0 "$fdb_pid" 2>/dev/null; then
            log_tail
            rm -f "$PIDFILE"
            die "FerretDB exited during startup (log tail above)"
        fi
        if ((SECONDS >= deadline)); then
            log_tail
            die "FerretDB did not answer ping at $URL within ${START_TIMEOUT}s (log tail above; stop it with: $0 stop)"
        fi
        sleep 0.5
    done
    log "answering ping after $((SECONDS - started))s (pid $(running_pid || echo '?'))"
    printf '%s\n' "$URL"
}

cmd_stop() {
    local pid
    if ! pid=$(running_pid); then
        rm -f "$PIDFILE"
        if port_in_use "$PORT"; then
            log "no live pid in $PIDFILE, but something listens on port $PORT: not started by this script, not stopping it"
        else
            log "not running"
        fi
        return 0
    fi
    log "stopping pid $pid (SIGTERM)"
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + STOP_TIMEOUT))
    while kill -0 "$pid" 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            log "still alive after ${STOP_TIMEOUT}s; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.5
            break
        fi
        sleep 0.2
    done
    rm -f "$PIDFILE"
    log "stopped"
}

cmd_status() {
    check_python
    if pings; then
        log "answering ping at $URL (pid $(running_pid || echo 'not ours'))"
        return 0
    fi
    if running_pid >/dev/null; then
        log "process $(running_pid) is running but $URL does not answer ping"
    else
        log "not running"
    fi
    return 1
}

case ${1:-} in
install) cmd_install ;;
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
url) printf '%s\n' "$URL" ;;
*) die "usage: $SCRIPT_NAME {install|start|stop|status|url}" ;;
esac
