"""The reference input end to end: what issue 2's 'done when' asks of the seed.

The code has no knowledge of this page; these assertions check that the general
cleaning, dateline and date stages get a real scraped dispatch right.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import dateline


@pytest.fixture(scope="module")
def seed(seed_files: list[Path]) -> dateline.Article:
    return dateline.process_path(seed_files[0], settings=dateline.load_settings(nlp=False))


def test_title_summary_outlet(seed: dateline.Article) -> None:
    assert seed.title == (
        "Anti-IS Coalition Making Progress in Fighting Extremists in Iraq:US General"
    )
    assert seed.summary is not None and seed.summary.startswith("US Gen. John Allen has stated")
    assert seed.outlet == "Sputnik"


def test_body_is_the_story_and_nothing_else(seed: dateline.Article) -> None:
    assert seed.text.startswith("WASHINGTON, December 12 (Sputnik) –")
    assert seed.text.endswith("taking part in the US-led campaign.")
    for furniture in (
        "Listen Live",
        "Get short URL",
        "© Sputnik",
        "Video of US Airstrikes",
        "Comment via",
        "Publicly Executes",
        "03:38 GMT",
        "Community standards",
        "military cooperation, coalition",
    ):
        assert furniture not in seed.text
    kinds = {b.kind for b in seed.boilerplate}
    assert {"timestamp", "caption", "credit", "related", "tags", "comments"} <= kinds


def test_dateline_and_publication_date(seed: dateline.Article) -> None:
    d = seed.dateline
    assert d is not None
    assert (d.place, d.agency, d.date) == ("WASHINGTON", "Sputnik", "2014-12-12")
    assert seed.text[d.start : d.end] == d.text
    p = seed.published
    assert p is not None
    assert (p.date, p.precision, p.source) == ("2014-12-12", "day", "inferred-year")
    assert p.evidence and "December 12" in p.evidence
    # the crawl stamp (February 2019) bounds the date but is not taken for it
    assert any("2015" in w and "2019" in w for w in seed.warnings)
