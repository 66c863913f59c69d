"""The "scale" servers provisioned by scripts/elasticsearch.sh and scripts/ferretdb.sh answer.

Set DOCARCHIVE_ES_URL (e.g. the output of `scripts/elasticsearch.sh start`) and/or
DOCARCHIVE_MONGO_URL (`scripts/ferretdb.sh start`). When a variable is unset its test
is skipped; when it is set, an unreachable server FAILS the test, never skips it.

Elasticsearch is spoken to over plain HTTP on purpose: the integ-test-zip node has no
`GET /` (so the Python client's ping()/info() cannot be used), and this check must not
depend on which elasticsearch client version happens to be installed.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
import uuid

import pytest

ES_URL = os.environ.get("DOCARCHIVE_ES_URL", "").strip()
MONGO_URL = os.environ.get("DOCARCHIVE_MONGO_URL", "").strip()
TIMEOUT_S = 10


def _es(method: str, path: str, body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(
        ES_URL.rstrip("/") + path,
        data=data,
        method=method,
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT_S) as resp:
            return json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as exc:
        pytest.fail(f"{method} {ES_URL}{path} -> HTTP {exc.code}: {exc.read()[:500]!r}")
    except (urllib.error.URLError, OSError) as exc:
        pytest.fail(f"DOCARCHIVE_ES_URL={ES_URL} is set but unreachable: {exc}")


@pytest.mark.skipif(not ES_URL, reason="DOCARCHIVE_ES_URL not set (run scripts/elasticsearch.sh start)")
def test_elasticsearch_answers_and_round_trips() -> None:
    health = _es("GET", "/_cluster/health")
    assert health.get("status") in {"green", "yellow"}, health

    index = f"docarchive-e2e-{uuid.uuid4().hex[:12]}"
    _es("PUT", f"/{index}", {"settings": {"number_of_shards": 1, "number_of_replicas": 0}})
    try:
        _es("PUT", f"/{index}/_doc/1?refresh=true", {"title": "客户档案 provisioning check"})
        hits = _es("POST", f"/{index}/_search", {"query": {"match_phrase": {"title": "档案"}}})
        assert hits["hits"]["total"]["value"] == 1, hits
    finally:
        _es("DELETE", f"/{index}")


@pytest.mark.skipif(not MONGO_URL, reason="DOCARCHIVE_MONGO_URL not set (run scripts/ferretdb.sh start)")
def test_mongo_answers_and_round_trips() -> None:
    try:
        import pymongo
        from pymongo.errors import PyMongoError
    except ImportError as exc:  # set but not testable is a failure, not a skip
        pytest.fail(f"DOCARCHIVE_MONGO_URL is set but pymongo is not importable: {exc}")

    client = pymongo.MongoClient(MONGO_URL, serverSelectionTimeoutMS=TIMEOUT_S * 1000)
    try:
        try:
            assert client.admin.command("ping").get("ok") == 1
        except PyMongoError as exc:
            pytest.fail(f"DOCARCHIVE_MONGO_URL={MONGO_URL} is set but unreachable: {exc}")
        db_name = f"docarchive_e2e_{uuid.uuid4().hex[:12]}"
        try:
            coll = client[db_name]["records"]
            coll.insert_one({"_id": "r1", "title": "客户档案", "pages": 3})
            assert coll.find_one({"_id": "r1"}) == {"_id": "r1", "title": "客户档案", "pages": 3}
        finally:
            client.drop_database(db_name)
    finally:
        client.close()
