"""Render Chinese pages and degrade them like real scans, for the OCR and preprocessing tests and bench.

Nothing here touches an OCR engine: it makes images with a known text and scores what an engine read.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

_NOTO = "/usr/share/fonts/opentype/noto"
# (path, index inside the .ttc): index 2 is the Simplified Chinese face of Noto CJK.
FONTS = {
    "sans": (f"{_NOTO}/NotoSansCJK-Regular.ttc", 2),
    "sans-bold": (f"{_NOTO}/NotoSansCJK-Bold.ttc", 2),
    "sans-tc": (f"{_NOTO}/NotoSansCJK-Regular.ttc", 3),  # Traditional Chinese face
    "serif": (f"{_NOTO}/NotoSerifCJK-Regular.ttc", 2),
    "zenhei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
}


@lru_cache(maxsize=64)
def font(size: int, family: str = "sans") -> ImageFont.FreeTypeFont:
    path, index = FONTS[family]
    return ImageFont.truetype(path, size, index=index)


def points_to_px(points: float, dpi: int) -> int:
    return round(points * dpi / 72)


def render_lines(lines: Sequence[str], *, size: int = 40, family: str = "sans", margin: int = 60) -> Image.Image:
    """Black text on a white greyscale page, one line per entry, sized to fit."""
    face = font(size, family)
    pitch = round(size * 1.8)
    width = max(int(face.getlength(line)) for line in lines) + 2 * margin
    page = Image.new("L", (width, 2 * margin + pitch * len(lines)), 255)
    draw = ImageDraw.Draw(page)
    for i, line in enumerate(lines):
        draw.text((margin, margin + i * pitch), line, font=face, fill=0)
    return page


# --- A4 form-like pages ---------------------------------------------------------------------------

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅晓东海燕雪婷鹏飞宇浩然俊"
_CITIES = ["北京市朝阳区", "上海市浦东新区", "广州市天河区", "深圳市南山区", "杭州市西湖区", "成都市武侯区", "南京市鼓楼区", "武汉市洪山区"]
_STREETS = ["建国路", "世纪大道", "天河北路", "科技园南路", "文三路", "人民南路", "中山北路", "珞喻路"]
_TITLES = ["客户档案卡", "客户资料登记表", "个人借款合同", "房屋租赁合同", "客户信息变更申请表", "居民身份证复印件确认单"]
_CLAUSES = [
    "甲方应于每月{d}日前将当月款项支付至乙方指定账户，逾期每日按未付金额的万分之五支付违约金。",
    "本合同自双方签字（盖章）之日起生效，有效期至{y}年12月31日止。",
    "借款金额为人民币{amount}元整，借款期限为{n}个月，年利率为{rate}%。",
    "乙方承诺所提供的身份证明、收入证明及联系方式真实有效，如有变更应在{n}日内书面通知甲方。",
    "因本合同引起的争议，双方应协商解决；协商不成的，任何一方均可向甲方所在地人民法院提起诉讼。",
    "客户经理已核对原件，复印件与原件一致，并由客户本人签字确认。",
    "本档案按《客户档案管理办法》第{n}条规定保管，保管期限为{y2}年，到期后经审批方可销毁。",
    "租赁房屋位于{city}{street}{no}号，建筑面积{area}平方米，用途为住宅。",
    "如遇不可抗力致使合同无法履行的，双方互不承担违约责任，但应及时通知对方并提供证明。",
    "联系电话：{phone}，电子邮箱：{email}，通讯地址与户籍地址一致。",
]


_NO_LINE_START = "，。、；：？！）》”’"


@dataclass(frozen=True)
class RenderedPage:
    image: Image.Image  # greyscale A4 page
    text: str  # what a perfect reader would return: lines joined with "\n"


def render_form_page(seed: int, *, dpi: int = 300, family: str | None = None) -> RenderedPage:
    """A form-like A4 page: title, two-column key/value rows, a ruled table and contract clauses."""
    rng = random.Random(seed)
    family = family or rng.choice(["sans", "serif", "zenhei"])
    page = _Page(dpi, family)
    page.title(rng.choice(_TITLES))
    for left, right in _field_pairs(rng):
        page.pair(left, right)
    page.table(_table_rows(rng))
    for _ in range(rng.randint(6, 9)):
        page.paragraph(_clause(rng))
    return RenderedPage(page.image, "\n".join(page.lines))


class _Page:
    def __init__(self, dpi: int, family: str):
        self.image = Image.new("L", (round(8.27 * dpi), round(11.69 * dpi)), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.margin = round(0.9 * dpi)
        self.body = font(points_to_px(10.5, dpi), family)
        self.pitch = round(self.body.size * 1.9)
        self.family = family
        self.y = self.margin
        self.lines: list[str] = []

    @property
    def width(self) -> int:
        return self.image.width - 2 * self.margin

    def title(self, text: str) -> None:
        face = font(round(self.body.size * 1.7), "sans-bold" if self.family == "sans" else self.family)
        x = (self.image.width - face.getlength(text)) / 2
        self.draw.text((x, self.y), text, font=face, fill=0)
        self.y += round(face.size * 2.2)
        self.lines.append(text)

    def pair(self, left: str, right: str) -> None:
        self.draw.text((self.margin, self.y), left, font=self.body, fill=0)
        self.draw.text((self.margin + self.width // 2, self.y), right, font=self.body, fill=0)
        self.y += self.pitch
        self.lines.append(f"{left} {right}")

    def table(self, rows: list[list[str]]) -> None:
        cell_w, row_h = self.width // len(rows[0]), round(self.body.size * 2.0)
        top = self.y + self.pitch // 3
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                x0, y0 = self.margin + c * cell_w, top + r * row_h
                self.draw.rectangle((x0, y0, x0 + cell_w, y0 + row_h), outline=0, width=2)
                self.draw.text((x0 + row_h // 4, y0 + row_h // 4), cell, font=self.body, fill=0)
            self.lines.append(" ".join(row))
        self.y = top + len(rows) * row_h + self.pitch

    def paragraph(self, text: str) -> None:
        indent = self.body.getlength("中中")
        line, limit = "", self.width - indent
        for ch in text:
            # Closing punctuation never starts a line in Chinese typesetting; let it overhang instead.
            if self.body.getlength(line + ch) > limit and ch not in _NO_LINE_START:
                self._body_line(line, indent)
                line, indent, limit = "", 0, self.width
            line += ch
        self._body_line(line, indent)

    def _body_line(self, text: str, indent: float) -> None:
        self.draw.text((self.margin + indent, self.y), text, font=self.body, fill=0)
        self.y += self.pitch
        self.lines.append(text)


def _name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choices(_GIVEN, k=rng.randint(1, 2)))


def _date(rng: random.Random) -> str:
    return f"{rng.randint(2005, 2024)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"


def _id_number(rng: random.Random) -> str:
    return f"{rng.randint(110000, 659999)}{rng.randint(1960, 2002)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}{rng.choice('0123456789X')}"


def _field_pairs(rng: random.Random) -> list[tuple[str, str]]:
    return [
        (f"客户编号：KH-{rng.randint(2010, 2024)}-{rng.randint(1, 99999):05d}", f"建档日期：{_date(rng)}"),
        (f"姓名：{_name(rng)}", f"性别：{rng.choice('男女')}"),
        (f"身份证号：{_id_number(rng)}", f"手机：1{rng.randint(3, 9)}{rng.randint(0, 999999999):09d}"),
        (f"经办人：{_name(rng)}", f"档案号：DA{rng.randint(100000, 999999)}"),
    ]


def _table_rows(rng: random.Random) -> list[list[str]]:
    rows = [["序号", "项目", "金额（元）", "日期"]]
    for i in range(1, rng.randint(3, 4)):
        item = rng.choice(["首付款", "保证金", "服务费", "月租金", "手续费"])
        rows.append([str(i), item, f"{rng.randint(100, 99999):,}.00", f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])
    return rows


def _clause(rng: random.Random) -> str:
    return rng.choice(_CLAUSES).format(
        d=rng.randint(1, 28), y=rng.randint(2020, 2030), y2=rng.choice([10, 15, 30]), n=rng.randint(3, 36),
        amount=f"{rng.randint(1, 500) * 1000:,}", rate=f"{rng.randint(300, 900) / 100:.2f}",
        city=rng.choice(_CITIES), street=rng.choice(_STREETS), no=rng.randint(1, 300), area=rng.randint(40, 180),
        phone=f"0{rng.randint(10, 99)}-{rng.randint(10000000, 99999999)}", email=f"kh{rng.randint(100, 999)}@example.com",
    )


# --- scan degradations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Degradation:
    paper: int = 255  # grey level of the paper
    ink: int = 0  # grey level of the ink
    angle: float = 0.0  # degrees counter-clockwise, as a page lies crooked on the glass
    blur: float = 0.0  # Gaussian radius in pixels
    noise: float = 0.0  # Gaussian sensor noise, standard deviation in grey levels
    jpeg_quality: int | None = None


CLEAN = Degradation()
LIGHT = Degradation(paper=235, ink=35, angle=2.0, blur=0.6, noise=6, jpeg_quality=75)
HEAVY = Degradation(paper=200, ink=70, angle=-4.0, blur=1.1, noise=16, jpeg_quality=45)


def degrade(image: Image.Image, how: Degradation, *, seed: int = 0) -> Image.Image:
    """What a cheap scanner does to a clean page: tone, tilt, blur, noise, JPEG."""
    page = image.convert("L").point(lambda v: how.ink + (how.paper - how.ink) * v // 255)
    if how.angle:
        page = page.rotate(how.angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=how.paper)
    if how.blur:
        page = page.filter(ImageFilter.GaussianBlur(how.blur))
    if how.noise:
        pixels = np.asarray(page, dtype=np.float32)
        pixels += np.random.default_rng(seed).normal(0, how.noise, pixels.shape)
        page = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    if how.jpeg_quality:
        buffer = io.BytesIO()
        page.save(buffer, "JPEG", quality=how.jpeg_quality)
        page = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
    return page


# --- scoring --------------------------------------------------------------------------------------


# Scoring lives with the sample generator, which the benchmarks share.
from docarchive.samples.scoring import character_error_rate, edit_distance  # noqa: E402,F401

