"""A file written to a temporary folder and sent as the response; the folder is removed once it is sent."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def scratch_path(prefix: str, name: str) -> Path:
    """A path in a fresh owner-only temporary folder for a file about to be sent."""
    return Path(tempfile.mkdtemp(prefix=prefix)) / name


def sent_and_removed(path: Path, format: str) -> FileResponse:
    return FileResponse(path, media_type=MEDIA_TYPES[format], filename=path.name,
                        background=BackgroundTask(_remove, path.parent))


def _remove(folder: Path) -> None:
    for file in folder.iterdir():
        file.unlink()
    folder.rmdir()
