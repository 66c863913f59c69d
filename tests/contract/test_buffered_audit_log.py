"""The batching AuditLog over every backend: events wait briefly, then join the one chain in order."""

from __future__ import annotations

import threading
import time

from docarchive.adapters.audit.buffered import BufferedAuditLog
from docarchive.domain.audit import AuditFilter, verify
from docarchive.domain.errors import BackendUnavailable
from tests.contract.test_audit_log import event


def test_events_are_written_in_the_background_within_the_delay(audit_log):
    buffered = BufferedAuditLog(audit_log, max_delay=0.02)
    buffered.append(event(1))
    deadline = time.monotonic() + 5
    while audit_log.count() == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [e.seq for e in audit_log.scan()] == [1]
    buffered.close()


def test_reads_include_events_still_waiting(audit_log):
    buffered = BufferedAuditLog(audit_log, max_delay=60)
    buffered.append(event(1, user="张三"))
    buffered.append(event(2, user="李四"))
    assert buffered.count() == 2
    assert [e.user for e in buffered.list(AuditFilter())] == ["李四", "张三"]
    buffered.close()


class KeptOpen:
    """The store, not closed with the buffer, so the test can read it afterwards."""

    def __init__(self, inner):
        self.append_many = inner.append_many

    def close(self):
        pass


def test_close_writes_what_is_waiting(audit_log):
    buffered = BufferedAuditLog(KeptOpen(audit_log), max_delay=60)
    buffered.append(event(1))
    buffered.close()
    assert audit_log.count() == 1


def test_events_from_many_threads_form_one_valid_chain_in_each_threads_order(audit_log):
    buffered = BufferedAuditLog(audit_log, max_delay=0.005, max_events=7)

    def append(name):
        for n in range(25):
            buffered.append(event(n, user=name, detail={"n": n}))

    threads = [threading.Thread(target=append, args=(f"user{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    buffered.flush()
    stored = list(audit_log.scan())
    assert len(stored) == 100 and verify(stored) is None
    for i in range(4):
        assert [e.detail["n"] for e in stored if e.user == f"user{i}"] == list(range(25))
    buffered.close()


class FailingOnce:
    """A store that is down for its first write."""

    def __init__(self, inner):
        self.inner, self.failed = inner, False

    def append_many(self, events):
        if not self.failed:
            self.failed = True
            raise BackendUnavailable("down for a moment")
        return self.inner.append_many(events)

    def close(self):
        pass


def test_events_are_kept_and_retried_while_the_store_is_down(audit_log):
    buffered = BufferedAuditLog(FailingOnce(audit_log), max_delay=60)
    buffered.append(event(1))
    buffered.flush()  # fails, logged
    buffered.append(event(2))
    buffered.flush()
    assert [e.at for e in audit_log.scan()] == [event(1).at, event(2).at]
    buffered.close()
