"""Generated Chinese customer papers ("scans") whose content is known exactly.

Tests, benchmarks and the demo use these instead of real customer files::

    from docarchive.samples import write_samples
    files = write_samples(tmp_path, count=8, seed=1, level="light")
    files[0].truth["fields"]   # what field extraction should find
"""

from docarchive.samples.degrade import LEVELS, degrade, rotate_quarter
from docarchive.samples.people import SampleData, amount_in_words, cn_date, format_amount
from docarchive.samples.render import SampleDoc, render_pages, render_text_page
from docarchive.samples.writer import (
    SampleFile, customer_docs, truth_path, write_customer_bundle, write_doc, write_samples,
)

__all__ = [
    "LEVELS", "SampleData", "SampleDoc", "SampleFile", "amount_in_words", "cn_date", "customer_docs", "degrade",
    "format_amount", "render_pages", "render_text_page", "rotate_quarter", "truth_path", "write_customer_bundle",
    "write_doc", "write_samples",
]
