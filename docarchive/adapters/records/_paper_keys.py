"""What both record backends share for the paper archive: keys chosen so range scans on one key answer the
lookups, and the get-or-NotFound every repository has."""

from __future__ import annotations

import time

from docarchive.adapters.records._paper_codec import stamp
from docarchive.domain.errors import NotFound
from docarchive.domain.paper.model import Move


def history_key(move: Move, i: int = 0) -> str:
    """subject|time|tiebreak: a subject's entries sort by time, and entries at one clock reading by arrival."""
    return f"{move.subject}|{stamp(move.at)}|{time.time_ns():020d}{i:05d}"


def history_range(subject: str) -> tuple[str, str]:
    """Keys strictly between these are this subject's ('|' < '}')."""
    return f"{subject}|", f"{subject}}}"


def path_range(path: str) -> tuple[str, str]:
    """Paths strictly between these lie under `path` ('/' is followed by '0' in code-point order)."""
    return f"{path}/", f"{path}0"


class GetOrNotFound:
    noun = ""

    def find(self, key: str): ...

    def get(self, key: str):
        """Raise NotFound when absent."""
        found = self.find(key)
        if found is None:
            raise NotFound(f"no {self.noun} {key}")
        return found
