"""Scoring what was read against what was printed: character error rate and exact-field accuracy."""

from __future__ import annotations

from typing import Any

import numpy as np

# The fields each document type's extraction is judged on (the list); other truth keys are context.
SCORED_FIELDS = {
    "archive_card": ("customer_no", "name", "legal_rep", "id_number", "phone", "address", "industry", "grade",
                     "registered_capital", "created_date"),
    "id_card": ("name", "id_number", "address", "birth_date", "sex"),
    "contract": ("contract_no", "party_a", "party_b", "amount", "sign_date"),
}


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance; one numpy row per character of a, so whole pages score in milliseconds."""
    if not a or not b:
        return len(a) + len(b)
    target = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    offsets = np.arange(len(b) + 1)
    previous = offsets.copy()
    for i, code in enumerate(np.frombuffer(a.encode("utf-32-le"), dtype=np.uint32), start=1):
        current = np.empty_like(previous)
        current[0] = i
        current[1:] = np.minimum(previous[:-1] + (target != code), previous[1:] + 1)
        # Insertions chain left to right: current[j] = min over k<=j of current[k] + (j - k).
        previous = np.minimum.accumulate(current - offsets) + offsets
    return int(previous[-1])


def character_error_rate(hypothesis: str, reference: str) -> float:
    """Edit distance over reference length, whitespace ignored (layout is not what we score)."""
    hyp, ref = "".join(hypothesis.split()), "".join(reference.split())
    return edit_distance(hyp, ref) / max(len(ref), 1)


def field_matches(doc_type: str, truth: dict[str, Any], extracted: dict[str, Any]) -> tuple[int, int, list[str]]:
    """(exact, scored, names of the fields that differ) for the scored fields present in the truth."""
    keys = [key for key in SCORED_FIELDS.get(doc_type, ()) if key in truth]
    wrong = [key for key in keys if extracted.get(key) != truth[key]]
    return len(keys) - len(wrong), len(keys), wrong
