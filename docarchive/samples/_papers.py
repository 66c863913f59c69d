"""Layouts of contracts (合同/协议) and the 'other' papers: complaint records and payment vouchers."""

from __future__ import annotations

from docarchive.samples._clauses import PREAMBLE, cn_ordinal
from docarchive.samples._grid import Cell, GridRow, cells, grid
from docarchive.samples._layout import MARGIN, PAGE_W, Ellipse, Flow, Piece, Polygon, SampleDoc, add_footers, star
from docarchive.samples.people import Complaint, Contract, Payment, amount_in_words, cn_date, format_amount

RIGHT = PAGE_W - MARGIN
BODY = 11.5


def amount_line(amount: int | float) -> str:
    """合同金额：人民币 125,000.00 元（大写：壹拾贰万伍仟元整）"""
    return f"合同金额：人民币 {format_amount(amount)} 元（大写：{amount_in_words(amount)}）"


def contract_doc(contract: Contract) -> SampleDoc:
    """Title, number and date, parties, preamble, numbered clauses, signature block; usually two pages."""
    flow = Flow(top=70, bottom=780)
    flow.centered(contract.title, 20, leading=2.4)
    for text in (f"合同编号：{contract.contract_no}", f"签订地点：{contract.sign_place}",
                 f"签订日期：{cn_date(contract.sign_date)}"):
        flow.row([Piece(RIGHT, text, "right")], 10.5, leading=1.6)
    flow.space(10)
    flow.row([Piece(MARGIN, f"甲方{contract.role_a}：{contract.party_a}", font="bold")], 12, leading=1.8)
    flow.row([Piece(MARGIN, f"乙方{contract.role_b}：{contract.party_b}", font="bold")], 12, leading=1.8)
    flow.space(6)
    flow.paragraph(PREAMBLE.format(subject=contract.subject), BODY)
    for number, (heading, paragraphs) in enumerate(contract.clauses, start=1):
        _clause(flow, f"第{cn_ordinal(number)}条 {heading}", paragraphs, contract.amount)
    _signatures(flow, contract)
    add_footers(flow.pages)
    fields = {
        "contract_no": contract.contract_no, "party_a": contract.party_a, "party_b": contract.party_b,
        "amount": contract.amount, "sign_date": contract.sign_date.isoformat(),
    }
    return SampleDoc("contract", flow.pages, fields, contract.customer_no, "serif", contract.title)


def _clause(flow: Flow, heading: str, paragraphs: tuple[str, ...], amount: int | float) -> None:
    flow.space(4)
    flow.ensure(BODY * 5)  # keep a heading with the start of its text
    flow.row([Piece(MARGIN, heading, font="bold")], BODY + 0.5)
    for text in paragraphs:
        if text == "{amount_line}":
            flow.paragraph(amount_line(amount), BODY, indent=2)
        else:
            flow.paragraph(text, BODY)


def _signatures(flow: Flow, contract: Contract) -> None:
    """Both parties' blocks side by side, with a company seal stamped over each name."""
    flow.space(24)
    flow.ensure(BODY * 1.8 * 4 + 30)
    right = 318.0
    rows = [("甲方（盖章）：", "乙方（盖章）："), (contract.party_a, contract.party_b),
            ("法定代表人或授权代表：", "法定代表人或授权代表：")]
    for k, (left_text, right_text) in enumerate(rows):
        baseline = flow.row([Piece(MARGIN, left_text), Piece(right, right_text)], BODY, leading=2.2)
        if k == 1:
            _seal(flow, MARGIN + 60, baseline - 4)
            _seal(flow, right + 60, baseline - 4)


def _seal(flow: Flow, cx: float, cy: float) -> None:
    """A red company seal turns mid-grey on a monochrome copy; drawn first so the print stays legible."""
    flow.page.items[:0] = [Ellipse(cx - 36, cy - 36, cx + 36, cy + 36, width=2.2, grey=150),
                           Polygon(tuple(star(cx, cy - 6, 11)), 150)]


def complaint_doc(complaint: Complaint) -> SampleDoc:
    customer = complaint.customer
    flow = Flow(top=70)
    flow.centered("客户投诉处理记录", 20, leading=2.2)
    flow.row([Piece(RIGHT, f"记录编号：{complaint.record_no}", "right")], 10.5, leading=2.0)
    edges = [MARGIN, 150, 300, 378, RIGHT]
    rows = [
        GridRow((Cell("客户名称", bold=True), Cell(customer.name, span=3))),
        cells("客户编号", customer.customer_no, "投诉日期", cn_date(complaint.date)),
        cells("投诉方式", complaint.channel, "联系人", complaint.contact),
        GridRow((Cell("投诉内容", bold=True), Cell(complaint.content, span=3)), min_height=110),
        GridRow((Cell("处理意见", bold=True), Cell("请售后服务部核实情况并于三个工作日内答复客户。", span=3)),
                min_height=80),
        GridRow((Cell("处理结果", bold=True), Cell(complaint.resolution, span=3)), min_height=80),
        cells("经办人", complaint.handler, "负责人", complaint.manager),
    ]
    grid(flow, edges, rows, 11.5, pad=7)
    return SampleDoc("other", flow.pages, {}, customer.customer_no, "sans", "客户投诉处理记录")


def payment_doc(payment: Payment) -> SampleDoc:
    customer = payment.customer
    flow = Flow(top=90)
    flow.centered("收款凭证", 22, leading=2.2)
    flow.row([Piece(MARGIN, f"日期：{cn_date(payment.date)}"), Piece(RIGHT, f"No.{payment.voucher_no}", "right")],
             11, leading=2.0)
    edges = [MARGIN, 170, RIGHT]
    rows = [
        GridRow((Cell("付款单位", bold=True), Cell(customer.name))),
        GridRow((Cell("客户编号", bold=True), Cell(customer.customer_no))),
        GridRow((Cell("收款事由", bold=True), Cell(payment.purpose))),
        GridRow((Cell("金额（大写）", bold=True), Cell(f"人民币{amount_in_words(payment.amount)}"))),
        GridRow((Cell("金额（小写）", bold=True), Cell(f"¥{format_amount(payment.amount)}"))),
        GridRow((Cell("收款方式", bold=True), Cell(payment.method))),
    ]
    grid(flow, edges, rows, 12, pad=9)
    flow.space(20)
    flow.row([Piece(MARGIN, "收款单位（盖章）"), Piece(250, f"会计：{payment.accountant}"),
              Piece(400, f"出纳：{payment.cashier}")], 11)
    flow.row([Piece(MARGIN, f"收款人：{payment.payee}")], 11)
    return SampleDoc("other", flow.pages, {}, customer.customer_no, "sans", "收款凭证")
