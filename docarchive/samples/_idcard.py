"""Photocopy of a resident ID card (居民身份证): front and back side by side on one A4 sheet."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from docarchive.samples._layout import PAGE_W, SEP, Ellipse, PageLayout, Polygon, Rect, SampleDoc, Text, star, wrap
from docarchive.samples.people import Person, cn_date

CARD_W, CARD_H = 242.6, 153.1  # 85.6 × 54 mm, ISO/IEC 7810 ID-1
LABEL, VALUE = 8.5, 9.5  # point sizes on the card, before scaling


@dataclass
class _Card:
    """Draws in card coordinates onto a page, scaled the way a copier enlarges."""

    page: PageLayout
    ox: float
    oy: float
    scale: float

    def at(self, x: float, y: float) -> tuple[float, float]:
        return self.ox + x * self.scale, self.oy + y * self.scale

    def outline(self) -> None:
        x1, y1 = self.at(CARD_W, CARD_H)
        self.page.items.append(Rect(self.ox, self.oy, x1, y1, 1.0, 70, fill=236, radius=9 * self.scale))

    def row(self, pieces: list[tuple[float, str, float, bool]], y: float) -> None:
        """(x, text, size, bold) pieces on one baseline; the row's text joins them like any row."""
        for x, text, size, bold in pieces:
            px, py = self.at(x, y)
            self.page.items.append(Text(px, py, size * self.scale, text, "bold" if bold else "body"))
        self.page.lines.append(SEP.join(text for _, text, _, _ in pieces))

    def polygon(self, points: list[tuple[float, float]], grey: int) -> None:
        self.page.items.append(Polygon(tuple(self.at(x, y) for x, y in points), grey))

    def ellipse(self, x0: float, y0: float, x1: float, y1: float, **style: object) -> None:
        self.page.items.append(Ellipse(*self.at(x0, y0), *self.at(x1, y1), **style))  # type: ignore[arg-type]


def id_card_copy(person: Person, *, back: bool = True, note: str | None = None, seed: int = 0) -> SampleDoc:
    """Front (and usually back) of the card, enlarged ×1.2–1.4, with the customary 仅供…使用 note."""
    rng = random.Random(seed)
    page = PageLayout()
    scale = rng.choice((1.2, 1.3, 1.4))
    ox = (PAGE_W - CARD_W * scale) / 2 + rng.uniform(-30, 30)
    _front(_Card(page, ox, 90, scale), person)
    bottom = 90 + CARD_H * scale
    if back:
        _back(_Card(page, ox, bottom + 40, scale), person)
        bottom += 40 + CARD_H * scale
    if note:
        _note(page, note, person, bottom + 50)
    return SampleDoc("id_card", [page], _fields(person), None, rng.choice(("sans", "hei")), "居民身份证复印件")


def _fields(person: Person) -> dict[str, object]:
    fields: dict[str, object] = {
        "name": person.name, "sex": person.sex, "ethnicity": person.ethnicity,
        "birth_date": person.birth_date.isoformat(), "address": person.address, "id_number": person.id_number,
    }
    if not person.id_valid:
        fields["id_number_valid"] = False
    return fields


def _front(card: _Card, person: Person) -> None:
    card.outline()
    _photo(card)
    card.row([(16, "姓名", LABEL, True), (46, person.name, VALUE + 1, False)], 30)
    card.row([(16, "性别", LABEL, True), (46, person.sex, VALUE, False),
              (84, "民族", LABEL, True), (112, person.ethnicity, VALUE, False)], 52)
    card.row([(16, "出生", LABEL, True), (46, cn_date(person.birth_date), VALUE, False)], 74)
    address = wrap(person.address, 112, VALUE)
    card.row([(16, "住址", LABEL, True), (46, address[0], VALUE, False)], 96)
    for k, line in enumerate(address[1:], start=1):
        card.row([(46, line, VALUE, False)], 96 + k * 15)
    card.row([(16, "公民身份号码", LABEL, True), (84, person.id_number, VALUE + 1.5, False)], 142)


def _photo(card: _Card) -> None:
    """The portrait area: grey panel, head and shoulders silhouette (a copier renders it so)."""
    card.page.items.append(Rect(*card.at(160, 20), *card.at(230, 118), 0.0, 200, fill=214))
    card.ellipse(177, 34, 213, 78, width=0.0, grey=140, fill=140)
    shoulders = [(195 + 30 * math.cos(t), 118 + 34 * math.sin(t))
                 for t in (math.pi + i * math.pi / 16 for i in range(17))]
    card.polygon(shoulders, 140)


def _back(card: _Card, person: Person) -> None:
    card.outline()
    card.ellipse(14, 14, 60, 60, width=1.6, grey=60)
    card.polygon(star(37, 37, 14), 60)
    card.row([(76, "中华人民共和国", 13, True)], 40)
    card.row([(76, "居民身份证", 19, True)], 80)
    expiry = f"{person.valid_to:%Y.%m.%d}" if person.valid_to else "长期"
    card.row([(34, "签发机关", LABEL, True), (80, person.police, VALUE, False)], 118)
    card.row([(34, "有效期限", LABEL, True), (80, f"{person.valid_from:%Y.%m.%d}-{expiry}", VALUE, False)], 138)


def _note(page: PageLayout, note: str, person: Person, y: float) -> None:
    """Hand-copied IDs carry a purpose note and a signature so the copy cannot be reused."""
    x = 110.0
    for k, line in enumerate([note, f"{person.name}（签字）"]):
        page.items.append(Text(x, y + k * 24, 12, line))
        page.lines.append(line)
