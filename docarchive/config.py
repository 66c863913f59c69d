"""One Settings object, read from the environment (prefix DOCARCHIVE_). Only bootstrap.py reads it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from docarchive.domain.categories import CATEGORIES
from docarchive.domain.customers import DEFAULT_ARCHIVE_NO_FORMAT
from docarchive.domain.paper.codes import DEFAULT_VOLUME_ARCHIVE_NO_FORMAT


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOCARCHIVE_", extra="ignore")

    home: Path = Field(default=Path("./docarchive-data"), description="Where the embedded store keeps its files")
    mongo_url: str | None = Field(default=None, description="Set to keep records, blobs and jobs in MongoDB")
    mongo_database: str = Field(default="docarchive", description="The MongoDB database docarchive uses")
    es_url: str | None = Field(default=None, description="Set to search with Elasticsearch instead of SQLite FTS5")
    es_index_prefix: str = Field(default="docarchive", description="Elasticsearch index and alias names start so")

    ocr_engine: Literal["tesseract", "rapidocr"] = "rapidocr"
    tesseract_languages: str = "chi_sim"  # measured: adding eng turned Chinese lines into Latin gibberish
    ocr_rec_batch: int = Field(default=1, ge=1, le=64, description="RapidOCR: text lines per recognition call")
    ocr_runtime: Literal["openvino", "onnxruntime"] = Field(default="openvino", description="RapidOCR's runtime")
    ocr_det_scale: float = Field(default=0.6, gt=0, le=1, description="RapidOCR: text detection on a copy this "
                                 "fraction of a 2000 px page, boxes then fitted to the page's ink (1: on the page "
                                 "itself, ~0.45 CPU s a page more)")
    ocr_gpu: bool = Field(default=False, description="RapidOCR on CUDA where onnxruntime-gpu finds a device")
    # Models OpenVINO compiled for this CPU, kept per user (like pip's or a browser's cache, not per archive): a
    # worker then starts in ~0.2 CPU s instead of ~1 s. "off" compiles at every start.
    ocr_cache_dir: str = Field(default="auto", description='"auto" ($XDG_CACHE_HOME or ~/.cache, /docarchive/'
                               'openvino), "off", or a directory')
    jobs: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1, le=64)

    max_file_bytes: int = 200 * 1024 * 1024
    max_request_bytes: int = Field(default=512 * 1024 * 1024, description="A larger HTTP request body is a 413")
    # The host names the server answers to (Host header); any other is a 400. Add the name users type.
    allowed_hosts: list[str] = Field(default_factory=lambda: ["localhost", "127.0.0.1"])
    # Sign-ins a minute from one address. An office behind one NAT address at nine o'clock may need more.
    sign_in_attempts_per_minute: int = Field(default=10, ge=1, le=100_000)
    max_pages: int = Field(default=500, ge=1, description="Longer files are refused, not half-ingested")
    max_image_pixels: int = Field(default=80_000_000, description="Decompression-bomb guard per page")
    render_dpi: int = Field(default=200, ge=72, le=600)
    # Page images (the viewer's pages and thumbnails) are made in these widths only, a request snapped to the
    # next one up, and kept in home/cache/pages up to page_cache_mb (least recently viewed removed first; 0: off).
    page_widths: list[int] = Field(default_factory=lambda: [120, 200, 400, 800, 1200, 1600, 2400, 4000],
                                   min_length=1, description="The widths page images are made in (16-4000)")
    page_cache_mb: int = Field(default=1024, ge=0, description="Page-image cache size limit in MB (0: no cache)")

    queue_limit: int = Field(default=200, ge=1, description="Uploads waiting beyond this are refused with 503")
    job_lease_seconds: float = Field(
        default=120.0, gt=0, description="A dead worker's job (and the index changes it had claimed) is retried after this")

    archive_no_format: str = DEFAULT_ARCHIVE_NO_FORMAT
    # Customer files (一户一档): the categories records are filed in (the last takes what fits nowhere else),
    # completeness rules replacing the defaults of the customer types they name (JSON: {"enterprise": [{"key":
    # …, "label": …, "doc_types": […], "title_words": […], "min_count": 1, "pages": 1}]}), and the review cycle.
    categories: list[str] = Field(default_factory=lambda: list(CATEGORIES))
    completeness_rules: dict[str, list[dict]] | None = None
    review_interval_months: int = Field(default=12, ge=1, le=120)
    timezone: str = Field(default="Asia/Shanghai", description="Where times given without a zone were meant")
    # Paper volumes (案卷): archive numbers in the style of DA/T 13 (全宗号-门类代码·年度-保管期限-机构代码-案卷号).
    volume_archive_no_format: str = DEFAULT_VOLUME_ARCHIVE_NO_FORMAT
    fonds_code: str = Field(default="Z001", description="全宗号 in volume archive numbers")
    # 保管期限 (domain/retention.py): per category a period — Y, D30, D10 or years — and its start event
    # (filing, contract_end, customer_former), e.g. '{"沟通记录": "5:customer_former"}'; and the period of a
    # record neither a volume nor its category gives one.
    retention_by_category: dict[str, str] = Field(default_factory=dict)
    record_retention: str = Field(default="D30", description="Retention of a record filed in no volume")
    # Tests and demonstrations only (the six months of a quarantine walked through in minutes): the time the
    # clock shows, ISO with an offset. Never set it on a real deployment: every time the trail records follows it.
    fixed_clock: str | None = Field(default=None, description="Tests/demonstrations only: the clock's fixed time")
    class_code: str = Field(default="KH", description="门类代码 in volume archive numbers (KH: customer files)")
    org_code: str = Field(default="DAS", description="机构代码 in volume archive numbers")
    # Linking records to customers (domain/linking.py): the company's own names (JSON list: on a contract the
    # customer is the party that is not us; without them a party name is only a suggestion for review), and
    # the OCR confidence under which a page waits for a person.
    own_names: list[str] = Field(default_factory=list, description="The company's own names, e.g. '[\"恒通商贸有限公司\"]'")
    review_min_confidence: float = Field(default=0.80, ge=0, le=1)
    audit_flush_ms: int = Field(default=50, ge=0, le=5000, description="Audit events are written in batches at most "
                                "this old (0: each one before its action is answered)")
    id_hash_key: str | None = Field(default=None, min_length=32, description=(
        "HMAC key for searchable ID numbers; unset, the embedded default makes its own under home/keys"))
    # AES-256 keys that encrypt ID numbers, ID-card originals and page images at rest, as `<8-character id>:<64
    # hex>`, the current one first. Unset, the embedded default makes its own under home/keys/data; a MongoDB
    # deployment must be given them (every host alike) and refuses to start without.
    data_keys: list[str] | None = Field(default=None, min_length=1, description="Data keys, current first")
    # Archive-room care (库房管理, domain/room_care.py): acceptable climate (JGJ 25 for paper stacks: 14–24 °C,
    # 45–60 % RH) and each check kind's interval in days (fire, moisture, pests, locks, dust).
    room_temperature_range: tuple[float, float] = Field(default=(14.0, 24.0), description="Acceptable °C, low and high")
    room_humidity_range: tuple[float, float] = Field(default=(45.0, 60.0), description="Acceptable % RH, low and high")
    room_check_interval_days: dict[str, int] | None = Field(default=None, description=(
        'Days between checks per kind, e.g. \'{"fire": 30, "locks": 7}\'; unnamed kinds keep their defaults'))

    @property
    def database_path(self) -> Path:
        return self.home / "docarchive.sqlite3"

    @property
    def blobs_path(self) -> Path:
        return self.home / "blobs"

    @property
    def ocr_cache_path(self) -> Path | None:
        if self.ocr_cache_dir == "off":
            return None
        if self.ocr_cache_dir != "auto":
            return Path(self.ocr_cache_dir).expanduser()
        if os.environ.get("XDG_CACHE_HOME"):
            return Path(os.environ["XDG_CACHE_HOME"]) / "docarchive" / "openvino"
        try:
            return Path.home() / ".cache" / "docarchive" / "openvino"
        except RuntimeError:  # an account without a home directory: compile at each start
            return None

    @property
    def cache_path(self) -> Path:
        return self.home / "cache"
