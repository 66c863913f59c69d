"""Small scans with distinct known text, quick to make and to OCR, for pipeline mechanics tests."""

from __future__ import annotations

from pathlib import Path

from tests.ocr_helpers import render_lines

SURNAMES = "王李张刘陈杨黄赵吴周"


def write_text_scans(folder: Path, *, count: int, suffix: str = ".png") -> dict[Path, str]:
    """Write `count` one-page scans of a short 客户沟通记录 each; returns path → first line of text."""
    folder.mkdir(parents=True, exist_ok=True)
    truths = {}
    for i in range(count):
        first_line = f"客户沟通记录 第{i + 1}号"
        lines = [first_line, f"联系人：{SURNAMES[i % 10]}先生  电话：1381234{i:04d}", "沟通内容：确认下月交货时间"]
        path = folder / f"scan-{i:03d}{suffix}"
        render_lines(lines, size=36).convert("RGB").save(path)
        truths[path] = first_line
    return truths
