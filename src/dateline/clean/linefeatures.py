"""Numeric features of the lines of a flattened page, for the text cleaner's line model.

A flattened page keeps one visual block per line, so whether a line is article body shows
in the line itself (long, many function words, ends a sentence) and in its surroundings
(body comes in runs; navigation and related links come in runs of short lines). Each line
gets its own features, the same few features of its neighbours, and where it sits relative
to the densest run of prose on the page.

Speed matters (hundreds of pages a second on one core), so the per-line loop does only a
handful of C-level string operations, the keyword cues are found by one regex pass over
the whole page, and everything contextual is computed with numpy on whole columns.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"\w+")
_ENDS_SENTENCE = (".", "!", "?", '"', "”", "’", "'", ":", ")")

# Function words: prose is full of them, menus and headline lists much less so.
_STOPWORD_TEXT = """
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself
just me more most my myself no nor not now of off on once only or other our ours out over own
same she should so some such than that the their theirs them themselves then there these they
this those through to too under until up very was we were what when where which while who whom
why will with would you your yours yourself also said says
der die das und ist nicht mit sich auf für dem den ein eine einen wird sind auch von zu im
le la les et est une des du dans pour qui que pas sur au aux avec il elle ce sont
el los las del por con para una más como pero sus fue ha se lo al es
o os da do das dos em um uma não na no ao pelo pela mais foi são
il di che della per non sono alla gli nel anche
het een van dat niet zijn voor ook op
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

# Keyword cues of page furniture. A cue is a word, a word pair (for phrases: "read more",
# "sign in"; longer phrases by their most telling pair) or, for "byline" and "tags", a first
# word. Set lookups instead of one big case-insensitive regex: the regex alternation was
# ten times slower than everything else together.
_CUE_TEXT: dict[str, str] = {
    "share": "share shares shared facebook twitter whatsapp linkedin pinterest reddit email "
    "e-mail tweet print flipboard telegram short+url copy+link",
    "comment": "comment comments commenting discussion reply replies disqus "
    "community+standards community+guidelines",
    "copyright": "copyright rights+reserved",
    "photo": "photo photos photograph photographs photographer image images picture pictures "
    "getty shutterstock credit credits caption gallery video videos watch file+photo",
    "related": "related recommended trending popular previous next read+more more+from "
    "more+on most+read most+viewed may+also also+read see+also t+miss",
    "account": "subscribe subscribers subscription subscriptions register newsletter "
    "newsletters login logout premium sign+in sign+up log+in my+account",
    "advert": "advertisement advertising advertise advertiser sponsored promoted ad ads",
    "legal": "cookie cookies privacy careers faq contact+us about+us terms+of",
    "date": "jan january feb february mar march apr april may jun june jul july aug august "
    "sep sept september oct october nov november dec december ago updated published "
    "monday tuesday wednesday thursday friday saturday sunday gmt utc est edt pst bst",
    "more": "click menu continue+reading read+the load+more show+more skip+to back+to",
}
_FIRST_WORD_CUES = {"byline": "by author written posted", "tags": "tags tag topics keywords"}
CUES = (*_CUE_TEXT, *_FIRST_WORD_CUES, "url", "time")


def _cue_tables() -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    words: dict[str, int] = {}
    pairs: dict[tuple[str, str], int] = {}
    for k, text in _CUE_TEXT.items():
        for cue in text.split():
            first, _, second = cue.partition("+")
            if second:
                pairs[(first, second)] = 1 << CUES.index(k)
            else:
                words[first] = 1 << CUES.index(k)
    return words, pairs


_CUE_WORDS, _CUE_PAIRS = _cue_tables()
_CUE_WORD_SET = frozenset(_CUE_WORDS)
_FIRST_WORDS = {w: 1 << CUES.index(k) for k, v in _FIRST_WORD_CUES.items() for w in v.split()}
_PAIR_FIRSTS = frozenset(first for first, _ in _CUE_PAIRS)
# Case-sensitive on purpose: re.I made this one pattern cost as much as all the others.
_URL = re.compile(r"https?://|www\.|WWW\.|@\w|\.com\b|©|\([cC]\)")
_TIME = re.compile(r"\d:\d\d|\b(?:19|20)\d\d\b|\d/\d")
_URL_CUE = 1 << CUES.index("url")
_ENDS_CODES = np.asarray([ord(c) for c in _ENDS_SENTENCE], dtype=np.uint32)
_QUOTE_CODES = np.asarray([ord(c) for c in "\"“'‘"], dtype=np.uint32)
# Phrases are only looked for in lines this short: furniture is short, and building word
# pairs of long paragraphs would cost more than it tells.
_PAIR_MAX_WORDS = 40

BASE = (
    "chars",
    "words",
    "stop",
    "ends",
    "sentences",
    "commas",
    "caps",
    "digits",
    "indent",
    "symbols",
    "repeats",
    "lower_start",
    "quote_start",
    "word_len",
    "short_words",
    "dateline_start",
    "blank_before",
    "blank_after",
    *(f"cue_{k}" for k in CUES),
)
_NEIGHBOUR_COLS = ("words", "stop", "ends", "indent", "caps")
_NEIGHBOUR_STEPS = (-2, -1, 1, 2)
_CONTEXT_CUES = ("comment", "related", "share", "tags", "account")


class Lines(NamedTuple):
    """Where the non-blank lines of a page are: stripped [start, end) offsets."""

    starts: list[int]
    ends: list[int]


def find_lines(text: str) -> Lines:
    """Offsets of every non-blank line, stripped of surrounding whitespace."""
    starts: list[int] = []
    ends: list[int] = []
    for m in _LINE.finditer(text):
        raw = m.group()
        stripped = raw.strip()
        if not stripped:
            continue
        left = m.start() + (len(raw) - len(raw.lstrip()))
        starts.append(left)
        ends.append(left + len(stripped))
    return Lines(starts, ends)


def _word_counts(texts: list[str]) -> tuple[FloatArray, list[int]]:
    """Function words per line, and each line's keyword cues as a bit set.

    The only per-line Python loop of the feature pass, so it stays lean: long lines
    (prose whichever way) are split on whitespace, short ones tokenised properly, and
    word pairs are built only when a line holds the first word of some cue phrase.
    """
    stops = np.zeros(len(texts))
    bits = [0] * len(texts)
    for i, line in enumerate(texts):
        lower = line.lower()
        words = lower.split()
        found = 0
        if len(words) <= _PAIR_MAX_WORDS:
            words = _WORD.findall(lower)
            if not words:
                continue
            if not _PAIR_FIRSTS.isdisjoint(words):
                for pair in _CUE_PAIRS.keys() & set(zip(words, words[1:], strict=False)):
                    found |= _CUE_PAIRS[pair]
            found |= _FIRST_WORDS.get(words[0], 0)
        for word in _CUE_WORD_SET.intersection(words):
            found |= _CUE_WORDS[word]
        if _URL.search(line):
            found |= _URL_CUE
        bits[i] = found
        stops[i] = sum(map(STOPWORDS.__contains__, words))
    return stops, bits


_DATELINE_START = re.compile(
    r"^[A-Z][A-Z.'’ -]{2,}(?:, [A-Z][\w.' ]{1,25})?(?:, \w+\.? \d{1,2})?"
    r"(?: \([\w .-]{1,30}\))? ?[-–—:] ?\S"
)


def _starts_with_dateline(line: str) -> bool:
    """``PLACE, Month D (Agency) – ...``: a wire story's first paragraph opens this way."""
    return line[1:2].isupper() and bool(_DATELINE_START.match(line))


def _bits_to_columns(bits: list[int], has_time: npt.NDArray[np.bool_]) -> FloatArray:
    cues = (np.asarray(bits, dtype=np.int64)[:, None] >> np.arange(len(CUES))) & 1
    cues[:, CUES.index("time")] = has_time
    return np.asarray(cues, dtype=np.float64)


def _ahead(mask: npt.NDArray[np.bool_], k: int) -> npt.NDArray[np.bool_]:
    """``mask`` moved k places left: out[i] = mask[i + k] (False past the end)."""
    # min(): a text shorter than k must still give a mask of its own length
    return np.concatenate([mask[k:], np.zeros(min(k, len(mask)), dtype=np.bool_)])


def _char_counts(text: str, lines: Lines) -> dict[str, FloatArray]:
    """Per-line counts of character classes, all lines at once over the page's code points.

    Classes are approximate outside ASCII (any letter-range code point is a word
    character), which is all a line's shape needs.
    """
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    starts, ends = np.asarray(lines.starts), np.asarray(lines.ends)
    digit = (cp >= 48) & (cp <= 57)
    upper = ((cp >= 65) & (cp <= 90)) | ((cp >= 0xC0) & (cp <= 0xDE) & (cp != 0xD7))
    lower = (cp >= 97) & (cp <= 122)
    space = (cp == 32) | (cp == 9) | (cp == 0xA0) | (cp == 10) | (cp == 13)
    other_word = (
        (cp >= 0xC0) & ~((cp >= 0x2000) & (cp < 0x2C00)) & ~((cp >= 0x3000) & (cp < 0x3040))
    )
    word = digit | upper | lower | other_word | (cp == 95)
    after_non_word = np.concatenate([[True], ~word[:-1]])
    word_start = word & after_non_word
    stop_mark = (cp == 46) | (cp == 33) | (cp == 63)
    next_space = np.concatenate([space[1:], [True]])

    def per_line(mask: npt.NDArray[np.bool_]) -> FloatArray:
        csum = np.concatenate([[0], np.cumsum(mask, dtype=np.int64)])
        return np.asarray(csum[ends] - csum[starts], dtype=np.float64)

    last, first = cp[ends - 1], cp[starts]
    newline = cp == 10
    nl_sum = np.concatenate([[0], np.cumsum(newline, dtype=np.int64)])
    # A blank line between two lines means at least two newlines in the gap.
    gap = (nl_sum[starts[1:]] - nl_sum[ends[:-1]] > 1).astype(np.float64)
    # Indent: distance from the line's first character back to the previous newline.
    # A virtual newline at -1 gives the first line a begin of 0.
    nl_pos = np.concatenate([[-1], np.flatnonzero(newline)])
    line_begin = nl_pos[np.searchsorted(nl_pos, starts) - 1] + 1
    return {
        "blank_before": np.concatenate([[1.0], gap]),
        "blank_after": np.concatenate([gap, [1.0]]),
        "indent": np.asarray(starts - line_begin, dtype=np.float64),
        "chars": np.asarray(ends - starts, dtype=np.float64),
        "words": per_line(word_start),
        "capitals": per_line(word_start & upper),
        "digits": per_line(digit),
        "symbols": per_line(~word & ~space),
        "commas": per_line(cp == 44),
        "sentences": per_line(stop_mark & next_space),
        # Words of at most three letters: function words in most languages, so a share of
        # prose that does not depend on a stopword list.
        "short_words": per_line(
            word_start & ~(_ahead(word, 1) & _ahead(word, 2) & _ahead(word, 3))
        ),
        "word_chars": per_line(word),
        "ends": np.isin(last, _ENDS_CODES).astype(np.float64),
        "lower_start": ((first >= 97) & (first <= 122)).astype(np.float64),
        "quote_start": np.isin(first, _QUOTE_CODES).astype(np.float64),
    }


def base_features(text: str, lines: Lines) -> FloatArray:
    """The per-line table (one row per line, columns as in ``BASE``)."""
    n = len(lines.starts)
    if n == 0:
        return np.zeros((0, len(BASE)))
    texts = [text[s:e] for s, e in zip(lines.starts, lines.ends, strict=True)]
    counts = Counter(texts)
    stops, bits = _word_counts(texts)
    c = _char_counts(text, lines)
    has_time = [bool(d and _TIME.search(t)) for t, d in zip(texts, c["digits"], strict=True)]
    cues = _bits_to_columns(bits, np.asarray(has_time, dtype=np.bool_))
    words = np.maximum(c["words"], 1.0)
    return np.column_stack(
        [
            np.log1p(c["chars"]),
            np.log1p(c["words"]),
            stops / words,
            c["ends"],
            np.log1p(c["sentences"]),
            c["commas"] / words,
            c["capitals"] / words,
            c["digits"] / c["chars"],
            np.minimum(c["indent"], 16) / 4.0,
            c["symbols"] / c["chars"],
            np.log([counts[t] for t in texts]),
            c["lower_start"],
            c["quote_start"],
            c["word_chars"] / words,
            c["short_words"] / words,
            [_starts_with_dateline(t) for t in texts],
            c["blank_before"],
            c["blank_after"],
            cues,
        ]
    )


def _shift(col: FloatArray, step: int, fill: float) -> FloatArray:
    out = np.full_like(col, fill)
    if step > 0 and step < len(col):
        out[:-step] = col[step:]
    elif step < 0 and -step < len(col):
        out[-step:] = col[:step]
    return out


def window_mean(col: FloatArray, radius: int) -> FloatArray:
    """Mean of ``col`` over [i - radius, i + radius], clipped at the page edges."""
    n = len(col)
    csum = np.concatenate([[0.0], np.cumsum(col)])
    idx = np.arange(n)
    lo = np.clip(idx - radius, 0, n)
    hi = np.clip(idx + radius + 1, 0, n)
    return np.asarray((csum[hi] - csum[lo]) / np.maximum(hi - lo, 1), dtype=np.float64)


def _prose(base: FloatArray) -> FloatArray:
    """How much a line looks like running prose: word count weighted by function words."""
    words = np.expm1(base[:, BASE.index("words")])
    return np.asarray(words * base[:, BASE.index("stop")], dtype=np.float64)


def context_features(base: FloatArray) -> FloatArray:
    """Neighbour columns, windowed prose density and position relative to the densest run."""
    n = len(base)
    cols: list[FloatArray] = []
    for name in _NEIGHBOUR_COLS:
        col = base[:, BASE.index(name)]
        cols.extend(_shift(col, step, -1.0) for step in _NEIGHBOUR_STEPS)
    prose = _prose(base)
    total = prose.sum() or 1.0
    for radius in (2, 5, 12):
        cols.append(np.log1p(window_mean(prose, radius)))
    smooth = window_mean(prose, 8)
    peak = int(np.argmax(smooth)) if n else 0
    idx = np.arange(n, dtype=np.float64)
    cols.append((idx - peak) / max(n, 1))
    cols.append(np.log1p(np.abs(idx - peak)))
    cols.append(np.cumsum(prose) / total)
    cols.append(idx / max(n, 1))
    cols.append(prose / (prose.max() or 1.0))
    cols.append(np.full(n, np.log1p(n)))
    cols.extend(_cue_context(base))
    return np.column_stack(cols) if n else np.zeros((0, len(CONTEXT)))


def _cue_context(base: FloatArray) -> list[FloatArray]:
    """Whether a short line with a cue (a "Comments" or "Related" header) is above / below.

    Prose under a comments header is readers' comments, not the article, though line by
    line it looks the same.
    """
    short = np.expm1(base[:, BASE.index("words")]) <= 8
    out: list[FloatArray] = []
    for cue in _CONTEXT_CUES:
        marks = (base[:, BASE.index(f"cue_{cue}")] > 0) & short
        above = np.concatenate([[False], np.logical_or.accumulate(marks)[:-1]])
        below = np.concatenate([np.logical_or.accumulate(marks[::-1])[::-1][1:], [False]])
        out.extend([above.astype(np.float64), below.astype(np.float64)])
    return out


CONTEXT = (
    *(f"{c}@{s:+d}" for c in _NEIGHBOUR_COLS for s in _NEIGHBOUR_STEPS),
    "prose_w2",
    "prose_w5",
    "prose_w12",
    "peak_offset",
    "peak_distance",
    "prose_before",
    "position",
    "prose_share_of_max",
    "page_lines",
    *(f"{cue}_{where}" for cue in _CONTEXT_CUES for where in ("above", "below")),
)
NAMES = (*BASE, *CONTEXT)


def line_features(text: str, lines: Lines) -> FloatArray:
    """The full feature table of a page: one row per line, columns as in ``NAMES``."""
    base = base_features(text, lines)
    return np.hstack([base, context_features(base)])


def second_stage_features(proba: FloatArray, first: FloatArray) -> FloatArray:
    """Features of the smoothing stage: the first stage's scores around each line.

    Body is one mostly contiguous run, so a line's own score is judged next to its
    neighbours' scores and to how much body-like mass lies before and after it.
    """
    n = len(proba)
    if n == 0:
        return np.zeros((0, len(SECOND) + len(NAMES)))
    cols: list[FloatArray] = [proba]
    cols.extend(_shift(proba, s, 0.0) for s in (-3, -2, -1, 1, 2, 3))
    cols.extend(window_mean(proba, r) for r in (2, 5, 10, 25))
    mass = proba * np.expm1(first[:, BASE.index("words")])
    csum = np.cumsum(mass)
    total = csum[-1] or 1.0
    cols.append(csum / total)
    cols.append((total - csum + mass) / total)
    cols.append(np.maximum.accumulate(proba))
    cols.append(np.maximum.accumulate(proba[::-1])[::-1])
    return np.hstack([np.column_stack(cols), first])


SECOND = (
    "p",
    *(f"p@{s:+d}" for s in (-3, -2, -1, 1, 2, 3)),
    "p_w2",
    "p_w5",
    "p_w10",
    "p_w25",
    "mass_before",
    "mass_after",
    "max_before",
    "max_after",
)
