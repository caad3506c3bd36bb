"""clean.trafmeta computes trafilatura's metadata fields one by one; each must be the value
trafilatura.metadata.extract_metadata gives (a trafilatura upgrade that changes its steps
fails here, not silently in the articles)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.metadata import extract_metadata

from dateline.clean.trafmeta import FIELDS, Fallback, fallback

PAGE = """<html><head><title>Floods cut off the valley | The Valley Courier</title>
<link rel="canonical" href="/news/2024/05/floods">
<meta property="og:url" content="https://valley.example.org/news/2024/05/floods">
<meta name="keywords" content="floods, weather">
</head><body><h1>Floods cut off the valley</h1>
<p class="byline">By <a rel="author" href="/staff/ann">Ann Other</a></p>
<a href="/category/weather/">Weather</a> <a href="/tags/rivers/">Rivers</a>
<p>Rain fell for three days and the river rose above its banks on Tuesday.</p>
</body></html>"""


def _tree(html: str) -> HtmlElement:
    tree = trafilatura.load_html(html)
    assert isinstance(tree, HtmlElement)
    return tree


def _expected(tree: HtmlElement, url: str | None) -> Fallback:
    doc = extract_metadata(tree, url, extensive=False)
    return Fallback(
        title=doc.title,
        description=doc.description,
        author=doc.author,
        sitename=doc.sitename,
        url=doc.url,
        categories=tuple(doc.categories or ()),
        tags=tuple(doc.tags or ()),
    )


def test_every_field_is_trafilaturas_value() -> None:
    tree = _tree(PAGE)
    got = fallback(tree, None, FIELDS)
    assert got == _expected(_tree(PAGE), None)
    assert got.author == "Ann Other"
    assert got.url == "https://valley.example.org/news/2024/05/floods"
    assert got.sitename == "valley.example.org"  # from the URL: the title's suffix has no dot


def test_only_the_wanted_fields_are_filled() -> None:
    got = fallback(_tree(PAGE), None, frozenset({"author"}))
    assert got.author == "Ann Other"
    assert got.title is None and got.sitename is None and got.tags == ()


def test_the_tree_is_left_as_it_was() -> None:
    tree = _tree(PAGE)
    before = etree.tostring(tree)
    fallback(tree, "https://valley.example.org/x", FIELDS)
    assert etree.tostring(tree) == before


@pytest.mark.evaldata
def test_development_pages_give_trafilaturas_values(eval_dir: Path) -> None:
    pages = sorted((eval_dir / "pubdate" / "htmldate" / "html").glob("*.html.gz"))[::8]
    assert pages
    for page in pages:
        html = gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace")
        tree = trafilatura.load_html(html)
        if not isinstance(tree, HtmlElement):
            continue
        assert fallback(tree, None, FIELDS) == _expected(trafilatura.load_html(html), None), page
