"""Who keeps a customer file they open: staff, managers and directors themselves; archivists name someone."""

from __future__ import annotations

from docarchive.domain.customers import Customer, customer_fields, default_keeper
from docarchive.domain.principal import Principal


def test_staff_keep_the_files_they_open_unless_they_name_a_keeper():
    staff = Principal("wang", ("staff",), "销售一部")
    assert default_keeper(staff, {"name": "甲"}) == {"owner": "wang", "department": "销售一部", "name": "甲"}
    assert default_keeper(staff, {"owner": "li", "department": ""})["owner"] == "li"
    assert default_keeper(staff, {"owner": "li", "department": ""})["department"] == ""


def test_an_archivist_or_the_system_opens_files_for_others():
    for principal in (Principal("local", ("archivist",)), Principal("ingest", ("system",)),
                      Principal("zhang", ("archivist", "staff"))):
        assert default_keeper(principal, {"name": "甲"}) == {"name": "甲"}


def test_the_keeper_is_part_of_what_the_change_log_compares():
    assert customer_fields(Customer("KH-1", name="甲", owner="wang", department="销售一部")) == {
        "name": "甲", "owner": "wang", "department": "销售一部"}
