"""The paper-archive repositories of the RecordStore contract: every backend behaves the same."""

from __future__ import annotations

from datetime import timedelta

import pytest

from docarchive.domain.errors import Conflict, NotFound, StaleVersion
from docarchive.domain.paper.model import Box, Location, LocationKind, Move, Volume, VolumeItem, subject
from tests.contract.test_record_store import T0


def location(code: str, path: str, parent: str | None = None, ancestors=()) -> Location:
    return Location(code=code, name=path.rsplit("/", 1)[-1], path=path, parent_code=parent,
                    kind=LocationKind.SHELF, ancestors=list(ancestors), created_at=T0)


def volume(no: str, box: str = "B-1", docs=(), customer_no: str = "KH-1") -> Volume:
    items = [VolumeItem(n, doc, n, n, T0, "local") for n, doc in enumerate(docs, start=1)]
    return Volume(archive_no=no, customer_no=customer_no, box_code=box, title="卷", year=2026, items=items,
                  created_at=T0)


def commit(store, *objects) -> None:
    with store.unit_of_work() as uow:
        for obj in objects:
            {Location: uow.locations, Box: uow.boxes, Volume: uow.volumes}[type(obj)].add(obj)
        uow.commit()


@pytest.fixture
def room(record_store):
    commit(record_store, location("L-1", "A库房"), location("L-2", "A库房/1列", "L-1", ["L-1"]),
           location("L-3", "A库房/1列/1层", "L-2", ["L-1", "L-2"]), location("L-4", "A库房-2"),
           Box("B-1", "L-3", T0), Box("B-2", "L-3", T0), Box("B-3", "L-4", T0))
    return record_store


def test_objects_read_back_equal_by_code_and_by_path(room):
    with room.unit_of_work(readonly=True) as uow:
        assert uow.locations.get("L-3") == location("L-3", "A库房/1列/1层", "L-2", ["L-1", "L-2"])
        assert uow.locations.find_by_path("A库房/1列").code == "L-2"
        assert uow.boxes.get("B-1") == Box("B-1", "L-3", T0)
        assert set(uow.boxes.find_many(["B-1", "B-3", "B-9"])) == {"B-1", "B-3"}
        assert uow.locations.find("L-9") is None
        with pytest.raises(NotFound):
            uow.boxes.get("B-9")


def test_a_subtree_holds_the_node_and_what_is_under_it_but_not_its_namesakes(room):
    with room.unit_of_work(readonly=True) as uow:
        assert [loc.code for loc in uow.locations.subtree("A库房")] == ["L-1", "L-2", "L-3"]
        assert [loc.code for loc in uow.locations.children(uow.locations.get("L-1"))] == ["L-2"]
        assert [loc.path for loc in uow.locations.list(after_path="A库房", limit=2)] == ["A库房-2", "A库房/1列"]


def test_boxes_are_found_by_location_and_counted(room):
    with room.unit_of_work(readonly=True) as uow:
        assert [box.code for box in uow.boxes.at_locations(["L-3", "L-4"])] == ["B-1", "B-2", "B-3"]
        assert uow.boxes.count_at("L-3") == 2 and uow.boxes.count_at("L-1") == 0
        assert [box.code for box in uow.boxes.list(after_code="B-1", limit=1)] == ["B-2"]


def test_a_taken_code_or_path_is_a_conflict(room):
    for duplicate in (Box("B-1", None), location("L-1", "B库房"), location("L-9", "A库房/1列")):
        with room.unit_of_work() as uow, pytest.raises(Conflict):
            {Location: uow.locations, Box: uow.boxes}[type(duplicate)].add(duplicate)
            uow.commit()


def test_a_volume_round_trips_with_its_items_and_the_filing_index_follows_them(room):
    stored = volume("V-1", docs=["D1", "D2"])
    commit(room, stored)
    with room.unit_of_work() as uow:
        assert uow.volumes.get("V-1") == stored
        assert uow.volumes.filed_in(["D1", "D2", "D3"]) == {"D1": "V-1", "D2": "V-1"}
        changed = uow.volumes.get("V-1")
        changed.unfile("D1")
        changed.file("D3", page_count=1)
        uow.volumes.update(changed)
        assert uow.volumes.filed_in(["D1", "D3"]) == {"D3": "V-1"}  # its own uncommitted change
        uow.commit()
    with room.unit_of_work(readonly=True) as uow:
        assert uow.volumes.filed_in(["D1", "D2", "D3"]) == {"D2": "V-1", "D3": "V-1"}
        assert [i.document_id for i in uow.volumes.get("V-1").items] == ["D2", "D3"]


def test_a_record_cannot_be_filed_in_two_volumes(room):
    commit(room, volume("V-1", docs=["D1"]))
    with room.unit_of_work() as uow, pytest.raises(Conflict):
        uow.volumes.add(volume("V-2", docs=["D1"]))
        uow.commit()


def test_volumes_are_listed_by_box_and_by_customer(room):
    commit(room, volume("V-1", "B-1"), volume("V-2", "B-2", customer_no="KH-2"), volume("V-3", "B-1"))
    with room.unit_of_work(readonly=True) as uow:
        assert [v.archive_no for v in uow.volumes.in_boxes(["B-1"])] == ["V-1", "V-3"]
        assert uow.volumes.boxes_of_volumes_in(["B-1", "B-2"]) == {"V-1": "B-1", "V-2": "B-2", "V-3": "B-1"}
        assert [v.archive_no for v in uow.volumes.list(customer_no="KH-1")] == ["V-1", "V-3"]
        assert [v.archive_no for v in uow.volumes.list(after="V-1", limit=1)] == ["V-2"]
        assert set(uow.volumes.find_many(["V-2", "V-9"])) == {"V-2"}


def test_an_update_from_a_stale_read_is_refused(room):
    with room.unit_of_work(readonly=True) as uow:
        first = uow.boxes.get("B-1")
    with room.unit_of_work(readonly=True) as uow:
        second = uow.boxes.get("B-1")
    first.location_code = "L-4"
    with room.unit_of_work() as uow:
        uow.boxes.update(first)
        uow.commit()
    second.location_code = "L-2"
    with room.unit_of_work() as uow, pytest.raises(StaleVersion):
        uow.boxes.update(second)
        uow.commit()
    with room.unit_of_work(readonly=True) as uow:
        assert uow.boxes.get("B-1").location_code == "L-4"


def test_uncommitted_paper_work_is_rolled_back(room):
    with room.unit_of_work() as uow:
        uow.boxes.add(Box("B-9", "L-1"))
        uow.volumes.add(volume("V-9", docs=["D9"]))
        uow.paper_history.record([Move(subject("box", "B-9"), T0, "local", {"location_code": "L-1"})])
    with room.unit_of_work(readonly=True) as uow:
        assert uow.boxes.find("B-9") is None and uow.volumes.filed_in(["D9"]) == {}
        assert uow.paper_history.of(subject("box", "B-9")) == []


def test_history_answers_where_a_subject_was_at_any_time(room):
    moves = [Move(subject("volume", "V-1"), T0 + timedelta(days=day), "local", {"location_code": f"L-{day}"})
             for day in (1, 3, 5)]
    with room.unit_of_work() as uow:
        uow.paper_history.record(moves[:2])
        uow.commit()
    with room.unit_of_work() as uow:
        uow.paper_history.record(moves[2:] + [Move(subject("volume", "V-10"), T0, "local", {})])
        uow.commit()
    with room.unit_of_work(readonly=True) as uow:
        history = uow.paper_history
        assert history.at(subject("volume", "V-1"), T0) is None
        assert history.at(subject("volume", "V-1"), T0 + timedelta(days=4)).to == {"location_code": "L-3"}
        assert history.at(subject("volume", "V-1"), T0 + timedelta(days=9)) == moves[2]
        assert [m.to["location_code"] for m in history.of(subject("volume", "V-1"))] == ["L-5", "L-3", "L-1"]


def test_entries_at_one_clock_reading_keep_their_order(room):
    moves = [Move(subject("document", "D1"), T0, "local", {"item": n}) for n in range(1, 4)]
    for move in moves:
        with room.unit_of_work() as uow:
            uow.paper_history.record([move])
            uow.commit()
    with room.unit_of_work(readonly=True) as uow:
        assert uow.paper_history.at(subject("document", "D1"), T0).to == {"item": 3}


def test_a_reader_sees_what_was_committed_after_an_earlier_reader_closed(room):
    with room.unit_of_work(readonly=True) as uow:
        assert uow.boxes.find("B-7") is None
    commit(room, Box("B-7", "L-1", T0))
    with room.unit_of_work(readonly=True) as uow:
        assert uow.boxes.find("B-7") == Box("B-7", "L-1", T0)


def test_a_volume_on_loan_reads_back_with_its_mark_and_without_it_once_returned(room):
    from datetime import timedelta

    from docarchive.domain.paper.model import LoanMark

    commit(room, volume("V-1"))
    mark = LoanMark("L1", "li", T0, T0 + timedelta(hours=4))
    for set_to in (mark, None):
        with room.unit_of_work() as uow:
            lent = uow.volumes.get("V-1")
            lent.on_loan = set_to
            uow.volumes.update(lent)
            uow.commit()
        with room.unit_of_work(readonly=True) as uow:
            assert uow.volumes.get("V-1").on_loan == set_to
