"""The scale deployment's files, checked without a Docker engine (none on the development machines):
docker-compose.yml against the Compose Specification's JSON schema (tests/deploy/compose-spec.json, from
github.com/compose-spec/compose-go/v2 v2.16.2, Apache-2.0), and against what the application reads."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from docarchive.config import Settings

jsonschema = pytest.importorskip("jsonschema")
yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
ENV_EXAMPLE = dict(line.split("=", 1) for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
                   if line and not line.startswith("#"))
INTERPOLATION = re.compile(r"\$\{(\w+)(:?[-?])?([^}]*)\}")


def test_the_compose_file_follows_the_compose_specification():
    schema = json.loads((ROOT / "tests/deploy/compose-spec.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(COMPOSE)


def test_every_variable_the_compose_file_requires_is_in_the_env_example():
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    required = {name for name, op, _ in INTERPOLATION.findall(text) if op in ("", ":?", "?")}
    assert required <= ENV_EXAMPLE.keys()
    assert {name for name, _, _ in INTERPOLATION.findall(text)} >= ENV_EXAMPLE.keys()


def test_the_application_settings_in_the_compose_file_are_settings_docarchive_reads():
    known = {f"DOCARCHIVE_{name.upper()}" for name in Settings.model_fields} | {"DOCARCHIVE_PORT"}
    for service in ("api", "worker"):
        assert set(COMPOSE["services"][service]["environment"]) <= known
    assert set(name for name in ENV_EXAMPLE if name.startswith("DOCARCHIVE_")) <= known


def test_servers_are_healthy_before_the_application_starts_and_keep_their_data():
    services = COMPOSE["services"]
    assert "--replSet" in services["mongo"]["command"] and "replicaSet=" in \
        services["api"]["environment"]["DOCARCHIVE_MONGO_URL"]
    for server in ("mongo", "elasticsearch"):
        assert services[server]["healthcheck"]["test"]
        assert any(volume.split(":")[0] in COMPOSE["volumes"] for volume in services[server]["volumes"])
    for app in ("api", "worker"):
        assert services[app]["build"] == "."
        assert {name: dep["condition"] for name, dep in services[app]["depends_on"].items()} == \
            {"mongo": "service_healthy", "elasticsearch": "service_healthy"}
    assert services["worker"]["command"][:2] == ["docarchive", "worker"]


def test_the_image_installs_tesseract_with_chinese_and_the_scale_extra():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "tesseract-ocr-chi-sim" in dockerfile and '".[scale]"' in dockerfile
    assert re.search(r"^HEALTHCHECK .*/api/health", dockerfile, re.M)
