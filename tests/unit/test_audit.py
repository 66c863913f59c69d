"""The audit chain rule and masking, on events held in memory."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from docarchive.domain.audit import GENESIS, canonical_json, mask, new_event, seal, verify

T0 = datetime(2026, 5, 6, 9, 30, tzinfo=UTC)


def chain(count: int):
    events, previous = [], None
    for n in range(count):
        previous = seal(new_event(at=T0 + timedelta(seconds=n), user="张三", action="view", source="cli",
                                  document_id=f"d{n}"), after=previous)
        events.append(previous)
    return events


def test_the_first_event_chains_to_the_genesis_hash():
    first = chain(1)[0]
    assert first.seq == 1 and first.prev_hash == GENESIS
    assert first.hash == hashlib.sha256(GENESIS.encode() + canonical_json(first)).hexdigest()


def test_canonical_json_has_sorted_keys_no_whitespace_and_utf8():
    text = canonical_json(chain(1)[0]).decode("utf-8")
    assert text.startswith('{"action":"view","at":"2026-05-06T09:30:00.000000+00:00"')
    assert " " not in text and "张三" in text and "hash" not in text


def test_times_are_stored_in_utc():
    at = datetime(2026, 5, 6, 17, 30, tzinfo=timezone(timedelta(hours=8)))
    assert new_event(at=at, user="u", action="view", source="cli").at == "2026-05-06T09:30:00.000000+00:00"


def test_id_numbers_are_masked_anywhere_in_an_event():
    event = new_event(at=T0, user="u", action="search", source="cli", subject="11010519491231002X",
                      detail={"query": "身份证 110105194912310021 合同", "terms": ["110105194912310021"]})
    assert event.subject == "110105********002X"
    assert event.detail == {"query": "身份证 110105********0021 合同", "terms": ["110105********0021"]}


def test_secrets_never_enter_an_event():
    event = new_event(at=T0, user="u", action="sign_in", source="cli", detail={"password": "x", "api_key": "k",
                                                                               "method": "password"})
    assert event.detail == {"method": "password"}


def test_unknown_actions_and_outcomes_are_refused():
    with pytest.raises(ValueError):
        new_event(at=T0, user="u", action="peek", source="cli")
    with pytest.raises(ValueError):
        new_event(at=T0, user="u", action="view", source="cli", outcome="maybe")


def test_an_intact_chain_verifies():
    assert verify(chain(4)) is None


def test_an_edited_event_is_reported_at_its_seq():
    events = chain(4)
    events[2] = replace(events[2], user="李四")
    assert str(verify(events)).startswith("event 3: edited")


def test_an_edited_and_rehashed_event_is_reported_at_the_next_one():
    events = chain(4)
    events[1] = seal(replace(events[1], user="李四"), after=events[0])
    broken = verify(events)
    assert broken.seq == 3 and "matches no stored event" in broken.reason


def test_a_deleted_event_is_reported_at_the_gap():
    events = chain(4)
    del events[1]
    assert str(verify(events)) == "event 3: deleted: event 2 is missing before it"


def test_a_deleted_event_with_later_ones_renumbered_is_found():
    events = chain(4)
    del events[1]
    events[1:] = [replace(e, seq=e.seq - 1) for e in events[1:]]
    assert verify(events).seq == 2


def test_events_stored_out_of_seq_order_are_reported_as_reordered():
    events = chain(4)
    events[1], events[2] = events[2], events[1]
    assert str(verify(events)) == "event 3: re-ordered: event 2 is stored after it"


def test_swapped_contents_are_reported_as_reordered():
    events = chain(4)
    events[1], events[2] = replace(events[2], seq=2), replace(events[1], seq=3)
    broken = verify(events)
    assert broken.seq == 2 and broken.reason.startswith("re-ordered")
