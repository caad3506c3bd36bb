"""One unit through the pipeline, in an ingest worker process (or in the main one).

``init`` runs once per worker process: it keeps the settings and loads the spaCy model
there, so each worker pays for the model once and every unit after that is only the
pipeline's work. ``run`` never raises: a unit's errors come back as ``Problem`` rows.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from dataclasses import dataclass, replace
from datetime import date

from . import nlp, pipeline
from .config import Settings, load_settings
from .dedup import signature
from .errors import DatelineError
from .pipeline import Outcome
from .records import Article, Published
from .sources import RawInput
from .units import Unit

_settings: Settings | None = None
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?$")


@dataclass(frozen=True, slots=True)
class Problem:
    location: str
    error: str  # class name: NoArticle, InputTooLarge, ...
    message: str  # one line, with the location and hint

    @classmethod
    def of(cls, error: DatelineError, location: str) -> Problem:
        error.source = error.source or location
        return cls(error.source or location, type(error).__name__, error.one_line())


@dataclass(frozen=True, slots=True)
class Done:
    key: str
    articles: tuple[Article, ...]
    signatures: tuple[bytes, ...]
    problems: tuple[Problem, ...]
    seconds: float


def init(settings: Settings, in_worker: bool = True, parent: int | None = None) -> None:
    """Keep the settings; load the model once (in this process). ``parent`` is the pid of
    the process that started this worker (it may have died before this runs)."""
    global _settings
    _settings = settings
    if in_worker:
        # Ctrl-C is the main process's to handle: it commits what is done and stops us.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # A pool worker holds both ends of its task pipe, so it would wait for work
        # forever (with its model in memory) after a kill -9 of the main process.
        watch = threading.Thread(target=_exit_with, args=(parent or os.getppid(),), daemon=True)
        watch.start()
    if settings.nlp:
        nlp.load_model(settings.model)


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def run(unit: Unit) -> Done:
    """The unit's articles with their MinHash signatures, and what failed."""
    settings = _settings or load_settings()
    started = time.perf_counter()
    articles: list[Article] = []
    problems: list[Problem] = []
    for outcome in outcomes(unit, settings):
        if outcome.article is not None:
            articles.append(outcome.article)
        elif outcome.error is not None:
            problems.append(Problem.of(outcome.error, outcome.location))
    signatures = tuple(signature(a.text) for a in articles)
    seconds = time.perf_counter() - started
    return Done(unit.key, tuple(articles), signatures, tuple(problems), seconds)


def outcomes(unit: Unit, settings: Settings) -> list[Outcome]:
    """The pipeline on the unit's bytes; a feed gives one outcome per item."""
    raw = RawInput(unit.location, unit.data, unit.url)
    return [
        replace(o, article=stated(o.article, unit)) if o.article is not None else o
        for o in pipeline.process_raw(raw, input_kind=unit.input_kind, settings=settings)
    ]


def stated(article: Article, unit: Unit) -> Article:
    """What the container states about the article: capture date, JSON title and date."""
    if unit.record_date:
        article = replace(article, input=replace(article.input, date=unit.record_date))
    if unit.title:
        article = replace(article, title=unit.title)
    if unit.date:
        published = stated_date(unit.date)
        if published is None:
            note = f"the input's date {unit.date!r} is not ISO 8601; it was not used"
            article = replace(article, warnings=(*article.warnings, note))
        else:
            article = replace(article, published=published)
    return article


def stated_date(text: str) -> Published | None:
    """An ISO 8601 date or timestamp as a ``Published`` of day, month or year precision."""
    match = _ISO_DATE.match(text.strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    if day:
        return Published(f"{year}-{month}-{day}", "day", "input", evidence=text)
    if month:
        return Published(f"{year}-{month}", "month", "input", evidence=text)
    return Published(year, "year", "input", evidence=text)
