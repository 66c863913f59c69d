"""Customer transfers' shapes (typed in the OpenAPI schema; the CLI prints the same)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from docarchive.domain.customers import Customer
from docarchive.services.customer_transfer import MAX_TRANSFER, Handover


class TransferBody(BaseModel):
    from_owner: str = Field(min_length=1, max_length=64, description="who hands the files over")
    to_owner: str = Field(min_length=1, max_length=64, description="who keeps them from now on")
    to_department: str | None = Field(default=None, max_length=64, description="default: each keeps its own")
    customer_nos: list[str] | None = Field(default=None, max_length=MAX_TRANSFER,
                                           description="default: every file from_owner keeps")
    reason: str = Field(default="", max_length=500, description="why (required; kept in each file's history)")

    def handover(self) -> Handover:
        return Handover(from_owner=self.from_owner, to_owner=self.to_owner, reason=self.reason,
                        to_department=self.to_department, customer_nos=self.customer_nos)


class TransferredCustomer(BaseModel):
    customer_no: str
    name: str
    owner: str
    department: str


class TransferOut(BaseModel):
    count: int
    customers: list[TransferredCustomer]

    @classmethod
    def of(cls, customers: list[Customer]) -> "TransferOut":
        return cls(count=len(customers), customers=[
            TransferredCustomer(customer_no=c.customer_no, name=c.name, owner=c.owner, department=c.department)
            for c in customers])
