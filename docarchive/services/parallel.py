"""Running pure per-batch work (text analysis) in worker processes, in order, a bounded few batches ahead."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from typing import Callable, Iterable, Iterator, TypeVar

from docarchive.lifetime import die_with_parent

Batch = TypeVar("Batch")
Item = TypeVar("Item")


def ordered_in_processes(
    work: Callable[[Batch], list[Item]], batches: Iterable[Batch], *, jobs: int, ahead: int = 2
) -> Iterator[Item]:
    """`work(batch)` for each batch, items yielded in batch order; jobs <= 1 runs in this process.

    The workers are forked here, before the caller opens its write transaction, and only ever run `work`.
    At most `jobs * ahead` batches are in flight, so memory stays bounded however many records there are."""
    if jobs <= 1:
        return (item for batch in batches for item in work(batch))
    pool = multiprocessing.get_context("fork").Pool(jobs, initializer=die_with_parent, initargs=(os.getpid(),))
    return _in_order(pool, work, batches, jobs * ahead)


def _in_order(pool, work, batches, window: int):
    with pool:
        pending: deque = deque()
        for batch in batches:
            pending.append(pool.apply_async(work, (batch,)))
            if len(pending) >= window:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
