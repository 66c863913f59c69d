"""Property tests of what reads outside input: ID numbers and social credit codes (their check characters),
field extraction, archive numbers and scanned codes, file-type detection and page counting, and spreadsheet
import. Whatever comes in, the only errors are docarchive's own (a reason for the user), never a crash.
The query parser has its own (test_query_parser_properties.py)."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from docarchive.domain import idnumber, uscc
from docarchive.domain.documents import DocType
from docarchive.domain.errors import DocarchiveError, UnsupportedFile
from docarchive.domain.extraction import extract_fields
from docarchive.domain.paper.codes import ArchiveNoRule, CodeKind, MalformedCode, Retention, check_code, parse_code
from docarchive.ingest.formats import Limits, count_pages, sniff_media_type

QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=1)
# Text as OCR and users make it: Chinese, digits, full-width forms, separators, control characters, emoji.
HOSTILE_TEXT = st.lists(st.one_of(st.sampled_from(["身份证", "公民身份号码", "客户编号：", "统一社会信用代码", "：",
                                                   ":", "\n", "\u3000", "Ｘ", "X", "合同编号", "金额", "￥", "年", "月",
                                                   "日", "\x00", "\u202e", "🀄", "ℌ"]),
                                  st.text(max_size=6), st.from_regex(r"\d{6,18}", fullmatch=True)),
                        max_size=120).map("".join)


@st.composite
def id_numbers(draw) -> str:
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
    first17 = draw(st.from_regex(r"[0-9]{6}", fullmatch=True)) + born.strftime("%Y%m%d") + \
        draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    return first17 + idnumber.check_char(first17)


@QUICK
@given(id_numbers(), st.integers(0, 16), st.integers(1, 9))
def test_an_id_number_with_its_check_character_is_valid_and_any_one_digit_changed_is_not(number, at, delta):
    assert idnumber.is_valid(number) and idnumber.is_valid(" ".join([number[:6], number[6:]]).lower())
    changed = number[:at] + str((int(number[at]) + delta) % 10) + number[at + 1:]
    assert not idnumber.is_valid(changed)  # MOD 11-2 catches every single substitution


@st.composite
def credit_codes(draw) -> str:
    letters = st.sampled_from(uscc.ALPHABET)
    first17 = "".join(draw(letters) for _ in range(2)) + draw(st.from_regex(r"[0-9]{6}", fullmatch=True)) + \
        "".join(draw(letters) for _ in range(9))
    return first17 + uscc.check_char(first17)


@QUICK
@given(credit_codes(), st.integers(0, 16), st.integers(1, 30))
def test_a_credit_code_with_its_check_character_is_valid_and_any_one_character_changed_is_not(code, at, delta):
    assert uscc.problem(code) is None and uscc.problem(code.lower()) is None
    alphabet = uscc.ALPHABET if at < 2 or at >= 8 else "0123456789"
    replaced = alphabet[(alphabet.index(code[at]) + delta) % len(alphabet)]
    assume(replaced != code[at])
    assert uscc.problem(code[:at] + replaced + code[at + 1:]) is not None  # MOD 31: every substitution


@QUICK
@given(HOSTILE_TEXT)
def test_any_text_is_an_id_number_a_credit_code_or_a_reason(text):
    parsed = idnumber.parse(text)
    assert parsed.valid in (True, False)
    reason = uscc.problem(text)
    assert reason is None or (reason and "\n" not in reason)


@QUICK
@given(st.sampled_from(list(DocType)), HOSTILE_TEXT)
def test_field_extraction_reads_any_text_without_failing(doc_type, text):
    extraction = extract_fields(doc_type, text)
    assert isinstance(extraction.fields, dict)


@QUICK
@given(id_numbers())
def test_an_id_card_s_number_is_read_back_whatever_ocr_spaces_it_with(number):
    text = f"姓名 张三\n公民身份号码 {number[:6]} {number[6:14]} {number[14:]}"
    assert extract_fields(DocType.ID_CARD, text).fields.get("id_number") == number


RULE = ArchiveNoRule()


@QUICK
@given(st.integers(1900, 2100), st.sampled_from(list(Retention)), st.integers(1, 999_999_999))
def test_every_archive_number_the_rule_makes_is_recognised_as_a_volume(year, retention, seq):
    number = RULE.format(year=year, retention=retention, seq=seq)
    assert parse_code(number, RULE).kind == CodeKind.VOLUME
    assert check_code(f"  {number} ", CodeKind.VOLUME, RULE) == number


@QUICK
@given(st.one_of(HOSTILE_TEXT, st.text(max_size=300), st.from_regex(r"[BL]-[0-9A-Z\-]{0,44}", fullmatch=True)))
def test_any_scanned_text_is_a_code_or_a_malformed_code(text):
    try:
        code = parse_code(text, RULE)
    except MalformedCode as refused:
        assert "\n" not in str(refused) and len(str(refused)) < 400
    else:
        assert code.value == text.strip()


MAGICS = [b"%PDF-1.7\n", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*", b"BM", b"RIFF\x00\x00\x00\x00WEBP",
          b"PK\x03\x04", b"GIF89a", b""]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(MAGICS), st.binary(max_size=2048))
def test_any_bytes_are_a_known_format_with_its_pages_or_unsupported(magic, rest):
    data = magic + rest
    try:
        media_type = sniff_media_type(data)
        pages = count_pages(data, media_type, Limits(max_pages=50))
    except UnsupportedFile as refused:
        assert str(refused) and "\n" not in str(refused).strip()
    else:
        assert 1 <= pages <= 50


@pytest.fixture(scope="module")
def workbook_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["客户编号", "客户名称", "证件号码"])
    sheet.append(["KH-2024-00001", "恒通商贸有限公司", "91350100M000100Y43"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_damaged_workbook_is_read_or_refused_with_a_reason(workbook_bytes, tmp_path, data):
    from docarchive.adapters.spreadsheets import read_xlsx

    damaged = bytearray(workbook_bytes)
    for _ in range(data.draw(st.integers(1, 8))):
        damaged[data.draw(st.integers(0, len(damaged) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(damaged) // 2, len(damaged)))
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(bytes(damaged[:cut]))
    try:
        with read_xlsx(path) as rows:
            list(rows)
    except DocarchiveError as refused:
        assert str(refused)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.sampled_from(["xl/workbook.xml", "xl/worksheets/sheet1.xml", "[Content_Types].xml",
                                       "../../etc/passwd", "xl/sharedStrings.xml"]), max_size=5),
       body=st.binary(max_size=512))
def test_a_zip_posing_as_a_workbook_is_refused_with_a_reason(tmp_path, names, body):
    from docarchive.adapters.spreadsheets import read_xlsx

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in dict.fromkeys(names):
            archive.writestr(name, body)
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(out.getvalue())
    try:
        with read_xlsx(path) as rows:
            list(rows)
    except DocarchiveError as refused:
        assert str(refused)
