"""Score near-duplicate clustering on copies made from the development pages.

Nothing is stored: the set is rebuilt on each run from ``content/aeb`` (``ground-truth.json``
bodies and ``text/*.txt`` pages) with a fixed seed. Each gold body is one group of
``KINDS``: the body itself and seven copies of it —

- ``exact``: the same text;
- ``trim_end`` / ``trim_start``: 10–30 % of the paragraphs cut from the end / the start
  (sentences when the body has fewer than four paragraphs);
- ``rewrap``: the same words re-flowed at another width, other blank lines, CRLF;
- ``boilerplate``: 5–20 navigation lines from the top and 5–20 footer lines from the
  bottom of another page (its lines that are not in its gold body) around the body;
- ``headline``: another headline on top (the first 6–14 words of another article);
- ``syndicated``: a byline, a "CITY (Agency) —" dateline and an agency credit line.

Every pair of documents from different groups is a negative, same-site pairs among them.
Scores are pairwise precision/recall/F1 of the predicted clusters, recall per kind (is the
copy in its original's cluster), and articles/s for signature + index. The naive peer,
exact-hash dedup (sha256 of the normalised words), runs on the same documents.

``short_bodies`` measures chance clusters among stubs of N words of different articles
that share one agency credit line; ``sweep`` scores every parameter setting with
all-pairs verification (no LSH), which is how the defaults in ``dateline.dedup`` were
chosen, then the LSH recall against all pairs.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import textwrap
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from math import comb
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from dateline import dedup

SEED = 20240605
KINDS = (
    "original",
    "exact",
    "trim_end",
    "trim_start",
    "rewrap",
    "boilerplate",
    "headline",
    "syndicated",
)
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")
_AGENCIES = (
    ("Associated Press", "AP"),
    ("Reuters", "Reuters"),
    ("Agence France-Presse", "AFP"),
    ("Bloomberg News", "Bloomberg"),
)
_CITIES = ("WASHINGTON", "LONDON", "NEW YORK", "PARIS", "NAIROBI", "SYDNEY", "MUMBAI")
_NAMES = ("Maria Lopez", "James Okafor", "Chen Wei", "Anna Novak", "Tom Reilly", "Sara Haddad")
_CREDITS = (
    "Copyright {year} The {agency}. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed without permission.",
    "(Reporting by {name}; Additional reporting by {name2}; Editing by {name3})",
    "{agency} contributed to this report. Distributed by {agency} under licence.",
)


@dataclass(frozen=True, slots=True)
class Doc:
    id: str
    text: str
    group: str
    kind: str
    site: str


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    body: str
    site: str
    head: tuple[str, ...]  # page lines above the body: navigation
    tail: tuple[str, ...]  # page lines below the body: footer


def load_pages(root: Path) -> list[Page]:
    aeb = root / "content" / "aeb"
    gold = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(gold):
        body = gold[page_id]["articleBody"]
        path = aeb / "text" / f"{page_id}.txt"
        lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
        head, tail = _furniture(lines, body)
        site = urlparse(gold[page_id].get("url", "")).netloc
        pages.append(Page(page_id, body, site, head, tail))
    return pages


def _furniture(lines: Sequence[str], body: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The page's non-empty lines before the first and after the last line of its body."""
    flat = " ".join(body.split())
    inside = [i for i, line in enumerate(lines) if len(line.strip()) >= 20 and line.strip() in flat]
    kept = [line.strip() for line in lines]
    if not inside:
        return (), ()
    head = tuple(x for x in kept[: inside[0]] if x)
    tail = tuple(x for x in kept[inside[-1] + 1 :] if x)
    return head, tail


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.splitlines() if p.strip()]


def _trim(body: str, rng: random.Random, *, end: bool) -> str:
    paragraphs = _paragraphs(body)
    units, joiner = paragraphs, "\n\n"
    if len(paragraphs) < 4:
        units, joiner = _SENTENCE.split(" ".join(paragraphs)), " "
    if len(units) < 2:
        units, joiner = body.split(), " "
    cut = min(len(units) - 1, max(1, round(len(units) * rng.uniform(0.1, 0.3))))
    kept = units[: len(units) - cut] if end else units[cut:]
    return joiner.join(kept)


def _rewrap(body: str, rng: random.Random) -> str:
    width = rng.choice((50, 64, 72, 90))
    gap = rng.choice(("\r\n\r\n", "\n\n\n", "\n \n"))
    indent = rng.choice(("", "  ", "\t"))
    blocks = [
        textwrap.fill(p.replace(". ", ".  "), width=width, initial_indent=indent)
        for p in _paragraphs(body)
    ]
    newline = "\r\n" if gap.startswith("\r") else "\n"
    return gap.join(b.replace("\n", newline) for b in blocks) + newline


def _boilerplate(body: str, other: Page, rng: random.Random) -> str:
    head = list(other.head[: rng.randint(5, 20)])
    tail = list(other.tail[-rng.randint(5, 20) :]) if other.tail else []
    return "\n".join([*head, "", body, "", *tail])


def _headline(body: str, other: Page, rng: random.Random) -> str:
    words = other.body.split()[: rng.randint(6, 14)]
    return " ".join(words).rstrip(",;:") + "\n\n" + body


def _syndicated(body: str, rng: random.Random) -> str:
    agency, short = rng.choice(_AGENCIES)
    names = rng.sample(_NAMES, 4)
    credit = rng.choice(_CREDITS).format(
        year=rng.randint(2015, 2024), agency=agency, name=names[1], name2=names[2], name3=names[3]
    )
    byline = f"By {names[0]}, {agency}"
    dateline = f"{rng.choice(_CITIES)} ({short}) — "
    return f"{byline}\n\n{dateline}{body.lstrip()}\n\n{credit}"


def build(pages: Sequence[Page], *, seed: int = SEED) -> list[Doc]:
    """The evaluation documents: per page, the body and its copies, in a fixed order."""
    rng = random.Random(seed)
    with_furniture = [p for p in pages if p.head and p.tail]
    docs = []
    for page in pages:
        body = page.body
        donor = rng.choice([p for p in with_furniture if p.id != page.id])
        other = rng.choice([p for p in pages if p.id != page.id])
        texts = {
            "original": body,
            "exact": body,
            "trim_end": _trim(body, rng, end=True),
            "trim_start": _trim(body, rng, end=False),
            "rewrap": _rewrap(body, rng),
            "boilerplate": _boilerplate(body, donor, rng),
            "headline": _headline(body, other, rng),
            "syndicated": _syndicated(body, rng),
        }
        for kind in KINDS:
            doc_id = f"{page.id[:12]}-{kind}"
            docs.append(Doc(doc_id, texts[kind], page.id, kind, page.site))
    return docs


# --- scoring ---------------------------------------------------------------------


def labels(docs: Sequence[Doc], clusters: Mapping[str, Sequence[str]]) -> list[str]:
    """Each document's predicted cluster (its canonical id, or itself when alone)."""
    of = {member: canonical for canonical, members in clusters.items() for member in members}
    return [of.get(d.id, d.id) for d in docs]


def pairwise(docs: Sequence[Doc], predicted: Sequence[str]) -> dict[str, float]:
    """Pairwise precision/recall/F1: a pair is positive when both are in one cluster."""
    cells = Counter(zip(predicted, (d.group for d in docs), strict=True))
    tp = sum(comb(n, 2) for n in cells.values())
    pred = sum(comb(n, 2) for n in Counter(predicted).values())
    gold = sum(comb(n, 2) for n in Counter(d.group for d in docs).values())
    p = tp / pred if pred else 1.0
    r = tp / gold if gold else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def kind_recall(docs: Sequence[Doc], predicted: Sequence[str]) -> dict[str, float]:
    """Per kind, the share of copies that share a cluster with their group's original."""
    original = {
        d.group: lab for d, lab in zip(docs, predicted, strict=True) if d.kind == "original"
    }
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for doc, lab in zip(docs, predicted, strict=True):
        if doc.kind != "original":
            totals[doc.kind] += 1
            hits[doc.kind] += lab == original[doc.group]
    return {kind: hits[kind] / totals[kind] for kind in totals}


def same_site_false_pairs(docs: Sequence[Doc], predicted: Sequence[str]) -> tuple[int, int]:
    """(co-clustered, all) pairs of documents of different articles from one site."""
    wrong = total = 0
    for i, a in enumerate(docs):
        for j in range(i + 1, len(docs)):
            b = docs[j]
            if a.site and a.site == b.site and a.group != b.group:
                total += 1
                wrong += predicted[i] == predicted[j]
    return wrong, total


# --- systems ---------------------------------------------------------------------


def minhash_clusters(docs: Sequence[Doc], **options: Any) -> dict[str, list[str]]:
    index = dedup.DuplicateIndex(**options)
    for doc in docs:
        index.add(doc.id, dedup.signature(doc.text))
    return index.clusters()


def exact_hash_clusters(docs: Sequence[Doc]) -> dict[str, list[str]]:
    """The naive peer: one cluster per sha256 of the normalised words."""
    groups: dict[str, list[str]] = {}
    for doc in docs:
        key = hashlib.sha256(" ".join(dedup.normalise(doc.text)).encode()).hexdigest()
        groups.setdefault(key, []).append(doc.id)
    return {ids[0]: ids for ids in groups.values() if len(ids) > 1}


def _score(
    docs: Sequence[Doc], system: Callable[[Sequence[Doc]], dict[str, list[str]]]
) -> dict[str, Any]:
    start = time.perf_counter()
    clusters = system(docs)
    seconds = time.perf_counter() - start
    predicted = labels(docs, clusters)
    wrong, total = same_site_false_pairs(docs, predicted)
    return {
        **pairwise(docs, predicted),
        "articles_per_second": len(docs) / seconds,
        "kinds": kind_recall(docs, predicted),
        "same_site_false_pairs": wrong,
        "same_site_pairs": total,
    }


def run(root: Path, *, seed: int = SEED) -> dict[str, Any]:
    pages = load_pages(root)
    docs = build(pages, seed=seed)
    systems = {
        "dateline minhash-lsh": _score(docs, minhash_clusters),
        "exact hash (sha256)": _score(docs, exact_hash_clusters),
    }
    return {
        "pages": len(pages),
        "documents": len(docs),
        "systems": systems,
        "short": short_bodies(pages, seed=seed),
        "memory": index_memory(),
    }


# --- short bodies, memory, parameter sweep ---------------------------------------


def short_bodies(
    pages: Sequence[Page],
    *,
    lengths: Iterable[int] = (5, 10, 20, 30, 40, 60),
    shared: Iterable[float] = (0.0, 0.5, 0.75),
    seed: int = SEED,
) -> list[dict[str, Any]]:
    """Chance clusters among stubs of different articles: each stub has ``words`` words,
    the last ``shared`` part of them one line common to all stubs (a credit line). Counted
    with the short-body rule and without it (``min_words=0``), next to the pairs of stubs
    that are word-for-word identical (the same first words) and the share of re-wrapped
    exact copies of the stubs that are still found."""
    rng = random.Random(seed)
    names = {"name": "Ann Lee", "name2": "Bo Kim", "name3": "Cy Diaz"}
    common = " ".join(c.format(year=2020, agency="Associated Press", **names) for c in _CREDITS)
    rows = []
    for length in lengths:
        for part in shared:
            n_shared = round(length * part)
            tail = " ".join(common.split()[:n_shared])
            stubs = [
                Doc(f"{p.id[:12]}", " ".join(p.body.split()[: length - n_shared]) + "\n" + tail,
                    p.id, "original", p.site)
                for p in pages
            ]  # fmt: skip
            copies = [Doc(d.id + "-copy", _rewrap(d.text, rng), d.group, "rewrap", d.site)
                      for d in stubs]  # fmt: skip
            row: dict[str, Any] = {"words": length, "shared": part, "pairs": comb(len(stubs), 2)}
            # Stubs whose words are all equal are copies, not chance: counted apart.
            row["identical_pairs"] = _co_clustered_pairs(labels(stubs, exact_hash_clusters(stubs)))
            for name, min_words in (("rule", dedup.MIN_WORDS), ("no_rule", 0)):
                row[f"chance_pairs_{name}"] = _co_clustered_pairs(
                    labels(stubs, minhash_clusters(stubs, min_words=min_words))
                )
            both = [*stubs, *copies]
            row["copy_recall"] = kind_recall(both, labels(both, minhash_clusters(both)))["rewrap"]
            rows.append(row)
    return rows


def _co_clustered_pairs(predicted: Sequence[str]) -> int:
    return sum(comb(n, 2) for n in Counter(predicted).values())


def index_memory(n: int = 2_000, *, seed: int = SEED) -> dict[str, float]:
    """Bytes per article of the in-memory index, measured on ``n`` distinct signatures
    (unique articles, the common case), and of the stored signature."""
    generator = np.random.default_rng(seed)
    header = dedup.signature("x")[:8]
    sigs = [
        header
        + generator.integers(0, 2**32, dedup.NUM_PERM, dtype=np.uint32).astype("<u4").tobytes()
        for _ in range(n)
    ]
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    index = dedup.DuplicateIndex()
    for i, sig in enumerate(sigs):
        index.add(f"article-{i:08d}", sig)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    per_article = (after - before) / n
    return {
        "index_bytes_per_article": per_article,
        "signature_bytes": float(len(sigs[0])),
        "index_gb_per_million": per_article * 1e6 / 1e9,
        "signatures_gb_per_million": len(sigs[0]) * 1e6 / 1e9,
    }


def _all_pairs_labels(
    docs: Sequence[Doc], sigs: Sequence[bytes], *, threshold: float, min_words: int
) -> list[str]:
    """Clusters from verifying every pair (no LSH): what LSH can at best recover."""
    return labels(
        docs,
        dedup.clusters_from_buckets(
            {d.id: (s, None) for d, s in zip(docs, sigs, strict=True)},
            [[d.id for d in docs]],
            threshold=threshold,
            min_words=min_words,
        ),
    )


def sweep(
    root: Path,
    *,
    shingles: Iterable[int] = (2, 3, 4, 5),
    num_perms: Iterable[int] = (64, 128, 256),
    thresholds: Iterable[float] = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8),
    seed: int = SEED,
) -> list[dict[str, Any]]:
    """Pairwise F1 and per-kind recall for each setting, every pair verified."""
    docs = build(load_pages(root), seed=seed)
    rows = []
    for shingle in shingles:
        for num_perm in num_perms:
            sigs = [dedup.signature(d.text, shingle=shingle, num_perm=num_perm) for d in docs]
            matrix = np.stack([np.frombuffer(s, "<u4", offset=8) for s in sigs])
            max_negative = _max_negative(docs, matrix)
            for threshold in thresholds:
                predicted = _fast_all_pairs(docs, matrix, sigs, threshold)
                rows.append(
                    {
                        "shingle": shingle,
                        "num_perm": num_perm,
                        "threshold": threshold,
                        **pairwise(docs, predicted),
                        "kinds": kind_recall(docs, predicted),
                        "max_negative": max_negative,
                    }
                )
    return rows


def _fast_all_pairs(
    docs: Sequence[Doc], matrix: np.ndarray, sigs: Sequence[bytes], threshold: float
) -> list[str]:
    # The same rule as dedup._is_duplicate, vectorised over all pairs for the sweep.
    words = np.array([int.from_bytes(s[4:8], "little") for s in sigs])
    num_perm = matrix.shape[1]
    buckets = []
    for i in range(len(docs)):
        equal = (matrix[i + 1 :] == matrix[i]).sum(axis=1)
        hits = np.nonzero(equal >= threshold * num_perm)[0] + i + 1
        for j in hits:
            short = min(words[i], words[j]) < dedup.MIN_WORDS
            if not short or (words[i] == words[j] and equal[j - i - 1] == num_perm):
                buckets.append([docs[i].id, docs[int(j)].id])
    clusters = dedup.clusters_from_buckets(
        {d.id: (s, None) for d, s in zip(docs, sigs, strict=True)}, buckets, threshold=0.0
    )
    return labels(docs, clusters)


def _max_negative(docs: Sequence[Doc], matrix: np.ndarray) -> float:
    """The highest estimated similarity between documents of different articles."""
    groups = np.array([d.group for d in docs])
    best = 0
    for i in range(len(docs) - 1):
        equal = (matrix[i + 1 :] == matrix[i]).sum(axis=1)
        other = groups[i + 1 :] != groups[i]
        if other.any():
            best = max(best, int(equal[other].max()))
    return best / int(matrix.shape[1])
