"""Readable summaries of an ``Article`` for people (``--format text``, the demo)."""

from __future__ import annotations

import textwrap
from collections import Counter

from .records import Article, Count

_WIDTH = 88


def summary_text(article: Article, *, body_chars: int = 600) -> str:
    lines = [f"# {article.title or '(no title)'}", f"  input:     {article.input.location}"]
    lines += _field("outlet", article.outlet)
    lines += _field("section", article.section)
    lines += _field("authors", ", ".join(article.authors) or None)
    lines += _field("language", article.language)
    if article.published is not None:
        p = article.published
        lines += _field("published", f"{p.date} ({p.precision}, from {p.source})")
    if article.dateline is not None:
        d = article.dateline
        lines += _field("dateline", f"{d.text!r}  place={d.place} agency={d.agency}")
    if article.summary:
        lines += ["  summary:", _wrap(article.summary)]
    body = article.text if len(article.text) <= body_chars else article.text[:body_chars] + " …"
    lines += [f"  body ({len(article.text):,} chars):", _wrap(body)]
    if article.boilerplate:
        kinds = Counter(b.kind for b in article.boilerplate)
        removed = ", ".join(f"{k} {n}" for k, n in kinds.most_common())
        lines += _field("removed", removed)
    if article.entities:
        names = [f"{e.name} [{e.type}]×{len(e.mentions)}" for e in article.entities[:20]]
        lines += _field("entities", "; ".join(names))
    if article.places:
        names = [
            f"{p.name} ({p.country}; {p.lat:.2f},{p.lon:.2f})" if p.lat is not None else p.name
            for p in article.places[:12]
        ]
        lines += _field("places", "; ".join(names))
    lines += _quotes(article)
    lines += _events(article)
    if article.counts:
        lines += _field("counts", "; ".join(_count(c) for c in article.counts[:12]))
    for warning in article.warnings:
        lines += _field("warning", warning)
    return "\n".join(lines)


def _field(name: str, value: str | None) -> list[str]:
    return [f"  {name + ':':<10} {value}"] if value else []


def _wrap(text: str) -> str:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "\n\n".join(
        textwrap.fill(" ".join(p.split()), _WIDTH, initial_indent="    ", subsequent_indent="    ")
        for p in paragraphs
    )


def _names(article: Article) -> dict[str, str]:
    return {e.id: e.name for e in article.entities} | {p.id: p.name for p in article.places}


def _quotes(article: Article) -> list[str]:
    names = _names(article)
    lines: list[str] = []
    for q in article.quotes[:10]:
        who = names.get(q.speaker, "?") if q.speaker else "(no speaker)"
        text = q.text if len(q.text) <= 90 else q.text[:90] + " …"
        lines += _field("quote", f"{who} ({q.kind}, {q.cue or '-'}): {' '.join(text.split())}")
    return lines


def _events(article: Article) -> list[str]:
    names = _names(article)
    lines: list[str] = []
    for e in article.events[:10]:
        parts = [e.type + (f"/{e.mode}" if e.mode else ""), e.modality]
        parts += [f"{role}={names.get(v, v)}" for role, v in
                  (("actor", e.actor), ("target", e.target), ("at", e.location)) if v]  # fmt: skip
        if e.date:
            parts.append(f"on {e.date}")
        lines += _field("event", " ".join(parts) + f": {' '.join(e.evidence.text.split())[:80]}")
    return lines


def _count(c: Count) -> str:
    number = f"{c.number}-{c.upper}" if getattr(c, "upper", None) else str(c.number)
    qualifier = "" if c.qualifier == "exact" else f"{c.qualifier} "
    return f"{c.kind} {qualifier}{number} {c.object or ''}".strip()
