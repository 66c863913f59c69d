"""Scale search: Elasticsearch 8, behind aliases so that a rebuild never leaves readers without an index.

Text arrives pre-tokenised (docarchive.search.analysis) and is only split at spaces here; request bodies
and mappings live in `_es_query` and `_es_mapping`, which know nothing of the driver.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from itertools import islice
from typing import Any, Iterable, Iterator, Sequence

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError

from docarchive.adapters.search._es_mapping import (
    KIND_SETTINGS, KINDS, MAPPING_VERSION, MAPPINGS, IndexNames, customer_document, index_settings, new_stamp,
    record_document,
)
from docarchive.adapters.search._es_query import (
    empty_results, plan_query, results, search_bodies, stale_copies_query, suggest_bodies, suggestions,
)
from docarchive.domain.access import SearchScope
from docarchive.domain.errors import BackendUnavailable
from docarchive.ports.search import CustomerEntry, IndexResults, Progress, SearchEntry, SearchLimits, Sort
from docarchive.search.plan import PlanClause, exact_key
from docarchive.search.query import Filters

CHUNK_ENTRIES = 1_000
FORCE_MERGE_TIMEOUT = 3600  # seconds; merging a million pages takes minutes on a small node
CHUNK_BYTES = 16 * 1024 * 1024  # well under http.max_content_length (100 MB); page text is 3 bytes a char
# One bulk line pair: (action, source or None for a delete).
Operation = tuple[dict[str, Any], dict[str, Any] | None]


class ElasticsearchSearchIndex:
    def __init__(self, url: str, *, index_prefix: str = "docarchive", timeout: float = 10,
                 shards: int = 1, replicas: int = 0, refresh_interval: str = "1s",
                 limits: SearchLimits = SearchLimits()):
        self.url = url
        self.limits = limits
        self._names = IndexNames(index_prefix)
        self._settings = index_settings(shards, replicas, refresh_interval)
        self._es = Elasticsearch(url, request_timeout=timeout, max_retries=2, retry_on_timeout=True)
        self._ready = False
        self._last_written = 0

    # --- writing ---------------------------------------------------------------------------------

    def upsert(self, entries: Sequence[SearchEntry]) -> None:
        self._ensure()
        # External versions: a slow indexer whose lease ran out can never overwrite a newer state of the record.
        self._write("records", [({"index": {"_id": e.id, "version": e.version, "version_type": "external_gte"}},
                                 record_document(e, self._written())) for e in entries])

    def delete(self, ids: Sequence[str]) -> None:
        self._ensure()
        self._write("records", [({"delete": {"_id": doc_id}}, None) for doc_id in ids])

    def upsert_customers(self, customers: Sequence[CustomerEntry]) -> None:
        self._ensure()
        self._write("customers", [({"index": {"_id": c.customer_no}}, customer_document(c)) for c in customers])

    def records_to_refresh(self, customer: CustomerEntry) -> list[str]:
        self._ensure()
        with self._translated(f"compare the records of customer {customer.customer_no}"):
            try:
                held = self._es.get(index=self._names.alias("customers"), id=customer.customer_no,
                                    source_includes=["name", "archive_no"])["_source"]
            except NotFoundError:
                held = None
            return list(self._record_ids(stale_copies_query(customer, held)))

    def _record_ids(self, query: dict[str, Any]) -> Iterator[str]:
        """Every matching record's id, a page at a time (a customer may have more than one page of records)."""
        after = None
        while True:
            page = self._es.search(index=self._names.alias("records"), query=query, size=CHUNK_ENTRIES,
                                   sort=[{"doc_id": "asc"}], source=False, search_after=after)["hits"]["hits"]
            yield from (hit["_id"] for hit in page)
            if len(page) < CHUNK_ENTRIES:
                return
            after = page[-1]["sort"]

    def rebuild(
        self, entries: Iterable[SearchEntry], customers: Iterable[CustomerEntry], *, progress: Progress | None = None
    ) -> int:
        """Loads new indices beside the live ones, then moves both aliases in one atomic call.

        Writes made while it loads go to the old indices and are not carried over: run it while ingest is
        paused, or re-send what changed meanwhile."""
        stamp = new_stamp()
        new = {kind: self._names.new_index(kind, stamp) for kind in KINDS}
        with self._translated("rebuild the search index"):
            try:
                count = self._load(new, entries, customers, progress)
                old = {kind: self._aliased(kind) for kind in KINDS}
                self._switch_aliases(new)
            except BaseException:
                self._abandon(new)
                raise
            self._discard([index for kind in KINDS for index in old[kind] if index != new[kind]])
        self._ready = True
        return count

    # --- reading ---------------------------------------------------------------------------------

    def search(
        self, plan: PlanClause | None, filters: Filters, *, offset: int = 0, limit: int = 20, sort: Sort = "relevance",
        scope: SearchScope | None = None,
    ) -> IndexResults:
        query = plan_query(plan) if plan is not None else None
        if (plan is not None and query is None) or (scope is not None and scope.nothing):
            return empty_results()
        self._ensure()
        bodies = search_bodies(query, filters, offset=offset, limit=limit, sort=sort, limits=self.limits,
                               scope=scope)
        with self._translated("search"):
            responses = self._msearch("records", bodies, "search")
        return results(*responses, self.limits)

    def suggest(self, prefix: str, *, limit: int = 10) -> list[CustomerEntry]:
        bodies = suggest_bodies(exact_key(prefix), prefix, limit)
        if not bodies:
            return []
        self._ensure()
        with self._translated("suggest customers"):
            responses = self._msearch("customers", bodies, "suggest customers")
        return suggestions(responses, limit)

    def _msearch(self, kind: str, bodies: list[dict[str, Any]], action: str) -> list[dict[str, Any]]:
        searches = [line for body in bodies for line in ({}, body)]
        responses = self._es.msearch(index=self._names.alias(kind), searches=searches).body["responses"]
        for response in responses:
            if "error" in response:
                raise BackendUnavailable(f"Elasticsearch refused to {action}: {_reason(response)}")
        return responses

    def count(self) -> int:
        self._ensure()
        with self._translated("count records"):
            return int(self._es.count(index=self._names.alias("records"))["count"])

    def indexed_ids(self) -> Iterator[str]:
        """Every record id in the index (a scroll in index order, cleared when done)."""
        from elasticsearch.helpers import scan

        self._ensure()
        with self._translated("list the indexed records"):
            hits = scan(self._es, index=self._names.alias("records"), query={"query": {"match_all": {}}},
                        _source=False, size=1000, scroll="2m")
            ids = [hit["_id"] for hit in hits]
        return iter(ids)

    def close(self) -> None:
        self._es.close()

    def drop(self) -> None:
        """Deletes this prefix's indices (and so their aliases); for tests and decommissioning."""
        with self._translated("drop the search indices"):
            patterns = ",".join(self._names.pattern(kind) for kind in KINDS)
            found = self._es.indices.get(index=patterns, allow_no_indices=True, expand_wildcards="open,closed")
            ours = [name for name in found.body if self._names.owns(name)]
            if ours:  # by name: production clusters refuse wildcard deletes (action.destructive_requires_name)
                self._es.indices.delete(index=",".join(ours))
        self._ready = False

    # --- indices and aliases ---------------------------------------------------------------------

    def _ensure(self) -> None:
        """Creates missing indices on first use; refuses an index built with another mapping version."""
        if self._ready:
            return
        with self._translated("open the search indices"):
            for kind in KINDS:
                self._ensure_kind(kind)
        self._ready = True

    def _ensure_kind(self, kind: str) -> None:
        current = self._aliased(kind)
        if not current:
            alias = self._names.alias(kind)
            self._create(self._names.new_index(kind, new_stamp()), kind, aliases={alias: {}})
            current = self._settle(kind)
        versions = {self._names.version(index, kind) for index in current}
        if versions != {MAPPING_VERSION}:
            found = ", ".join(f"v{version}" for version in sorted(map(str, versions)))
            raise BackendUnavailable(f"search index {', '.join(current)} has mapping {found}, this docarchive "
                                     f"needs v{MAPPING_VERSION}: run `docarchive reindex`")

    def _settle(self, kind: str) -> list[str]:
        """Two processes starting together may each create an index under the alias: all keep the one
        created first (by the cluster's clock), the only one that can have been written to."""
        current = self._aliased(kind)
        if len(current) > 1:
            created = self._es.indices.get_settings(index=",".join(current), name="index.creation_date").body
            current.sort(key=lambda index: int(created[index]["settings"]["index"]["creation_date"]))
            self._discard(current[1:])
        return current[:1]

    def _abandon(self, new: dict[str, str]) -> None:
        """Removes a failed rebuild's indices, unless the alias switch went through after all (a timeout)."""
        try:
            live = {index for kind in KINDS for index in self._aliased(kind)}
        except (ApiError, TransportError):
            return  # cannot tell: leave them, unaliased and harmless (drop removes them)
        self._discard([index for index in new.values() if index not in live])

    def _discard(self, indices: list[str]) -> None:
        """Best effort: a leftover index is harmless (drop removes it) and must not hide the real error."""
        if not indices:
            return
        try:
            self._es.options(ignore_status=404).indices.delete(index=",".join(indices))
        except (ApiError, TransportError):
            pass

    def _create(self, index: str, kind: str, *, aliases: dict[str, Any] | None = None,
                settings: dict[str, Any] | None = None) -> None:
        self._es.indices.create(index=index, mappings=MAPPINGS[kind],
                                settings={**self._settings, **KIND_SETTINGS[kind], **(settings or {})}, aliases=aliases)

    def _written(self) -> int:
        """Increasing write stamps: the clock in nanoseconds, never equal to or below the last one."""
        self._last_written = max(time.time_ns(), self._last_written + 1)
        return self._last_written

    def _aliased(self, kind: str) -> list[str]:
        try:
            return list(self._es.indices.get_alias(name=self._names.alias(kind)).body)
        except NotFoundError:
            return []

    def _switch_aliases(self, new: dict[str, str]) -> None:
        # Removing by pattern also clears an alias a concurrent rebuild has just added; must_exist=False
        # makes the first rebuild (no alias yet) the same call.
        actions: list[dict[str, Any]] = []
        for kind in KINDS:
            alias = self._names.alias(kind)
            actions.append({"remove": {"index": self._names.pattern(kind), "alias": alias, "must_exist": False}})
            actions.append({"add": {"index": new[kind], "alias": alias}})
        self._es.indices.update_aliases(actions=actions)

    def _load(self, new: dict[str, str], entries: Iterable[SearchEntry], customers: Iterable[CustomerEntry],
              progress: Progress | None) -> int:
        # No refreshes while loading; one at the end makes everything visible at once.
        for kind in KINDS:
            self._create(new[kind], kind, settings={"refresh_interval": "-1"})
        operations = (({"index": {"_id": c.customer_no}}, customer_document(c)) for c in customers)
        for chunk in _chunks(operations):
            self._bulk(new["customers"], chunk, refresh=False)
        count = 0
        for chunk in _chunks(({"index": {"_id": e.id}}, record_document(e, self._written())) for e in entries):
            self._bulk(new["records"], chunk, refresh=False)
            count += len(chunk)
            if progress:
                progress(len(chunk))
        live = {"refresh_interval": self._settings["refresh_interval"]}
        self._es.indices.put_settings(index=",".join(new.values()), settings=live)
        self._es.indices.refresh(index=",".join(new.values()))
        # One segment per shard before readers arrive: a bulk load leaves dozens, and every query pays per segment.
        self._es.options(request_timeout=FORCE_MERGE_TIMEOUT).indices.forcemerge(
            index=",".join(new.values()), max_num_segments=1)
        return count

    # --- bulk ------------------------------------------------------------------------------------

    def _write(self, kind: str, operations: list[Operation]) -> None:
        """Searchable on return: one chunk waits for the next refresh; several are refreshed once at the end
        (waiting per chunk would not cover the shards a later chunk does not touch)."""
        if not operations:
            return
        index = self._names.alias(kind)
        chunks = list(_chunks(operations))
        with self._translated(f"write to {index}"):
            for chunk in chunks:
                self._bulk(index, chunk, refresh=len(chunks) == 1)
            if len(chunks) > 1:
                self._es.indices.refresh(index=index)

    def _bulk(self, index: str, chunk: list[Operation], *, refresh: bool) -> None:
        lines = [line for action, source in chunk for line in (action, source) if line is not None]
        response = self._es.bulk(index=index, operations=lines, refresh="wait_for" if refresh else None)
        failed = [result for item in response["items"] for result in item.values()
                  if "error" in result and not _is_stale(result)]
        if failed:
            raise BackendUnavailable(
                f"Elasticsearch rejected {len(failed)} of {len(chunk)} writes to {index}: {_reason(failed[0])}")

    @contextmanager
    def _translated(self, action: str) -> Iterator[None]:
        try:
            yield
        except ApiError as exc:
            raise BackendUnavailable(f"Elasticsearch refused to {action}: {_reason(exc.body)}") from exc
        except TransportError as exc:
            raise BackendUnavailable(f"Elasticsearch at {self.url} is unreachable ({action}): {exc.message}") from exc


def _chunks(operations: Iterable[Operation]) -> Iterator[list[Operation]]:
    """Bulk requests of at most CHUNK_ENTRIES operations and about CHUNK_BYTES."""
    iterator = iter(operations)
    while chunk := list(islice(iterator, CHUNK_ENTRIES)):
        batch: list[Operation] = []
        size = 0
        for operation in chunk:
            weight = _weight(operation[1])
            if batch and size + weight > CHUNK_BYTES:
                yield batch
                batch, size = [], 0
            batch.append(operation)
            size += weight
        yield batch


def _weight(source: dict[str, Any] | None) -> int:
    """Roughly the JSON size: Han text is 3 bytes a character in UTF-8."""
    if source is None:
        return 64
    return 256 + 3 * sum(len(value) for value in source.values() if isinstance(value, str))


def _is_stale(result: dict[str, Any]) -> bool:
    """A write older than what the index holds was refused by its version: the index is already newer."""
    return result.get("status") == 409 and result["error"].get("type") == "version_conflict_engine_exception"


def _reason(body: Any) -> str:
    """One line from an Elasticsearch error body or bulk item: `type: reason`."""
    error = body.get("error", body) if isinstance(body, dict) else body
    if not isinstance(error, dict):
        return " ".join(str(error).split())
    cause = error.get("caused_by", {})
    text = f"{error.get('type', 'error')}: {error.get('reason', '')}"
    if cause:
        text += f" (caused by {cause.get('type')}: {cause.get('reason')})"
    return " ".join(text.split())
