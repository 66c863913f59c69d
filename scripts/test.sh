#!/usr/bin/env bash
# The test command: installs what the tests need, starts the servers the scale backends are tested against
# (Elasticsearch and a MongoDB-protocol server, FerretDB, both on loopback), runs the whole suite, and stops
# the servers again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DOCARCHIVE_PYTHON="$PWD/.venv/bin/python"
trap 'bash scripts/elasticsearch.sh stop >&2 || true; bash scripts/ferretdb.sh stop >&2 || true' EXIT
DOCARCHIVE_ES_URL="$(bash scripts/elasticsearch.sh start)"
DOCARCHIVE_MONGO_URL="$(bash scripts/ferretdb.sh start)"
export DOCARCHIVE_ES_URL DOCARCHIVE_MONGO_URL
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
# The same API, CLI, pipeline and web-interface (search, record, customer screens) tests again on the scale
# deployment (MongoDB records and originals, Elasticsearch search).
DOCARCHIVE_TEST_DEPLOYMENT=scale .venv/bin/python -m pytest -q -p no:cacheprovider \
  tests/api tests/e2e/test_cli.py tests/e2e/test_cli_access.py tests/e2e/test_customer_cli.py tests/e2e/test_customer_ledger.py \
  tests/e2e/test_customer_files_cli.py tests/e2e/test_paper_cli.py tests/e2e/test_printouts_cli.py \
  tests/e2e/test_review_cli.py tests/e2e/test_user_cli.py tests/e2e/test_linking_folder.py tests/e2e/test_audit_cli.py \
  tests/e2e/test_hostile_scans_cli.py tests/e2e/test_personal_data_cli.py \
  tests/e2e/test_approval_cli.py tests/e2e/test_change_reasons_cli.py tests/e2e/test_customer_transfer_cli.py \
  tests/e2e/test_room_care_cli.py tests/e2e/test_holdings_cli.py \
  tests/e2e/test_loan_cli.py \
  tests/ingest/test_pipeline.py tests/ingest/test_label_filing.py tests/e2e/test_destruction_cli.py \
  tests/e2e/ui/test_web_interface.py tests/e2e/test_campaigns.py "$@"
