"""MongoDB has no multi-document transactions here: two units filing one record into two volumes, each checked
before the other committed, must still leave it filed once."""

from __future__ import annotations

import time

import pytest

from docarchive.domain.errors import Conflict
from tests.contract.test_mongo_record_store import store  # noqa: F401
from tests.contract.test_paper_store import commit, volume

pytest.importorskip("pymongo")


def file_in(uow, archive_no: str, document_id: str) -> None:
    changed = uow.volumes.get(archive_no)
    changed.file(document_id, page_count=1)
    uow.volumes.update(changed)


def test_of_two_units_filing_one_record_into_two_volumes_only_the_first_commits(store):  # noqa: F811
    commit(store, volume("V-1"), volume("V-2"))
    with store.unit_of_work() as first, store.unit_of_work() as second:
        file_in(first, "V-1", "D1")
        file_in(second, "V-2", "D1")
        first.commit()
        with pytest.raises(Conflict, match="filed meanwhile"):
            second.commit()
    with store.unit_of_work(readonly=True) as uow:
        assert uow.volumes.get("V-2").items == [] and uow.volumes.filed_in(["D1"]) == {"D1": "V-1"}


def test_a_filing_entry_left_by_a_writer_that_died_is_taken_over(store):  # noqa: F811
    commit(store, volume("V-1"), volume("V-2"))
    filings = store.db["paper_filings"]
    filings.insert_one({"_id": "D1", "archive_no": "V-1", "item": 1, "claimed_at": time.time() - 120})
    with store.unit_of_work() as uow:
        file_in(uow, "V-2", "D1")
        uow.commit()
    with store.unit_of_work(readonly=True) as uow:
        assert uow.volumes.filed_in(["D1"]) == {"D1": "V-2"}
