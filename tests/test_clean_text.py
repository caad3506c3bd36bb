"""The flattened-text cleaner: body kept, page furniture named and dropped.

Every page here is invented for the tests (a fictional town, fictional outlets).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dateline.clean.text import KINDS, Block, body_text, segment

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "content" / "aeb"

# Measured in-sample F1 of the shipped model on the development pages is 0.949 (see
# docs/text-cleaning.md); the floor sits just under it so a regression fails loudly.
IN_SAMPLE_F1_FLOOR = 0.94

BODY = [
    "PORTVILLE, March 3 (Invented Wire) – The annual harbour festival in the invented town "
    "of Portville drew a record number of visitors this weekend, organisers said on Sunday, "
    "with food stalls and music stages stretching along the whole length of the old quay.",
    "The organisers said that more than forty thousand people had bought tickets for the "
    "three days, which is almost twice the number they had counted when the festival was "
    "first held on the quay, and that the ferry company had added extra crossings to cope.",
    '"We did not expect so many people to come in the rain," said the festival director, '
    "who added that the town would look at moving some of the stages to the park next year "
    "so that the narrow streets near the harbour would not be so crowded in the evenings.",
    "Shop owners near the harbour told reporters that their takings had been the best of "
    "the year, although several of them said that they had run out of bread and fish long "
    "before the last concert had finished on the Saturday night and had to close early.",
    "The town council is expected to discuss the cost of the festival at its next meeting, "
    "when members will also vote on a plan to repair the sea wall and to build a new "
    "footbridge over the canal that runs between the market square and the fish market.",
]

PAGE = "\n".join(
    [
        "09:15 GMT +0012 March 2031",
        "Home",
        "World",
        "Sports",
        "Weather",
        "Subscribe",
        "Sign In",
        "    Harbour festival draws record crowds to the old town of Portville",
        "",
        "    © Invented Photo Agency / Jane Doe",
        "    Local & Regional",
        "    Get short URL",
        "    0 12",
        "",
        "    Organisers of the Portville harbour festival say it drew record crowds this "
        "weekend, with more visitors than in any year since it began.",
        "",
        *(f"    {p}\n" for p in BODY),
        "    Related",
        "    Portville council approves new ferry timetable",
        "    Lighthouse museum reopens after two years of repairs",
        "    Fishing fleet returns early as storm approaches",
        "    Tags: festivals, Portville, harbour, tourism, music",
        "    Share on Facebook",
        "    Share on Twitter",
        "    12 comments",
        "    Add a comment",
        "Privacy Policy",
        "Terms of Use",
        "© 2031 Invented Media Group. All rights reserved.",
    ]
)


def kinds_of(text: str, blocks: list[Block]) -> dict[str, str]:
    return {text[b.start : b.end]: b.kind for b in blocks}


def test_body_is_the_story_and_nothing_else() -> None:
    body = body_text(PAGE, segment(PAGE))
    assert body.split("\n\n") == BODY


def test_furniture_is_named() -> None:
    kinds = kinds_of(PAGE, segment(PAGE))
    assert kinds["Harbour festival draws record crowds to the old town of Portville"] == "title"
    assert kinds["09:15 GMT +0012 March 2031"] == "timestamp"
    assert kinds["© Invented Photo Agency / Jane Doe"] == "credit"
    assert kinds["Get short URL"] == "share"
    assert kinds["0 12"] == "share"
    assert kinds["Share on Facebook"] == "share"
    assert kinds["Tags: festivals, Portville, harbour, tourism, music"] == "tags"
    assert kinds["12 comments"] == "comments"
    assert kinds["Home"] == "navigation"
    assert kinds["Portville council approves new ferry timetable"] == "related"
    assert (
        kinds[
            "Organisers of the Portville harbour festival say it drew record crowds this "
            "weekend, with more visitors than in any year since it began."
        ]
        == "standfirst"
    )


def test_blocks_slice_the_input_in_order_without_overlap() -> None:
    blocks = segment(PAGE)
    assert blocks
    previous_end = 0
    for block in blocks:
        assert block.kind in KINDS
        piece = PAGE[block.start : block.end]
        assert piece and piece == piece.strip()
        assert block.start >= previous_end
        previous_end = block.end
    non_blank = [line.strip() for line in PAGE.splitlines() if line.strip()]
    assert [PAGE[b.start : b.end] for b in blocks] == non_blank


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", " \t\n  \r\n\u00a0\n"])
def test_empty_or_blank_input_gives_no_blocks(text: str) -> None:
    assert segment(text) == []
    assert body_text(text, []) == ""


def test_single_line_and_crlf_input() -> None:
    blocks = segment("Just one line of text here.")
    assert [(b.start, b.end) for b in blocks] == [(0, 27)]
    crlf = PAGE.replace("\n", "\r\n")
    assert body_text(crlf, segment(crlf)).split("\n\n") == BODY


def test_a_page_that_is_all_navigation_has_no_body() -> None:
    menu = "\n".join(["Home", "News", "Sport", "Weather", "Contact us", "Sign in"] * 5)
    assert body_text(menu, segment(menu)) == ""


def test_hundred_thousand_lines_finish_quickly() -> None:
    text = "\n".join([*BODY, "Home", "Share", "12"] * 12_500)
    started = time.perf_counter()
    blocks = segment(text)
    assert len(blocks) == 100_000
    assert time.perf_counter() - started < 30


@pytest.mark.evaldata
@pytest.mark.skipif(not EVAL.is_dir(), reason="../shared/eval is not present")
def test_in_sample_f1_on_the_development_pages() -> None:
    from dateline.evaluation.content_text import run

    figures = run(EVAL)["systems"]
    assert figures["dateline"]["f1"] >= IN_SAMPLE_F1_FLOOR
    assert figures["dateline"]["f1"] > figures["keep-everything"]["f1"]
