"""Relevance on a judged set: precision@10 and recall@10 per query class, on each backend.

    python -m bench.relevance [--background 20000] [--queries 30] [--backends fts5,elasticsearch]

A background corpus (`bench._corpus`, with its Traditional and OCR-degraded pages) gets planted pages.
Every query is a word, phrase or number that the background never contains; for each one:
- 1-8 relevant pages contain it as written, a third of them as OCR-degraded copies of another relevant
  page (same source, noisy text) and some written in Traditional characters;
- 3 distractors do not: its characters apart or split by punctuation, reversed, with a word inserted
  (phrases), or a near-miss number (a digit changed, digits swapped, another year or prefix).

Relevance is judged on each page's source text (as authored: Simplified, no line layout, no OCR noise):
a page is relevant iff its source contains the query's word, phrase (its words adjacent) or number
exactly as written. OCR damage can therefore only cost recall, and a match that the source does not
support is a false positive, whatever the reason.
precision@10 = relevant among the (at most 10) results / results (0 when nothing comes back);
recall@10 = relevant among them / min(10, relevant pages). Target: >= 0.95 for both.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass

from bench._corpus import HASHER, Corpus, Page
from bench.search import open_index, table
from docarchive.search.entries import customer_entry, search_entry
from docarchive.search.plan import plan_query
from docarchive.search.query import parse_query

TARGET = 0.95
CLASSES = ("1-char", "2-char", "3-char", "4-char", "phrase", "number")
# Rare characters of names and firm names; the vocabulary has none of them.
RARE_CHARS = "翀彧瑄珺琰昶晟煜炜祎骞珩玥琦璟瑾璇筠曦婕湉沅沣淼焱燊垚鑫犇骉昊旻暄晗涵钰铮锟镕锴鎏"
WORDS = {
    2: "晶圆 硅片 碳纤 注塑 冲压 焊接 铸造 锻造 电镀 喷涂 抛光 研磨 切削 车床 铣床 磨床 模具 夹具 刀具 轴承 齿轮 螺栓 "
       "螺母 垫圈 弹簧 滤芯 叶轮 转子 定子 线圈 磁铁 探头 电极 端子 插座 瓷砖 窗帘 床垫 沙发 橱柜 茶叶 烟草",
    3: "注塑机 冲压件 焊接机 铸造厂 锻造件 电镀液 喷涂线 抛光机 研磨机 模具钢 轴承座 齿轮箱 弹簧钢 传感器 继电器 熔断器 "
       "变频器 减速机 发电机 除湿机 净水器 热水器 油烟机 洗碗机 烘干机 切割机 雕刻机 灌装机 封口机 贴标机 打码机 叉车库",
    4: "数控机床 激光雕刻 真空包装 自动灌装 精密铸造 表面处理 粉末冶金 注塑成型 冲压模具 焊接工艺 电镀工艺 喷涂设备 "
       "抛光工艺 自动焊接 智能仓储 冷链物流 跨境电商 直播带货 光伏组件 储能电站 固态电池 芯片封装 晶圆制造 碳化硅片 "
       "氮化镓管 稀土永磁 航空铝材 医用口罩 防护面罩 消毒凝胶 冷冻肉品 有机蔬菜 进口红酒 茶叶礼盒",
}
PHRASE_TAILS = ("合同", "项目", "设备", "订单", "验收单", "采购", "报价单", "发票")


@dataclass(frozen=True)
class Judged:
    cls: str
    query: str  # what the user types
    needle: str  # what a relevant page's source contains
    distractors: tuple[str, ...]


@dataclass(frozen=True)
class Planted:
    page: Page
    kind: str  # relevant-clean, relevant-traditional, relevant-ocr, distractor
    options: dict  # how Corpus.page made it


def judged_queries(rng: random.Random, per_class: int, background: str) -> list[Judged]:
    absent = lambda text: text not in background  # noqa: E731
    chars = [ch for ch in RARE_CHARS if absent(ch)]
    words = {n: [w for w in WORDS[n].split() if absent(w)] for n in WORDS}
    queries = [_char_query(rng, ch) for ch in rng.sample(chars, min(per_class, len(chars)))]
    for n in (2, 3, 4):
        queries += [_word_query(rng, w, f"{n}-char") for w in rng.sample(words[n], min(per_class, len(words[n])))]
    for head in rng.sample(words[4] + words[3], per_class):
        tail = rng.choice(PHRASE_TAILS)
        queries.append(Judged("phrase", f'"{head} {tail}"', head + tail,
                              (f"{head}，{tail}", f"{tail}{head}", f"{head}服务{tail}")))
    queries += [_number_query(rng, n) for n in range(per_class)]
    return queries


def _char_query(rng: random.Random, ch: str) -> Judged:
    lookalike = rng.choice([c for c in RARE_CHARS if c != ch])
    return Judged("1-char", ch, ch, (lookalike, lookalike + "华", "林" + lookalike))


def _word_query(rng: random.Random, word: str, cls: str) -> Judged:
    apart = "的".join(word)  # every character, never adjacent
    split = f"{word[:-1]}，{word[-1]}"
    near = word[:-1] + rng.choice("甲乙丙丁华盛达")
    return Judged(cls, word, word, (apart, split, near if near != word else word[::-1]))


def _number_query(rng: random.Random, n: int) -> Judged:
    kind = n % 3
    if kind == 0:
        number = f"KH-{rng.randint(2030, 2039)}-{rng.randrange(10**5):05d}"
        misses = (_bump(number), f"KH-{int(number[3:7]) + 1}{number[7:]}", "HT" + number[2:])
    elif kind == 1:
        number = f"HT-{rng.randint(2030, 2039)}-{rng.randrange(10**4):04d}"
        misses = (_bump(number), _swap(number, rng), "KH" + number[2:])
    else:
        number = f"1{rng.choice('46')}{rng.randrange(10**9):09d}"
        misses = (_bump(number), _swap(number, rng), number[:-1])
    return Judged("number", number, number, tuple(m for m in misses if m != number and number not in m))


def _bump(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def _swap(number: str, rng: random.Random) -> str:
    digits = [i for i in range(len(number) - 1) if number[i].isdigit() and number[i + 1].isdigit()
              and number[i] != number[i + 1]]
    if not digits:
        return _bump(number)
    i = rng.choice(digits[2:] or digits)
    return number[:i] + number[i + 1] + number[i] + number[i + 2 :]


def plant(corpus: Corpus, queries: list[Judged], start: int, rng: random.Random) -> list[Planted]:
    """Relevant pages and distractors for each query, as pages numbered from `start` on."""
    planted: list[Planted] = []
    for n, query in enumerate(queries):
        number = query.cls == "number"
        for r in range(rng.randint(1, 8)):
            if r % 3 == 2:  # an OCR-degraded copy of the page before: same source, noisy text
                options = dict(planted[-1].options, degraded=True, doc_id=f"o{len(planted):09d}")
                planted.append(Planted(corpus.page(planted[-1].page.index, **options), "relevant-ocr", options))
                continue
            traditional = rng.random() < 0.15
            kind = "relevant-traditional" if traditional else "relevant-clean"
            planted.append(_page(corpus, rng, start + len(planted), query.needle, kind, traditional=traditional,
                                 as_field=number and rng.random() < 0.5))
        for distractor in query.distractors:
            planted.append(_page(corpus, rng, start + len(planted), distractor, "distractor", as_field=number))
    return planted


def _page(corpus: Corpus, rng: random.Random, i: int, text: str, kind: str, *, traditional: bool = False,
          as_field: bool = False) -> Planted:
    options = {"plant": (text,) * rng.randint(1, 2), "fields": _number_fields(text) if as_field else None,
               "traditional": traditional, "degraded": False, "doc_id": f"p{i:09d}"}
    return Planted(corpus.page(i, **options), kind, options)


def _number_fields(text: str) -> dict[str, str]:
    if text.startswith("KH"):
        return {"customer_no": text}
    return {"contract_no": text} if text.startswith("HT") else {"phone": text}


# --- judging -------------------------------------------------------------------------------------


def relevant_sets(queries: list[Judged], sources: dict[str, str]) -> dict[str, set[str]]:
    return {q.query: {doc_id for doc_id, source in sources.items() if q.needle in source} for q in queries}


def evaluate(index, queries: list[Judged], relevant: dict[str, set[str]], kinds: dict[str, str]):
    """Per query: (class, precision@10, recall@10); and counts of missed and wrongly found pages by kind."""
    scores, missed, wrong = [], Counter(), Counter()
    for q in queries:
        query = parse_query(q.query)
        top = [hit.id for hit in index.search(plan_query(query, HASHER), query.filters, limit=10).hits]
        rel = relevant[q.query]
        found = [doc_id for doc_id in top if doc_id in rel]
        precision = len(found) / len(top) if top else 0.0
        recall = len(found) / min(10, len(rel)) if rel else 1.0
        scores.append((q.cls, precision, recall))
        wrong.update(kinds.get(doc_id, "background") for doc_id in top if doc_id not in rel)
        if len(rel) <= 10:
            missed.update(kinds.get(doc_id, "background") for doc_id in rel - set(top))
    return scores, missed, wrong


def report(backend: str, scores, missed: Counter, wrong: Counter, totals: Counter) -> None:
    rows = []
    for cls in (*CLASSES, "all"):
        mine = [s for s in scores if cls in ("all", s[0])]
        p, r = statistics.fmean(s[1] for s in mine), statistics.fmean(s[2] for s in mine)
        verdict = "PASS" if p >= TARGET and r >= TARGET else "MISS"
        rows.append([cls, len(mine), f"{p:.3f}", f"{r:.3f}", sum(s[1] < 1 for s in mine), sum(s[2] < 1 for s in mine),
                     verdict])
    print(f"### relevance, {backend}\n")
    table(["class", "queries", "precision@10", "recall@10", "queries P<1", "queries R<1", "target >= 0.95"], rows)
    kinds = sorted(set(totals) | set(missed) | set(wrong))
    table(["planted page kind", "pages", "relevant missed", "non-relevant returned"],
          [[kind, totals.get(kind, "-"), missed.get(kind, 0), wrong.get(kind, 0)] for kind in kinds])


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--background", type=int, default=20_000, help="background pages")
    parser.add_argument("--queries", type=int, default=30, help="queries per class")
    parser.add_argument("--backends", default="fts5,elasticsearch")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workdir", default="/tmp/docarchive-bench")
    parser.add_argument("--es-url", default=os.environ.get("DOCARCHIVE_ES_URL", "http://127.0.0.1:9250"))
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    os.makedirs(args.workdir, exist_ok=True)
    print("$ python -m bench.relevance " + " ".join(sys.argv[1:]))
    started = time.perf_counter()
    corpus, rng = Corpus(args.seed), random.Random(f"relevance:{args.seed}")
    pages = [corpus.page(i) for i in range(args.background)]
    queries = judged_queries(rng, args.queries, "\n".join(p.source for p in pages))
    planted = plant(corpus, queries, args.background, rng)
    pages += [p.page for p in planted]
    kinds = {p.page.document.id: p.kind for p in planted}
    relevant = relevant_sets(queries, {p.document.id: p.source for p in pages})
    customers = {p.customer.customer_no: customer_entry(p.customer) for p in pages}
    entries = [search_entry(p.document, p.customer, HASHER) for p in pages]
    print(f"# {len(pages):,} pages ({args.background:,} background, {len(planted):,} planted), {len(queries)} queries, "
          f"{statistics.fmean(len(r) for r in relevant.values()):.1f} relevant pages a query "
          f"(max {max(len(r) for r in relevant.values())}); corpus made in {time.perf_counter() - started:.0f} s\n")
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        index, size = open_index(backend, args, f"relevance-s{args.seed}", fresh=True)
        index.rebuild(entries, list(customers.values()))
        scores, missed, wrong = evaluate(index, queries, relevant, kinds)
        report(backend, scores, missed, wrong, Counter(kinds.values()))
        index.close()


if __name__ == "__main__":
    main()
