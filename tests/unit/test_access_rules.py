"""The pure access rules: effective levels, sights by role and scope, grants, and the search scope."""

from datetime import UTC, datetime

import pytest

from docarchive.domain.access import ACTIONS, Access, ScopeClause, Sight, Subject, effective_level
from docarchive.domain.documents import Confidentiality, Document, DocType
from docarchive.domain.errors import Forbidden
from docarchive.domain.principal import Grant, Principal

LATER = datetime(2030, 1, 1, tzinfo=UTC)


def test_the_effective_level_is_the_higher_of_the_records_and_its_volumes():
    assert effective_level("none", "机密") == Confidentiality.CONFIDENTIAL
    assert effective_level("绝密", "秘密") == Confidentiality.TOP_SECRET
    assert effective_level(None, "") == Confidentiality.NONE
    document = Document(id="d", sha256="s", filename="f", media_type="m", size=1, doc_type=DocType.OTHER, pages=[],
                        confidentiality=Confidentiality.SECRET, volume_confidentiality=Confidentiality.CONFIDENTIAL)
    assert document.effective_confidentiality == Confidentiality.CONFIDENTIAL
    document.volume_confidentiality = Confidentiality.NONE  # filed on into an open volume: back to its own
    assert document.effective_confidentiality == Confidentiality.SECRET


@pytest.mark.parametrize("level, sight", [("none", Sight.FULL), ("秘密", Sight.METADATA), ("机密", Sight.METADATA),
                                          ("绝密", Sight.HIDDEN)])
def test_staff_see_their_own_customers_by_level(level, sight):
    staff = Access(Principal("li", ("staff",), "sales"))
    assert staff.sight(Subject(level, "KH-1", owner="li", department="sales", document_id="d")) == sight
    assert staff.sight(Subject(level, "KH-2", owner="wang", department="sales", document_id="d")) == Sight.HIDDEN


def test_grants_raise_a_secret_record_to_lent_a_confidential_one_to_read_and_never_top_secret():
    grants = tuple(Grant("record", d, "li", LATER) for d in ("s", "c", "t"))
    staff = Access(Principal("li", ("staff",), "sales", grants=grants))
    mine = {"customer_no": "KH-1", "owner": "li", "department": "sales"}
    assert staff.sight(Subject("秘密", document_id="s", **mine)) == Sight.FULL
    assert staff.sight(Subject("机密", document_id="c", **mine)) == Sight.READ
    assert staff.sight(Subject("绝密", document_id="t", **mine)) == Sight.HIDDEN


def test_a_customer_grant_opens_another_departments_file_at_the_open_level_only():
    staff = Access(Principal("li", ("staff",), "sales", grants=(Grant("customer", "KH-9", "li", LATER),)))
    theirs = {"customer_no": "KH-9", "owner": "wu", "department": "north"}
    assert staff.sees_customer("KH-9", "wu", "north")
    assert staff.sight(Subject("none", **theirs)) == Sight.FULL
    assert staff.sight(Subject("秘密", **theirs)) == Sight.METADATA


def test_the_administrator_sees_no_content_and_unfiled_records_are_the_archive_rooms():
    assert Access(Principal("adm", ("admin",))).sight(Subject("none", "KH-1")) == Sight.HIDDEN
    assert Access(Principal("li", ("staff",))).sight(Subject("none", None)) == Sight.HIDDEN
    assert Access(Principal("guan", ("archivist",))).sight(Subject("none", None)) == Sight.FULL


def test_roles_are_required_for_actions_with_a_reason_in_the_refusal():
    with pytest.raises(Forbidden, match="your role may not file records"):
        Access(Principal("li", ("staff",))).require("paper", "file records")
    Access(Principal("guan", ("archivist",))).require("paper")


def test_an_all_customers_scope_absorbs_the_grants_and_a_narrow_one_lists_them():
    grants = (Grant("record", "d1", "x", LATER), Grant("customer", "KH-9", "x", LATER))
    wide = Access(Principal("guan", ("archivist",), grants=grants)).search_scope()
    assert wide.clauses == (ScopeClause(levels=("none", "秘密", "机密")),)
    narrow = Access(Principal("li", ("staff",), "sales", grants=grants)).search_scope()
    assert ScopeClause(levels=("none", "秘密", "机密"), ids=("d1",)) in narrow.clauses
    assert ScopeClause(levels=("none",), customer_nos=("KH-9",)) in narrow.clauses
    assert Access(Principal("adm", ("admin",))).search_scope().nothing


def test_only_roles_scoped_to_a_department_or_owner_need_the_customer_files_keeper():
    assert not Access(Principal("guan", ("archivist",))).needs_keeper
    assert not Access(Principal("aud", ("auditor",))).needs_keeper
    assert Access(Principal("li", ("staff",), "sales")).needs_keeper
    assert Access(Principal("mgr", ("manager", "auditor"), "sales")).needs_keeper


@pytest.mark.parametrize("role", sorted(ACTIONS["reports"]))
def test_whoever_may_see_reports_over_the_whole_archive_knows_of_every_record_and_file(role):
    """The statistics over time count the whole archive from kept counts (services/stats_trends.py): they
    hide nothing only because every role with `reports` lists every record of every file, at any level."""
    access = Access(Principal("someone", (role,)))
    assert access.lists_every_record
    for level in Confidentiality:
        assert access.sight(Subject(level=level, customer_no="KH-1", owner="other", department="other")) \
            >= Sight.METADATA
        assert access.sight(Subject(level=level)) >= Sight.METADATA  # an unfiled record too


@pytest.mark.parametrize("roles", [("staff",), ("manager",), ("admin",), ("sensor",), ()])
def test_those_limited_to_some_files_or_levels_do_not_list_every_record(roles):
    assert not Access(Principal("someone", roles, department="sales")).lists_every_record
