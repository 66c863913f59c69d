"""Runs the ordered steps over each file: prepare and commit in this process, analysis in a process pool.

Only the commit writes (the ingest service's, handed in), one file at a time, in one unit of work per file: a
batch killed at any moment leaves whole records or nothing, and a re-run skips what was committed (dedupe by
SHA-256).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Sequence

from docarchive.domain.errors import DocarchiveError, DuplicateDocument
from docarchive.ingest.context import IngestContext, IngestRequest, StopPipeline, cpu_now
from docarchive.ingest.env import Stage, Step, StepEnv
from docarchive.lifetime import die_with_parent

log = logging.getLogger(__name__)
OnResult = Callable[[IngestContext], None]
Commit = Callable[[IngestContext], None]
MAX_WORKER_CRASHES = 3


class Pipeline:
    def __init__(self, steps: Sequence[Step], env: StepEnv, commit: Commit | None = None):
        self.steps = tuple(steps)
        self.env = env
        self._commit = commit  # None in a worker process: it only analyses

    def stage(self, name: Stage) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if step.stage == name)

    def prepare(self, ctx: IngestContext) -> bool:
        """True when the file still needs analysing."""
        return run_steps(ctx, self.stage("prepare"), self.env)

    def analyse(self, ctx: IngestContext) -> IngestContext:
        run_steps(ctx, self.stage("analyse"), self.env)
        return ctx

    def commit(self, ctx: IngestContext) -> None:
        if ctx.status != "pending":
            return
        started = cpu_now()
        try:
            self._commit(ctx)
            ctx.status = "ingested"
        except DuplicateDocument as dup:  # the same bytes committed meanwhile by another ingest
            ctx.status, ctx.document_id, ctx.document = "duplicate", dup.existing_id, None
        except DocarchiveError as exc:
            ctx.fail(str(exc), http_status=exc.status_code)
        except Exception as exc:  # a bug or a backend failing: fail this file, keep the batch
            log.exception("commit failed on %s", ctx.request.filename)
            ctx.fail(f"commit failed: {exc.__class__.__name__}: {exc}", http_status=500)
        finally:
            ctx.add_cpu("commit", cpu_now() - started)

    def run_one(self, request: IngestRequest) -> IngestContext:
        ctx = IngestContext(request)
        if self.prepare(ctx):
            self.analyse(ctx)
            self.commit(ctx)
        return ctx

    def run(self, requests: Iterable[IngestRequest], *, jobs: int = 1, on_result: OnResult | None = None):
        """Ingest every request; returns the contexts in completion order."""
        results: list[IngestContext] = []

        def finish(ctx: IngestContext) -> None:
            ctx.data = None
            results.append(ctx)
            if on_result:
                on_result(ctx)

        if jobs <= 1:
            for request in requests:
                finish(self.run_one(request))
        else:
            _ParallelRun(self, jobs, finish).run(requests)
        return results


def run_steps(ctx: IngestContext, steps: Sequence[Step], env: StepEnv) -> bool:
    """Run steps in order; False when the file is finished early (duplicate) or failed."""
    for step in steps:
        try:
            step.run(ctx, env)
        except StopPipeline:
            return False
        except DocarchiveError as exc:
            ctx.fail(str(exc), http_status=exc.status_code)
            return False
        except Exception as exc:  # a bug or a library failing on hostile input: fail this file, keep the batch
            log.exception("step %s failed on %s", step.name, ctx.request.filename)
            ctx.fail(f"{step.name} failed: {exc.__class__.__name__}: {exc}", http_status=500)
            return False
    return ctx.status == "pending"


class _ParallelRun:
    """Keeps at most 2×jobs files in flight, so memory stays bounded on large batches."""

    def __init__(self, pipeline: Pipeline, jobs: int, finish: Callable[[IngestContext], None]):
        self.pipeline = pipeline
        self.jobs = jobs
        self.finish = finish
        self.pending: dict[Future, IngestContext] = {}
        self.crashes: dict[int, int] = {}
        self.pool = self._new_pool()

    def run(self, requests: Iterable[IngestRequest]) -> None:
        try:
            for request in requests:
                ctx = IngestContext(request)
                if not self.pipeline.prepare(ctx):
                    self.finish(ctx)
                    continue
                while len(self.pending) >= 2 * self.jobs:
                    self._collect(wait(self.pending, return_when=FIRST_COMPLETED).done)
                self._submit(ctx)
            while self.pending:
                self._collect(wait(self.pending, return_when=FIRST_COMPLETED).done)
        finally:
            self.pool.shutdown(cancel_futures=True)

    def _submit(self, ctx: IngestContext) -> None:
        self.pending[self.pool.submit(_analyse_in_worker, ctx)] = ctx

    def _collect(self, done: set[Future]) -> None:
        crashed = []
        for future in done:
            ctx = self.pending.pop(future)
            try:
                analysed = future.result()
            except BrokenProcessPool:
                crashed.append(ctx)
                continue
            analysed.data = ctx.data  # the bytes stayed here; the worker sent back only what it read
            self.pipeline.commit(analysed)
            self.finish(analysed)
        if crashed:
            self._restart_pool(crashed)

    def _restart_pool(self, crashed: list[IngestContext]) -> None:
        """A file that kills its worker must not take the batch down. A crash fails every file in flight,
        so each gets another try in a fresh pool; a file that is in flight at three crashes is failed."""
        self.pool.shutdown(cancel_futures=True)
        self.pool = self._new_pool()
        in_flight = crashed + list(self.pending.values())
        self.pending.clear()
        for ctx in in_flight:
            self.crashes[id(ctx)] = self.crashes.get(id(ctx), 0) + 1
            if self.crashes[id(ctx)] >= MAX_WORKER_CRASHES:
                ctx.fail("the OCR worker process died while reading this file")
                self.finish(ctx)
            else:
                self._submit(ctx)

    def _new_pool(self) -> ProcessPoolExecutor:
        env = self.pipeline.env.for_worker()
        steps = self.pipeline.stage("analyse")
        return ProcessPoolExecutor(
            self.jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker,
            initargs=(steps, env, os.getpid()),
        )


_worker_pipeline: Pipeline | None = None


def _init_worker(steps: tuple[Step, ...], env: StepEnv, parent: int) -> None:
    global _worker_pipeline
    die_with_parent(parent)  # a batch killed outright must not leave its OCR workers running
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one OCR process per core: threads inside would only contend
    _worker_pipeline = Pipeline(steps, env)


def _analyse_in_worker(ctx: IngestContext) -> IngestContext:
    _worker_pipeline.analyse(ctx)
    ctx.data = None
    ctx.page_inputs = None
    return ctx
