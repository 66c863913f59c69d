"""PDFium is not thread-safe: the API reads PDFs from many request threads at once (an upload counting pages
while others draw page images). Run in a child process, as a crash would take the test runner down with it."""

from __future__ import annotations

import subprocess
import sys

HAMMER = """
import threading
from docarchive.ingest.formats import Limits, count_pages, render_page
from tests.text_pdfs import complaint
files = [complaint(f"KH-2024-{n:05d}") for n in range(4)]
def work(k):
    for i in range(40):
        data = files[(k + i) % 4]
        count_pages(data, "application/pdf", Limits())
        render_page(data, "application/pdf", 1, Limits(dpi=72))
threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
[t.start() for t in threads]
[t.join() for t in threads]
print("ok")
"""


def test_pdfs_read_from_many_threads_at_once_do_not_crash_the_process():
    done = subprocess.run([sys.executable, "-c", HAMMER], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.strip() == "ok", (done.returncode, done.stderr[-1000:])
