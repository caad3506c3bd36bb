"""Readable summaries of an ``Article`` for people (``--format text``, the demo)."""

from __future__ import annotations

import textwrap
from collections import Counter

from .records import Article

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
