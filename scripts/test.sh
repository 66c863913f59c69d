#!/usr/bin/env bash
# The test command: installs what the tests need, starts the servers the scale backends are tested against
# (Elasticsearch on loopback), runs the whole suite, and stops the servers again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DOCARCHIVE_PYTHON="$PWD/.venv/bin/python"
bash scripts/elasticsearch.sh install >&2
DOCARCHIVE_ES_URL="$(bash scripts/elasticsearch.sh start)"
export DOCARCHIVE_ES_URL
trap 'bash scripts/elasticsearch.sh stop >&2 || true' EXIT
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
