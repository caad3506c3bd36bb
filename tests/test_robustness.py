"""Hostile and odd inputs: an Article or a DatelineError, never anything else."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dateline
from dateline import DatelineError, NoArticle

NO_NLP = dateline.load_settings(nlp=False)


def _outcome(data: str | bytes, kind: str = "auto") -> dateline.Article | DatelineError:
    try:
        return dateline.process(data, input_kind=kind, settings=NO_NLP)
    except DatelineError as exc:
        return exc


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000), st.sampled_from(["auto", "text", "html", "article"]))
def test_any_text_gives_an_article_or_a_dateline_error(text: str, kind: str) -> None:
    result = _outcome(text, kind)
    if isinstance(result, dateline.Article):
        assert result.text.strip()


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_an_article_or_a_dateline_error(data: bytes) -> None:
    _outcome(data)


PROSE = (
    "The council met on Monday to discuss the new budget for the city's schools. "
    "Members said the plan would add teachers and repair buildings across the district. "
)


@pytest.mark.parametrize(
    "page",
    [
        "<div>" * 5000 + "<p>" + PROSE * 5 + "</p>" + "</div>" * 5000,  # deep nesting
        "<html><body><p>" + PROSE * 5 + "</p><p>Trunc",  # truncated mid-paragraph
        "<html><body><p>" + PROSE * 5 + "</p><scr",  # truncated mid-tag
        "<html><head><script>"
        + "var x = 1;" * 2000
        + "</script></head><body>"
        + "<p>"
        + PROSE * 5
        + "</p></body></html>",
        "<html><body><p>" + PROSE * 3 + "\u202e\u200f\U0001f600 </p></body></html>",
    ],
)
def test_hostile_html_does_not_crash(page: str) -> None:
    result = _outcome(page, "html")
    assert isinstance(result, dateline.Article | NoArticle)


def test_one_enormous_line_is_handled() -> None:
    result = _outcome(PROSE * 40_000, "text")  # ~6 MB on one line
    assert isinstance(result, dateline.Article | DatelineError)


def test_many_short_lines_are_handled() -> None:
    page = "Home\nNews\nSport\n" * 30_000 + PROSE * 3 + "\n"
    result = _outcome(page, "text")
    assert isinstance(result, dateline.Article | NoArticle)
