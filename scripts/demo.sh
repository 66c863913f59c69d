#!/usr/bin/env bash
# The main job on the embedded default: generate a folder of sample customer scans, ingest them,
# show what was found, then serve the API on http://127.0.0.1:8000 (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DOCARCHIVE_HOME="${DOCARCHIVE_HOME:-./docarchive-data}"
SAMPLES="${SAMPLES:-./samples}"
[ -d "$SAMPLES" ] || .venv/bin/python -m docarchive.samples "$SAMPLES" --count 12 --seed 1
.venv/bin/docarchive ingest "$SAMPLES" || true   # failures are listed above; keep going to show the rest
.venv/bin/docarchive list
if [ -z "$(.venv/bin/docarchive user list)" ]; then
  # No default password ever: the demo's archivist gets a random one, printed once here.
  # Letters and a digit whatever the random part holds, and not the user's name (the password rules).
  DEMO_PASSWORD="pw$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(6))')7"
  echo "$DEMO_PASSWORD" | .venv/bin/docarchive user add demo --role archivist --password-stdin
  echo "demo: sign in as 'demo' with password '$DEMO_PASSWORD' (POST /api/auth/token)" >&2
fi
if [ "${DEMO_NO_SERVE:-0}" != "1" ]; then
  exec .venv/bin/docarchive serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
fi
