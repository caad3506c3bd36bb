"""Near-duplicate articles: signatures, the index, canonical choice, banding, shards."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHashLSH

from dateline import dedup
from dateline.buckets import BandBuckets, band_keys
from dateline.evaluation import dedup as dedup_eval

_SYLLABLES = ("ka", "lo", "mi", "ren", "tas", "vu", "pel", "dor", "in", "sa",
              "be", "fu", "gri", "mon", "at", "el", "os", "ti", "nar", "pu")  # fmt: skip


def _vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    return ["".join(rng.choices(_SYLLABLES, k=rng.randint(1, 4))) for _ in range(size)]


def _article(rng: random.Random, vocabulary: list[str], words: int) -> str:
    text = [rng.choice(vocabulary) for _ in range(words)]
    paragraphs = [" ".join(text[i : i + 40]) + "." for i in range(0, words, 40)]
    return "\n\n".join(paragraphs)


def _corpus(seed: int = 7, articles: int = 60) -> list[tuple[str, bytes, str | None]]:
    """Invented articles and copies cut to random lengths, so some pairs sit near the
    threshold where LSH can miss them: rows in first-seen order."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    rows = []
    for n in range(articles):
        words = _article(rng, vocabulary, rng.randint(40, 400)).split()
        rows.append((f"a{n}", dedup.signature(" ".join(words)), f"2024-01-{n % 28 + 1:02d}"))
        for c in range(rng.randint(0, 3)):
            keep = rng.uniform(0.35, 1.0)
            copy = words[: max(1, int(len(words) * keep))]
            rows.append((f"a{n}-c{c}", dedup.signature(" ".join(copy)), None))
    rng.shuffle(rows)
    return rows


STORY = (
    "The river burst its banks on Tuesday night after three days of rain, flooding the "
    "lower town and cutting the road to the coast. Emergency crews moved about two hundred "
    "families to the school on the hill, where the council set up beds and a kitchen.\n\n"
    "The mayor said the water had risen faster than in any flood she could remember. "
    "Farmers upstream reported losing fences, sheds and part of the spring harvest, and the "
    "regional weather office warned that more rain was due at the weekend.\n\n"
    "Engineers will inspect the old stone bridge on Thursday. Until then it stays closed to "
    "lorries, and buses will take the long way round through the valley villages."
)
OTHER = (
    "A small bakery on the market square has won the national bread prize for the second "
    "year running, beating more than four hundred entries with a rye loaf baked in a wood "
    "oven that the owner's grandfather built. The judges praised its crust and its sour, "
    "dark crumb. The owner said she would spend the prize money on a second oven and an "
    "apprentice, and that the secret was patience rather than any special flour."
)


def test_signature_is_compact_deterministic_and_ignores_form() -> None:
    sig = dedup.signature(STORY)
    assert len(sig) == 8 + 4 * dedup.NUM_PERM
    assert dedup.signature(STORY) == sig
    reflowed = "  " + STORY.upper().replace(",", " ;").replace(" ", "\r\n ").replace(".", "!")
    assert dedup.signature(reflowed) == sig
    assert dedup.similarity(sig, dedup.signature(OTHER)) < 0.1


def test_scripts_without_spaces_survive_a_line_break() -> None:
    text = "同じ商標が付された商品は同じ品質であることを保証する機能を持っています" * 3
    broken = text[:20] + "\n" + text[20:47] + "\n" + text[47:]
    assert dedup.signature(broken) == dedup.signature(text)
    assert len(dedup.normalise(text)) == len(text)


def test_signature_rejects_foreign_bytes_and_mixed_settings() -> None:
    with pytest.raises(ValueError):
        dedup.similarity(b"short", dedup.signature(STORY))
    with pytest.raises(ValueError):
        dedup.similarity(dedup.signature(STORY), dedup.signature(STORY, shingle=3))
    index = dedup.DuplicateIndex()
    index.add("a", dedup.signature(STORY))
    with pytest.raises(ValueError):
        index.add("b", dedup.signature(STORY, num_perm=64))


def test_copies_cluster_and_other_articles_do_not() -> None:
    paragraphs = STORY.split("\n\n")
    rows = [
        ("orig", STORY, "2024-03-05"),
        ("trimmed", "\n\n".join(paragraphs[:2]), "2024-03-06"),
        ("wire", f"By Ann Lee, Reuters\n\nLONDON (Reuters) — {STORY}\n\n(Editing by Bo Kim)", None),
        ("other", OTHER, "2024-03-01"),
    ]
    clusters = dedup.cluster_texts(rows)
    assert clusters == {"orig": ["orig", "trimmed", "wire"]}


def test_canonical_is_earliest_dated_then_first_seen() -> None:
    sig = dedup.signature(STORY)
    index = dedup.DuplicateIndex()
    assert index.add("undated", sig) is None  # alone: no cluster
    assert index.add("march", sig, published="2024-03-05") == "march"  # dated beats undated
    assert index.add("march-too", sig, published="2024-03-05") == "march"  # tie: first seen
    assert index.add("february", sig, published="2024-02-01T09:00:00Z") == "february"
    assert index.canonical("undated") == "february"
    assert index.members("march") == ["february", "march", "march-too", "undated"]
    assert index.add("march", sig, published="2020-01-01") == "february"  # idempotent
    assert len(index) == 4
    assert index.add("bakery", dedup.signature(OTHER)) is None
    assert index.members("bakery") == ["bakery"]


def test_short_bodies_cluster_only_as_exact_copies() -> None:
    credit = "Copyright 2024 The Associated Press. All rights reserved. Do not redistribute."
    stubs = [f"{first} {credit}" for first in ("Shares rose sharply.", "Talks ended early.")]
    assert all(len(dedup.normalise(s)) < dedup.MIN_WORDS for s in stubs)
    a, b = (dedup.signature(s) for s in stubs)
    assert dedup.similarity(a, b) >= dedup.THRESHOLD  # the shared line dominates them
    assert dedup.DuplicateIndex.from_signatures([("a", a, None), ("b", b, None)]).clusters() == {}
    loose = dedup.DuplicateIndex.from_signatures([("a", a, None), ("b", b, None)], min_words=0)
    assert loose.clusters() == {"a": ["a", "b"]}
    copy = dedup.signature(stubs[0].upper() + "\n")
    assert dedup.cluster_banded([("a", a, None), ("a2", copy, None)]) == {"a": ["a", "a2"]}
    empty = dedup.signature("  \n ")
    assert dedup.cluster_banded([("e1", empty, None), ("e2", empty, None)]) == {}


def test_bands_carry_their_number() -> None:
    keys = dedup.bands(dedup.signature(STORY))
    assert len(keys) == dedup.BANDS
    assert len({k[:2] for k in keys}) == dedup.BANDS
    assert all(len(k) == 2 + 4 * dedup.ROWS for k in keys)


@pytest.mark.parametrize(("n_bands", "band_rows"), [(dedup.BANDS, dedup.ROWS), (16, 8)])
def test_buckets_propose_what_datasketch_lsh_proposes(n_bands: int, band_rows: int) -> None:
    # datasketch's MinHashLSH is the reference; the corpus is big enough that the recent
    # keys are merged into the sorted arrays part-way (4,096 keys).
    rows = _corpus(articles=200)
    assert len(rows) * n_bands > 4096
    lsh = MinHashLSH(num_perm=dedup.NUM_PERM, params=(n_bands, band_rows))
    table = BandBuckets()
    proposed = 0
    for row, (article_id, sig, _) in enumerate(rows):
        values = np.frombuffer(sig, dtype="<u4", offset=8)
        keys = band_keys(values, n_bands, band_rows)
        minhash = LeanMinHash(seed=1, hashvalues=values, scheme="affine32")
        expected = set(lsh.query(minhash))
        assert {rows[r][0] for r in table.candidates(keys)} == expected, article_id
        proposed += len(expected)
        lsh.insert(article_id, minhash)
        table.insert(keys, row)
    assert proposed > 100  # the corpus has copies: candidates were proposed and compared


def test_bucket_keys_separate_bands_and_values() -> None:
    values = np.arange(12, dtype=np.uint32)
    keys = band_keys(values, 4, 3)
    assert keys.dtype == np.uint64 and len(set(keys.tolist())) == 4
    same_values_other_band = band_keys(np.roll(values, -3), 4, 3)
    assert not set(keys.tolist()) & set(same_values_other_band.tolist())
    changed = values.copy()
    changed[4] += 1
    assert (band_keys(changed, 4, 3) != keys).tolist() == [False, True, False, False]


@pytest.mark.parametrize(("n_bands", "band_rows"), [(dedup.BANDS, dedup.ROWS), (16, 8)])
def test_banded_group_by_equals_the_in_memory_index(n_bands: int, band_rows: int) -> None:
    rows = _corpus()
    memory = dedup.DuplicateIndex.from_signatures(rows, n_bands=n_bands, band_rows=band_rows)
    assert len(memory.clusters()) >= 10
    assert dedup.cluster_banded(rows, n_bands=n_bands, band_rows=band_rows) == memory.clusters()
    # Verifying every pair finds at least what LSH finds: banding loses recall, never adds.
    every = dedup.clusters_from_buckets({r[0]: (r[1], r[2]) for r in rows}, [[r[0] for r in rows]])
    found = {m for ms in memory.clusters().values() for m in ms}
    possible = {m for ms in every.values() for m in ms}
    assert found <= possible
    if band_rows == 8:  # long bands miss pairs near the threshold: the paths must agree anyway
        assert found < possible


def test_merged_shards_equal_one_index() -> None:
    rows = _corpus(seed=11)
    whole = dedup.DuplicateIndex.from_signatures(rows).clusters()
    shards = [dedup.DuplicateIndex.from_signatures(rows[i::3]) for i in range(3)]
    merged = dedup.DuplicateIndex()
    for shard in shards:
        merged.merge(shard)
    in_shard_order = [r for i in range(3) for r in rows[i::3]]
    assert merged.clusters() == dedup.DuplicateIndex.from_signatures(in_shard_order).clusters()
    assert {frozenset(m) for m in merged.clusters().values()} == {
        frozenset(m) for m in whole.values()
    }
    with pytest.raises(ValueError):
        merged.merge(shards[0])


def test_pairwise_scores_count_pairs() -> None:
    docs = [dedup_eval.Doc(f"d{i}", "", g, "original", "") for i, g in enumerate("AAABB")]
    # Predicted: {d0, d1}, {d2, d3}, {d4}: one of four gold pairs, one of two predicted.
    scores = dedup_eval.pairwise(docs, ["x", "x", "y", "y", "z"])
    assert scores["recall"] == pytest.approx(1 / 4)
    assert scores["precision"] == pytest.approx(1 / 2)
    assert dedup_eval.pairwise(docs, ["a", "a", "a", "b", "b"])["f1"] == 1.0


@pytest.mark.evaldata
def test_eval_set_is_generated_deterministically(eval_dir: Path) -> None:
    pages = dedup_eval.load_pages(eval_dir)
    docs = dedup_eval.build(pages)
    assert docs == dedup_eval.build(pages)
    assert docs != dedup_eval.build(pages, seed=1)
    assert len(docs) == len(pages) * len(dedup_eval.KINDS)
    by_kind = {(d.group, d.kind): d.text for d in docs}
    for page in pages:
        body = by_kind[(page.id, "original")]
        assert by_kind[(page.id, "exact")] == body
        assert len(by_kind[(page.id, "trim_end")]) < len(body)
        assert len(by_kind[(page.id, "boilerplate")]) > len(body)
        assert dedup.normalise(by_kind[(page.id, "rewrap")]) == dedup.normalise(body)
