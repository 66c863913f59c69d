"""The settings a system administrator may read over HTTP. Every setting is read once, from the environment, at
start (config.py), so none changes at run time: the web's settings screen shows these, read-only, and says so.
Connection URLs (they may carry passwords) and keys are never shown; which deployment runs is."""

from __future__ import annotations

from typing import Any

from docarchive.config import Settings
from docarchive.domain.principal import Principal
from docarchive.services.access import require

SHOWN = ("ocr_engine", "ocr_runtime", "jobs", "max_file_bytes", "max_request_bytes", "allowed_hosts", "max_pages",
         "render_dpi", "queue_limit", "archive_no_format", "volume_archive_no_format", "fonds_code", "class_code",
         "org_code", "categories", "review_interval_months", "review_min_confidence", "own_names", "timezone",
         "audit_flush_ms")


def shown_settings(settings: Settings, principal: Principal) -> dict[str, Any]:
    require(principal, "manage_users", "read the settings")
    deployment = "scale" if settings.mongo_url or settings.es_url else "embedded"
    return {"deployment": deployment, "changed_at_run_time": False,
            "settings": {name: getattr(settings, name) for name in SHOWN}}
