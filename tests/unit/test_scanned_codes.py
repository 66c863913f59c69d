"""Which codes found on scanned pages file a record, which are reported, which are ignored (pure rules)."""

from __future__ import annotations

from docarchive.domain.paper.codes import ArchiveNoRule
from docarchive.domain.paper.model import Retention
from docarchive.domain.paper.scanned import PageCode, choose_volume, looks_like_ours

RULE = ArchiveNoRule()
VOLUME = RULE.format(year=2026, retention=Retention.YEARS_30, seq=12)
OTHER = RULE.format(year=2026, retention=Retention.YEARS_30, seq=13)


def codes(*texts: str, page: int = 1) -> list[PageCode]:
    return [PageCode(page, "QRCode", text) for text in texts]


def test_one_volume_code_files_the_record_there_and_says_nothing():
    verdict = choose_volume(codes(VOLUME), RULE)
    assert verdict.archive_no == VOLUME and verdict.found_on == 1 and verdict.warnings == []


def test_the_same_volume_on_a_label_and_its_bars_or_on_several_pages_is_one_volume():
    verdict = choose_volume([*codes(VOLUME), PageCode(1, "Code128", VOLUME), *codes(VOLUME, page=3)], RULE)
    assert verdict.archive_no == VOLUME and verdict.warnings == []


def test_unrelated_codes_are_ignored_without_a_word():
    verdict = choose_volume(codes("https://weixin.qq.com/r/abc", "6901234567892", "WIFI:S:office;P:123;;"), RULE)
    assert verdict.archive_no is None and verdict.warnings == []


def test_unrelated_codes_beside_our_volume_code_do_not_stop_the_filing():
    verdict = choose_volume(codes("https://example.com/track?id=1", VOLUME), RULE)
    assert verdict.archive_no == VOLUME and verdict.warnings == []


def test_a_code_that_looks_like_ours_but_does_not_parse_is_reported_and_never_corrected():
    damaged = VOLUME.replace("D30", "D3O")
    verdict = choose_volume(codes(damaged, page=2), RULE)
    assert verdict.archive_no is None
    assert verdict.warnings == [f"page 2: code {damaged!r} looks like an archive code but is not well-formed; "
                                "not filed by it"]


def test_a_malformed_code_beside_a_good_one_is_reported_and_the_good_one_still_files():
    verdict = choose_volume(codes("B-00x2", VOLUME), RULE)
    assert verdict.archive_no == VOLUME and len(verdict.warnings) == 1


def test_codes_of_two_volumes_file_nowhere():
    verdict = choose_volume([*codes(VOLUME), *codes(OTHER, page=2)], RULE)
    assert verdict.archive_no is None
    assert VOLUME in verdict.warnings[0] and OTHER in verdict.warnings[0] and "several volumes" in verdict.warnings[0]


def test_a_box_or_location_code_is_reported_not_filed_and_a_record_id_is_ignored():
    verdict = choose_volume(codes("B-0012", "L-000003", "01HZX3K8Q9R7T6V5W4X3Y2Z1AB"), RULE)
    assert verdict.archive_no is None
    assert [w.split(":")[1].split(" found")[0].strip() for w in verdict.warnings] == [
        "box code B-0012", "location code L-000003"]


def test_what_looks_like_ours():
    assert looks_like_ours("b-12x", RULE) and looks_like_ours("L-", RULE)
    assert looks_like_ours(f"{RULE.fonds}-whatever", RULE)
    assert looks_like_ours(f"档号:{VOLUME}", RULE)  # an archive number inside other text
    assert not looks_like_ours("https://example.com", RULE) and not looks_like_ours("6901234567892", RULE)
