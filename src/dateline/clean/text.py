"""Clean flattened page text: tell the article body from the site furniture around it.

Input is a page flattened to plain text (copied, scraped, a WET record): one visual block
per line, the article in the middle of navigation, captions, credits, share counters,
related headlines, tags, comment widgets and crawl stamps. ``segment`` labels every
non-blank line with a kind; ``body_text`` joins the body lines.

How (see docs/text-cleaning.md):

1. A two-stage line model decides body / not body. Stage one scores each line from its
   own features and its neighbours' (``linefeatures``); stage two rescores each line from
   the stage-one scores around it, because the body is one mostly contiguous run. Both
   are small boosted-tree ensembles trained by ``scripts/train_textclean.py`` and stored
   in ``dateline/data/textclean.json``; they run on numpy alone.
2. Rules then name the non-body lines: the headline and standfirst are looked for just
   above the body, the rest by keyword cues and shape (short menu entries, counters,
   comma-separated tag lists, runs of headlines).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from dateline.clean import linefeatures as lf
from dateline.clean.model import BodyModel

__all__ = ["KINDS", "MODEL_PATH", "Block", "body_text", "load_model", "segment"]

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "textclean.json"

KINDS = (
    "body",
    "title",
    "standfirst",
    "dateline",
    "byline",
    "caption",
    "credit",
    "navigation",
    "related",
    "tags",
    "share",
    "comments",
    "timestamp",
    "other",
)


@dataclass(frozen=True, slots=True)
class Block:
    """One classified line: ``text[start:end]`` is the line, stripped of whitespace."""

    start: int
    end: int
    kind: str


@cache
def load_model() -> BodyModel:
    """The shipped model (read once per process)."""
    return BodyModel.from_json(json.loads(MODEL_PATH.read_text("utf-8")))


def segment(text: str, *, model: BodyModel | None = None) -> list[Block]:
    """Classify every non-blank line of a flattened page; blocks in input order."""
    lines = lf.find_lines(text)
    if not lines.starts:
        return []
    features = lf.line_features(text, lines)
    body = (model or load_model()).is_body(features).tolist()
    _drop_lead_before_dateline(body, features[:, lf.NAMES.index("dateline_start")].tolist())
    strings = [text[s:e] for s, e in zip(lines.starts, lines.ends, strict=True)]
    words = np.rint(np.expm1(features[:, lf.NAMES.index("words")])).astype(int).tolist()
    kinds = _name_kinds(strings, body, _cue_bits(features), words)
    return [Block(s, e, k) for s, e, k in zip(lines.starts, lines.ends, kinds, strict=True)]


def _drop_lead_before_dateline(body: list[bool], dateline_start: list[float]) -> None:
    """A wire dateline ("PLACE, Month D (Agency) –") opens the story: body-like lines just
    above it (a standfirst, a teaser) are not body, whatever the model made of them."""
    opening = [i for i, b in enumerate(body) if b][:3]
    for k, i in enumerate(opening[1:], start=1):
        if dateline_start[i]:
            for j in opening[:k]:
                body[j] = False
            return


def body_text(text: str, blocks: Sequence[Block]) -> str:
    """The article body: the body blocks' text, paragraphs separated by a blank line."""
    return "\n\n".join(text[b.start : b.end] for b in blocks if b.kind == "body")


# --- naming the non-body lines -------------------------------------------------------

_WORD = re.compile(r"\w+")
_ONLY_COUNTS = re.compile(r"^[\d\s.,:/|kKmM+()-]+$")
_TIMESTAMP = re.compile(
    r"^(?:(?:updated|published|posted|last (?:updated|modified))\b:?\s*)?"
    r"(?:[\w,.:+/ -]*\d[\w,.:+/ -]*)$",
    re.I,
)
_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\d{1,2}:\d{2}|"
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b(?:19|20)\d{2}-\d{2}-\d{2}\b|\bago\b",
    re.I,
)
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]{2,}(?:,\s*[A-Z][\w.'’ ]+)?(?:,\s*\w+ \d{1,2})?\s*(?:\([\w .]+\))?\s*[-–—:]?$"
)
_BYLINE = re.compile(r"^(?:by|written by|posted by|author:?|reporting by)\s+\S", re.I)
_CREDIT = re.compile(
    r"^(?:©|\(c\)|photo(?:graph)?s?\b|image\b|picture\b|credit\b|source:|courtesy\b)|"
    r"\b(?:getty images|shutterstock|afp|ap photo|reuters|epa|image credit|photo credit)\b|©",
    re.I,
)
_CAPTION_CUE = re.compile(
    r"^(?:above|below|pictured|file|top|caption)\b|\((?:left|right|center|centre|l|r)\)|"
    r"\b(?:left|right|pictured|seen here|file photo)\b",
    re.I,
)
_TAGS = re.compile(r"^(?:tags?|topics?|filed under|categories|keywords|related topics)\b", re.I)
_COMMENTS = re.compile(
    r"\bcomments?\b|discussion\b|community (?:standards|guidelines)|\bdisqus\b|\breplies\b",
    re.I,
)
_SHARE = re.compile(
    r"\bshare\b|\bshares\b|facebook|twitter|whatsapp|linkedin|pinterest|reddit|\bemail\b|"
    r"short url|copy link|\bprint\b|\btweet\b",
    re.I,
)
_RELATED = re.compile(
    r"\brelated\b|read more|more from|more on|recommended|most (?:popular|read|viewed|shared)|"
    r"trending|you may also|also read|see also|don.t miss|\bvideo\b|\bwatch\b|\(\d+\)$",
    re.I,
)
_COPYRIGHT_FOOTER = re.compile(r"(?:©|copyright).*\b(?:19|20)\d{2}\b|all rights reserved", re.I)
_SENTENCE_END = (".", "!", "?", '"', "”", "’")


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def _content_words(line: str) -> set[str]:
    return {w for w in _WORD.findall(line.lower()) if w not in lf.STOPWORDS}


def _cue_bits(features: lf.FloatArray) -> list[int]:
    """Each line's keyword cues as a bit set (bit i = ``lf.CUES[i]``), from the feature pass."""
    first = lf.NAMES.index(f"cue_{lf.CUES[0]}")
    hits = features[:, first : first + len(lf.CUES)] > 0
    return [int(b) for b in hits.astype(np.int64) @ (1 << np.arange(len(lf.CUES)))]


def _cue(*names: str) -> int:
    return sum(1 << lf.CUES.index(name) for name in names)


def _name_kinds(lines: list[str], body: list[bool], cues: list[int], words: list[int]) -> list[str]:
    """A kind for every line; the model's body lines stay body."""
    kinds = ["body" if b else "" for b in body]
    first_body = body.index(True) if True in body else len(lines)
    _mark_title_and_standfirst(lines, kinds, first_body)
    for i, line in enumerate(lines):
        if not kinds[i]:
            kinds[i] = _rule_kind(line, cues[i], words[i], i < first_body)
    _mark_captions(lines, kinds)
    return kinds


def _title_score(line: str, lead: set[str]) -> float:
    """How headline-like a line is: mostly the words the story opens with, headline length."""
    words = _words(line)
    if not 3 <= len(words) <= 30 or _RELATED.search(line) or _CREDIT.search(line):
        return 0.0
    if line.endswith(".") or _ONLY_COUNTS.match(line):
        return 0.0
    content = _content_words(line)
    if not content:
        return 0.0
    return len(content & lead) / len(content) + min(len(words), 12) / 40


def _mark_title_and_standfirst(lines: list[str], kinds: list[str], first_body: int) -> None:
    """Headline: the line just above the body that best shares its opening words."""
    if first_body >= len(lines):
        return
    lead_lines = [lines[i] for i in range(first_body, len(lines)) if kinds[i] == "body"][:3]
    window = range(max(0, first_body - 40), first_body)
    standfirst = _standfirst(lines, window)
    if standfirst is not None:
        lead_lines.append(lines[standfirst])
    lead = set().union(*(_content_words(x) for x in lead_lines))
    scored = [(_title_score(lines[i], lead), i) for i in window if i != standfirst]
    best = max(scored, default=(0.0, -1))
    if best[0] >= 0.5:
        kinds[best[1]] = "title"
        if standfirst is not None and standfirst > best[1]:
            kinds[standfirst] = "standfirst"


def _standfirst(lines: list[str], window: range) -> int | None:
    """The prose sentence closest above the body, if it is not a caption or credit."""
    for i in reversed(window):
        line = lines[i]
        words = _words(line)
        if len(words) >= 12 and line.endswith(_SENTENCE_END):
            if _CAPTION_CUE.search(line) or _CREDIT.search(line):
                return None
            return i
        if len(words) >= 12:
            return None
    return None


_COMMENT_CUE = _cue("comment")
_TAGS_CUE = _cue("tags")
_FOOTER_CUES = _cue("copyright", "url")
_CREDIT_CUES = _cue("photo", "url", "copyright")
_DATE_CUES = _cue("date", "time")
_SHARE_CUE = _cue("share")
_BYLINE_CUE = _cue("byline")
_RELATED_CUES = _cue("related", "photo")


def _rule_kind(line: str, cues: int, n: int, above_body: bool) -> str:
    """Kind of a non-body line from its cues and shape; the first matching rule wins.

    The cue bits come from the feature pass, so the precise patterns below only run on
    the few lines whose cues fired.
    """
    # Widgets glue words ("...Discussion"), which hides them from the word cues.
    if (cues & _COMMENT_CUE or "iscussion" in line) and n <= 12 and _COMMENTS.search(line):
        return "comments"
    if (cues & _TAGS_CUE and _TAGS.match(line)) or (line.count(",") >= 3 and _is_tag_list(line)):
        return "tags"
    if cues & _FOOTER_CUES and _COPYRIGHT_FOOTER.search(line):
        return "other"
    if cues & _CREDIT_CUES and n <= 12 and _CREDIT.search(line):
        return "credit"
    if n <= 6 and line[0].isdigit() and _ONLY_COUNTS.match(line) and not _MONTH.search(line):
        return "share"
    if cues & _SHARE_CUE and n <= 6:
        return "share"
    if cues & _DATE_CUES and _is_timestamp(line, n):
        return "timestamp"
    if cues & _BYLINE_CUE and n <= 10 and _BYLINE.match(line):
        return "byline"
    if n <= 6 and line[1:2].isupper() and _DATELINE.match(line):
        return "dateline"
    if n <= 25 and (cues & _RELATED_CUES or line.endswith(")")) and _RELATED.search(line):
        return "related"
    if n <= 3 or "|" in line:
        return "navigation"
    if n <= 25 and not line.endswith("."):
        return "related" if not above_body or n >= 6 else "navigation"
    return "other"


def _is_timestamp(line: str, n: int) -> bool:
    return n <= 12 and bool(_MONTH.search(line)) and bool(_TIMESTAMP.match(line))


def _is_tag_list(line: str) -> bool:
    """A comma-separated list of short keyword phrases, not a sentence."""
    if line.endswith(_SENTENCE_END):
        return False
    items = [x.strip() for x in line.split(",")]
    return len(items) >= 4 and all(0 < len(x.split()) <= 4 for x in items)


def _mark_captions(lines: list[str], kinds: list[str]) -> None:
    """A descriptive line next to a photo credit is that photo's caption."""
    for i, kind in enumerate(kinds):
        if kind != "credit":
            continue
        for j in (i - 2, i - 1, i + 1):
            if _caption_candidate(lines, kinds, j):
                kinds[j] = "caption"
        if i > 0 and _CAPTION_CUE.search(lines[i - 1]) and kinds[i - 1] != "body":
            kinds[i - 1] = "caption"


def _caption_candidate(lines: list[str], kinds: list[str], j: int) -> bool:
    if not 0 <= j < len(kinds) or kinds[j] not in ("related", "other", "navigation"):
        return False
    # "(1881)"-style endings are counters on story tags, not photo descriptions.
    return len(_words(lines[j])) >= 4 and not lines[j].endswith(")")
