"""Pages of a linking folder: contracts and papers that print a customer number, ID number or party.

The base layouts (card, contract, complaint, payment, ID copy) are the ordinary samples; these
add what linking reads — a 客户编号 in the contract head, parties written role-first, a visit
record (回访记录) carrying an ID number — and spell numbers as real papers do (full-width, spaced).
"""

from __future__ import annotations

import dataclasses
import random
from datetime import timedelta

from docarchive.samples import render
from docarchive.samples._grid import Cell, GridRow, cells, grid
from docarchive.samples._layout import MARGIN, PAGE_W, SEP, Flow, Piece, SampleDoc, Text
from docarchive.samples.people import Contract, Customer, SampleData, cn_date

RIGHT = PAGE_W - MARGIN
_FULL_WIDTH = {c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"}
# How a party row is labelled: (甲方 label, 乙方 label), "{role}" taking the contract kind's role.
PARTY_STYLES = {
    "plain": ("甲方{role}：", "乙方{role}："),
    "seller_buyer": ("甲方（出卖人）：", "乙方（买受人）："),
    "role_first": ("出卖人（甲方）：", "买受人（乙方）："),
}
VISIT_TOPICS = ("年度服务满意度回访", "设备安装后使用情况回访", "投诉处理结果回访", "合同履约情况回访")


def spell_number(customer_no: str, style: str) -> str:
    """KH-2018-00123 as printed: as is, full-width (ＫＨ－２０１８－００１２３) or with blanks (KH 2018 00123)."""
    if style == "full_width":
        return "".join(_FULL_WIDTH.get(c, c) for c in customer_no)
    if style == "spaced":
        return customer_no.replace("-", " ")
    return customer_no


def numbered_contract(contract: Contract, *, printed_no: str | None, party_style: str = "plain",
                      number_at: str = "head") -> SampleDoc:
    """The ordinary contract, with parties labelled per ``party_style`` and ``printed_no`` as its 客户编号.

    ``number_at`` "head": on the 合同编号 row; "top": a line above the title, as a filing stamp.
    """
    doc = render.contract_doc(contract)
    _relabel_parties(doc, contract, party_style)
    if printed_no is not None:
        (_number_on_head_row if number_at == "head" else _number_above_title)(doc, f"客户编号：{printed_no}")
    doc.fields = {**doc.fields, "customer_no": printed_no} if printed_no else doc.fields
    return doc


def _relabel_parties(doc: SampleDoc, contract: Contract, style: str) -> None:
    label_a, label_b = PARTY_STYLES[style]
    page = doc.pages[0]
    rows = ((f"甲方{contract.role_a}：", label_a.format(role=contract.role_a), contract.party_a),
            (f"乙方{contract.role_b}：", label_b.format(role=contract.role_b), contract.party_b))
    for old, new in ((printed + party, label + party) for printed, label, party in rows):
        page.items = [dataclasses.replace(i, text=new) if isinstance(i, Text) and i.text == old else i
                      for i in page.items]
        page.lines = [new if line == old else line for line in page.lines]


def _number_on_head_row(doc: SampleDoc, text: str) -> None:
    """Left of 合同编号, on its baseline: the page text reads both on one row."""
    page = doc.pages[0]
    head = next(i for i in page.items if isinstance(i, Text) and i.text.startswith("合同编号"))
    page.items.append(Text(MARGIN, head.y, head.size, text))
    page.lines = [SEP.join((text, line)) if line == head.text else line for line in page.lines]


def _number_above_title(doc: SampleDoc, text: str) -> None:
    page = doc.pages[0]
    page.items.append(Text(MARGIN, 40, 10.5, text))
    page.lines.insert(0, text)


def visit_doc(customer: Customer, data: SampleData, *, printed_no: str | None, id_number: str | None,
              seed: int) -> SampleDoc:
    """客户回访记录: a ruled form naming the customer, its number and the ID number of the person visited.

    ``id_number`` may belong to someone else than ``customer`` (conflicting evidence); it is printed as given.
    """
    rng = random.Random(seed)
    when = data.date_between(customer.created_date, customer.created_date + timedelta(days=1500))
    flow = Flow(top=70)
    flow.centered("客户回访记录", 20, leading=2.2)
    flow.row([Piece(RIGHT, f"回访编号：HF-{when.year}-{rng.randint(1, 999):03d}", "right")], 10.5, leading=2.0)
    edges = [MARGIN, 150, 300, 378, RIGHT]
    rows = [GridRow((Cell("客户名称", bold=True), Cell(customer.name, span=3)))]
    if printed_no is not None:
        rows.append(cells("客户编号", printed_no, "回访日期", cn_date(when)))
    else:
        rows.append(cells("回访日期", cn_date(when), "回访方式", rng.choice(("电话", "上门"))))
    rows.append(cells("受访人", customer.legal_rep.name, "回访人", data.person_name(rng.choice("男女"))))
    if id_number is not None:
        rows.append(GridRow((Cell("身份证号", bold=True), Cell(id_number, span=3))))
    rows += [
        GridRow((Cell("回访主题", bold=True), Cell(rng.choice(VISIT_TOPICS), span=3))),
        GridRow((Cell("回访内容", bold=True), Cell("客户对产品质量和售后响应速度表示满意，建议加强交货前的沟通。", span=3)),
                min_height=100),
    ]
    grid(flow, edges, rows, 11.5, pad=7)
    fields = {k: v for k, v in (("customer_no", printed_no), ("id_number", id_number)) if v}
    return SampleDoc("other", flow.pages, fields, printed_no, rng.choice(("sans", "hei")), "客户回访记录")


def with_printed_no(doc: SampleDoc, customer_no: str, printed: str) -> SampleDoc:
    """``doc`` with its customer number printed as ``printed`` (a full-width or spaced spelling)."""
    for page in doc.pages:
        page.items = [dataclasses.replace(i, text=i.text.replace(customer_no, printed)) if isinstance(i, Text) else i
                      for i in page.items]
        page.lines = [line.replace(customer_no, printed) for line in page.lines]
    return doc


def individual(data: SampleData) -> Customer:
    """A private customer (个人客户): the card names the person, and the ID number on it is theirs."""
    company = data.customer()
    person = company.legal_rep
    return dataclasses.replace(company, name=person.name, phone=person.mobile, address=person.address)
