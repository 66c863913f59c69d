"""The paper archive's pure rules: the code grammar, archive numbers, location paths, items and pages."""

from __future__ import annotations

import pytest

from docarchive.domain.errors import Conflict, InvalidInput
from docarchive.domain.paper.codes import ArchiveNoRule, CodeKind, MalformedCode, check_code, parse_code
from docarchive.domain.paper.model import (
    LocationKind, Retention, Volume, display_path, location_kind, split_location_path,
)

RULE = ArchiveNoRule()


def test_the_default_archive_number_follows_da_t_13():
    assert RULE.format(year=2026, retention=Retention.YEARS_30, seq=12) == "Z001-KH·2026-D30-DAS-0012"


def test_configured_codes_and_templates_make_their_own_numbers_and_sequences():
    rule = ArchiveNoRule("{fonds}-{year}-{seq:05d}", fonds="J042")
    assert rule.format(year=2025, retention=Retention.PERMANENT, seq=3) == "J042-2025-00003"
    assert rule.sequence_name(year=2025, retention=Retention.PERMANENT) != rule.sequence_name(
        year=2026, retention=Retention.PERMANENT)
    assert parse_code("J042-2025-00003", rule).kind == CodeKind.VOLUME


@pytest.mark.parametrize("template", ["{fonds}-{year}", "{fonds}-{nope}-{seq}"])
def test_a_template_without_a_sequence_or_with_unknown_fields_is_refused(template):
    with pytest.raises(InvalidInput):
        ArchiveNoRule(template)


def test_codes_of_every_kind_are_recognised():
    assert parse_code("Z001-KH·2026-Y-DAS-0001", RULE).kind == CodeKind.VOLUME
    assert parse_code(" B-0012 ", RULE) .value == "B-0012"
    assert parse_code("L-000012", RULE).kind == CodeKind.LOCATION
    assert parse_code("01ARZ3NDEKTSV4RRFFQ69G5FAV", RULE).kind == CodeKind.RECORD


@pytest.mark.parametrize("text", ["", "hello", "B-", "b-0012", "Z001-KH·2026-X-DAS-0001", "L-1\x00", "x" * 200,
                                  "01ARZ3NDEKTSV4RRFFQ69G5FAU"])  # U is not in a ULID
def test_malformed_codes_are_rejected_not_guessed(text):
    with pytest.raises(MalformedCode) as raised:
        parse_code(text, RULE)
    assert raised.value.status_code == 400


def test_a_code_of_the_wrong_kind_is_refused_where_one_kind_is_expected():
    with pytest.raises(MalformedCode, match="box"):
        check_code("L-000001", CodeKind.BOX)


def test_location_paths_split_into_named_kinds_and_read_as_people_write_them():
    names = split_location_path("A库房/03密集架/2列/4节/3层/")
    assert [location_kind(name) for name in names] == [LocationKind.ROOM, LocationKind.UNIT, LocationKind.COLUMN,
                                                       LocationKind.SECTION, LocationKind.SHELF]
    assert display_path(names, [location_kind(n) for n in names]) == "A库房 / 03密集架 2列4节3层"


@pytest.mark.parametrize("path", ["", "A库房//3层", "/", "A" * 40])
def test_bad_location_paths_are_refused(path):
    with pytest.raises(InvalidInput):
        split_location_path(path)


def _volume() -> Volume:
    return Volume(archive_no="Z001-KH·2026-Y-DAS-0001", customer_no="KH-1", box_code="B-1")


def test_pages_run_on_through_the_volume_and_an_inserted_item_pushes_the_rest_on():
    volume = _volume()
    volume.file("a", page_count=3)
    volume.file("b", page_count=2)
    volume.file("c", page_count=4, n=2)
    assert [(i.document_id, i.n, i.first_page, i.last_page) for i in volume.items] == [
        ("a", 1, 1, 3), ("c", 2, 4, 7), ("b", 3, 8, 9)]
    assert volume.catalogue_version == 3 and not volume.catalogue_printed


def test_taking_an_item_out_closes_the_gap():
    volume = _volume()
    for doc in "abc":
        volume.file(doc, page_count=2)
    volume.unfile("b")
    assert [(i.document_id, i.n, i.first_page) for i in volume.items] == [("a", 1, 1), ("c", 2, 3)]


def test_overlapping_pages_a_second_filing_and_impossible_items_are_refused():
    volume = _volume()
    volume.file("a", page_count=1, pages=(1, 5))
    with pytest.raises(Conflict):
        volume.file("b", page_count=1, pages=(5, 6))
    with pytest.raises(Conflict):
        volume.file("a", page_count=1)
    with pytest.raises(InvalidInput):
        volume.file("c", page_count=1, n=5)
    assert [i.document_id for i in volume.items] == ["a"]
