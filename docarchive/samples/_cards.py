"""Layouts of the customer archive card (客户档案卡 and its sister forms)."""

from __future__ import annotations

import random

from docarchive.samples._grid import Cell, GridRow, cells, grid, underline
from docarchive.samples._layout import MARGIN, PAGE_W, SEP, Flow, Font, Piece, SampleDoc, Text, text_width
from docarchive.samples.people import Customer, SampleData, cn_date

# Each form title comes with its own wording of the labels; extraction must know them all.
LABELS: dict[str, dict[str, str]] = {
    "客户档案卡": {
        "customer_no": "客户编号", "name": "客户名称", "legal_rep": "法定代表人", "id_number": "身份证号",
        "phone": "联系电话", "mobile": "手机", "address": "地址", "industry": "所属行业", "grade": "客户等级",
        "registered_capital": "注册资金", "created_date": "建档日期",
    },
    "客户资料表": {
        "customer_no": "客户编号", "name": "单位名称", "legal_rep": "法人代表", "id_number": "法人身份证号",
        "phone": "联系电话", "mobile": "手机号码", "address": "注册地址", "industry": "行业", "grade": "信用等级",
        "registered_capital": "注册资本", "created_date": "建档日期",
    },
    "客户登记表": {
        "customer_no": "客户编号", "name": "客户名称", "legal_rep": "法定代表人", "id_number": "身份证号码",
        "phone": "电话", "mobile": "手机", "address": "通讯地址", "industry": "所属行业", "grade": "客户等级",
        "registered_capital": "注册资金", "created_date": "登记日期",
    },
}
RIGHT = PAGE_W - MARGIN
MIDDLE = 300.0  # where the second label of a two-pair row starts
_EDGES = [MARGIN, 158, 290, 376, RIGHT]  # ruled form: label, value, label, value


def archive_card(customer: Customer, *, title: str | None = None, ruled: bool | None = None,
                 seed: int = 0) -> SampleDoc:
    """One page: title, label：value rows (or a ruled table), contacts table, remarks, sign-off."""
    rng = random.Random(seed)
    title = title or rng.choice(list(LABELS))
    ruled = rng.random() < 0.5 if ruled is None else ruled
    values = _values(customer)
    flow = Flow(top=64)
    flow.centered(title, 22, leading=2.2)
    (_ruled_body if ruled else _colon_body)(flow, LABELS[title], values)
    _contacts(flow, customer)
    _remarks(flow, customer.remarks, ruled)
    staff = SampleData(seed + 1)
    flow.space(18)
    flow.row(_pieces([(MARGIN, f"经办人：{staff.person_name('女')}"), (MIDDLE, f"审核人：{staff.person_name('男')}")]), 11)
    fields = _fields(customer)
    return SampleDoc("archive_card", flow.pages, fields, customer.customer_no, rng.choice(("sans", "hei")), title)


def _values(customer: Customer) -> dict[str, str]:
    """What is printed after each label."""
    return {
        "customer_no": customer.customer_no, "name": customer.name, "legal_rep": customer.legal_rep.name,
        "id_number": customer.legal_rep.id_number, "phone": customer.phone, "mobile": customer.mobile,
        "address": customer.address, "industry": customer.industry, "grade": f"{customer.grade}级",
        "registered_capital": f"{customer.registered_capital // 10_000}万元",
        "created_date": cn_date(customer.created_date),
    }


def _fields(customer: Customer) -> dict[str, object]:
    fields: dict[str, object] = {
        "customer_no": customer.customer_no, "name": customer.name, "legal_rep": customer.legal_rep.name,
        "id_number": customer.legal_rep.id_number, "phone": customer.phone, "address": customer.address,
        "industry": customer.industry, "grade": customer.grade,
        "registered_capital": customer.registered_capital, "created_date": customer.created_date.isoformat(),
    }
    if not customer.legal_rep.id_valid:
        fields["id_number_valid"] = False
    return fields


# Rows of the card body: one key, or two keys sharing a row.
_ROWS = (("customer_no", "created_date"), ("name",), ("legal_rep", "id_number"), ("phone", "mobile"),
         ("address",), ("grade", "industry"), ("registered_capital",))


def _colon_body(flow: Flow, labels: dict[str, str], values: dict[str, str]) -> None:
    """A fill-in form: 标签：value written on a rule, two pairs to a row where they fit."""
    size = 12.0
    for keys in _ROWS:
        flow.ensure(size * 2.3)
        baseline = flow.y + size
        texts = []
        for i, key in enumerate(keys):
            x = MARGIN if i == 0 else MIDDLE
            end = RIGHT if i == len(keys) - 1 else MIDDLE - 16
            label = labels[key] + "："
            value_x = x + text_width(label, size)
            flow.draw(Text(x, baseline, size, label, "bold"))
            flow.draw(Text(value_x + 4, baseline, size, values[key]))
            underline(flow, value_x, end, baseline)
            texts.append(label + values[key])
        flow.page.lines.append(SEP.join(texts))
        flow.y += size * 2.3


def _ruled_body(flow: Flow, labels: dict[str, str], values: dict[str, str]) -> None:
    """A printed table: label cells without colons, values beside them."""
    rows = []
    for keys in _ROWS:
        if len(keys) == 2:
            rows.append(cells(labels[keys[0]], values[keys[0]], labels[keys[1]], values[keys[1]]))
        else:
            rows.append(GridRow((Cell(labels[keys[0]], bold=True), Cell(values[keys[0]], span=3))))
    grid(flow, _EDGES, rows, 11, pad=7)


def _contacts(flow: Flow, customer: Customer) -> None:
    flow.space(16)
    flow.row(_pieces([(MARGIN, "联系人信息")], font="bold"), 12.5, leading=1.6)
    header = GridRow((Cell("姓名", bold=True), Cell("职务", bold=True), Cell("电话", bold=True)))
    rows = [header] + [GridRow((Cell(c.name), Cell(c.position), Cell(c.phone))) for c in customer.contacts]
    grid(flow, [MARGIN, 200, 340, RIGHT], rows, 11, pad=6)


def _remarks(flow: Flow, remarks: str, ruled: bool) -> None:
    flow.space(16)
    if ruled:
        row = GridRow((Cell("备注", bold=True), Cell(remarks, span=3)), min_height=96)
        grid(flow, _EDGES, [row], 11, pad=7)
        return
    flow.row(_pieces([(MARGIN, "备注：")], font="bold"), 12, leading=1.6)
    flow.paragraph(remarks, 11.5, leading=1.8)


def _pieces(spec: list[tuple[float, str]], font: Font = "body") -> list[Piece]:
    return [Piece(x, text, font=font) for x, text in spec]
