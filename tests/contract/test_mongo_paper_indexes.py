"""Every query the MongoDB paper-archive repositories make has an index that fits it."""

from __future__ import annotations

import pytest

from docarchive.domain.paper.model import Box, Move, subject
from tests.contract.test_mongo_record_store import assert_an_index_fits_every_query, sent, store  # noqa: F401
from tests.contract.test_paper_store import T0, location, volume

pytest.importorskip("pymongo")


def run_every_paper_query(store) -> None:
    with store.unit_of_work() as uow:
        uow.locations.add(location("L-1", "A库房"))
        uow.boxes.add(Box("B-1", "L-1"))
        uow.volumes.add(volume("V-1", docs=["D1"]))
        uow.paper_history.record([Move(subject("box", "B-1"), T0, "local", {})])
        uow.commit()
    with store.unit_of_work() as uow:
        uow.locations.get("L-1"), uow.locations.find_by_path("A库房"), uow.locations.subtree("A库房")
        uow.locations.list(), uow.locations.find_many(["L-1"]), uow.locations.children(uow.locations.get("L-1"))
        uow.boxes.get("B-1"), uow.boxes.at_locations(["L-1"]), uow.boxes.count_at("L-1"), uow.boxes.list()
        uow.volumes.get("V-1"), uow.volumes.in_boxes(["B-1"]), uow.volumes.list(), uow.volumes.list(customer_no="KH-1")
        uow.volumes.filed_in(["D1"]), uow.volumes.find_many(["V-1"]), uow.volumes.boxes_of_volumes_in(["B-1"])
        uow.paper_history.of(subject("box", "B-1")), uow.paper_history.at(subject("box", "B-1"), T0)
        changed = uow.volumes.get("V-1")
        changed.file("D2", page_count=1)
        uow.volumes.update(changed)
        uow.commit()


def test_every_paper_query_has_an_index_that_fits_it(store, sent):  # noqa: F811
    run_every_paper_query(store)
    assert_an_index_fits_every_query(store, sent, at_least=15)
