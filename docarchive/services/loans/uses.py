"""The lending desk as a source of the use report (利用统计, services/holdings.py): each volume handed over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterator

from docarchive.domain.lending import LENT, RETURNED
from docarchive.ports.loans import LoanFilter, LoanStore
from docarchive.services.holdings import Use

# The register is read whole for a report: a company's loans number thousands a year, not millions.
MAX_LOANS = 1_000_000


@dataclass(frozen=True)
class LoanUses:
    """One use per volume handed over in [since, until), of the kind the loan was made (read/out/copy)."""

    store: LoanStore
    name: str = "loan"

    def uses(self, since: datetime, until: datetime) -> Iterator[Use]:
        for loan in self.store.list(LoanFilter(statuses=(LENT, RETURNED)), limit=MAX_LOANS):
            for volume in loan.volumes:
                if volume.out_at is not None and since <= volume.out_at < until:
                    yield Use(volume.out_at, self.name, loan.mode, archive_no=volume.archive_no)
