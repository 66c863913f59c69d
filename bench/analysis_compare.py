"""Compare Chinese indexing schemes on generated documents whose words are known.

    python bench/analysis_compare.py [--docs 1000] [--seed 7]

Documents are random sequences of known words and common pairs (签订合同 is 签订 + 合同),
so the truth is exact: a document is relevant to a query word when that word was written,
alone or inside a longer known word (公司 in 分公司). A match that only straddles two written
words (合同 in 联合|同盟) is a false positive. A second corpus adds OCR noise: 2 % of the
characters replaced, blanks and line breaks inserted.

Schemes: unigram phrases; our bigram+unigram streams (docarchive.search.analysis); jieba
words (precise mode, phrase of words); jieba as a ranking boost on top of ours (same matches,
documents whose jieba words also match ranked first). Needs `pip install jieba` for the
last two. Runs in well under a minute.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from docarchive.search.analysis import index_terms, normalize, query_tokens  # noqa: E402

WORDS = """
甲方 乙方 双方 合同 协议 补充 条款 签订 履行 义务 权利 违约 责任 赔偿 付款 金额 发票 货物 交付 验收 质量 标准
期限 日期 生效 终止 解除 争议 仲裁 法院 管辖 通知 送达 地址 电话 邮箱 联系人 代表 法定 授权 委托 盖章 签字
公司 有限 分公司 集团 上海 北京 浦东 新区 客户 档案 编号 等级 信用 经理 财务 采购 销售 管理 服务 技术 设备 工程
项目 租赁 保理 投资 贸易 物流 运输 仓储 保险 银行 账户 开户 税号 营业 执照 身份证 复印件 住所 民族 出生 性别
签发 机关 有效期 联合 同盟 结合 同意 综合 同时 研究 生命 研究生 学生 活动 生活 发展 中心 人民 政府 部门 主管 审批
变更 登记 备案 保密 信息 数据 软件 产品 价格 数量 单位 合计 人民币 预付 尾款 结算 方式 现金 转账 承兑 汇票 利息
逾期 催收 记录 良好 稳定 建议 维持 额度 和服 务必 配合 同步 社会 会计 计划 划分 分配 配送 送货 货款 款项 项下
""".split()
# Word pairs that real contracts and archive cards are full of; jieba fuses several into one word.
COLLOCATIONS = [
    ("本", "合同"), ("签订", "合同"), ("客户", "档案"), ("有限", "公司"), ("合同", "编号"), ("营业", "执照"),
    ("法定", "代表"), ("身份证", "复印件"), ("违约", "责任"), ("信用", "等级"), ("甲方", "代表"), ("付款", "方式"),
]
PUNCTUATION = "，。、；："
BOOST = 100  # a jieba word match outranks any number of bigram-only matches


class PositionalIndex:
    """token → document → positions: what FTS5 and Elasticsearch keep for phrase queries."""

    def __init__(self) -> None:
        self.postings: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.size = 0
        self.read = 0  # postings entries read by queries: the cost of a phrase query

    def add(self, doc: int, tokens: list[str]) -> None:
        for position, token in enumerate(tokens):
            self.postings[token][doc].append(position)
        self.size += len(tokens)

    def phrase_counts(self, phrase: list[str]) -> dict[int, int]:
        """Documents containing `phrase` consecutively, with how often."""
        if not phrase or any(token not in self.postings for token in phrase):
            return {}
        self.read += sum(len(self.postings[token]) for token in phrase)
        docs = set.intersection(*(set(self.postings[token]) for token in phrase))
        counts = {}
        for doc in docs:
            following = [set(self.postings[token][doc]) for token in phrase[1:]]
            hits = sum(all(p + i + 1 in s for i, s in enumerate(following)) for p in self.postings[phrase[0]][doc])
            if hits:
                counts[doc] = hits
        return counts


def make_corpus(count: int, rng: random.Random, noisy: bool) -> tuple[list[str], list[set[str]]]:
    contained = {word: {other for other in WORDS if other in word} for pair in COLLOCATIONS for word in pair}
    contained.update({word: {other for other in WORDS if other in word} for word in WORDS})
    docs, truths = [], []
    chars = sorted(set("".join(WORDS)))
    for _ in range(count):
        picks = [_pick(rng) for _ in range(rng.randint(170, 300))]
        written = [word for pick in picks for word in pick]  # ~2 KB of UTF-8
        text = "".join(word + (rng.choice(PUNCTUATION) if rng.random() < 0.3 else "") for word in written)
        docs.append(_ocr_noise(text, chars, rng) if noisy else text)
        truths.append(set().union(*(contained[word] for word in written)))
    return docs, truths


def _pick(rng: random.Random) -> tuple[str, ...]:
    return rng.choice(COLLOCATIONS) if rng.random() < 0.2 else (rng.choice(WORDS),)


def _ocr_noise(text: str, chars: list[str], rng: random.Random) -> str:
    out = []
    for char in text:
        out.append(rng.choice(chars) if rng.random() < 0.02 else char)
        if rng.random() < 0.03:
            out.append(rng.choice([" ", "\n"]))
    return "".join(out)


# --- schemes: (tokenise a document into columns, a query into [(column, phrase)] alternatives) ---

Scheme = tuple[Callable[[str], dict[str, list[str]]], Callable[[str], list[tuple[str, list[str]]]]]


def unigram_scheme() -> Scheme:
    # Our `chars` column alone; its speed is ours (normalisation dominates), its size and cost are not.
    def tokens(text: str) -> list[str]:
        return index_terms(text).chars.split()

    return (lambda doc: {"chars": tokens(doc)}), (lambda query: [("chars", tokens(query))])


def ours_scheme() -> Scheme:
    def columns(doc: str) -> dict[str, list[str]]:
        indexed = index_terms(doc)
        return {name: getattr(indexed, name).split() for name in ("bigrams", "chars", "words")}

    return columns, (lambda query: [(p.column, list(p.tokens)) for p in query_tokens(query)])


def jieba_scheme(jieba) -> Scheme:
    def words(text: str) -> list[str]:
        return [w for w in jieba.lcut(normalize(text)) if w.strip() and w not in PUNCTUATION + ",.;:"]

    return (lambda doc: {"words": words(doc)}), (lambda query: [("words", words(query))])


def build(scheme: Scheme, docs: list[str]) -> tuple[dict[str, PositionalIndex], float]:
    indexes: dict[str, PositionalIndex] = defaultdict(PositionalIndex)
    started = time.perf_counter()
    tokenised = [scheme[0](doc) for doc in docs]
    elapsed = time.perf_counter() - started
    for doc, columns in enumerate(tokenised):
        for column, tokens in columns.items():
            indexes[column].add(doc, tokens)
    return indexes, elapsed


def search(scheme: Scheme, indexes: dict[str, PositionalIndex], query: str) -> dict[int, int]:
    scores: dict[int, int] = defaultdict(int)
    for column, phrase in scheme[1](query):
        for doc, hits in indexes[column].phrase_counts(phrase).items():
            scores[doc] += hits
    return scores


def evaluate(results: dict[str, dict[int, int]], truths: list[set[str]]) -> dict[str, float]:
    tp = fp = fn = 0
    average_precisions = []
    for query, scores in results.items():
        relevant = {doc for doc, words in enumerate(truths) if query in words}
        found = set(scores)
        tp, fp, fn = tp + len(found & relevant), fp + len(found - relevant), fn + len(relevant - found)
        average_precisions.append(_average_precision(scores, relevant))
    return {
        "precision": tp / max(tp + fp, 1),
        "recall": tp / max(tp + fn, 1),
        "MAP": sum(average_precisions) / len(average_precisions),
        "false+": fp,
        "missed": fn,
    }


def _average_precision(scores: dict[int, int], relevant: set[int]) -> float:
    ranked = sorted(scores, key=lambda doc: (-scores[doc], doc))
    hits, total = 0, 0.0
    for rank, doc in enumerate(ranked, start=1):
        if doc in relevant:
            hits += 1
            total += hits / rank
    return total / max(len(relevant), 1)


def run(label: str, docs: list[str], truths: list[set[str]], jieba) -> None:
    schemes: dict[str, Scheme] = {"unigram": unigram_scheme(), "bigram+unigram (ours)": ours_scheme()}
    if jieba:
        schemes["jieba words"] = jieba_scheme(jieba)
    results, built = {}, {}
    for name, scheme in schemes.items():
        indexes, seconds = build(scheme, docs)
        built[name] = (indexes, seconds)
        results[name] = {query: search(scheme, indexes, query) for query in WORDS}
    if jieba:
        results["jieba+bigram boost"] = {
            query: {doc: hits + BOOST * results["jieba words"][query].get(doc, 0) for doc, hits in scores.items()}
            for query, scores in results["bigram+unigram (ours)"].items()
        }
        ours, jieba_words = built["bigram+unigram (ours)"], built["jieba words"]
        built["jieba+bigram boost"] = ({**ours[0], "jieba": jieba_words[0]["words"]}, ours[1] + jieba_words[1])
    _print(label, docs, truths, results, built)


def _print(label, docs, truths, results, built) -> None:
    chars = sum(len(doc) for doc in docs)
    print(f"\n{label}: {len(docs)} documents, {chars / len(docs):.0f} chars each, {len(WORDS)} query words")
    print(f"{'scheme':22} {'precision':>9} {'recall':>7} {'MAP':>6} {'false+':>6} {'missed':>6} {'tokens/char':>11} "
          f"{'terms':>6} {'docs/s':>6} {'postings/query':>14}")
    for name, scores in results.items():
        metrics = evaluate(scores, truths)
        indexes, seconds = built[name]
        tokens = sum(index.size for index in indexes.values())
        terms = sum(len(index.postings) for index in indexes.values())
        read = sum(index.read for index in indexes.values()) / len(WORDS)
        print(
            f"{name:22} {metrics['precision']:9.4f} {metrics['recall']:7.4f} {metrics['MAP']:6.4f} "
            f"{metrics['false+']:6d} {metrics['missed']:6d} {tokens / chars:11.2f} {terms:6d} "
            f"{len(docs) / seconds:6.0f} {read:14.0f}"
        )
    if "jieba words" in results:
        print("  jieba words, worst recall:", _worst_recall(results["jieba words"], truths))


def _worst_recall(results: dict[str, dict[int, int]], truths: list[set[str]]) -> str:
    recalls = {}
    for query, scores in results.items():
        relevant = {doc for doc, words in enumerate(truths) if query in words}
        recalls[query] = len(relevant & set(scores)) / max(len(relevant), 1)
    return ", ".join(f"{query} {recall:.2f}" for query, recall in sorted(recalls.items(), key=lambda i: i[1])[:6])


def traps(jieba) -> None:
    """The classic cases, one line each: does each scheme find the query in the text (and should it)?"""
    cases = [("双方结成联合同盟", "合同", False), ("甲乙双方签订合同", "合同", True), ("研究生命科学", "研究生", False),
             ("学生活动中心", "生活", False), ("本合同一式两份", "合同", True), ("客户档案管理", "档案", True)]
    schemes = {"unigram": unigram_scheme(), "ours": ours_scheme(), **({"jieba": jieba_scheme(jieba)} if jieba else {})}
    print("\ntrap cases (found?):")
    for text, query, relevant in cases:
        verdicts = [f"{name}={bool(search(s, build(s, [text])[0], query))}" for name, s in schemes.items()]
        print(f"  {query} in {text} (relevant={relevant}): {' '.join(verdicts)}")


def t2s_speed() -> None:
    from opencc import OpenCC

    document = ("本合約自簽訂之日起生效，乙方應於期限內付款並提供發票。客戶檔案編號KH-2019-00042。" * 40)[:700]
    converter = OpenCC("t2s")
    for name, convert in (("OpenCC t2s (phrases)", converter.convert), ("normalize() incl. char table", normalize)):
        convert(document)
        started, rounds = time.perf_counter(), 200
        for _ in range(rounds):
            convert(document)
        per_doc = (time.perf_counter() - started) / rounds
        print(f"  {name:30} {per_doc * 1e3:6.3f} ms per 2 KB document = {1 / per_doc:7.0f} docs/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    try:
        import jieba

        jieba.setLogLevel(60)
        jieba.initialize()
    except ImportError:
        jieba = None
        print("jieba is not installed (pip install jieba): its schemes are skipped")
    for label, noisy in (("clean text", False), ("OCR noise", True)):
        docs, truths = make_corpus(args.docs, random.Random(args.seed), noisy)
        run(label, docs, truths, jieba)
    traps(jieba)
    print("\nTraditional → Simplified:")
    t2s_speed()


if __name__ == "__main__":
    main()
