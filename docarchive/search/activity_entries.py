"""What gets indexed for an activity entry: the same SearchEntry as a record, with its own doc_type, so
communications, transactions and complaints are found with the scans, under their categories."""

from __future__ import annotations

from docarchive.domain.activities import Activity
from docarchive.domain.customers import Customer
from docarchive.ports.search import SearchEntry
from docarchive.search.analysis import index_terms
from docarchive.search.entries import strip_id_numbers
from docarchive.search.plan import IdNumberHasher, exact_key

ACTIVITY_DOC_TYPE = "activity"
_NAME_DETAILS = ("contact", "product", "channel")


def activity_entry(activity: Activity, customer: Customer | None, hasher: IdNumberHasher) -> SearchEntry:
    body, id_numbers = strip_id_numbers(activity.text)
    numbers = [activity.customer_no] + ([customer.archive_no] if customer else [])
    keys = {exact_key(n) for n in numbers if n} | {hasher.key_for(n) for n in id_numbers}
    return SearchEntry(
        id=activity.id,
        doc_type=ACTIVITY_DOC_TYPE,
        category=activity.category,
        title=activity.title,
        customer_no=activity.customer_no,
        customer_name=customer.name if customer else "",
        archive_no=customer.archive_no if customer else "",
        grade=str(customer.profile["grade"]) if customer and customer.profile.get("grade") else None,
        date=activity.occurred_at.date(),
        created_at=activity.created_at or activity.occurred_at,
        confidentiality=activity.confidentiality.value,
        owner=customer.owner if customer else activity.owner,  # the file's keeper, as for its records
        department=customer.department if customer else activity.department,
        fields_text=index_terms(_field_text(activity, customer)),
        body_text=index_terms(body),
        keys=tuple(sorted(key for key in keys if key)),
        version=activity.version,
    )


def _field_text(activity: Activity, customer: Customer | None) -> str:
    parts = [activity.title, *(str(activity.details.get(k) or "") for k in _NAME_DETAILS)]
    if customer:
        parts += [customer.name, customer.customer_no, customer.archive_no]
    return "\n".join(part for part in parts if part)
