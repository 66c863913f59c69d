"""docarchive.samples: generated papers must be reproducible, valid where claimed, and readable."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from docarchive.domain import idnumber
from docarchive.domain.documents import DocType
from docarchive.samples import (
    SampleData, amount_in_words, degrade, format_amount, render_pages, render_text_page, rotate_quarter,
    write_customer_bundle, write_samples,
)
from docarchive.samples.degrade import plan
from docarchive.samples.render import FONT_FILES, archive_card, contract_doc, id_card_copy, payment_doc
from docarchive.samples.writer import customer_docs

FIELD_KEYS = {
    "archive_card": {"customer_no", "name", "legal_rep", "id_number", "phone", "address", "industry", "grade",
                     "registered_capital", "created_date", "id_number_valid"},
    "id_card": {"name", "sex", "ethnicity", "birth_date", "address", "id_number", "id_number_valid"},
    "contract": {"contract_no", "party_a", "party_b", "amount", "sign_date"},
    "other": set(),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    outdir = tmp_path_factory.mktemp("samples")
    return outdir, write_samples(outdir, count=12, seed=3, level="light", dpi=150)


def _flat(text: str) -> str:
    return "".join(text.split())


# --- amounts -------------------------------------------------------------------------------
@pytest.mark.parametrize(("amount", "words"), [
    (125000, "壹拾贰万伍仟元整"),
    (100500, "壹拾万零伍佰元整"),
    (5000000, "伍佰万元整"),
    (10, "壹拾元整"),
    (15, "壹拾伍元整"),
    (101, "壹佰零壹元整"),
    (1010, "壹仟零壹拾元整"),
    (1001, "壹仟零壹元整"),
    (20000, "贰万元整"),
    (1000500, "壹佰万零伍佰元整"),
    (10000001, "壹仟万零壹元整"),
    (100000000, "壹亿元整"),
    (100010000, "壹亿零壹万元整"),
    (86350.5, "捌万陆仟叁佰伍拾元伍角整"),
    (1234.56, "壹仟贰佰叁拾肆元伍角陆分"),
    (100.05, "壹佰元零伍分"),
    (0.5, "伍角整"),
    (0, "零元整"),
])
def test_amount_in_words_follows_the_financial_capital_rules(amount: float, words: str) -> None:
    assert amount_in_words(amount) == words


def test_format_amount_groups_thousands_with_two_decimals() -> None:
    assert format_amount(125000) == "125,000.00"
    assert format_amount(86350.5) == "86,350.50"


# --- fake data -----------------------------------------------------------------------------
def test_same_seed_gives_the_same_customer_and_another_seed_does_not() -> None:
    assert SampleData(7).customer() == SampleData(7).customer()
    assert SampleData(7).customer() != SampleData(8).customer()


def test_generated_id_numbers_are_valid_and_agree_with_birth_date_and_sex() -> None:
    data = SampleData(11)
    for _ in range(200):
        person = data.person()
        parsed = idnumber.parse(person.id_number)
        assert parsed.valid and person.id_valid
        assert parsed.birth_date == person.birth_date
        assert parsed.sex == person.sex


def test_a_deliberately_invalid_id_number_fails_the_checksum_only() -> None:
    person = SampleData(12).person(invalid_id=True)
    assert not person.id_valid
    assert not idnumber.is_valid(person.id_number)
    assert idnumber.parse(person.id_number[:17] + idnumber.check_char(person.id_number[:17])).valid


def test_customer_values_have_the_documented_shapes() -> None:
    data = SampleData(13)
    for _ in range(50):
        customer = data.customer()
        assert re.fullmatch(r"KH-\d{4}-\d{5}", customer.customer_no)
        assert customer.customer_no[3:7] == str(customer.created_date.year)
        assert re.fullmatch(r"0\d{2,3}-[2-8]\d{7}|1[3-9]\d{9}", customer.phone)
        assert re.fullmatch(r"1[3-9]\d{9}", customer.mobile)
        assert customer.name.endswith("有限公司")
        assert customer.name.startswith(customer.region.city.removesuffix("市"))
        assert customer.grade in "ABCDE"
        assert customer.registered_capital % 10_000 == 0
        assert re.fullmatch(r"HT-\d{4}-\d{4}", data.contract(customer).contract_no)


def test_customer_numbers_and_names_do_not_repeat_within_one_archive() -> None:
    data = SampleData(14)
    customers = [data.customer() for _ in range(300)]
    assert len({c.customer_no for c in customers}) == len({c.name for c in customers}) == 300


# --- rendering -----------------------------------------------------------------------------
def test_pages_are_a4_at_the_requested_dpi() -> None:
    assert render_text_page(["测试页 第一行"]).size == (1654, 2339)
    assert render_text_page(["测试页 第一行"], dpi=100).size == (827, 1169)


def test_every_character_we_print_has_a_glyph_in_every_font() -> None:
    """A missing glyph draws the same .notdef box as a private-use code point: tofu."""
    data = SampleData(15)
    customer = data.customer()
    docs = customer_docs(data, customer, 1) + [payment_doc(data.payment(customer))]
    docs += [archive_card(customer, title=title) for title in ("客户档案卡", "客户资料表", "客户登记表")]
    chars = {c for doc in docs for page in doc.texts for c in page if not c.isspace()}
    for files in FONT_FILES.values():
        for path, index in set(files.values()):
            font = ImageFont.truetype(str(path), 32, index=index)
            tofu = _glyph(font, "\U000f0000")
            missing = {c for c in chars if _glyph(font, c) == tofu}
            assert not missing, f"{path.name} lacks {sorted(missing)}"


def _glyph(font: ImageFont.FreeTypeFont, char: str) -> bytes:
    image = Image.new("L", (48, 48), 0)
    ImageDraw.Draw(image).text((8, 4), char, font=font, fill=255)
    return image.tobytes()


def test_the_id_card_address_wraps_and_rejoins_to_the_field() -> None:
    doc = id_card_copy(SampleData(16).person())
    lines = doc.texts[0].split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("住址"))
    rejoined = lines[start].removeprefix("住址").strip() + lines[start + 1]
    assert rejoined == doc.fields["address"]


def test_a_contract_states_its_amount_in_figures_and_capitals() -> None:
    data = SampleData(17)
    doc = contract_doc(data.contract(data.customer()))
    amount = doc.fields["amount"]
    assert f"合同金额：人民币 {format_amount(amount)} 元（大写：{amount_in_words(amount)}）" in doc.texts[0]
    assert len(doc.pages) == 2


def test_rendered_pages_carry_ink() -> None:
    data = SampleData(18)
    page = render_pages(archive_card(data.customer()), dpi=100)[0]
    assert page.mode == "L" and page.getextrema() == (0, 255)


# --- degradation ---------------------------------------------------------------------------
def test_degrade_is_deterministic_per_seed_and_clean_is_untouched() -> None:
    page = render_text_page(["客户编号：KH-2019-00042"], dpi=100)
    assert degrade(page, "clean", 1) is page
    first, again = degrade(page, "heavy", 1), degrade(page, "heavy", 1)
    assert ImageChops.difference(first, again).getbbox() is None
    assert ImageChops.difference(first, degrade(page, "heavy", 2)).getbbox() is not None
    assert first.size == page.size and first.mode == page.mode


def test_degrade_levels_skew_within_their_ranges() -> None:
    for seed in range(50):
        assert abs(plan("light", seed).angle) <= 1.0
        assert 2.0 <= abs(plan("heavy", seed).angle) <= 4.0
    with pytest.raises(ValueError):
        plan("medium", 0)


def test_rotate_quarter_turns_the_page_and_four_turns_restore_it() -> None:
    page = render_text_page(["第一行"], dpi=50)
    assert rotate_quarter(page, 1).size == (page.height, page.width)
    # Clockwise: the top-left corner moves to the top-right.
    marked = page.copy()
    marked.paste(0, (0, 0, 10, 10))
    assert rotate_quarter(marked, 1).getpixel((marked.height - 5, 5)) == 0
    restored = marked
    for _ in range(4):
        restored = rotate_quarter(restored, 1)
    assert ImageChops.difference(restored, marked).getbbox() is None


# --- written folders -------------------------------------------------------------------------
def test_a_folder_mixes_every_format_and_document_type(folder: tuple[Path, list]) -> None:
    _, files = folder
    assert len(files) == 12
    assert {f.truth["format"] for f in files} == {"pdf_scan", "pdf_text", "tiff", "jpeg", "png", "bmp", "webp"}
    assert {f.truth["doc_type"] for f in files} == {t.value for t in DocType}


def test_every_written_file_opens_with_its_page_count(folder: tuple[Path, list]) -> None:
    _, files = folder
    for sample in files:
        pages = len(sample.truth["pages"])
        if sample.path.suffix == ".pdf":
            assert len(pypdfium2.PdfDocument(sample.path)) == pages
        else:
            with Image.open(sample.path) as image:
                assert getattr(image, "n_frames", 1) == pages
                image.load()


def test_the_born_digital_pdf_has_a_text_layer_holding_the_card_text(folder: tuple[Path, list]) -> None:
    _, files = folder
    card = next(f for f in files if f.truth["format"] == "pdf_text" and f.truth["doc_type"] == "archive_card")
    pdf = pypdfium2.PdfDocument(card.path)
    extracted = _flat(pdf[0].get_textpage().get_text_range())
    assert _flat(card.truth["pages"][0]) == extracted
    assert card.truth["fields"]["customer_no"] in extracted


def test_truth_sidecars_are_well_formed(folder: tuple[Path, list]) -> None:
    outdir, files = folder
    assert len(list(outdir.glob("*.truth.json"))) == len(files)
    for sample in files:
        truth = json.loads(sample.truth_path.read_text(encoding="utf-8"))
        assert truth == sample.truth
        assert set(truth["fields"]) <= FIELD_KEYS[truth["doc_type"]]
        assert all(isinstance(page, str) and page for page in truth["pages"])
        assert re.fullmatch(r"KH-\d{4}-\d{5}", truth["customer_no"])
        assert truth["level"] == ("clean" if truth["born_digital"] else "light")
        _check_fields(truth["doc_type"], truth["fields"], "\n".join(truth["pages"]))


def _check_fields(doc_type: str, fields: dict, text: str) -> None:
    for key in ("created_date", "birth_date", "sign_date"):
        if key in fields:
            date.fromisoformat(fields[key])
    if "id_number" in fields:
        assert fields["id_number"] in text and len(fields["id_number"]) == 18
        assert idnumber.is_valid(fields["id_number"]) == fields.get("id_number_valid", True)
    if doc_type == "archive_card":
        assert fields["grade"] in "ABCDE" and f"{fields['grade']}级" in text
        assert f"{fields['registered_capital'] // 10_000}万元" in text
        assert fields["phone"] in text and fields["address"] in text
    if doc_type == "contract":
        assert isinstance(fields["amount"], int) or fields["amount"] != int(fields["amount"])
        assert fields["party_a"] in text and fields["contract_no"] in text


def test_one_id_copy_per_folder_is_deliberately_invalid(folder: tuple[Path, list]) -> None:
    _, files = folder
    ids = [f.truth["fields"] for f in files if f.truth["doc_type"] == "id_card"]
    assert [f.get("id_number_valid", True) for f in ids] == [True, True, False]


def test_same_seed_writes_byte_identical_folders(tmp_path: Path) -> None:
    first = write_samples(tmp_path / "a", count=4, seed=9, level="heavy", dpi=72)
    second = write_samples(tmp_path / "b", count=4, seed=9, level="heavy", dpi=72)
    for one, two in zip(first, second):
        assert one.path.read_bytes() == two.path.read_bytes()
        assert one.truth == two.truth


def test_a_customer_bundle_shares_number_and_name_across_papers(tmp_path: Path) -> None:
    card, id_copy, contract = (f.truth for f in write_customer_bundle(tmp_path, seed=4, level="clean", dpi=72))
    assert [card["doc_type"], id_copy["doc_type"], contract["doc_type"]] == ["archive_card", "id_card", "contract"]
    assert card["customer_no"] == id_copy["customer_no"] == contract["customer_no"]
    assert contract["fields"]["party_a"] == card["fields"]["name"]
    assert id_copy["fields"]["name"] == card["fields"]["legal_rep"]
    assert id_copy["fields"]["id_number"] == card["fields"]["id_number"]
