"""Number phrases in a tokenised sentence: the value, its qualifier and the tokens it spans.

Reads digits with separators ("1,200", "2.5 million"), number words ("twenty-five",
"two hundred and fifty", "a dozen"), ACLED's conservative reading of vague plurals
("dozens" → 12, "tens of thousands" → 10,000) and the words around them that bound the
figure ("at least", "up to", "some", "between 10 and 15", "10-15"). Which phrases are
counts of something is the grammar's business (``grammar.py``); this module only drops
what is plainly not a count of anything: years, dates, money, percentages, measures,
ages, times, phone numbers, ordinals and identifiers ("Resolution 2170").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from spacy.tokens import Doc, Span, Token

from . import lexicon

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_DIGIT_RANGE = re.compile(r"^(\d{1,3}(?:,\d{3})*|\d+)[-–](\d{1,3}(?:,\d{3})*|\d+)$")
_PHONE_CHARS = frozenset("0123456789 +-().")
_PHONE_REACH = 6  # tokens
# Entity labels trusted to mark a non-count. Not QUANTITY, TIME or DATE: the small model
# calls "51 by evening" a quantity and "Between 10 and 15" a date; units, calendar words
# and years are checked directly instead.
_NOT_COUNTS = frozenset({"MONEY", "PERCENT"})
_RANGE_LINKS = frozenset({"to", "-", "–", "or"})
_RANGE_OR_AND = _RANGE_LINKS | {"and"}  # "between 10 and 15"


@dataclass(frozen=True, slots=True)
class NumberPhrase:
    """Tokens ``start:end`` of a sentence: qualifier words, then the number (``core_start:``)."""

    start: int
    core_start: int
    end: int
    number: int
    qualifier: str  # exact | at_least | about | at_most | range
    upper: int | None = None


def number_phrases(doc: Doc) -> list[NumberPhrase]:
    """Every number phrase of ``doc`` that could count something, left to right."""
    found: list[NumberPhrase] = []
    i = 0
    while i < len(doc):
        core = _core(doc, i)
        if core is None:
            i += 1
            continue
        phrase = _phrase(doc, i, core)
        if phrase is None:  # "from 30 to 45": only the figure reached is a count
            i = core[1] + 1
            continue
        if not _is_excluded(doc, phrase):
            found.append(phrase)
        i = phrase.end
    return found


def value_at(doc: Doc, i: int) -> int | None:
    """The value of the number starting at token ``i`` ("2.5 million", "dozens"), if any."""
    core = _core(doc, i)
    return core[0] if core is not None else None


def looks_like_count(token: Token) -> bool:
    """Cheap test, before any parse: could a number phrase counting something start here?
    Years and days of the month ("December 12") cannot."""
    text, word = token.text, token.lower_
    if _DIGITS.match(text) or _DIGIT_RANGE.match(text):
        if _leading_zero(text) or lexicon.is_year(text):
            return False
        doc, i = token.doc, token.i
        return not any(0 <= j < len(doc) and _is_calendar(doc[j]) for j in (i - 1, i + 1))
    return (
        word in lexicon.NUMBER_WORDS
        or word in lexicon.VAGUE
        or word in lexicon.MULTIPLIERS  # "a hundred", "a dozen"
        or _hyphen_words(word)
    )


def _is_calendar(token: Token) -> bool:
    # Capitalised and not a modal: "12 may have died", "thousands march" are not dates.
    return (
        lexicon.is_calendar_word(token.lower_) and token.text[:1].isupper() and token.tag_ != "MD"
    )


def _core(doc: Doc, i: int) -> tuple[int, int, bool] | None:
    """(value, end, vague) of a bare number starting at token ``i``, or None."""
    word = doc[i].lower_
    if word in lexicon.VAGUE:
        return _vague(doc, i)
    if word in ("a", "an") and i + 1 < len(doc) and doc[i + 1].lower_ in lexicon.MULTIPLIERS:
        value, end = _scaled(doc, i + 1, Fraction(1))
        return (int(value), end, doc[i + 1].lower_ == "dozen")
    one_token = _DIGIT_RANGE.match(doc[i].text)
    if one_token:  # "10-15" as one token: the range itself is read in _phrase
        low = int(one_token.group(1).replace(",", ""))
        return (low, i + 1, False) if low > 0 else None
    if _DIGITS.match(doc[i].text) and not _leading_zero(doc[i].text):
        # Exact fractions: 4.35 million is 4,350,000, not 4,349,999.999...
        value, end = _scaled(doc, i + 1, Fraction(doc[i].text.replace(",", "")))
        return (int(value), end, False) if value.denominator == 1 and value > 0 else None
    if word in lexicon.UNITS_WORDS or word in lexicon.TENS_WORDS or _hyphen_words(word):
        return _words(doc, i)
    return None


def _vague(doc: Doc, i: int) -> tuple[int, int, bool]:
    value, end = lexicon.VAGUE[doc[i].lower_], i + 1
    # "tens of thousands", "hundreds of thousands": the plural scales the multiplier
    if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].lower_ in lexicon.VAGUE:
        scale = lexicon.VAGUE[doc[end + 1].lower_]
        if scale >= 100:
            value, end = value * scale, end + 2
    return value, end, True


def _scaled(doc: Doc, i: int, value: Fraction) -> tuple[Fraction, int]:
    """Apply "million", "thousand", "dozen" after a number: "2.5 million" → 2,500,000."""
    while i < len(doc) and doc[i].lower_ in lexicon.MULTIPLIERS:
        value *= lexicon.MULTIPLIERS[doc[i].lower_]
        i += 1
    return value, i


def _hyphen_words(word: str) -> bool:
    """ "twenty-five" as one token (not "five-six", a range)."""
    parts = word.split("-")
    return len(parts) == 2 and _tens_and_unit(parts[0], parts[1])


def _tens_and_unit(tens: str, unit: str) -> bool:
    return tens in lexicon.TENS_WORDS and lexicon.NUMBER_WORDS.get(unit, 10) < 10


def _words(doc: Doc, i: int) -> tuple[int, int, bool] | None:
    """Value and end of number words: "twenty - five", "two hundred and fifty"."""
    total = current = 0
    j = i
    last_number = i
    while j < len(doc):
        word = doc[j].lower_
        if _hyphen_words(word):
            a, b = word.split("-")
            current += lexicon.NUMBER_WORDS[a] + lexicon.NUMBER_WORDS[b]
        elif word in lexicon.UNITS_WORDS or word in lexicon.TENS_WORDS:
            current += lexicon.NUMBER_WORDS[word]
        elif word in ("hundred", "dozen"):
            current = max(current, 1) * lexicon.MULTIPLIERS[word]
        elif word in lexicon.MULTIPLIERS:
            total += max(current, 1) * lexicon.MULTIPLIERS[word]
            current = 0
        elif word in ("-", "and") and j + 1 < len(doc) and _is_word_number(doc[j + 1].lower_):
            # "twenty-five" split by the tokenizer (not "five-six", a range); "hundred and
            # fifty" (not "two and three")
            before, after = doc[j - 1].lower_, doc[j + 1].lower_
            if word == "-" and not _tens_and_unit(before, after):
                break
            if word == "and" and before not in ("hundred", "thousand"):
                break
            j += 1
            continue
        else:
            break
        last_number = j
        j += 1
    value = total + current
    return (int(value), last_number + 1, False) if value > 0 else None


def _is_word_number(word: str) -> bool:
    return word in lexicon.NUMBER_WORDS or word in lexicon.MULTIPLIERS or _hyphen_words(word)


def _leading_zero(text: str) -> bool:
    return len(text) > 1 and text[0] == "0" and text[1].isdigit()


def _phrase(doc: Doc, i: int, core: tuple[int, int, bool]) -> NumberPhrase | None:
    value, end, vague = core
    start, qualifier = _qualifier_before(doc, i)
    upper: int | None = None
    one_token = _DIGIT_RANGE.match(doc[i].text)
    if one_token and end == i + 1:
        low, high = (int(g.replace(",", "")) for g in one_token.groups())
        if 0 < low < high:
            value, upper = low, high
    elif end + 1 < len(doc) and doc[end].lower_ in _RANGE_OR_AND:
        second = _core(doc, end + 1)
        link = doc[end].lower_
        ranged = link in _RANGE_LINKS or qualifier == "between"
        if second is not None and ranged and second[0] > value:
            if start > 0 and doc[start - 1].lower_ == "from" and link == "to":
                return None  # "rose from 30 to 45": 30 is the old figure
            upper, end = second[0], second[1]
    if qualifier == "between":
        qualifier = "exact"
    if upper is not None:
        qualifier = "range"
    elif qualifier == "exact":
        after = _qualifier_after(doc, end)
        if after is not None:  # "12 or more": the phrase runs through "or more"
            qualifier, end = after, end + 2
        elif _is_a_dozen(doc, i):
            qualifier = "about"
        if qualifier == "exact" and vague:
            qualifier = "at_least"  # "dozens": at least one dozen
    return NumberPhrase(start, i, end, value, qualifier, upper)


def _is_a_dozen(doc: Doc, i: int) -> bool:
    return doc[i].lower_ in ("a", "an") and doc[i + 1].lower_ == "dozen"


def _qualifier_before(doc: Doc, i: int) -> tuple[int, str]:
    words = [t.lower_ for t in doc[max(0, i - 3) : i]]
    for phrase, qualifier in lexicon.QUALIFIERS_BEFORE:
        n = len(phrase)
        if n <= len(words) and tuple(words[-n:]) == phrase:
            return i - n, qualifier
    if i > 0 and doc[i - 1].lower_ == "between":
        return i - 1, "between"
    return i, "exact"


def _qualifier_after(doc: Doc, end: int) -> str | None:
    words = tuple(t.lower_ for t in doc[end : end + 2])
    return lexicon.QUALIFIERS_AFTER.get(words)


def _is_excluded(doc: Doc, phrase: NumberPhrase) -> bool:
    """Years, dates, money, measures, ages, times, phone numbers, identifiers, "one of"."""
    core = doc[phrase.core_start : phrase.end]
    before = doc[phrase.core_start - 1] if phrase.core_start > 0 else None
    after = _next_word(doc, phrase.end)
    return (
        any(t.ent_type_ in _NOT_COUNTS and not _counts_a_noun(t) for t in core)
        or _in_date(doc, phrase)
        or (after is not None and after.lower_ in lexicon.UNITS)
        or (
            before is not None and (before.tag_ == "$" or before.lower_ in lexicon.NOT_COUNT_BEFORE)
        )
        or _is_identifier(before, phrase)
        or (core[0].lower_ == "one" and after is not None and after.lower_ == "of")
        or _is_phone(doc, core)
        or _is_age(doc, phrase)
    )


def _next_word(doc: Doc, i: int) -> Token | None:
    """The token after a number, over a hyphen ("12-year-old", "1,200-km")."""
    if i < len(doc) and doc[i].text in ("-", "–") and i + 1 < len(doc):
        return doc[i + 1]
    return doc[i] if i < len(doc) else None


def _in_date(doc: Doc, phrase: NumberPhrase) -> bool:
    """A year, or a day beside a month or weekday ("12 March 2014", "March 3"), read off
    the words: the small model calls "from 30 to 45 overnight" a time."""
    core = doc[phrase.core_start : phrase.end]
    if any(lexicon.is_year(t.text) and not _counts_a_noun(t) for t in core):
        return True
    if phrase.number > 31:
        return False
    around = (phrase.core_start - 1, phrase.end)
    return any(0 <= i < len(doc) and _is_calendar(doc[i]) for i in around)


def _counts_a_noun(token: Token) -> bool:
    """ "2000 protesters": a year-like figure that counts a noun is a count."""
    return token.dep_ == "nummod" and lexicon.noun_kind(token.head) is not None


def _is_identifier(before: Token | None, phrase: NumberPhrase) -> bool:
    """ "Resolution 2170", "Flight 17", "Gate 4": a name, then a bare figure."""
    if before is None or phrase.start != phrase.core_start:
        return False
    if before.lower_ in ("no.", "#", "number", "no"):
        return True
    return before.tag_ == "NNP" and before.text[:1].isupper() and not lexicon.is_kind_word(before)


def _is_phone(doc: Doc, core: Span) -> bool:
    """Seven digits or more in groups split by spaces, dashes or brackets."""
    if any("," in t.text for t in core):
        return False
    # A phone number is short: read a few tokens either side (not ``doc.text``, rebuilt
    # on every call), so a table of figures costs linear time, not quadratic.
    window = doc[max(0, core[0].i - _PHONE_REACH) : core[-1].i + 1 + _PHONE_REACH]
    text, base = window.text, window.start_char
    left, right = core[0].idx - base, core[-1].idx + len(core[-1].text) - base
    while left > 0 and text[left - 1] in _PHONE_CHARS:
        left -= 1
    while right < len(text) and text[right] in _PHONE_CHARS:
        right += 1
    groups = re.findall(r"\d+", text[left:right])
    return len(groups) >= 2 and sum(len(g) for g in groups) >= 7


def _is_age(doc: Doc, phrase: NumberPhrase) -> bool:
    """ "John Smith, 34," and "(34)" after a name: an age, not a count."""
    if phrase.start == 0 or phrase.end >= len(doc) or phrase.upper is not None:
        return False
    before, after = doc[phrase.start - 1], doc[phrase.end]
    if (before.text, after.text) not in ((",", ","), ("(", ")"), (",", ".")):
        return False
    if phrase.start < 2:
        return False
    name = doc[phrase.start - 2]  # "John Okafor, 52," or "The minister, 58,"
    return name.ent_type_ == "PERSON" or name.tag_ in ("NN", "NNP")
