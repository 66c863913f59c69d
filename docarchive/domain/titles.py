"""A record's title: what an archivist would write on the catalogue line."""

from __future__ import annotations

import re
from typing import Any

from docarchive.domain.documents import DocType

_TYPE_NAMES = {
    DocType.ARCHIVE_CARD: "客户档案卡",
    DocType.ID_CARD: "居民身份证复印件",
    DocType.CONTRACT: "合同",
    DocType.OTHER: "",
}
_CONTRACT_TITLE = re.compile(r"^\S{0,24}(合同|协议)(书)?$")


def document_title(doc_type: DocType, fields: dict[str, Any], text: str, filename: str) -> str:
    if doc_type == DocType.CONTRACT:
        heading = next((line.strip() for line in text.splitlines()[:8] if _CONTRACT_TITLE.match(line.strip())), "")
        return " ".join(part for part in (heading or "合同", fields.get("contract_no", "")) if part)
    if doc_type in (DocType.ARCHIVE_CARD, DocType.ID_CARD):
        return " ".join(part for part in (_TYPE_NAMES[doc_type], fields.get("name", "")) if part)
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first_line[:60] or filename
