"""The search index's access scope, on every backend: hits, totals and facets count only what a scope admits,
whether it is said as index tokens or (for grants on single records) as a condition on the stored rows."""

from __future__ import annotations

import pytest

from docarchive.domain.access import Access, ScopeClause, SearchScope
from docarchive.domain.customers import Customer
from docarchive.domain.documents import Confidentiality
from docarchive.domain.principal import Grant, Principal
from docarchive.search.plan import plan_query
from docarchive.search.query import parse_query
from tests.contract.test_search_index import HASHER, index_all, record

LI = Customer(customer_no="KH-1", name="利华", owner="li", department="sales")
WU = Customer(customer_no="KH-2", name="北方", owner="wu", department="north")
ZHAO = Customer(customer_no="KH-3", name="赵氏", owner="zhao", department="sales")


@pytest.fixture
def world(search_index):
    made = {}
    for key, customer, level in (("li-none", LI, "none"), ("li-secret", LI, "秘密"), ("li-conf", LI, "机密"),
                                 ("li-top", LI, "绝密"), ("wu-none", WU, "none"), ("zhao-none", ZHAO, "none"),
                                 ("unfiled", None, "none")):
        document = record(f"合同条款 {key}", customer_no=customer.customer_no if customer else None)
        document.confidentiality = Confidentiality(level)
        made[key] = document
    index_all(search_index, *made.values(), customers=[LI, WU, ZHAO])
    return search_index, {key: document.id for key, document in made.items()}


def found(index, scope, text="合同"):
    query = parse_query(text)
    results = index.search(plan_query(query, HASHER), query.filters, limit=100, scope=scope)
    assert results.total == len(results.hits) and sum(results.facets["doc_type"].values()) == results.total
    return {hit.id for hit in results.hits}


def browsed(index, scope):
    query = parse_query("", date_from="2000-01-01")
    return {hit.id for hit in index.search(None, query.filters, limit=100, scope=scope).hits}


def keys(ids, *names):
    return {ids[name] for name in names}


CASES = {  # principal → what they may read
    ("guan", ("archivist",), "archive"): ("li-none", "li-secret", "li-conf", "wu-none", "zhao-none", "unfiled"),
    ("li", ("staff",), "sales"): ("li-none",),
    ("mgr", ("manager",), "sales"): ("li-none", "zhao-none"),
    ("adm", ("admin",), "it"): (),
    ("sec", ("security",), "security"): (),
}


@pytest.mark.parametrize("who", CASES)
def test_each_roles_scope_admits_what_it_may_read_on_every_path(world, who):
    index, ids = world
    scope = Access(Principal(*who)).search_scope()
    wanted = keys(ids, *CASES[who])
    assert found(index, scope) == wanted
    assert browsed(index, scope) == wanted
    customer_only = parse_query("合同", customer_no="KH-1")
    hits = index.search(plan_query(customer_only, HASHER), customer_only.filters, limit=100, scope=scope).hits
    assert {hit.id for hit in hits} == wanted & keys(ids, "li-none", "li-secret", "li-conf", "li-top")


def test_grants_admit_a_single_record_and_another_departments_customer(world):
    index, ids = world
    grants = (Grant("record", ids["li-secret"], "wu", until=None), Grant("customer", "KH-3", "wu", until=None))
    scope = Access(Principal("wu", ("staff",), "north", grants=grants)).search_scope()
    assert found(index, scope) == keys(ids, "wu-none", "li-secret", "zhao-none")
    assert browsed(index, scope) == keys(ids, "wu-none", "li-secret", "zhao-none")


def test_no_clause_finds_nothing_and_no_scope_finds_everything(world):
    index, ids = world
    assert found(index, SearchScope()) == set()
    assert found(index, None) == set(ids.values())
    assert found(index, SearchScope((ScopeClause(levels=("none", "秘密", "机密", "绝密")),))) == set(ids.values())
