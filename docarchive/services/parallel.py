"""Running pure per-batch work (text analysis) in worker processes, in order, a bounded few batches ahead."""

from __future__ import annotations

import multiprocessing
from collections import deque
from typing import Callable, Iterable, Iterator, TypeVar

Batch = TypeVar("Batch")
Item = TypeVar("Item")


def ordered_in_processes(
    work: Callable[[Batch], list[Item]], batches: Iterable[Batch], *, jobs: int, ahead: int = 2
) -> Iterator[Item]:
    """`work(batch)` for each batch, items yielded in batch order.

    The workers are forked before the first batch is read (so before the caller opens its write
    transaction) and only ever run `work`; at most `jobs * ahead` batches are in flight, so memory stays
    bounded however many records there are. jobs <= 1 runs in this process."""
    if jobs <= 1:
        for batch in batches:
            yield from work(batch)
        return
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pending: deque = deque()
        for batch in batches:
            pending.append(pool.apply_async(work, (batch,)))
            if len(pending) >= jobs * ahead:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
