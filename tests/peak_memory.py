"""Running a `docarchive` command in a child and measuring that child's peak memory alone."""

from __future__ import annotations

import json
import subprocess
import sys

# A fresh parent per measurement: RUSAGE_CHILDREN is the largest of all the children a process has waited for,
# so the test process itself (which ran other children before) cannot measure one child on its own.
_MEASURE = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=600)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
print(json.dumps({"returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr, "peak_kib": peak}))
"""


def run_measured(*args: str, env: dict[str, str]) -> tuple[subprocess.CompletedProcess, int]:
    """`python -m docarchive ARGS` → its result and its peak resident memory in MB."""
    wrapper = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "docarchive", *args], env=env,
                             capture_output=True, text=True, timeout=660, check=True)
    measured = json.loads(wrapper.stdout)
    result = subprocess.CompletedProcess(args, measured["returncode"], measured["stdout"], measured["stderr"])
    return result, measured["peak_kib"] // 1024
