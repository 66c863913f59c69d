"""The FTS5 index's own schema: an index written by an earlier version is migrated, not rebuilt."""

from __future__ import annotations

from contextlib import closing

from docarchive.adapters.records.sqlite import connect, migrate
from docarchive.adapters.search import fts5
from docarchive.adapters.search.fts5 import Fts5SearchIndex
from docarchive.domain.documents import DocType
from docarchive.search.plan import plan_query
from docarchive.search.query import parse_query
from tests.contract.test_search_index import HASHER, record
from docarchive.search.entries import search_entry


def test_an_index_from_schema_v1_keeps_its_entries_and_gains_filters(tmp_path):
    path = tmp_path / "search.sqlite3"
    contract = record("设备采购合同", doc_type=DocType.CONTRACT, customer_no="KH-2019-00042")
    with closing(connect(path)) as conn:
        migrate(conn, fts5.MIGRATIONS[:1], component="search_fts5")
        conn.execute("BEGIN")
        _insert_v1(conn, search_entry(contract, None, HASHER))
        conn.execute("COMMIT")
    index = Fts5SearchIndex(path)
    query = parse_query("合同", doc_type="contract", customer_no="KH-2019-00042")
    assert [hit.id for hit in index.search(plan_query(query, HASHER), query.filters).hits] == [contract.id]
    other = parse_query("合同", doc_type="other")
    assert index.search(plan_query(other, HASHER), other.filters).total == 0


def _insert_v1(conn, entry) -> None:
    values = (entry.id, entry.doc_type, entry.category, entry.customer_no, entry.grade, entry.year,
              entry.date.isoformat() if entry.date else None, entry.created_at.isoformat(),
              entry.confidentiality, entry.owner, entry.department)
    cursor = conn.execute(f"INSERT INTO search_docs ({', '.join(fts5._DOC_COLUMNS)}) VALUES "
                          f"({', '.join('?' * len(values))})", values)
    f, b = entry.fields_text, entry.body_text
    conn.execute("INSERT INTO search_fts (rowid, f_bigrams, f_chars, f_words, b_bigrams, b_chars, b_words, keys) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (cursor.lastrowid, f.bigrams, f.chars, f.words, b.bigrams, b.chars, b.words, " ".join(entry.keys)))


def _fts_config(path) -> dict:
    with closing(connect(path)) as conn:
        return dict(conn.execute("SELECT k, v FROM search_fts_config").fetchall())


def test_an_index_from_schema_v2_gains_the_bigger_write_buffer(tmp_path):
    path = tmp_path / "search.sqlite3"
    with closing(connect(path)) as conn:
        migrate(conn, fts5.MIGRATIONS[:2], component="search_fts5")
    assert "hashsize" not in _fts_config(path)
    Fts5SearchIndex(path)
    assert _fts_config(path)["hashsize"] == fts5.WRITE_BUFFER_BYTES


def test_a_rebuild_leaves_one_merged_segment_that_keeps_merging_later_writes(tmp_path):
    path = tmp_path / "search.sqlite3"
    index = Fts5SearchIndex(path)
    old, new = record("旧的合同"), record("新的合同")
    index.upsert([search_entry(old, None, HASHER)])
    assert index.rebuild([search_entry(new, None, HASHER)], []) == 1
    config = _fts_config(path)
    assert config["automerge"] == 4 and config["hashsize"] == fts5.WRITE_BUFFER_BYTES
    query = parse_query("合同")
    assert [hit.id for hit in index.search(plan_query(query, HASHER), query.filters).hits] == [new.id]
