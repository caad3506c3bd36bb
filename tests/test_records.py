"""Records round-trip through JSON, and every offset slices the text it claims."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dateline
from dateline.records import SCHEMA, Article, InputRef

from .conftest import SAMPLES


def test_to_dict_is_json_with_schema_first() -> None:
    ref = InputRef(location="x", media_type="text/plain", sha256="0" * 64, size=3)
    data = Article(id="0" * 64, input=ref, text="abc").to_dict()
    assert next(iter(data)) == "schema"
    assert data["schema"] == SCHEMA
    assert json.loads(json.dumps(data)) == json.loads(json.dumps(data, ensure_ascii=False))
    for key in (
        "id",
        "input",
        "title",
        "summary",
        "text",
        "boilerplate",
        "outlet",
        "section",
        "tags",
        "authors",
        "published",
        "dateline",
        "entities",
        "places",
        "quotes",
        "events",
        "counts",
        "warnings",
    ):
        assert key in data


def _check_offsets(article: dateline.Article) -> None:
    text = article.text
    for entity in article.entities:
        for m in entity.mentions:
            assert text[m.start : m.end] == m.text
    if article.dateline is not None:
        d = article.dateline
        assert text[d.start : d.end] == d.text
    p = article.published
    if p is not None and p.start is not None and p.end is not None:
        assert p.evidence is not None
        assert p.evidence in text[p.start : p.end] or text[p.start : p.end] in p.evidence


@pytest.mark.model
@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("invented_*")))
def test_sample_offsets_slice_the_text(name: str) -> None:
    for outcome in dateline.process_paths([SAMPLES / name]):
        assert outcome.article is not None, outcome.error
        _check_offsets(outcome.article)


_words = st.sampled_from(
    [
        "Paris",
        "said",
        "the",
        "minister",
        "on",
        "Monday",
        "John",
        "Smith",
        "Reuters",
        "—",
        ",",
        "LONDON",
        "(AP)",
        "UN",
        "in",
        "Iraq",
        "12",
        "December",
        "2014",
        ".",
        "\n\n",
        "“quoted”",
    ]
)


@settings(max_examples=30, deadline=None)
@given(st.lists(_words, min_size=1, max_size=60))
def test_any_article_text_keeps_offsets_honest(words: list[str]) -> None:
    text = " ".join(words)
    if not text.strip():
        return
    article = dateline.process(text, input_kind="article")
    assert article.text == text
    _check_offsets(article)
