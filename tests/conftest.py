"""Shared fixtures. Backends are chosen by parametrized fixtures so each contract test runs on every backend."""

from __future__ import annotations

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


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # Explicit None: the servers the test command provisions are for the backend tests, not the default.
    return Settings(home=tmp_path / "home", ocr_engine="rapidocr", jobs=1, es_url=None, mongo_url=None)


def embedded_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment for a `docarchive` subprocess on the embedded default."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("DOCARCHIVE_ES_URL", "DOCARCHIVE_MONGO_URL")}
    return {**env, "DOCARCHIVE_HOME": str(home), **extra}


@pytest.fixture
def container(settings, clock):
    from docarchive.bootstrap import bootstrap

    built = bootstrap(settings, clock=clock)
    yield built
    built.close()
