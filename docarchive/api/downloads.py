"""Files sent as a response: one written to a temporary folder (removed once it is sent), or made in memory."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "pdf": "application/pdf",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def scratch_path(prefix: str, name: str) -> Path:
    """A path in a fresh owner-only temporary folder for a file about to be sent."""
    return Path(tempfile.mkdtemp(prefix=prefix)) / name


def sent_and_removed(path: Path, format: str) -> FileResponse:
    return FileResponse(path, media_type=MEDIA_TYPES[format], filename=path.name,
                        background=BackgroundTask(_remove, path.parent))


def attachment(content: bytes, format: str, filename: str) -> Response:
    """A file made in memory, sent to be saved as `filename` (ASCII: every browser keeps it as it is)."""
    return Response(content, media_type=MEDIA_TYPES[format],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _remove(folder: Path) -> None:
    for file in folder.iterdir():
        file.unlink()
    folder.rmdir()
