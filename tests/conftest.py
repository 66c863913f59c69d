"""Shared fixtures. Backends are chosen by parametrized fixtures so each contract test runs on every backend."""

from __future__ import annotations

import hashlib
import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from docarchive.config import Settings


class FixedClock:
    """A controllable clock for rules that depend on time."""

    def __init__(self, start: datetime = datetime(2026, 5, 6, 9, 30, tzinfo=UTC)):
        self.current = start

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


# The whole API/CLI suite runs once per deployment: embedded by default, and with
# DOCARCHIVE_TEST_DEPLOYMENT=scale on MongoDB (FerretDB) + Elasticsearch, which scripts/test.sh provisions.
SCALE = os.environ.get("DOCARCHIVE_TEST_DEPLOYMENT") == "scale"
# A tag per test run, inherited by subprocesses: concurrent runs against the same servers drop only their own
# databases and indices.
RUN_TAG = os.environ.setdefault("DOCARCHIVE_TEST_RUN", uuid.uuid4().hex[:6])
# A MongoDB deployment is given its ID-hash key (every host must hash alike); tests and their subprocesses share
# one. The embedded default's own key file is tested apart (tests/unit/test_keys.py).
os.environ.setdefault("DOCARCHIVE_ID_HASH_KEY", "test-key-" + "0123456789abcdef" * 2)
# Likewise its data keys (ID numbers, originals and page images encrypted at rest); the embedded default makes
# its own key files, which the embedded runs exercise (tests/unit/test_data_keys.py).
TEST_DATA_KEYS = '["testkey1:' + "0123456789abcdef" * 4 + '"]'
if SCALE:
    os.environ.setdefault("DOCARCHIVE_DATA_KEYS", TEST_DATA_KEYS)
TEST_DATABASE_PREFIX = f"test_{RUN_TAG}_"
TEST_PREFIX = f"test-{RUN_TAG}-"


def _scale_names(home: Path) -> tuple[str, str]:
    """A database and index prefix of the test's own, derived from its home so subprocesses agree."""
    tag = hashlib.sha1(str(home).encode()).hexdigest()[:12]
    return f"{TEST_DATABASE_PREFIX}{tag}", f"{TEST_PREFIX}{tag}"


def _scale_urls() -> tuple[str, str]:
    from tests.contract.conftest import require_backend

    return require_backend("DOCARCHIVE_MONGO_URL"), require_backend("DOCARCHIVE_ES_URL")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # Explicit None: the servers the test command provisions are for the backend tests, not the default.
    base = Settings(home=tmp_path / "home", ocr_engine="rapidocr", jobs=1, es_url=None, mongo_url=None,
                    allowed_hosts=["testserver", "localhost", "127.0.0.1"])
    if not SCALE:
        return base
    mongo_url, es_url = _scale_urls()
    database, prefix = _scale_names(base.home)
    return base.model_copy(update={"mongo_url": mongo_url, "mongo_database": database, "es_url": es_url,
                                   "es_index_prefix": prefix})


def deployment_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment for a `docarchive` subprocess: the embedded default, or the scale deployment."""
    env = {k: v for k, v in os.environ.items() if k not in ("DOCARCHIVE_ES_URL", "DOCARCHIVE_MONGO_URL")}
    if SCALE:
        mongo_url, es_url = _scale_urls()
        database, prefix = _scale_names(home)
        env |= {"DOCARCHIVE_MONGO_URL": mongo_url, "DOCARCHIVE_MONGO_DATABASE": database,
                "DOCARCHIVE_ES_URL": es_url, "DOCARCHIVE_ES_INDEX_PREFIX": prefix}
    return {**env, "DOCARCHIVE_HOME": str(home), **extra}


@pytest.fixture(scope="session", autouse=True)
def drop_test_databases_and_indices():
    """Servers outlive test runs: leave no test database or index behind (they would pile up run after run)."""
    yield
    mongo_url, es_url = os.environ.get("DOCARCHIVE_MONGO_URL"), os.environ.get("DOCARCHIVE_ES_URL")
    if mongo_url:
        import pymongo

        with pymongo.MongoClient(mongo_url, serverSelectionTimeoutMS=3000) as client:
            for name in client.list_database_names():
                if name.startswith(TEST_DATABASE_PREFIX):
                    client.drop_database(name)
    if es_url:
        from elasticsearch import Elasticsearch

        es = Elasticsearch(es_url)
        names = list(es.indices.get_alias(index=f"{TEST_PREFIX}*", ignore_unavailable=True))
        for start in range(0, len(names), 20):  # a few at a time: one URL naming all of them is too long for ES
            es.indices.delete(index=",".join(names[start : start + 20]), ignore_unavailable=True)


@pytest.fixture
def container(settings, clock):
    from docarchive.bootstrap import bootstrap

    built = bootstrap(settings, clock=clock)
    yield built
    built.close()
