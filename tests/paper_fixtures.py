"""Stored records for the paper-archive tests: made directly, since filing does not depend on how a record
was scanned."""

from __future__ import annotations

from tests.contract.test_record_store import make_document


def store_records(records, seeds: str = "abc") -> list[str]:
    """One two-page record per seed character; their ids in order."""
    documents = [make_document(seed) for seed in seeds]
    with records.unit_of_work() as uow:
        for document in documents:
            uow.documents.add(document)
        uow.commit()
    return [document.id for document in documents]
