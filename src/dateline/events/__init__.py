"""Coded events: who did what to whom, where, when — PLOVER types with CAMEO codes.

    from dateline import nlp
    from dateline.events import find_events
    analysis = nlp.analyse(nlp.load_model(name), text)
    events, warnings = find_events(analysis, text, published="2014-12-12")

Only sentences holding a trigger word are parsed. See ``docs/events.md``.
"""

from __future__ import annotations

from .coder import Coded, code, find_events

__all__ = ["Coded", "code", "find_events"]
