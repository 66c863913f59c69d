"""Uploading through the API on either deployment: the scale deployment queues uploads (202) for workers,
so here a worker runs until the queue is empty and the answer is what the embedded default gives at once."""

from __future__ import annotations

from docarchive.services.jobs import process_next_job


def upload(client, files, data=None) -> tuple[int, object]:
    response = client.post("/api/documents", files=files, data=data)
    if response.status_code != 202:
        return response.status_code, response.json()
    queued = response.json()
    container = client.app.state.container
    while process_next_job(container, worker="test-worker"):
        pass
    results = [_result(client, container.jobs.get(job["id"])) for job in (queued if isinstance(queued, list) else [queued])]
    status = 201 if any(r.get("status") == "ingested" for r in results) else 200
    return status, results if isinstance(queued, list) else results[0]


def _result(client, job) -> dict:
    assert job.state == "done", job.error
    return {**client.get(f"/api/documents/{job.result['id']}").json(), "status": job.result["status"]}
