"""The judged linking folder says what is on its pages: the pipeline's readers find exactly that.

Pages are read as ingest reads them (text layer, classifier, field readers), so a truth the
extractor cannot see — and a linker could not act on — fails here, not in the benchmark.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from docarchive.domain.classify import classify_document
from docarchive.domain.extraction import extract_fields
from docarchive.ingest.formats import Limits, iter_pages
from docarchive.samples.linking_folder import OWN_NAMES, WEIGHTS, LinkingFolder, write_linking_folder


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> LinkingFolder:
    return write_linking_folder(tmp_path_factory.mktemp("linking"), records=60, images=0, seed=5)


def page_text(path) -> str:
    pages = list(iter_pages(path.read_bytes(), "application/pdf", Limits()))
    assert all(p.text is not None for p in pages), f"{path.name} has no text layer"
    return "\n".join(p.text for p in pages)


def number_key(customer_no: str) -> str:
    """KH-2018-00123, KH 2018 00123 and KH201800123 are one number to a person reading the page."""
    return re.sub(r"[^0-9A-Z]", "", customer_no.upper())


def test_the_folder_holds_the_records_asked_for_with_every_kind_and_no_sidecars(folder):
    kinds = Counter(t.kind for t in folder.truth)
    assert len(folder.truth) == 60 and sorted(p.name for p in folder.folder.iterdir()) == sorted(
        t.filename for t in folder.truth)
    assert set(WEIGHTS) <= set(kinds) and kinds["card"] == 10


def test_every_record_either_has_a_customer_or_a_reason_to_stay_unassigned(folder):
    for truth in folder.truth:
        assert (truth.customer_no is None) == bool(truth.reasons), truth
        if "customer_not_on_file" in truth.reasons:
            assert truth.not_on_file and truth.not_on_file not in {t.customer_no for t in folder.truth}


def test_some_cards_come_after_papers_of_their_customer(folder):
    position = {t.filename: n for n, t in enumerate(folder.truth)}
    late = [t for t in folder.truth if t.kind == "card" and any(
        o.customer_no == t.customer_no and position[o.filename] < position[t.filename]
        for o in folder.truth if o.kind != "card")]
    assert late


def test_each_page_is_classified_as_the_kind_of_paper_it_is(folder):
    for truth in folder.truth:
        assert classify_document(page_text(folder.folder / truth.filename)) == truth.doc_type, truth.filename


def test_the_customer_number_on_each_page_is_read_as_printed_up_to_blanks_and_full_width(folder):
    for truth in folder.truth:
        if "customer_no" not in truth.printed:
            continue
        text = page_text(folder.folder / truth.filename)
        doc_type = truth.doc_type if truth.doc_type != "contract" else "other"  # the contract reader has no number
        read = extract_fields(doc_type, text).fields.get("customer_no")
        assert read and number_key(read) == number_key(truth.printed["customer_no"]), (truth.filename, read)


def test_the_contract_reader_reads_the_customer_number_its_page_states(folder):
    contracts = [t for t in folder.truth if t.doc_type == "contract" and "customer_no" in t.printed]
    for truth in contracts:
        read = extract_fields("contract", page_text(folder.folder / truth.filename)).fields.get("customer_no")
        assert read == truth.printed["customer_no"], truth.filename


def test_id_numbers_and_contract_parties_are_read_as_printed(folder):
    for truth in folder.truth:
        fields = extract_fields(truth.doc_type, page_text(folder.folder / truth.filename)).fields
        if truth.doc_type == "other" and "id_number" not in truth.printed:
            continue
        for key in ("id_number", "party_a", "party_b", "name"):
            if key in truth.printed:
                assert fields.get(key) == truth.printed[key], (truth.filename, key, fields)


def test_name_only_contracts_name_one_customer_on_file_and_one_of_our_own_names(folder):
    names = {t.printed["name"] for t in folder.truth if t.kind == "card"}
    for truth in folder.truth:
        if truth.kind.startswith("name_only"):
            parties = {truth.printed["party_a"], truth.printed["party_b"]}
            assert len(parties & set(OWN_NAMES)) == 1 and len(parties & names) == 1


def test_without_our_own_names_a_party_name_is_only_a_suggestion(folder):
    by_name = next(t for t in folder.truth if t.kind == "name_only")
    assert by_name.expected(own_names=True) == (by_name.customer_no, ())
    assert by_name.expected(own_names=False) == (None, ("name_suggestion",))


def test_the_same_seed_writes_the_same_folder(tmp_path, folder):
    again = write_linking_folder(tmp_path, records=60, images=0, seed=5)
    assert [(t.filename, t.kind, t.customer_no) for t in again.truth] == [
        (t.filename, t.kind, t.customer_no) for t in folder.truth]


def test_truth_survives_a_round_trip_through_its_file(tmp_path, folder):
    folder.save(tmp_path / "truth.json")
    assert LinkingFolder.load(tmp_path / "truth.json").truth == folder.truth
