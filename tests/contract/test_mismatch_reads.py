"""What the mismatch report reads from the stores (services/paper/mismatches.py), on every backend: records
in no volume, volume items against their records' pages, catalogues not printed since they changed."""

from __future__ import annotations

import dataclasses

from docarchive.domain.paper.model import ItemAgainstRecord, Volume, VolumeItem
from tests.contract.test_paper_store import commit, room  # noqa: F401  (the fixture)
from tests.contract.test_record_store import T0, make_document


def volume(no: str, *items: tuple[str, int, int], catalogue: int = 0, printed: int = 0) -> Volume:
    return Volume(archive_no=no, customer_no="KH-1", box_code="B-1", title="卷", year=2026,
                  items=[VolumeItem(n, doc, first, last, T0, "local") for n, (doc, first, last) in enumerate(items, 1)],
                  catalogue_version=catalogue, printed_version=printed, created_at=T0)


def stored(store, count: int) -> list[str]:
    documents = [make_document(str(n)) for n in range(count)]  # two pages each
    with store.unit_of_work() as uow:
        for document in documents:
            uow.documents.add(document)
        uow.commit()
    return sorted(document.id for document in documents)


def set_apart(store, document_id: str, how: str) -> None:
    with store.unit_of_work() as uow:
        uow.documents.update(dataclasses.replace(uow.documents.get(document_id), disposal=how))
        uow.commit()


def test_unfiled_counts_every_record_in_no_volume_and_lists_the_first_by_id(room):
    ids = stored(room, 6)
    commit(room, volume("V-1", (ids[1], 1, 2)), volume("V-2", (ids[4], 1, 2)))
    with room.unit_of_work(readonly=True) as uow:
        assert uow.filing.unfiled(limit=10) == (4, [ids[0], ids[2], ids[3], ids[5]])
        assert uow.filing.unfiled(limit=2) == (4, [ids[0], ids[2]])


def test_records_set_apart_or_erased_are_not_unfiled(room):
    ids = stored(room, 3)
    set_apart(room, ids[0], "recycled")
    set_apart(room, ids[1], "destroyed")
    with room.unit_of_work(readonly=True) as uow:
        assert uow.filing.unfiled(limit=10) == (1, [ids[2]])


def test_items_whose_record_is_gone_or_has_other_pages_are_listed_in_volume_and_item_order(room):
    ids = stored(room, 3)
    gone = "01ARZ3NDEKTSV4RRFFQ69G5FAV"
    commit(room, volume("V-2", (ids[0], 1, 2), (ids[1], 3, 7)), volume("V-1", (gone, 1, 1), (ids[2], 2, 3)))
    with room.unit_of_work(readonly=True) as uow:
        assert list(uow.volumes.items_disagreeing()) == [
            ItemAgainstRecord("V-1", 1, gone, 1, 1, None),
            ItemAgainstRecord("V-2", 2, ids[1], 3, 7, 2),
        ]


def test_an_item_follows_its_volume_when_it_is_changed(room):
    ids = stored(room, 1)
    commit(room, volume("V-1", (ids[0], 1, 5)))
    with room.unit_of_work() as uow:
        changed = uow.volumes.get("V-1")
        changed.items = [VolumeItem(1, ids[0], 4, 5, T0, "local")]
        uow.volumes.update(changed)
        uow.commit()
    with room.unit_of_work(readonly=True) as uow:
        assert list(uow.volumes.items_disagreeing()) == []


def test_catalogues_changed_since_they_were_printed_are_listed(room):
    commit(room, volume("V-3", catalogue=2, printed=1), volume("V-1", catalogue=1, printed=1),
           volume("V-2", catalogue=1))
    with room.unit_of_work(readonly=True) as uow:
        assert list(uow.volumes.unprinted_catalogues()) == [("V-2", 1, 0), ("V-3", 2, 1)]
