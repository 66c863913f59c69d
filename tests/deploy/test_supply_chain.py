"""Supply chain: the dependencies are locked (requirements.lock, versions and hashes, installed by
scripts/setup.sh), the lock agrees with pyproject.toml and with what the tests run on, and no locked version
has a known vulnerability that is not explained here.

The audit is `pip-audit` over the lock (PyPI's vulnerability data, from the JSON API). Where a package index
mirror serves only each project's latest-release JSON (pip-audit then skips the package as "not found"),
the same PyPI data is read from the project's JSON when its latest release is the locked one; a package
neither way can read is reported, not passed over.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import warnings
import tomllib
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
PINNED = re.compile(r"^([A-Za-z0-9._-]+)==([^ ;\\]+)(?: ;[^\\]*)?\s*\\?$")

# Vulnerabilities found in a locked version and judged not to apply, each with its reason. Empty today.
EXPLAINED: dict[str, str] = {}


def locked() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text().splitlines():
        match = PINNED.match(line)
        if match:
            pins[canonicalize_name(match[1])] = match[2]
    return pins


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    return [Requirement(text) for text in project["dependencies"] + extras["scale"] + extras["test"]]


def test_every_declared_dependency_is_locked_at_a_version_it_allows():
    pins = locked()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is declared in pyproject.toml but not locked: run the command in {LOCK.name}"
        assert requirement.specifier.contains(pins[name], prereleases=True), (name, pins[name], requirement)


def test_every_locked_package_carries_its_hashes():
    blocks = re.split(r"\n(?=[A-Za-z0-9._-]+==)", LOCK.read_text())
    missing = [block.split(" ", 1)[0] for block in blocks[1:] if "--hash=sha256:" not in block]
    assert not missing, f"locked without hashes: {missing}"


def test_setup_installs_the_locked_pip_with_its_hashes_before_the_rest():
    # A new venv's pip (23.x) refuses the lock in hash-checking mode once a newer release of an extra's package
    # (CacheControl[filecache]) is out; setup.sh cuts pip's block out of the lock with awk and installs it first.
    setup = (ROOT / "scripts" / "setup.sh").read_text()
    program = re.search(r"awk '([^']+)' requirements\.lock", setup)
    assert program, "setup.sh no longer installs the locked pip first"
    block = subprocess.run(["awk", program[1], str(LOCK)], capture_output=True, text=True, check=True).stdout
    lines = block.splitlines()
    assert lines[0] == f"pip=={locked()['pip']} \\"
    assert sum("--hash=sha256:" in line for line in lines) >= 1
    assert all(line.startswith(" ") for line in lines[1:])


def test_the_tests_run_on_the_locked_versions():
    pins, off = locked(), []
    for name, version in pins.items():
        if name == "setuptools":  # the venv's own is fine; pip is installed from the lock first (setup.sh)
            continue
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # a platform-conditional pin (colorama on Windows)
        if installed != version:
            off.append(f"{name} {installed} installed, {version} locked")
    assert not off, "; ".join(off) + " — run scripts/setup.sh"


def test_no_locked_version_has_an_unexplained_known_vulnerability():
    audit = subprocess.run([sys.executable, "-m", "pip_audit", "-r", str(LOCK), "--disable-pip", "--format", "json",
                            "--progress-spinner", "off"], capture_output=True, text=True, timeout=300)
    if audit.returncode not in (0, 1):
        pytest.fail(f"pip-audit failed: {audit.stderr.strip().splitlines()[-1:]}")
    found, skipped = {}, []
    for dependency in json.loads(audit.stdout)["dependencies"]:
        if "skip_reason" in dependency:
            skipped.append(canonicalize_name(dependency["name"]))
        for vulnerability in dependency.get("vulns", []):
            found[vulnerability["id"]] = f"{dependency['name']} {dependency['version']}: {vulnerability['id']}"
    pins, unaudited = locked(), []
    with ThreadPoolExecutor(8) as pool:
        for name, vulns, why in pool.map(lambda n: _latest_release_vulns(n, pins[n]), skipped):
            if why:
                unaudited.append(f"{name} {pins[name]}: {why}")
            found |= {v["id"]: f"{name} {pins[name]}: {v['id']} {v.get('summary') or ''}" for v in vulns}
    unexplained = [line for key, line in found.items() if key not in EXPLAINED]
    assert not unexplained, "known vulnerabilities in locked versions (upgrade, or explain in EXPLAINED):\n" + \
        "\n".join(unexplained)
    if unaudited:  # said, not failed: the index this machine reaches lacks their data, which is no finding
        warnings.warn(f"{len(unaudited)} of {len(pins)} locked packages could not be audited here: "
                      + "; ".join(unaudited), stacklevel=1)


def _latest_release_vulns(name: str, version: str) -> tuple[str, list[dict], str | None]:
    try:
        with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=30) as response:
            project = json.load(response)
    except OSError as exc:
        return name, [], f"PyPI did not answer ({exc})"
    if project["info"]["version"] != version:
        return name, [], f"the index has no data for {version} (latest is {project['info']['version']})"
    withdrawn = [v for v in project.get("vulnerabilities") or [] if not v.get("withdrawn")]
    return name, withdrawn, None
