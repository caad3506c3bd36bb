"""Stores for the query, API and web tests: invented articles built by hand (with the events
and quotes the pipeline may not yet give), and the seed plus the package samples run through
the real pipeline, built once per test session."""

from __future__ import annotations

import contextlib
import functools
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dateline.records import (
    Article,
    Boilerplate,
    Count,
    Dateline,
    Entity,
    Event,
    EventParty,
    InputRef,
    Mention,
    Place,
    Published,
    Quote,
)
from dateline.store import Store

from .conftest import SEED

# Invented reports; any likeness to a real event is accidental.
MARKET = (
    "KANDAHAR, March 3 (Northern Wire) - Gunmen attacked a crowded market in Kandahar on "
    "Tuesday, killing at least 12 people, officials said. "
    '"We will find those responsible," said police spokesman Zia Durrani. '
    "The Taliban denied any role in the attack.\n\n"
    "Residents of Kabul held a vigil for the victims on Wednesday."
)
SECOND = (
    "Twelve people died when gunmen opened fire on a market in Kandahar on Tuesday, "
    "local officials said. A spokesman for the Taleban said the group was not involved."
)
HOSTILE = (
    "LONDON - A page that tries <script>window.__pwned = 1</script> and "
    '<img src=x onerror="window.__pwned = 2"> in its text. Mallory said it was harmless.'
)


def span(text: str, phrase: str, nth: int = 0) -> Mention:
    """The ``nth`` occurrence of ``phrase`` in ``text`` as a Mention (offsets checked)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Mention(start, start + len(phrase), phrase)


def _input(ident: str, text: str, location: str) -> InputRef:
    return InputRef(location, "text/plain", ident, len(text.encode()), "utf-8")


def _published(day: str) -> Published:
    return Published(day, "day", "dateline")


KANDAHAR = ("g-1138336", "Kandahar", 1138336, 31.61, 65.71, "AF", "23", "PPLA")
KABUL = ("g-1138958", "Kabul", 1138958, 34.53, 69.17, "AF", "13", "PPLC")
LONDON = ("g-2643743", "London", 2643743, 51.51, -0.13, "GB", "ENG", "PPLC")


def _place(row: tuple[str, str, int, float, float, str, str, str], *mentions: Mention) -> Place:
    return Place(*row, mentions=mentions)


def market() -> Article:
    t = MARKET
    attack = span(t, "Gunmen attacked a crowded market in Kandahar on Tuesday, killing at")
    sentence = Mention(attack.start, t.index("said.") + 5, "")
    sentence = Mention(sentence.start, sentence.end, t[sentence.start : sentence.end])
    vigil = span(t, "Residents of Kabul held a vigil for the victims on Wednesday.")
    killed = Count("killed", 12, "at_least", "people", *_se(span(t, "at least 12 people")))
    gunmen = span(t, "Gunmen")
    return Article(
        id="1" * 64,
        input=_input("1" * 64, t, "invented/market.txt"),
        text=t,
        title="Gunmen attack Kandahar market",
        outlet="Northern Wire",
        language="en",
        boilerplate=(Boilerplate("navigation", "Home | World | Asia"),),
        published=_published("2015-03-03"),
        dateline=Dateline(
            "KANDAHAR, March 3 (Northern Wire)", "KANDAHAR", "2015-03-03", None, 0, 33
        ),
        entities=(
            Entity(
                "a-taliban",
                "Taliban",
                "ORG",
                aliases=("Taleban",),
                mentions=(span(t, "Taliban"),),
                sector="rebel",
            ),
            Entity(
                "e-zia",
                "Zia Durrani",
                "PERSON",
                roles=("police spokesman",),
                mentions=(span(t, "Zia Durrani"),),
            ),
        ),
        places=(
            _place(KANDAHAR, span(t, "KANDAHAR"), span(t, "Kandahar")),
            _place(KABUL, span(t, "Kabul")),
        ),
        quotes=(
            Quote(
                "We will find those responsible",
                "direct",
                "e-zia",
                "said",
                *_se(span(t, "We will find those responsible")),
                speaker_mention=span(t, "Zia Durrani"),
                cue_mention=span(t, "said", 1),
            ),
        ),
        events=(
            Event(
                "ASSAULT",
                "firearms",
                "190",
                None,
                None,
                "g-1138336",
                "2015-03-03",
                "asserted",
                (killed,),
                0.9,
                sentence,
                actors=(EventParty("Gunmen", gunmen.start, gunmen.end, None, None, "rebel"),),
                trigger=span(t, "attacked"),
            ),
            Event(
                "PROTEST",
                None,
                "141",
                None,
                None,
                "g-1138958",
                "2015-03-04",
                "asserted",
                (),
                0.6,
                vigil,
                trigger=span(t, "held a vigil"),
            ),
        ),
        counts=(killed,),
    )


def second_report() -> Article:
    t = SECOND
    sentence = span(t, t[: t.index("said.") + 5])
    return Article(
        id="2" * 64,
        input=_input("2" * 64, t, "invented/second.txt"),
        text=t,
        title="Twelve killed in Kandahar market shooting",
        outlet="Southern Times",
        published=_published("2015-03-04"),
        entities=(
            Entity(
                "a-taliban",
                "Taliban",
                "ORG",
                aliases=("Taleban",),
                mentions=(span(t, "Taleban"),),
            ),
        ),
        places=(_place(KANDAHAR, span(t, "Kandahar")),),
        quotes=(
            Quote(
                "the group was not involved",
                "indirect",
                "a-taliban",
                "said",
                *_se(span(t, "the group was not involved")),
            ),
        ),
        events=(
            Event(
                "ASSAULT",
                None,
                "190",
                None,
                None,
                "g-1138336",
                "2015-03-03",
                "asserted",
                (),
                0.8,
                sentence,
                trigger=span(t, "opened fire"),
            ),
        ),
    )


def hostile() -> Article:
    t = HOSTILE
    return Article(
        id="3" * 64,
        input=_input("3" * 64, t, "invented/<b>hostile</b>.html"),
        text=t,
        title='<img src=x onerror="window.__pwned = 3">',
        outlet="<i>Evil Outlet</i>",
        published=_published("2016-06-01"),
        entities=(
            Entity(
                "e-mallory",
                "<b onmouseover=alert(1)>Mallory</b>",
                "PERSON",
                mentions=(span(t, "Mallory"),),
            ),
        ),
        places=(_place(LONDON, span(t, "LONDON")),),
        quotes=(
            Quote(
                "it was harmless", "indirect", "e-mallory", "said", *_se(span(t, "it was harmless"))
            ),
        ),
        events=(
            Event(
                "COERCE",
                None,
                None,
                "e-mallory",
                None,
                "g-2643743",
                "2016-06-01",
                "asserted",
                (),
                0.5,
                span(t, "<script>window.__pwned = 1</script>"),
            ),
        ),
        boilerplate=(Boilerplate("comments", "<script>window.__pwned = 4</script>"),),
    )


def _se(m: Mention) -> tuple[int, int]:
    return m.start, m.end


def invented() -> list[Article]:
    return [market(), second_report(), hostile()]


def invented_store(path: Path) -> Path:
    with Store.open(path) as store:
        store.add(invented())
        store.merge_events()  # as every ingest does
    return path


@functools.cache
def demo_corpus(root: Path) -> Path:
    """The seed and the package samples through the real pipeline (``demo_store``), plus
    the invented articles; built once per session under ``root``."""
    from dateline.web.demo import demo_store

    path = root / "demo.duckdb"
    seeds = sorted(SEED.glob("*.txt"))
    demo_store(path, extra=seeds, workers=1)
    with Store.open(path) as store:
        store.add(invented())
        store.merge_events()
    return path


def corpus_root(factory: pytest.TempPathFactory) -> Path:
    """One folder per test session for the demo corpus, shared by the test modules."""
    root = factory.getbasetemp() / "webcorpus"
    root.mkdir(exist_ok=True)
    return root


@contextlib.contextmanager
def running(app: Any) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free port of 127.0.0.1 in a thread; yield its URL."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
