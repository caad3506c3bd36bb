"""Titles and roles of people: "US Gen. John Allen, who in charge of the coalition".

A title chain left of a name ("US Gen.", "Prime Minister", "Major general") becomes part
of the mention, gives a role ("general", "prime minister"), a sector (military,
government) and, when a country precedes it, a country. A relative clause or an
appositive right after the name that contains no verb ("who is in charge of the
coalition", ", the head of the agency,") adds its phrase as a role. Anything with a verb
is left alone: a role must be a description, not an event. The same holds for a
description before the name ("Obama's deputy special envoy to the coalition, Brett
McGurk").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from .kb import KnowledgeBase, Title

_MAX_ROLE_TOKENS = 10
_ARTICLES = frozenset({"a", "an", "the"})
_NO_ROLE_POS = frozenset({"VERB", "AUX", "PRON", "PROPN"})
_STOPS = frozenset({",", ".", ";", ":", "(", ")", '"', "“", "”"})
_TITLE_JOINERS = frozenset({"-", "–"})


@dataclass(frozen=True, slots=True)
class TitleChain:
    start: int  # token index where the title (and its country, if any) begins
    roles: tuple[str, ...]
    sector: str | None


def title_before(doc: Doc, name_start: int, kb: KnowledgeBase) -> TitleChain | None:
    """The title words right before ``name_start``, read leftwards: "US Gen.",
    "Vice-President", "Secretary of State", "Minister of Foreign Affairs"."""
    i = name_start - 1
    titles: list[Title] = []
    while i >= 0:
        title = _title(doc, i, kb, first=not titles)
        if title is not None:
            titles.append(title)
            i -= 1
        elif titles and doc[i].text in _TITLE_JOINERS and i > 0 and doc[i - 1].text in kb.titles:
            i -= 1  # "Vice-President", "Secretary-General"
        elif (of := _of_phrase(doc, i, kb)) is not None:
            titles.append(Title(" ".join(doc[of : i + 1].text.lower().split()), None, False))
            i = of - 1  # "Secretary of State": the office named after the title
        else:
            break
    if not titles:
        return None
    # "Environment Minister", "Shadow Home Secretary", "NASA Administrator": proper nouns
    # right before a title belong to it (at most two, and never across an entity).
    for _ in range(2):
        if i >= 0 and doc[i].pos_ == "PROPN" and not doc[i].ent_type_ and doc[i].is_title:
            titles.append(Title(doc[i].lower_, None, False))
            i -= 1
    titles.reverse()
    words = [t.role for t in titles if t.role]
    roles = (" ".join(words),) if words else ()
    # "General" after another title is an adjective: a Secretary-General, Attorney
    # General or Director General is no soldier; a Major General is, by "Major".
    ranked = [t for k, t in enumerate(titles) if not (k and t.role == "general")]
    sector = next((t.sector for t in reversed(ranked) if t.sector), None)
    return TitleChain(i + 1, roles, sector)


def _of_phrase(doc: Doc, i: int, kb: KnowledgeBase) -> int | None:
    """Start of "of State" / "of Foreign Affairs" ending at token ``i`` when a title comes
    right before the "of": the index of the "of"; None otherwise."""
    j = i
    # The model may tag "State" or "Homeland Security" an ORG; a place is no office.
    while (
        j >= 0
        and i - j < 3
        and doc[j].is_title
        and doc[j].is_alpha
        and doc[j].ent_type_ in ("", "ORG")
    ):
        j -= 1
    if j == i or j < 1 or doc[j].lower_ != "of" or doc[j - 1].text not in kb.titles:
        return None
    return j


def _title(doc: Doc, i: int, kb: KnowledgeBase, *, first: bool) -> Title | None:
    text = doc[i].text
    if text in kb.titles:
        return kb.titles[text]
    # "Major general": a lower-case title word only after a capitalised one to its left,
    # so "the general Allen" is not read as a title chain.
    capital = text[:1].upper() + text[1:]
    if not first or i == 0 or capital not in kb.titles:
        return None
    return kb.titles[capital] if doc[i - 1].text in kb.titles else None


def bare_title(doc: Doc, i: int, kb: KnowledgeBase) -> Title | None:
    """ "the General", "the President": a capitalised head title standing for a person."""
    title = kb.titles.get(doc[i].text)
    if title is None or not title.head or title.role is None or i == 0:
        return None
    if doc[i - 1].lower_ != "the":
        return None
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if nxt is not None and (nxt.text[:1].isupper() or nxt.text in ("of", "'s", "’s")):
        return None  # "the President of Iraq", "the General Assembly": not a bare title
    return title


def clause_role(doc: Doc, name_end: int) -> str | None:
    """The verbless description after ", who [is]" or an appositive ", the/a X,"."""
    i = name_end
    if i + 2 >= len(doc) or doc[i].text != ",":
        return None
    i += 1
    if doc[i].lower_ in ("who", "whose"):
        i += 1
        if i < len(doc) and doc[i].lower_ in ("is", "was", "'s"):
            i += 1
    elif doc[i].lower_ not in _ARTICLES:
        return None
    end = i
    while end < len(doc) and doc[end].text not in (",", ".", ";", ":", ")", "\n"):
        end += 1
    phrase = doc[i:end]
    if not 1 <= len(phrase) <= _MAX_ROLE_TOKENS or end >= len(doc) or "\n" in phrase.text:
        return None
    if any(t.pos_ in _NO_ROLE_POS for t in phrase if t.i > i or t.lower_ not in _ARTICLES):
        return None
    words = phrase.text.split()
    if words and words[0].lower() in _ARTICLES:
        words = words[1:]
    return " ".join(words) or None


def _opens_description(doc: Doc, i: int) -> bool:
    """A clear left edge: "Obama's", "the"/"a" not inside a phrase ("to the"), a sentence
    start."""
    token = doc[i]
    if token.text in ("'s", "’s") or (i > 0 and doc[i].is_sent_start):
        return True
    if token.lower_ in _ARTICLES:
        return not (i > 0 and doc[i - 1].pos_ in ("ADP", "VERB", "AUX"))
    return i == 0


def role_before(doc: Doc, name_start: int) -> str | None:
    """ "the deputy special envoy to the coalition, Brett McGurk": a verbless description
    ending in a comma right before the name, starting with a common noun or adjective."""
    comma = name_start - 1
    if comma < 1 or doc[comma].text != ",":
        return None
    i = comma - 1
    while i >= 0 and not _opens_description(doc, i):
        token = doc[i]
        if token.text in _STOPS or token.pos_ in ("VERB", "AUX", "PRON"):
            return None  # "who have ceased vast areas in Syria, X": an object, not a title
        i -= 1
    start = i if i >= 0 and doc[i].is_sent_start and doc[i].lower_ not in _ARTICLES else i + 1
    if comma - start > _MAX_ROLE_TOKENS:
        return None
    phrase = doc[start:comma]
    if not phrase or phrase[0].pos_ not in ("NOUN", "ADJ") or not phrase[0].is_lower:
        return None
    if not any(t.pos_ == "NOUN" and t.is_lower for t in phrase):
        return None
    return " ".join(phrase.text.split())
