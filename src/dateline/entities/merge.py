"""Merging within a document: every mention of one real-world entity becomes one ``Entity``.

- Known actors merge by knowledge-base id: "IS", "Daish" and "the Islamic State of Iraq and
  the Levant" are all ``a-isis``.
- People merge by name: a one-word name ("Allen", "Obama") joins the one multi-word name
  that ends (or begins) with it ("John Allen", "Barack Obama"); if two people share the
  word, the nearest one mentioned before it wins, so "Allen" is never glued to a stranger.
- A bare title ("the General") joins the person most recently mentioned with that role.
- Anything else merges by type and normalised name, as before issue 3.

Titles, roles, country and sector are gathered from all mentions of an entity.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from ..records import Entity, Mention
from .kb import Actor, load
from .recognize import Candidate

_QUOTES = " '\"’‘“”.,;:"


@dataclass
class _Group:
    key: str
    label: str
    kb_id: str | None = None
    names: list[str] = field(default_factory=list)
    members: list[Candidate] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    last: int = -1  # start of the latest mention added (mentions come in text order)

    def add(self, candidate: Candidate) -> None:
        self.members.append(candidate)
        self.roles.update(candidate.roles)
        self.last = max(self.last, candidate.start)
        if not candidate.title_only:
            self.names.append(candidate.name)


def merge(candidates: Sequence[Candidate]) -> tuple[Entity, ...]:
    """One ``Entity`` per real-world entity, in order of first mention."""
    groups: dict[str, _Group] = {}
    candidates = _agree_labels(candidates)
    people = [c for c in candidates if c.label == "PERSON" and not c.title_only and not c.actor_id]
    person_keys = _person_keys(people)
    for c in sorted(candidates, key=lambda c: c.start):
        if c.modifier:
            continue
        key = _key(c, person_keys, groups)
        if key is None:
            continue
        group = groups.setdefault(key, _Group(key, c.label, c.actor_id))
        group.add(c)
    entities = [_entity(g) for g in groups.values() if g.names]
    return tuple(sorted(entities, key=lambda e: e.mentions[0].start))


def _agree_labels(candidates: Sequence[Candidate]) -> list[Candidate]:
    """One name, one type within a document (the model types the same name differently
    from sentence to sentence): a word that ends or begins a person's full name, used
    after it, is that person ("Montalvo" after "Raul Montalvo"); otherwise the label the
    name gets most often wins. Knowledge-base mentions keep their type.
    """
    first_seen: dict[str, int] = {}  # a word of a person's full name → where it is first used
    for c in candidates:
        if c.label == "PERSON" and len(words := c.name.split()) > 1:
            for word in (words[0], words[-1]):
                first_seen[word] = min(first_seen.get(word, c.start), c.start)
    votes: dict[str, Counter[str]] = {}
    for c in candidates:
        if not c.actor_id and not c.title_only:
            votes.setdefault(_normalise(c.name), Counter())[c.label] += 1
    out = []
    for c in candidates:
        if c.actor_id or c.title_only or c.modifier:
            out.append(c)
            continue
        name = _normalise(c.name)
        label = votes[name].most_common(1)[0][0]
        if c.label != "PERSON" and first_seen.get(name, c.start) < c.start:
            label = "PERSON"
        out.append(c if label == c.label else replace(c, label=label))
    return out


def _key(c: Candidate, person_keys: dict[int, str], groups: dict[str, _Group]) -> str | None:
    if c.actor_id:
        return c.actor_id
    if c.title_only:
        return _titled_person(c, groups)
    if c.label == "PERSON":
        return person_keys[c.start]
    name = _normalise(c.name)
    # A dateline's "PORT ELAN" is the body's "Port Elan".
    return f"{c.label}:{name.casefold()}" if name else None


def _person_keys(people: Sequence[Candidate]) -> dict[int, str]:
    """Cluster key per person mention (by start offset): its fullest name's key.

    Indexed by distinct name and by word, so a long document with thousands of mentions
    of one person stays linear.
    """
    full = sorted((c for c in people if len(c.name.split()) > 1), key=lambda c: c.start)
    distinct = {c.name for c in full}
    fullest = {n: max((f for f in distinct if _extends(f, n)), key=len) for n in distinct}
    keys = {c.start: "PERSON:" + fullest[c.name] for c in full}
    by_word: dict[str, list[Candidate]] = {}
    for c in full:
        words = c.name.split()
        for word in {words[0], words[-1]}:
            by_word.setdefault(word, []).append(c)
    for c in people:
        if c.start in keys:
            continue
        word = _normalise(c.name)
        owners = by_word.get(word, [])
        # The nearest full name before this mention; failing that, the first one after it.
        before = bisect_left([o.start for o in owners], c.start)
        owner = owners[before - 1] if before else (owners[0] if owners else None)
        keys[c.start] = keys[owner.start] if owner else f"PERSON:{word}"
    return keys


def _extends(longer: str, shorter: str) -> bool:
    """ "Barack Hussein Obama" extends "Barack Obama": same first and last word, more words."""
    a, b = longer.split(), shorter.split()
    return len(a) >= len(b) and a[0] == b[0] and a[-1] == b[-1] and set(b) <= set(a)


def _titled_person(c: Candidate, groups: dict[str, _Group]) -> str | None:
    """The most recent person whose roles hold this bare title's role."""
    role = c.roles[0] if c.roles else None
    if role is None:
        return None
    found: tuple[int, str] | None = None
    for group in groups.values():
        if group.label != "PERSON" or not (found is None or group.last > found[0]):
            continue
        if any(r == role or r.endswith(" " + role) for r in group.roles):
            found = (group.last, group.key)
    return found[1] if found else None


def _entity(group: _Group) -> Entity:
    actor = load().actors.get(group.kb_id) if group.kb_id else None
    name = actor.name if actor else _canonical(group)
    if actor is None:
        return _person(group, name)
    return _built(group, name, actor)


def _person(group: _Group, name: str) -> Entity:
    """A name not in the phrase-matched knowledge base, completed by the leaders table: a
    person it names gets the table's country and sector where the text gives none, and
    its id when the name is one leader's ("Putin"; "Bush" is two presidents: the country
    only). A full name the model typed otherwise ("Moody Awori" as ORG) is the person."""
    found = load().leaders_named(name) if len(name) > 2 else ()
    if not found or (group.label != "PERSON" and len(name.split()) < 2):
        return _built(group, name, None)
    group.label = "PERSON"
    entity = _built(group, name, None)
    if len({(a.country, a.sector) for a in found}) > 1:
        return entity
    known = found[0]
    sector = entity.sector or known.sector
    if known.sector == "IGO" and entity.country is None:
        sector = known.sector  # the UN's Secretary-General acts for the UN, not a state
    entity = replace(entity, country=entity.country or known.country, sector=sector)
    if len(found) == 1:
        entity = replace(entity, id=known.id, kb_id=known.id)
    return entity


def _built(group: _Group, name: str, actor: Actor | None) -> Entity:
    members = group.members
    entity_id = group.kb_id or _digest(group.label, name)
    mentions = tuple(sorted({Mention(m.start, m.end, m.text) for m in members}, key=_start))
    # Mentions keep the text as written (evidence); aliases are the distinct spellings.
    spelled = (" ".join(m.text.split()) for m in mentions)
    aliases = tuple(dict.fromkeys(a for a in spelled if a != name))
    return Entity(
        id=entity_id,
        name=name,
        type=actor.type if actor else group.label,
        aliases=aliases,
        roles=tuple(dict.fromkeys(r for m in members for r in m.roles)),
        mentions=mentions,
        country=_first(m.country for m in members) or (actor.country if actor else None),
        sector=(actor.sector if actor else None) or _first(m.sector for m in members),
        kb_id=group.kb_id if actor else None,
    )


def _canonical(group: _Group) -> str:
    # The longest spelling, and of equal ones the mixed-case one ("Port Elan", not "PORT ELAN").
    return max((_normalise(n) for n in group.names), key=lambda n: (len(n), not n.isupper()))


def _start(mention: Mention) -> tuple[int, int]:
    return mention.start, mention.end


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v), None)


def _digest(label: str, name: str) -> str:
    return "e-" + hashlib.sha1(f"{label}:{name}".encode()).hexdigest()[:10]


def _normalise(text: str) -> str:
    text = " ".join(text.split())
    if text.lower().startswith("the "):
        text = text[4:]
    return text.strip(_QUOTES)
