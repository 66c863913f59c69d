"""Uploads answer per file and concurrent duplicates answer like sequential ones, on either deployment."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from docarchive.ingest.context import IngestContext, IngestRequest
from docarchive.services.jobs import process_next_job
from tests.text_pdfs import complaint


def drain(container, workers: int = 1) -> None:
    """Run the queue dry with `workers` threads claiming at once (as a server's worker processes do)."""
    def work(n: int) -> None:
        while process_next_job(container, worker=f"test-{n}"):
            pass

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(work, range(workers)))


def outcome(container, answer: dict) -> str:
    """What became of one file of an answer: its status at once, or its job's when it was queued."""
    if answer.get("status") != "queued" and "state" not in answer:
        return answer["status"]
    job = container.jobs.get(answer["id"])
    return job.result["status"] if job.state == "done" else f"failed: {job.error}"


def test_a_new_scan_beside_an_oversized_file_is_answered_file_by_file(client):
    container = client.app.state.container
    container.settings.max_file_bytes = 60_000
    files = [("files", ("new.pdf", complaint("KH-2024-00011"), "application/pdf")),
             ("files", ("huge.pdf", b"%PDF-1.7\n" + b"0" * 70_000, "application/pdf"))]
    response = client.post("/api/documents", files=files)
    assert response.status_code in (201, 202), response.text
    new, huge = response.json()
    assert huge["status"] == "failed" and "60,000-byte limit" in huge["error"]
    drain(container)
    assert outcome(container, new) == "ingested"
    with container.records.unit_of_work(readonly=True) as uow:
        assert uow.documents.count() == 1


def test_six_simultaneous_uploads_of_one_new_file_make_one_record_and_five_duplicates(client):
    container = client.app.state.container
    file = ("same.pdf", complaint("KH-2024-00012"), "application/pdf")
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: client.post("/api/documents", files={"files": file}), range(6)))
    assert all(a.status_code in (200, 201, 202) for a in answers), [a.text for a in answers]
    drain(container, workers=3)
    outcomes = sorted(outcome(container, a.json()) for a in answers)
    assert outcomes == ["duplicate"] * 5 + ["ingested"]
    again = client.post("/api/documents", files={"files": file})
    assert (again.status_code, again.json()["status"]) == (200, "duplicate")
    with container.records.unit_of_work(readonly=True) as uow:
        assert uow.documents.count() == 1


def test_two_commits_of_the_same_bytes_racing_end_as_one_record_and_a_duplicate(container):
    """Both passed the duplicate check before either committed (two workers on two copies of one upload)."""
    for attempt in range(3):
        data = complaint(f"KH-2024-0002{attempt}")
        pipeline = container.ingest.pipeline()
        contexts = [IngestContext(IngestRequest(filename=f"copy-{i}.pdf", data=data)) for i in range(2)]
        for ctx in contexts:
            assert pipeline.prepare(ctx)
            pipeline.analyse(ctx)
        start = threading.Barrier(2)

        def commit(ctx: IngestContext) -> str:
            start.wait()
            pipeline.commit(ctx)
            return ctx.status if ctx.status != "failed" else f"failed: {ctx.error}"

        with ThreadPoolExecutor(2) as pool:
            assert sorted(pool.map(commit, contexts)) == ["duplicate", "ingested"]
