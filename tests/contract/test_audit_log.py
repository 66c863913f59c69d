"""The AuditLog contract: every backend appends one valid chain, lists what auditors ask for, and lets verify
find any stored event that was edited, deleted or re-ordered behind its back."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta

import pytest

from docarchive.domain.audit import AuditEvent, AuditFilter, new_event, verify

T0 = datetime(2026, 5, 6, 9, 30, tzinfo=UTC)


def event(n: int = 0, *, user: str = "张三", action: str = "search", **fields) -> AuditEvent:
    return new_event(at=T0 + timedelta(minutes=n), user=user, action=action, source="10.0.0.7", **fields)


def append_many(log, count: int) -> list[AuditEvent]:
    return [log.append(event(n, detail={"query": f"合同 {n}"})) for n in range(count)]


def test_appended_events_are_numbered_and_chained_in_order(audit_log):
    first, second = append_many(audit_log, 2)
    assert (first.seq, second.seq) == (1, 2)
    assert second.prev_hash == first.hash
    assert verify(audit_log.scan()) is None


def test_a_stored_event_reads_back_equal(audit_log):
    stored = audit_log.append(event(customer_no="C001", document_id="d1", subject="A-1",
                                    detail={"query": "合同", "pages": [[1, 2]], "n": 3}))
    assert list(audit_log.scan()) == [stored]


def test_an_empty_log_verifies_as_intact(audit_log):
    assert verify(audit_log.scan()) is None
    assert audit_log.count() == 0


def test_list_filters_by_user_customer_document_action_and_time(audit_log):
    audit_log.append(event(0, user="张三", customer_no="C001"))
    audit_log.append(event(1, user="李四", action="view", document_id="d1"))
    audit_log.append(event(2, user="张三", action="download", customer_no="C002", document_id="d1"))
    assert [e.seq for e in audit_log.list(AuditFilter(user="张三"))] == [3, 1]
    assert [e.seq for e in audit_log.list(AuditFilter(customer_no="C001"))] == [1]
    assert [e.seq for e in audit_log.list(AuditFilter(document_id="d1", action="view"))] == [2]
    since, until = (T0 + timedelta(minutes=1)).isoformat(), (T0 + timedelta(minutes=2)).isoformat()
    assert [e.seq for e in audit_log.list(AuditFilter(since=since, until=until))] == [2]
    assert audit_log.count(AuditFilter(user="张三")) == 2


def test_list_pages_newest_first(audit_log):
    append_many(audit_log, 5)
    assert [e.seq for e in audit_log.list(limit=2, offset=1)] == [4, 3]
    assert audit_log.count() == 5


def test_scan_reads_a_log_longer_than_one_batch(audit_log, monkeypatch):
    monkeypatch.setattr(type(audit_log).__module__ + ".SCAN_BATCH", 3)
    append_many(audit_log, 7)
    assert [e.seq for e in audit_log.scan()] == list(range(1, 8))


def test_a_second_writer_on_the_same_store_continues_the_chain(audit_log, reopen):
    append_many(audit_log, 2)
    other = reopen()
    try:
        third = other.append(event(3))
        fourth = audit_log.append(event(4))  # its remembered head is stale now
    finally:
        other.close()
    assert (third.seq, fourth.seq) == (3, 4)
    assert verify(audit_log.scan()) is None


def test_concurrent_writers_keep_one_valid_chain(audit_log, reopen):
    writers = [audit_log, audit_log, reopen(), reopen()]  # threads sharing a writer, and writers of their own

    def append(log, name):
        for n in range(15):
            log.append(event(n, user=name))

    threads = [threading.Thread(target=append, args=(log, f"user{i}")) for i, log in enumerate(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for log in writers[2:]:
        log.close()
    assert [e.seq for e in audit_log.scan()] == list(range(1, 61))
    assert verify(audit_log.scan()) is None


def test_verify_finds_an_edited_event(audit_log, tamper):
    append_many(audit_log, 5)
    tamper.edit(3, user="王五")
    broken = verify(audit_log.scan())
    assert broken.seq == 3 and broken.reason.startswith("edited")


def test_verify_finds_an_edited_detail(audit_log, tamper):
    append_many(audit_log, 5)
    tamper.edit(2, detail='{"query":"别的"}' if tamper.kind == "sqlite" else {"query": "别的"})
    broken = verify(audit_log.scan())
    assert broken.seq == 2 and broken.reason.startswith("edited")


def test_verify_finds_a_deleted_event(audit_log, tamper):
    append_many(audit_log, 5)
    tamper.delete(3)
    broken = verify(audit_log.scan())
    assert broken.seq == 4 and broken.reason.startswith("deleted") and "3" in broken.reason


def test_verify_finds_a_deleted_first_event(audit_log, tamper):
    append_many(audit_log, 3)
    tamper.delete(1)
    broken = verify(audit_log.scan())
    assert broken.seq == 2 and broken.reason.startswith("deleted")


def test_verify_finds_reordered_events(audit_log, tamper):
    append_many(audit_log, 5)
    tamper.swap(2, 4)
    broken = verify(audit_log.scan())
    assert broken.seq == 2 and broken.reason.startswith("re-ordered")  # seq 2 holds event 4, which follows 3


class SqliteTamper:
    kind = "sqlite"

    def __init__(self, path):
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("DROP TRIGGER audit_events_no_update")  # what someone with the file can do
        self.conn.execute("DROP TRIGGER audit_events_no_delete")

    def edit(self, seq: int, **values) -> None:
        for column, value in values.items():
            self.conn.execute(f"UPDATE audit_events SET {column} = ? WHERE seq = ?", (value, seq))

    def delete(self, seq: int) -> None:
        self.conn.execute("DELETE FROM audit_events WHERE seq = ?", (seq,))

    def swap(self, a: int, b: int) -> None:
        self.conn.execute("UPDATE audit_events SET seq = -1 WHERE seq = ?", (a,))
        self.conn.execute("UPDATE audit_events SET seq = ? WHERE seq = ?", (a, b))
        self.conn.execute("UPDATE audit_events SET seq = ? WHERE seq = -1", (b,))


class MongoTamper:
    kind = "mongo"

    def __init__(self, url: str, database: str):
        import pymongo

        self.client = pymongo.MongoClient(url)
        self.events = self.client[database]["audit_events"]

    def edit(self, seq: int, **values) -> None:
        self.events.update_one({"_id": seq}, {"$set": values})

    def delete(self, seq: int) -> None:
        self.events.delete_one({"_id": seq})

    def swap(self, a: int, b: int) -> None:
        first, second = self.events.find_one({"_id": a}), self.events.find_one({"_id": b})
        self.events.replace_one({"_id": a}, {k: v for k, v in second.items() if k != "_id"})
        self.events.replace_one({"_id": b}, {k: v for k, v in first.items() if k != "_id"})


@pytest.fixture
def tamper(audit_log, request):
    if type(audit_log).__name__.startswith("Sqlite"):
        tamperer = SqliteTamper(audit_log.path)
        yield tamperer
        tamperer.conn.close()
    else:
        tamperer = MongoTamper(*request.getfixturevalue("mongo_database"))
        yield tamperer
        tamperer.client.close()


@pytest.fixture
def reopen(audit_log, request):
    """Another writer on the same store, as another process would open it."""
    if type(audit_log).__name__.startswith("Sqlite"):
        return lambda: type(audit_log)(audit_log.path)
    url, database = request.getfixturevalue("mongo_database")
    return lambda: type(audit_log)(url, database=database)


def test_sqlite_refuses_to_update_or_delete_a_stored_event(tmp_path):
    from docarchive.adapters.audit.sqlite import SqliteAuditLog

    log = SqliteAuditLog(tmp_path / "records.sqlite3")
    log.append(event())
    conn = sqlite3.connect(tmp_path / "records.sqlite3")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit_events SET user = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit_events")
    conn.close()
    log.close()
