"""Search benchmark: build rate, size on disk and query latency by class for each backend; API overhead.

    python -m bench.search [--docs 100000] [--backends fts5,elasticsearch] [--queries 200] [--api]

Pages come from `bench._corpus` (seeded, 1-2 KB each). Entries are generated in worker processes between
index calls, never during them: the build rate counts only the time inside `upsert` (or `rebuild`).
Latency is `index.search(plan, filters, limit=20)` with facets (always on), one run per query after a
warm-up, classes interleaved so that load from other processes spreads over all of them.
With --api a separate store (--api-docs pages) is ingested through the record store's unit of work, and the
same queries run four ways, back to back: the bare index call, the search service (index + dressing the
hits), GET /api/search through the ASGI app in this process, and through FastAPI's TestClient.
Targets (at 1M pages): p50 <= 20 ms and p99 <= 100 ms for every class; embedded build >= 5,000 pages/s;
GET /api/search adds <= 3 ms p50 to the bare index call.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shlex
import shutil
import sqlite3
import statistics
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

from bench._corpus import HASHER, PAGES_PER_CUSTOMER, Corpus, contract_no, customer_no, mobile
from bench._page_cache import sqlite_files, warm
from docarchive.domain.principal import LOCAL_ARCHIVIST
from docarchive.search.entries import customer_entry
from docarchive.search.plan import plan_query
from docarchive.search.query import parse_query

CLASSES = ("1-char", "2-char", "3-char", "4-char", "phrase", "number", "filter:type", "filter:year",
           "filter:customer")
TARGET_P50_MS, TARGET_P99_MS, TARGET_BUILD = 20.0, 100.0, 5000.0
TARGET_ADDED_MS = 3.0  # GET /api/search over the bare index call, p50 (issue 15)
DOC_TYPES = ("contract", "archive_card", "id_card", "other")


@dataclass(frozen=True)
class QuerySpec:
    cls: str
    text: str
    filters: tuple[tuple[str, Any], ...] = ()  # as /api/search parameters

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.filters)

    def parsed(self):
        query = parse_query(self.text, **self.params)
        return plan_query(query, HASHER), query.filters


@dataclass
class Build:
    docs: int
    generate_s: float
    index_s: float
    mode: str
    index_cpu_s: float = 0.0  # this process's CPU time inside the index calls (FTS5: the whole cost)

    @property
    def rate(self) -> float:
        return self.docs / self.index_s if self.index_s else 0.0


# --- queries -------------------------------------------------------------------------------------


def make_queries(corpus: Corpus, docs: int, per_class: int, seed: int) -> list[QuerySpec]:
    """`per_class` queries of every class; word classes are half frequent words (the 30 most frequent of
    that length) and half drawn uniformly from the vocabulary, so both the head and the tail are timed."""
    rng = random.Random(f"queries:{seed}:{docs}")
    pools = _word_pools(corpus)
    customers = max(1, docs // PAGES_PER_CUSTOMER)
    pick = lambda length, n: _pick(rng, pools[length], n)  # noqa: E731
    specs = []
    for n in range(per_class):
        c = rng.randrange(customers)
        specs += [QuerySpec(f"{length}-char", pick(length, n)) for length in (1, 2, 3, 4)]
        specs.append(QuerySpec("phrase", f'"{_fragment(corpus, rng, docs)}"'))
        specs.append(QuerySpec("number", (customer_no(c), contract_no(c), mobile(c))[n % 3]))
        specs.append(QuerySpec("filter:type", pick(2, n), (("doc_type", DOC_TYPES[n % 4]),)))
        specs.append(QuerySpec("filter:year", pick(2, n), (("year", 2010 + n % 16),)))
        specs.append(QuerySpec("filter:customer", pick(2, n), (("customer_no", customer_no(c)),)))
    return specs


def _word_pools(corpus: Corpus) -> dict[int, list[str]]:
    """Words of each length (and single characters) by descending frequency."""
    vocab = corpus.vocabulary
    weights = [b - a for a, b in zip((0.0, *vocab.cum_weights), vocab.cum_weights)]
    chars: dict[str, float] = {}
    for word, weight in zip(vocab.words, weights):
        for ch in word:
            chars[ch] = chars.get(ch, 0.0) + weight
    pools = {1: sorted(chars, key=lambda ch: -chars[ch])}
    for length in (2, 3, 4):
        pools[length] = [w for w in vocab.words if len(w) == length and re.fullmatch(r"[\u4e00-\u9fff]+", w)]
    return pools


def _pick(rng: random.Random, pool: list[str], n: int) -> str:
    return rng.choice(pool[:30]) if n % 2 == 0 else rng.choice(pool)


def _fragment(corpus: Corpus, rng: random.Random, docs: int) -> str:
    """4-8 consecutive characters of some page's body, as a user pastes a passage."""
    while True:
        body = corpus.page(rng.randrange(docs)).source.split("\n\n", 1)[-1]
        runs = [run for run in re.findall(r"[\u4e00-\u9fff]{8,}", body)]
        if runs:
            run = rng.choice(runs)
            length = rng.randint(4, 8)
            start = rng.randrange(len(run) - length + 1)
            return run[start : start + length]


# --- backends ------------------------------------------------------------------------------------


def open_index(backend: str, args, name: str, *, fresh: bool):
    """(index, size_in_bytes function) for a benchmark index called `name`; `fresh` deletes what was there."""
    if backend == "fts5":
        from docarchive.adapters.search.fts5 import Fts5SearchIndex

        path = Path(args.workdir) / f"{name}.sqlite3"
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return Fts5SearchIndex(path), lambda: fts5_size(path)
    from docarchive.adapters.search.elasticsearch import ElasticsearchSearchIndex

    index = ElasticsearchSearchIndex(args.es_url, index_prefix=name, timeout=300)
    if fresh:
        index.drop()
    return index, lambda: es_size(args.es_url, name)


def fts5_size(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        sizes = {"file": path.stat().st_size}
        try:
            rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
        except sqlite3.OperationalError:  # SQLite built without dbstat
            rows = []
    return sizes | {f"table {name}": size for name, size in rows if size > sizes["file"] / 100}


def es_size(url: str, prefix: str) -> dict[str, int]:
    aliases = f"{prefix}-records,{prefix}-customers"
    _es_get(url, f"/{aliases}/_flush")
    stats = _es_get(url, f"/{aliases}/_stats/store,docs,segments")
    primaries = stats["_all"]["primaries"]
    return {"store": primaries["store"]["size_in_bytes"], "segments": primaries["segments"]["count"]}


def _es_get(url: str, path: str) -> dict[str, Any]:
    with urllib.request.urlopen(url.rstrip("/") + path, timeout=600) as response:
        return json.loads(response.read())


def es_version(url: str) -> str:
    try:
        nodes = _es_get(url, "/_nodes/jvm?filter_path=nodes.*.version,nodes.*.jvm.mem.heap_max_in_bytes")
        node = next(iter(nodes["nodes"].values()))
        return f"Elasticsearch {node['version']}, heap {node['jvm']['mem']['heap_max_in_bytes'] / 2**30:.1f} GiB"
    except OSError as exc:
        return f"Elasticsearch unreachable at {url}: {exc}"


# --- build ---------------------------------------------------------------------------------------


def build(index, corpus: Corpus, docs: int, *, mode: str, batch: int, jobs: int, minutes: float = 0) -> Build:
    """Entries are generated between index calls (timed apart); only the index calls count for the rate.
    With `minutes`, no batch is generated after that long: the index holds however many pages were done."""
    started = time.perf_counter()
    customers = [customer_entry(corpus.customer(c)[0]) for c in range(-(-docs // PAGES_PER_CUSTOMER))]
    customers_s = time.perf_counter() - started  # making customer entries is generation; writing them is build
    clock = {"generate": 0.0, "generate_cpu": 0.0, "done": 0, "index": 0.0, "index_cpu": 0.0,
             "stop": time.perf_counter() + minutes * 60 if minutes else float("inf")}
    batches = _timed(corpus.entry_batches(0, docs, batch=batch, jobs=jobs), clock, docs)
    started, cpu_started = time.perf_counter(), time.process_time()
    if mode == "rebuild":
        index.rebuild((entry for entries in batches for entry in entries), customers)
    else:
        index.upsert_customers(customers)
        for entries in batches:
            index.upsert(entries)
    total, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return Build(clock["done"], customers_s + clock["generate"], total - clock["generate"], mode,
                 cpu - clock["generate_cpu"])


def _timed(batches, clock: dict, docs: int):
    """Yields the batches, adding the time spent making each to clock['generate'] (and the time the caller
    spends on each to clock['index']); reports progress; stops at clock['stop']."""
    iterator = iter(batches)
    last = time.perf_counter()
    while time.perf_counter() < clock["stop"]:
        started, cpu_started = time.perf_counter(), time.process_time()
        try:
            entries = next(iterator)
        except StopIteration:
            return
        clock["generate"] += time.perf_counter() - started
        clock["generate_cpu"] += time.process_time() - cpu_started
        clock["done"] += len(entries)
        if time.perf_counter() - last > 30:
            last = time.perf_counter()
            print(f"  … {clock['done']:,}/{docs:,} pages; index calls so far {clock['index']:,.0f} s "
                  f"({clock['done'] / max(clock['index'], 1e-9):,.0f} pages/s), CPU {clock['index_cpu']:,.0f} s; "
                  f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr, flush=True)
        started, cpu_started = time.perf_counter(), time.process_time()
        yield entries
        clock["index"] += time.perf_counter() - started
        clock["index_cpu"] += time.process_time() - cpu_started
    iterator.close()  # ends the generation workers


# --- latency -------------------------------------------------------------------------------------


def measure(run: Callable[[QuerySpec], Any], specs: list[QuerySpec], seed: int, warmup: int = 30):
    """ms per class, in an interleaved order; returns ({class: [ms]}, {class: [result]}, {class: [cpu ms]}).

    CPU ms is this process's CPU time: for an in-process backend (FTS5) it is the query's own cost, which
    other processes on a shared machine cannot inflate (they can only make the wall time wait for a core)."""
    order = list(specs)
    random.Random(f"order:{seed}").shuffle(order)
    for spec in order[:warmup]:
        run(spec)
    times: dict[str, list[float]] = {cls: [] for cls in CLASSES}
    cpu: dict[str, list[float]] = {cls: [] for cls in CLASSES}
    results: dict[str, list[Any]] = {cls: [] for cls in CLASSES}
    for spec in order:
        started, cpu_started = time.perf_counter(), time.process_time()
        result = run(spec)
        times[spec.cls].append((time.perf_counter() - started) * 1000)
        cpu[spec.cls].append((time.process_time() - cpu_started) * 1000)
        results[spec.cls].append(result)
    return times, results, cpu


def measure_ways(ways: dict[str, Callable[[QuerySpec], Any]], specs: list[QuerySpec], seed: int, warmup: int = 20):
    """Each query every way in turn (the order rotating), so drifting load from other processes hits all
    ways alike; returns ({way: {class: [ms]}}, the same in this process's CPU ms: all its threads, none of
    the waits for a core that a loaded machine adds to the wall time)."""
    order = list(specs)
    random.Random(f"order:{seed}").shuffle(order)
    names = list(ways)
    for spec in order[:warmup]:
        for name in names:
            ways[name](spec)
    times = {name: {cls: [] for cls in CLASSES} for name in names}
    cpu = {name: {cls: [] for cls in CLASSES} for name in names}
    for n, spec in enumerate(order):
        for name in names[n % len(names):] + names[: n % len(names)]:
            started, cpu_started = time.perf_counter(), time.process_time()
            ways[name](spec)
            times[name][spec.cls].append((time.perf_counter() - started) * 1000)
            cpu[name][spec.cls].append((time.process_time() - cpu_started) * 1000)
    return times, cpu


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))] if ordered else 0.0


def latency_table(times: dict[str, list[float]], totals: dict[str, list[tuple[int, bool]]], judged: bool,
                  cpu: dict[str, list[float]] | None = None) -> None:
    """Wall-clock percentiles (what the targets are about); with `cpu`, the in-process CPU percentiles too."""
    verdict = "target p50<=20 p99<=100" if judged else "(targets apply at 1M)"
    cpu_header = ["cpu p50", "cpu p99", "cpu verdict"] if cpu else []
    table(["class", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "mean total", "capped", verdict, *cpu_header],
          [[cls, len(ms), f"{percentile(ms, 50):.1f}", f"{percentile(ms, 95):.1f}", f"{percentile(ms, 99):.1f}",
            f"{max(ms):.1f}", f"{statistics.fmean(t for t, _ in totals[cls]):,.0f}",
            f"{sum(not exact for _, exact in totals[cls])}/{len(ms)}", _verdict(ms, judged),
            *([f"{percentile(cpu[cls], 50):.1f}", f"{percentile(cpu[cls], 99):.1f}", _verdict(cpu[cls], judged)]
              if cpu else [])]
           for cls, ms in times.items() if ms])


def _verdict(ms: list[float], judged: bool) -> str:
    ok = percentile(ms, 50) <= TARGET_P50_MS and percentile(ms, 99) <= TARGET_P99_MS
    return ("PASS" if ok else "MISS") if judged else ("would pass" if ok else "would miss")


def table(header: list[str], rows: list[list[Any]]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))
    print(flush=True)


def human(size: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:,.1f} {unit}"
        size /= 1024
    return str(size)


# --- one backend at one size ---------------------------------------------------------------------


def bench_backend(backend: str, args) -> None:
    name = f"bench-{args.docs}-s{args.seed}"
    sidecar = Path(args.workdir) / f"{name}-{backend}.json"
    reuse = args.reuse and sidecar.exists()
    index, size = open_index(backend, args, name, fresh=not reuse)
    corpus = Corpus(args.seed)
    mode = args.build or ("rebuild" if backend == "elasticsearch" else "upsert")
    if reuse:
        result = Build(**json.loads(sidecar.read_text()))
        print(f"reusing the {backend} index built earlier ({sidecar})")
        if backend == "fts5" and not args.no_warm:
            warm(sqlite_files(Path(args.workdir) / f"{name}.sqlite3"), f"the {backend} index")
    else:
        result = build(index, corpus, args.docs, mode=mode, batch=args.batch, jobs=args.jobs, minutes=args.minutes)
        sidecar.write_text(json.dumps(asdict(result)))
    docs = result.docs  # fewer than --docs when --minutes stopped the build
    print(f"### {backend}: {docs:,} pages" + (f" (stopped after {args.minutes:g} minutes of {args.docs:,})"
                                               if docs < args.docs else "") + "\n")
    judged = docs >= 1_000_000
    sizes = size()
    build_rows = [["pages indexed", f"{index.count():,}"], ["build path", f"{result.mode} (batches of {args.batch})"],
                  ["entry generation", f"{result.generate_s:,.1f} s ({result.docs / result.generate_s:,.0f} pages/s, "
                                       f"{args.jobs} processes)"],
                  ["index build", f"{result.index_s:,.1f} s"],
                  ["build rate", f"{result.rate:,.0f} pages/s" + _build_verdict(backend, result.rate, judged)]]
    if backend == "fts5" and result.index_cpu_s:
        cpu_rate = result.docs / result.index_cpu_s
        build_rows.append(["build rate per CPU-second", f"{cpu_rate:,.0f} pages/s (index calls' CPU time "
                           f"{result.index_cpu_s:,.1f} s)" + _build_verdict(backend, cpu_rate, judged)])
    build_rows += [[f"size: {key}", human(value) if key != "segments" else value] for key, value in sizes.items()]
    per_page = sizes.get("file", sizes.get("store", 0)) / max(1, docs)
    build_rows.append(["size per page", human(per_page)])
    table(["build", "value"], build_rows)
    specs = make_queries(corpus, docs, args.queries, args.seed)
    prepared = {spec: spec.parsed() for spec in specs}
    times, results, cpu = measure(lambda s: _total(index.search(*prepared[s], limit=20)), specs, args.seed)
    latency_table(times, results, judged, cpu if backend == "fts5" else None)
    index.close()


def _total(results) -> tuple[int, bool]:
    return results.total, results.total_exact


def _build_verdict(backend: str, rate: float, judged: bool) -> str:
    if backend != "fts5":
        return ""
    verdict = "PASS" if rate >= TARGET_BUILD else "MISS"
    return f"  [target >= 5,000: {verdict}{'' if judged else ' (at this size)'}]"


# --- the API against the bare index --------------------------------------------------------------


def bench_api(backend: str, args) -> None:
    """Ingest through the unit of work (records + index), then time the same query four ways, in turn:
    the bare index call (with the principal's scope), the search service (+ dressing the hits), GET
    /api/search through the ASGI app in this process (routing, sign-in, audit, JSON: what a server adds
    before the network), and the same through FastAPI's TestClient (+ its thread hop and HTTP model)."""
    from fastapi.testclient import TestClient

    from docarchive.api.app import create_app
    from docarchive.services.access import access_of
    from docarchive.services.accounts import add_user, personal_token
    from docarchive.services.search import search_records

    container, ingest = _ingested_store(backend, args)
    corpus = Corpus(args.seed)
    specs = make_queries(corpus, args.api_docs, args.api_queries, args.seed + 1)
    prepared = {spec: spec.parsed() for spec in specs}
    parsed = {spec: parse_query(spec.text, **spec.params) for spec in specs}
    # An archivist sees every record, as the service's LOCAL_ARCHIVIST does: all ways dress the same hits
    # (a staff user would see none of the corpus's customers, which have no keeper).
    if container.accounts.find_user("timer") is None:
        add_user(container.accounts, clock=container.clock, name="timer", roles=["archivist"],
                 password="Search-2026-pace")
    token = personal_token(container.accounts, clock=container.clock, name="timer").value
    scope = access_of(LOCAL_ARCHIVIST).search_scope()
    app = create_app(container)
    asgi = _AsgiCaller(app, token)
    sync_deps = _AsgiCaller(_with_sync_container(create_app(container)), token) if args.api_variants else None
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as client:
        ways = {
            "bare": lambda s: container.index.search(*prepared[s], limit=20, scope=scope),
            "service": lambda s: search_records(index=container.index, records=container.records,
                                                hasher=container.hasher, principal=LOCAL_ARCHIVIST,
                                                query=parsed[s], size=20),
            "api": lambda s: asgi.get("/api/search", {"q": s.text, **s.params, "size": 20}),
            "testclient": lambda s: _get(client, "/api/search", {"q": s.text, **s.params, "size": 20}),
            "health": lambda s: asgi.get("/api/health", {}),
        }
        if sync_deps:
            ways["api, sync container"] = lambda s: sync_deps.get("/api/search", {"q": s.text, **s.params, "size": 20})
        times, cpu = measure_ways(ways, specs, args.seed)
    asgi.close()
    if sync_deps:
        sync_deps.close()
    road = "in bulk (--bulk)" if ingest.get("bulk") else "through the unit of work"
    print(f"### API overhead, {backend}: {args.api_docs:,} pages ingested {road}\n")
    health = times.pop("health")
    table(["ingest", "value"], [["pages", f"{args.api_docs:,}"], *_ingest_rows(ingest, args),
                                ["GET /api/health in process (ASGI) p50",
                                 f"{percentile(sum(health.values(), []), 50):.2f} ms"]])
    rows = [_api_row(cls, times, cpu, cls) for cls in CLASSES] + [_api_row("all", times, cpu, None)]
    table(["class", "n", "bare p50", "service p50", "API p50", "API p99", "added p50 (API − bare)",
           "added p99", "TestClient p50", "verdict (added p50 <= 3 ms)", "added CPU p50", "CPU verdict"], rows)
    if sync_deps:
        print("\nThe same API with the container dependency a plain `def` (a thread-pool hop), queries interleaved:\n")
        table(["way, all classes", "added p50 (− bare)", "added CPU p50"],
              [[way, *_added(times, cpu, way)] for way in ("api", "api, sync container")])
    container.close()


def _added(times: dict, cpu: dict, way: str) -> list[str]:
    of = lambda table, name: sum(table[name].values(), [])  # noqa: E731
    wall = [a - b for a, b in zip(of(times, way), of(times, "bare"))]
    used = [a - b for a, b in zip(of(cpu, way), of(cpu, "bare"))]
    return [f"{percentile(wall, 50):.2f}", f"{percentile(used, 50):.2f}"]


def _with_sync_container(app):
    """The app with its container dependency as FastAPI runs a plain `def` one: on a worker thread."""
    from fastapi import Request

    from docarchive.api import deps

    def sync_container(request):
        return request.app.state.container

    sync_container.__annotations__["request"] = Request  # a class, not this module's postponed string

    app.dependency_overrides[deps.container] = sync_container
    return app


def _ingest_rows(ingest: dict[str, float], args) -> list[list[str]]:
    rate = lambda seconds: f"{seconds:,.1f} s ({args.api_docs / seconds:,.0f} pages/s)"  # noqa: E731
    if not ingest.get("bulk"):
        return [["generation", f"{ingest['generate']:,.1f} s"],
                ["unit of work (records + index)", f"{rate(ingest['ingest'])[:-1]}, commits of {args.batch // 4})"]]
    return [["bulk: records (pages made in workers)", rate(ingest["records"])],
            ["bulk: index rebuilt by the reindex service", rate(ingest["index"])], ["bulk: total", rate(ingest["ingest"])]]


def _api_row(label: str, times: dict, cpu: dict, cls: str | None) -> list[str]:
    """Percentiles per way, and the added ms as the percentiles of the per-query differences (each query's
    API time minus its own bare time, run back to back): paired, so drifting load cancels out. The same
    difference in CPU ms is what the API costs whatever else runs on the machine."""
    pick = (lambda way, of=times: of[way][cls]) if cls else (lambda way, of=times: sum(of[way].values(), []))
    bare, service, api, client = pick("bare"), pick("service"), pick("api"), pick("testclient")
    added = [a - b for a, b in zip(api, bare)]
    added_cpu = [a - b for a, b in zip(pick("api", cpu), pick("bare", cpu))]
    verdict = lambda values: "PASS" if percentile(values, 50) <= TARGET_ADDED_MS else "MISS"  # noqa: E731
    return [label, str(len(bare)), f"{percentile(bare, 50):.2f}", f"{percentile(service, 50):.2f}",
            f"{percentile(api, 50):.2f}", f"{percentile(api, 99):.2f}", f"{percentile(added, 50):.2f}",
            f"{percentile(added, 99):.2f}", f"{percentile(client, 50):.2f}", verdict(added),
            f"{percentile(added_cpu, 50):.2f}", verdict(added_cpu)]


class _AsgiCaller:
    """GET requests straight into the ASGI app on an event loop of this thread: no sockets, no TestClient.

    The requests are served by one long-lived task, as a server's are: anyio keeps its worker threads for
    the loop's root task, so a root task per request (plain run_until_complete) would start a new thread
    for every sync route, which no server does."""

    def __init__(self, app, token: str):
        self.app = app
        self.loop = asyncio.new_event_loop()
        self.headers = [(b"host", b"testserver"), (b"authorization", f"Bearer {token}".encode())]
        self.requests: asyncio.Queue = asyncio.Queue()
        self.server = self.loop.create_task(self._serve())

    def get(self, path: str, params: dict[str, Any]) -> bytes:
        """The answer's body as sent. Not parsed: reading the JSON is the client's work, not the API's (~0.06 ms
        for a page of twenty hits, which the API's figure counted until this was noticed)."""
        answer = self.loop.create_future()
        self.requests.put_nowait((path, urllib.parse.urlencode(params).encode(), answer))
        status, body = self.loop.run_until_complete(answer)
        if status != 200:
            raise RuntimeError(f"GET {path} {params} answered {status}: {body[:300]!r}")
        return body

    async def _serve(self) -> None:
        from anyio._backends._asyncio import _root_task  # what a server's main task is to anyio

        _root_task.set(asyncio.current_task())
        while True:
            path, query, answer = await self.requests.get()
            try:
                answer.set_result(await self._get(path, query))
            except Exception as exc:  # noqa: BLE001 - handed to the caller
                answer.set_exception(exc)

    async def _get(self, path: str, query: bytes) -> tuple[int, bytes]:
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
                 "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query,
                 "root_path": "", "headers": self.headers, "client": ("127.0.0.1", 50000),
                 "server": ("testserver", 80)}
        answer: dict[str, Any] = {"body": b""}

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
            elif message["type"] == "http.response.body":
                answer["body"] += message.get("body", b"")

        await self.app(scope, receive, send)
        return answer["status"], answer["body"]

    def close(self) -> None:
        self.server.cancel()
        self.loop.run_until_complete(asyncio_gather_quietly(self.server))
        self.loop.close()


async def asyncio_gather_quietly(task) -> None:
    try:
        await task
    except BaseException:  # noqa: BLE001 - the cancelled server task
        pass


def _get(client, path: str, params: dict[str, Any]) -> bytes:
    response = client.get(path, params=params)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} {params} answered {response.status_code}: {response.text[:300]}")
    return response.content  # unparsed, as _AsgiCaller.get


def _ingested_store(backend: str, args):
    """A fresh container (SQLite records + the backend's index) holding `--api-docs` pages, or the one a
    previous run ingested (--reuse)."""
    from docarchive.bootstrap import bootstrap
    from docarchive.config import Settings

    home = Path(args.workdir) / f"api-{backend}-{args.api_docs}-s{args.seed}"
    sidecar = home.with_suffix(".json")
    prefix = f"bench-api-{args.api_docs}-s{args.seed}"
    reuse = args.reuse and sidecar.exists()
    if not reuse and home.exists():
        shutil.rmtree(home)
    settings = Settings(home=home, es_url=args.es_url if backend == "elasticsearch" else None, es_index_prefix=prefix,
                        allowed_hosts=["testserver"])
    if reuse and not args.no_warm:
        warm(sqlite_files(settings.database_path), f"the {backend} API store's database")
    container = bootstrap(settings)
    if reuse:
        return container, json.loads(sidecar.read_text())
    if backend == "elasticsearch":
        container.index.drop()
    if args.bulk:
        ingest = _bulk_ingest(container, Corpus(args.seed), args.api_docs, args.bulk_batch, args.jobs)
    else:
        ingest = _ingest(container, Corpus(args.seed), args.api_docs, max(1, args.batch // 4))
    sidecar.write_text(json.dumps(ingest))
    return container, ingest


def _ingest(container, corpus: Corpus, docs: int, commit_every: int) -> dict[str, float]:
    clock = {"generate": 0.0, "ingest": 0.0}
    for low in range(0, docs, commit_every):
        started = time.perf_counter()
        pages = [corpus.page(i) for i in range(low, min(low + commit_every, docs))]
        clock["generate"] += time.perf_counter() - started
        started = time.perf_counter()
        _store_pages(container, pages)
        clock["ingest"] += time.perf_counter() - started
    return clock


def _store_pages(container, pages: list) -> None:
    """One transaction: each customer with its first page, every page as a record."""
    with container.records.unit_of_work() as uow:
        for page in pages:
            if page.index % PAGES_PER_CUSTOMER == 0:
                uow.customers.add(page.customer)
            uow.documents.add(page.document)
        uow.commit()


def _bulk_ingest(container, corpus: Corpus, docs: int, commit_every: int, jobs: int) -> dict[str, float]:
    """The same rows by a faster road, for a big store: pages made in worker processes, written by the
    record store's own `add` in large transactions with the events not published (no per-commit index
    writes, history or completeness rows: the search reads none of them), then the index rebuilt from the
    records by the reindex service (`docarchive reindex`: analysis in workers, FTS5 loaded without merging
    as it goes, one merge at the end)."""
    from docarchive.services.search import reindex

    clock: dict[str, float] = {"generate": 0.0, "ingest": 0.0, "records": 0.0, "index": 0.0, "bulk": 1.0}
    publisher, container.records.publisher = container.records.publisher, None
    started = last = time.perf_counter()
    try:
        for done, pages in _page_batches(corpus, docs, commit_every, jobs):
            _store_pages(container, pages)
            if time.perf_counter() - last > 30:
                last = time.perf_counter()
                _progress(f"records {done:,}/{docs:,} ({done / (last - started):,.0f} pages/s)")
    finally:
        container.records.publisher = publisher
    clock["records"] = time.perf_counter() - started
    started = time.perf_counter()
    counted = {"n": 0, "last": started}

    def progress(n: int) -> None:
        counted["n"] += n
        if counted["n"] % 10_000 == 0 and time.perf_counter() - counted["last"] > 30:
            counted["last"] = time.perf_counter()
            _progress(f"index {counted['n']:,}/{docs:,} ({counted['n'] / (counted['last'] - started):,.0f} pages/s)")

    reindex(index=container.index, records=container.records, hasher=container.hasher, progress=progress, jobs=jobs)
    clock["index"] = time.perf_counter() - started
    clock["ingest"] = clock["records"] + clock["index"]
    return clock


def _page_batches(corpus: Corpus, docs: int, size: int, jobs: int):
    """(pages done, the next `size` pages), made in `jobs` worker processes a few batches ahead."""
    from docarchive.services.parallel import ordered_in_processes

    global _BULK_CORPUS
    _BULK_CORPUS = corpus  # the forked workers inherit it
    bounds = [(low, min(low + 500, docs)) for low in range(0, docs, 500)]
    batch: list = []
    for page in ordered_in_processes(_pages, bounds, jobs=jobs, ahead=4):
        batch.append(page)
        if len(batch) == size or page.index == docs - 1:
            yield page.index + 1, batch
            batch = []


_BULK_CORPUS: Corpus | None = None


def _pages(bounds: tuple[int, int]) -> list:
    assert _BULK_CORPUS is not None
    return [_BULK_CORPUS.page(i) for i in range(*bounds)]


def _progress(text: str) -> None:
    print(f"  … {text}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000, help="pages in the corpus")
    parser.add_argument("--backends", default="fts5,elasticsearch")
    parser.add_argument("--queries", type=int, default=200, help="queries per class")
    parser.add_argument("--api", action="store_true", help="also measure GET /api/search against the bare index")
    parser.add_argument("--api-docs", type=int, default=20_000, help="pages in the API run's record store")
    parser.add_argument("--api-queries", type=int, default=50, help="queries per class in the API run")
    parser.add_argument("--bulk", action="store_true",
                        help="ingest the API store in bulk (records in large transactions, then a reindex)")
    parser.add_argument("--bulk-batch", type=int, default=5000, help="pages per transaction with --bulk")
    parser.add_argument("--only-api", action="store_true", help="skip the index benchmark, run only --api")
    parser.add_argument("--api-variants", action="store_true",
                        help="with --api, also time the API with its container dependency synchronous")
    parser.add_argument("--build", choices=("upsert", "rebuild"), help="default: upsert (fts5), rebuild (es)")
    parser.add_argument("--batch", type=int, default=2000, help="pages per upsert call / generation round")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="entry-generation processes")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--minutes", type=float, default=0, help="stop building after this long, measure what is built")
    parser.add_argument("--workdir", default="/tmp/docarchive-bench")
    parser.add_argument("--reuse", action="store_true", help="reuse an index this script built before")
    parser.add_argument("--no-warm", action="store_true",
                        help="with --reuse, do not read the reused SQLite files into the page cache first")
    parser.add_argument("--es-url", default=os.environ.get("DOCARCHIVE_ES_URL", "http://127.0.0.1:9250"))
    return parser.parse_args(argv)


def header(args) -> None:
    print("$ " + " ".join(shlex.quote(a) for a in [Path(sys.executable).name, "-m", "bench.search", *sys.argv[1:]]))
    print(f"# {time.strftime('%Y-%m-%d %H:%M:%S')}; {os.cpu_count()} CPUs; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; Python {sys.version.split()[0]}; "
          f"SQLite {sqlite3.sqlite_version}" + (f"; {es_version(args.es_url)}" if "elasticsearch" in args.backends else ""))
    print(flush=True)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    header(args)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if not args.only_api:
        for backend in backends:
            bench_backend(backend, args)
    if args.api or args.only_api:
        for backend in backends:
            bench_api(backend, args)
    print(f"# done {time.strftime('%H:%M:%S')}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
