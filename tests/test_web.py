"""The web app in a real browser: Debian's chromium driven by Playwright, over a server
holding the seed, the package samples and the invented reports. What a person sees is
compared with what the API says; screenshots go under each test's tmp_path."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from dateline.web import create_app

from .webcorpus import corpus_root, demo_corpus, hostile, running

CHROMIUM = Path("/usr/bin/chromium")
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed: scripts/setup.sh test"
)
if not CHROMIUM.exists():
    pytest.skip(
        "Debian's chromium is not installed: scripts/setup.sh test installs it when run as "
        "root or with sudo (apt-get install chromium chromium-driver)",
        allow_module_level=True,
    )

pytestmark = pytest.mark.model  # the corpus runs the seed and samples through spaCy
READY = "body[data-ready='1']"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running(create_app(demo_corpus(corpus_root(tmp_path_factory)))) as url:
        yield url


@pytest.fixture(scope="module")
def api(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


class Seen:
    """What the page did besides drawing: requests, script errors, dialogs."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []


@pytest.fixture()
def page(browser: Any, base: str) -> Iterator[tuple[Any, Seen]]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    seen = Seen()
    tab.on("request", lambda r: seen.requests.append(r.url))
    tab.on("pageerror", lambda e: seen.errors.append(str(e)))
    tab.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
    yield tab, seen
    context.close()
    assert not seen.errors, seen.errors
    assert not seen.dialogs, seen.dialogs
    # Everything the page loaded came from this server (or was inline data).
    others = [u for u in seen.requests if not u.startswith(base) and not u.startswith("data:")]
    assert not others, others


def css(item_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", item_id)


def pad(day: str) -> str:
    """An ISO date as precise as known, as its first day."""
    return {4: f"{day}-01-01", 7: f"{day}-01"}.get(len(day), day[:10])


def open_home(tab: Any, base: str, query: str = "") -> None:
    tab.goto(f"{base}/#/{query}")
    tab.wait_for_selector(READY)
    tab.wait_for_selector("#map[data-outlines]")
    tab.wait_for_function("!document.querySelector('.home').dataset.loading")


def test_map_timeline_and_an_event_down_to_its_evidence(
    page: tuple[Any, Seen], base: str, api: httpx.Client, tmp_path: Path
) -> None:
    tab, _ = page
    open_home(tab, base)
    assert int(tab.get_attribute("#map", "data-outlines") or 0) > 100  # country outlines
    places = api.get("/api/places", params={"limit": 500}).json()["items"]
    events = api.get("/api/events", params={"limit": 500}).json()["items"]
    located = [e for e in events if e["lat"] is not None]
    assert located, "the corpus has events with a place"
    assert tab.locator("path.place-marker").count() == sum(p["lat"] is not None for p in places)
    assert tab.locator("path.event-marker").count() == len(located)
    # The seed's places are on the map.
    seed = api.get("/api/articles", params={"text": "anti-Islamic State coalition"}).json()
    seed_places = api.get(f"/api/articles/{seed['items'][0]['id']}").json()["article"]["places"]
    assert seed_places
    for place in seed_places:
        assert tab.locator(f"path.place-{css(place['id'])}").count() == 1, place["name"]
    line = api.get("/api/timeline").json()
    assert tab.locator("rect.bar-event").count() == len(line["events"])
    assert tab.locator("rect.bar-articles").count() == len({b["period"] for b in line["articles"]})
    tab.screenshot(path=str(tmp_path / "home.png"), full_page=True)

    # Brush the timeline across the bar of one located event: the lists follow the range.
    event = located[0]
    width = {"day": 10, "month": 7, "year": 4}[line["unit"]]
    period = pad(event["date"])[:width]
    bar = tab.locator(f"rect.bar-event[data-period='{period}'][data-type='{event['type']}']")
    box = bar.bounding_box()
    assert box is not None
    middle = box["y"] + box["height"] / 2
    tab.mouse.move(box["x"] - 1, middle)
    tab.mouse.down()
    tab.mouse.move(box["x"] + box["width"] + 1, middle, steps=4)
    tab.mouse.up()
    tab.wait_for_function("location.hash.includes('since=')")
    tab.wait_for_selector("#filters [data-filter='since']")
    tab.wait_for_selector(".home:not([data-loading])")
    hash_query = tab.evaluate("location.hash.split('?')[1]")
    brushed = api.get(f"/api/events?{hash_query}&limit=500").json()
    assert 0 < brushed["total"] < len(events)
    assert event["id"] in {e["id"] for e in brushed["items"]}
    tab.wait_for_function(
        f"document.querySelectorAll('#list .event-item').length === {brushed['total']}"
    )
    assert tab.locator("path.event-marker").count() == sum(
        e["lat"] is not None for e in brushed["items"]
    )
    tab.screenshot(path=str(tmp_path / "brushed.png"), full_page=True)

    # Open the event from its marker, then read it in the article.
    # Dispatched to the marker itself: a fanned-out neighbour may lie over its centre.
    tab.locator(f"path.ev-{css(event['id'])}").dispatch_event("click")
    tab.locator(".leaflet-popup a.open-event").click()
    tab.wait_for_selector(".event-page")
    assert event["evidence_text"] in tab.inner_text(".evidence")
    tab.click("#evidence-link")
    tab.wait_for_selector(".article-page #article-text .focus")
    marked = tab.eval_on_selector_all(".focus", "nodes => nodes.map(n => n.textContent).join('')")
    assert marked == event["evidence_text"]
    assert tab.locator("#article-text .hl-entity, #article-text .hl-place").count() > 0
    assert tab.locator("#original-input").inner_text().count(event["article_id"][:8]) >= 1
    tab.screenshot(path=str(tmp_path / "article-evidence.png"), full_page=True)


def test_untrusted_text_shows_as_text(page: tuple[Any, Seen], base: str) -> None:
    tab, _ = page
    article = hostile()
    tab.goto(f"{base}/#/article/{article.id}")
    tab.wait_for_selector("#article-text")
    assert tab.evaluate("window.__pwned") is None
    assert tab.inner_text("#article-title") == article.title
    assert tab.text_content("#article-text") == article.text  # <script>, onerror= and all
    assert tab.locator("#article-text script, #article-text img, #view img, #view b").count() == 0
    assert "<b>hostile</b>" in tab.inner_text("#original-input")
    assert tab.is_hidden("#boilerplate")
    tab.check("#show-boilerplate")
    assert "<script>window.__pwned = 4</script>" in tab.inner_text("#boilerplate")
    # The event whose evidence is the <script> text, and the entity named in markup.
    tab.goto(f"{base}/#/event/{article.id}-0")
    tab.wait_for_selector(".event-page")
    assert "<script>window.__pwned = 1</script>" in tab.inner_text(".evidence")
    tab.goto(f"{base}/#/entity/e-mallory")
    tab.wait_for_selector(".entity-page h1")
    assert tab.inner_text(".entity-page h1").startswith("<b onmouseover=alert(1)>Mallory</b>")
    open_home(tab, base, "?outlet=%3Ci%3EEvil%20Outlet%3C%2Fi%3E")
    assert "<i>Evil Outlet</i>" in tab.inner_text("#list")
    assert tab.locator("#list i").count() == 0
    assert tab.evaluate("window.__pwned") is None


def test_entity_page_and_search(page: tuple[Any, Seen], base: str, api: httpx.Client) -> None:
    tab, _ = page
    tab.goto(f"{base}/#/entity/a-taliban")
    tab.wait_for_selector(".entity-page")
    assert "Taleban" in tab.inner_text(".aliases")
    said = api.get("/api/quotes", params={"entity": "a-taliban"}).json()["items"]
    assert said and said[0]["text"] in tab.inner_text(".entity-page .quotes")
    tab.fill("#search input", "responsible")
    tab.press("#search input", "Enter")
    tab.wait_for_selector(".search-page .results-quotes")
    for kind in ("articles", "entities", "quotes"):
        total = api.get(f"/api/{kind}", params={"text": "responsible"}).json()["total"]
        assert f"{kind} ({total})" in tab.inner_text(f".results-{kind} h2")
    # A quote found by search opens its article with the quote marked.
    tab.locator(".results-quotes .quote-item a").first.click()
    tab.wait_for_selector("#article-text .focus")
    assert "responsible" in tab.inner_text("#article-text .focus")
