"""From the speaker as written to an entity id, or to no one.

In order:

1. an entity mention covering the phrase's head word ("Gen. Allen", "the General" when
   the entity stage merged it, "the Indonesian navy");
2. a person named in apposition ("the foreign minister, Rania Haddad");
3. "he"/"she": the last resolved speaker if no other person was named since; otherwise
   the only person named in this paragraph and the one before; two or more → no one.
   Gender is not used: a name does not tell it reliably;
4. a spokesperson noun ("a spokesman for the United Nations", "US officials"): the
   organisation, country or person it speaks for, named inside the phrase; an
   organisation noun ("the Islamic State group"): the name that modifies it;
5. a definite role noun ("the general", "the envoy"): the person named most recently
   before with that word in a role ("deputy special envoy to the coalition");
6. a definite organisation noun ("the ministry", "the group"): the organisation named
   inside the phrase ("the Islamic State group") or most recently before whose name ends
   in that word.

Anything else — "witnesses", "they", a name the entity stage did not find — is no one,
with the reason, which the caller turns into a warning.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from functools import lru_cache

from ..entities.kb import load
from ..records import Entity
from . import cues
from .attribution import QuoteRanges, SpeakerPhrase
from .marks import Paragraphs

_TYPE_RANK = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3}
_ORG_NOUNS = frozenset(
    {
        "ministry",
        "department",
        "agency",
        "group",
        "government",
        "army",
        "military",
        "navy",
        "police",
        "organization",
        "organisation",
        "company",
        "firm",
        "party",
        "movement",
        "militia",
        "office",
        "council",
        "committee",
        "commission",
        "court",
        "bank",
        "union",
        "coalition",
        "alliance",
        "embassy",
        "administration",
        "service",
        "network",
        "newspaper",
    }
)

_WINDOW = 3000  # characters a pronoun may look back, however long its paragraphs
_LOOKBACK = 2000  # mentions a title or organisation noun may look back through
Found = tuple[int, int, Entity]  # a mention: start, end, its entity


@lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    """Role nouns standing for a person: ``cues.ROLE_NOUNS`` and the roles of the
    knowledge base's head titles (built once per process, as the KB is loaded once)."""
    titles = load().titles.values()
    return cues.ROLE_NOUNS | {t.role for t in titles if t.head and t.role}


class Resolver:
    """Speaker resolution for one article; call ``resolve`` in text order."""

    def __init__(
        self,
        entities: Sequence[Entity],
        *,
        quoted: QuoteRanges,
        paragraphs: Paragraphs,
    ) -> None:
        mentions = [(m.start, m.end, e) for e in entities for m in e.mentions]
        mentions.sort(key=lambda m: (m[0], -m[1]))
        self._mentions = mentions
        self._starts = [m[0] for m in mentions]
        self._longest = max((m[1] - m[0] for m in mentions), default=0)
        self._quoted = quoted
        self._paragraphs = paragraphs
        self._spoken: list[tuple[int, str]] = []  # (offset, entity id) of resolved speakers
        self._role_words = _role_words()

    def resolve(self, phrase: SpeakerPhrase | None, at: int) -> tuple[str | None, str]:
        """(entity id, "") or (None, why not)."""
        if phrase is None:
            return None, "no speaker found"
        entity_id, why = self._resolve(phrase)
        if entity_id is not None:
            self._spoken.append((at, entity_id))
        return entity_id, why

    def _resolve(self, phrase: SpeakerPhrase) -> tuple[str | None, str]:
        word = phrase.head.lower().rstrip(".")
        if phrase.kind == "pronoun":
            if word not in cues.PRONOUNS_SINGULAR:
                return None, "the pronoun names no single entity"
            return self._pronoun(phrase.head_start)
        head = self._best(self.overlapping(phrase.head_start, phrase.head_end))
        if head is not None:
            return head.id, ""
        for start, end in phrase.appos:
            person = self._best(self.overlapping(start, end), types=("PERSON",))
            if person is not None:
                return person.id, ""
        named = self._named_inside(phrase)
        if named is not None:
            return named, ""
        if word in cues.SPOKESPEOPLE or word in _ORG_NOUNS:
            # A spokesman speaks "for" someone; an office "for" a district is not it.
            spans = phrase.related + (phrase.spoken_for if word in cues.SPOKESPEOPLE else ())
            inside = [m for s, e in spans for m in self.overlapping(s, e)]
            found = self._best(inside, types=("ORG", "GPE", "NORP", "PERSON"))
            if found is not None:
                return found.id, ""
        if phrase.bare and (phrase.definite or phrase.head[:1].isupper()):
            if word in self._role_words:
                titled = self._titled(word, phrase.start)
                if titled is not None:
                    return titled, ""
                return None, f"no one named before as {word!r}"
            if word in _ORG_NOUNS and (org := self._org_noun(word, phrase.start)):
                return org, ""
        return None, "not a named entity"

    def _named_inside(self, phrase: SpeakerPhrase) -> str | None:
        """The one person named in the phrase, not as an owner ("engineer Priya
        Natarajan" when the parse heads it on "engineer"; never "Obama" in "Obama's
        envoy")."""
        people = {
            e.id
            for s, e_, e in self.overlapping(phrase.start, phrase.end)
            if e.type == "PERSON" and not any(o[0] < e_ and s < o[1] for o in phrase.owners)
        }
        return people.pop() if len(people) == 1 else None

    def overlapping(self, start: int, end: int) -> list[Found]:
        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_left(self._starts, end)
        return [m for m in self._mentions[lo:hi] if m[1] > start]

    @staticmethod
    def _best(found: Sequence[Found], *, types: Sequence[str] | None = None) -> Entity | None:
        usable = [m for m in found if (types is None or m[2].type in types)]
        if not usable:
            return None
        return min(usable, key=lambda m: (_TYPE_RANK.get(m[2].type, 9), m[0] - m[1]))[2]

    def _pronoun(self, at: int) -> tuple[str | None, str]:
        window = self._window_start(at)
        if self._spoken and self._spoken[-1][0] >= window:
            since, last = self._spoken[-1]
            if not any(e.id != last for e in self._people(since, at)):
                return last, ""
        people = list(dict.fromkeys(e.id for e in self._people(window, at)))
        if len(people) == 1:
            return people[0], ""
        if not people:
            return None, "no person named before the pronoun"
        return None, f"{len(people)} people fit the pronoun"

    def _window_start(self, at: int) -> int:
        """Start of the paragraph before the one holding ``at``, at most _WINDOW back."""
        i = self._paragraphs.index(at)
        return max(self._paragraphs.start(max(0, i - 1)), at - _WINDOW)

    def _people(self, start: int, end: int) -> Iterator[Entity]:
        """Persons mentioned in [start, end), outside quotes."""
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        for s, _, entity in self._mentions[lo:hi]:
            if entity.type == "PERSON" and not self._quoted.inside(s):
                yield entity

    def _before(self, at: int) -> Iterator[Found]:
        """Mentions starting before ``at``, nearest first."""
        first = bisect_left(self._starts, at) - 1
        for i in range(first, max(-1, first - _LOOKBACK), -1):
            yield self._mentions[i]

    def _titled(self, word: str, at: int) -> str | None:
        for _, _, entity in self._before(at):
            if entity.type == "PERSON" and any(word in r.split() for r in entity.roles):
                return entity.id
        return None

    def _org_noun(self, word: str, at: int) -> str | None:
        for _, _, entity in self._before(at):
            names = (entity.name, *entity.aliases)
            if entity.type == "ORG" and any(n.lower().split()[-1:] == [word] for n in names):
                return entity.id
        return None
