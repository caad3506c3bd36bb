"""HTML cleaning on small invented pages; the AEB floor on the shared eval data."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dateline.clean.html import HtmlArticle, extract_html

BODY = [
    "MARLOW FERRY, March 3 (Invented Wire) - The ferry council of the invented town of "
    "Marlow Ferry voted on Tuesday to repaint every lamppost on the quay a pale shade of "
    "green, ending a dispute that had run for eleven consecutive meetings.",
    "Councillor Edda Vantreel said the old colour had faded so badly that visitors "
    "mistook the lampposts for mooring bollards, and that two tourists had tied a "
    "rowing boat to one of them during the spring regatta last year.",
    "The paint will be mixed at the municipal workshop on Dock Lane, where three "
    "apprentices have been practising on the railings of the disused fish market since "
    "the beginning of February, according to the workshop foreman.",
    "Work is expected to start once the tide tables for April are published and to "
    "finish before the summer lantern festival, which draws visitors from the invented "
    "villages along the estuary every year.",
]
CAPTION = "Lampposts on the quay at low tide, seen from the harbour wall."
CREDIT = "Photo: Invented Picture Desk"
STANDFIRST = "Eleven meetings later, the quay finally has a colour."


def news_page(*, charset: str = "utf-8", extra_body: str = "") -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in BODY)
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head>
<meta charset="{charset}">
<title>Quay lampposts to turn green | The Estuary Invented Gazette</title>
<meta property="og:site_name" content="The Estuary Invented Gazette">
<meta property="og:title" content="Quay lampposts to turn green">
<meta name="description" content="Council ends long lamppost colour dispute.">
<meta property="article:section" content="Local affairs">
<meta property="article:tag" content="Harbour">
<meta property="article:tag" content="Council">
<link rel="canonical" href="https://gazette.invalid/local/quay-lampposts">
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle",
  "headline": "Quay lampposts to turn green",
  "author": [{{"@type": "Person", "name": "Petra Olmquist"}},
             {{"@type": "Person", "name": "Jon Ferrowby"}}],
  "publisher": {{"@type": "Organization", "name": "The Estuary Invented Gazette"}}}}
</script>
</head><body>
<nav class="site-nav"><a href="/">Home</a> <a href="/local">Local</a>
<a href="/sport">Sport</a></nav>
<article>
<h1>Quay lampposts to turn green</h1>
<p class="standfirst">{STANDFIRST}</p>
<div class="byline">By Petra Olmquist and Jon Ferrowby</div>
<figure><img src="/img/quay.jpg" alt="">
<figcaption>{CAPTION} <span class="credit">{CREDIT}</span></figcaption></figure>
{paragraphs}
{extra_body}
<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share by email</a></div>
<ul class="tags"><li><a href="/t/harbour">Harbour</a></li>
<li><a href="/t/council">Council</a></li></ul>
</article>
<footer><p>Copyright 2026 The Estuary Invented Gazette</p></footer>
</body></html>"""


@pytest.fixture(scope="module")
def article() -> HtmlArticle:
    return extract_html(news_page(), url="https://gazette.invalid/?ref=feed")


def test_body_is_kept_in_order_with_its_dateline(article: HtmlArticle) -> None:
    assert list(article.paragraphs) == BODY
    assert article.paragraphs[0].startswith("MARLOW FERRY, March 3 (Invented Wire) - ")


def test_caption_and_credit_are_out_of_the_body(article: HtmlArticle) -> None:
    body = "\n\n".join(article.paragraphs)
    assert "Lampposts on the quay at low tide" not in body
    assert "Invented Picture Desk" not in body
    kinds = {kind for kind, _ in article.boilerplate}
    assert "caption" in kinds
    assert any(CAPTION in text for kind, text in article.boilerplate if kind == "caption")
    assert any("Invented Picture Desk" in text for _, text in article.boilerplate)


def test_other_furniture_is_reported(article: HtmlArticle) -> None:
    kinds = {kind for kind, _ in article.boilerplate}
    assert {"byline", "share", "tags", "navigation"} <= kinds
    assert "Share on Facebook" not in "\n".join(article.paragraphs)


def test_standfirst_is_the_summary_not_body(article: HtmlArticle) -> None:
    assert article.summary == STANDFIRST
    assert STANDFIRST not in article.paragraphs


def test_metadata(article: HtmlArticle) -> None:
    assert article.title == "Quay lampposts to turn green"
    assert article.authors == ("Petra Olmquist", "Jon Ferrowby")
    assert article.tags == ("Harbour", "Council")
    assert article.section == "Local affairs"
    assert article.outlet == "The Estuary Invented Gazette"
    assert article.url == "https://gazette.invalid/local/quay-lampposts"
    assert article.language == "en"


def test_description_is_the_summary_without_a_standfirst() -> None:
    page = news_page().replace(f'<p class="standfirst">{STANDFIRST}</p>', "")
    assert extract_html(page).summary == "Council ends long lamppost colour dispute."


def test_stock_lines_leave_the_body() -> None:
    extra = (
        "<p>Read more: Invented harbour master retires after forty years</p>"
        "<p>Sign up for our invented morning newsletter.</p>"
    )
    article = extract_html(news_page(extra_body=extra))
    assert list(article.paragraphs) == BODY
    assert ("related", "Read more: Invented harbour master retires after forty years") in (
        article.boilerplate
    )


def test_page_without_article_gives_no_paragraphs() -> None:
    page = (
        "<html><head><title>Invented Gazette - Sign in</title></head><body>"
        "<nav><a href='/'>Home</a><a href='/login'>Sign in</a></nav>"
        "<form><input name='user'><button>Go</button></form></body></html>"
    )
    article = extract_html(page, url="https://gazette.invalid/login")
    assert article.paragraphs == ()
    assert article.url == "https://gazette.invalid/login"


@pytest.mark.parametrize(
    "page",
    [
        "",
        "   ",
        b"\x00\x01\x02 not html at all",
        "<html><body><p>Unclosed <b>bold <i>and italic",
        news_page()[:1800],  # cut off inside the head/JSON-LD
        news_page()[: len(news_page()) // 2],  # cut off mid-article
        "<html><head><script type='application/ld+json'>{broken json</script></head></html>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>",
    ],
)
def test_malformed_html_does_not_crash(page: str | bytes) -> None:
    assert isinstance(extract_html(page), HtmlArticle)


def test_truncated_page_keeps_what_it_has() -> None:
    page = news_page()
    cut = page.index(BODY[2][:30])
    article = extract_html(page[:cut])
    assert article.paragraphs[:2] == tuple(BODY[:2])


def test_declared_non_utf8_encoding_decodes_right() -> None:
    sentence = (
        "Die erfundene Fährgesellschaft übernimmt die Kosten für größere Laternen am Kai, "
        "sagte die Bürgermeisterin am Dienstag vor dem Rat der Gemeinde."
    )
    page = news_page(charset="iso-8859-1", extra_body=f"<p>{sentence}</p>")
    raw = page.encode("iso-8859-1")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    article = extract_html(raw)
    assert sentence in article.paragraphs


@pytest.mark.evaldata
def test_aeb_body_f1_floor() -> None:
    eval_dir = Path(__file__).resolve().parents[2] / "shared" / "eval"
    if not (eval_dir / "content" / "aeb").is_dir():
        pytest.skip("../shared/eval is absent")
    from dateline.evaluation.content_html import run_aeb

    start = time.perf_counter()
    result = run_aeb(eval_dir)
    # measured 0.9663 (P 0.962, R 0.970) on 102 pages; a lower score is a regression
    assert result["systems"]["dateline"]["f1"] >= 0.96
    assert result["systems"]["dateline"]["f1"] > result["systems"]["trafilatura"]["f1"]
    assert time.perf_counter() - start < 60


def test_a_fragment_root_named_like_furniture_is_a_kept_wrapper() -> None:
    # The root of a fragment is a furniture candidate like any element: holding the whole
    # text, it is kept, and it protects its parts of the same kind.
    first = "The council met on Tuesday and voted to close the bridge for repairs this winter."
    second = "Drivers will be sent through the old town, which the mayor said would slow them."
    fragment = (
        f'<div class="share-tools"><p>{first}</p>'
        f'<div class="share">Share on Facebook</div><p>{second}</p></div>'
    )
    article = extract_html(fragment)
    assert first in article.paragraphs and second in article.paragraphs
    assert article.boilerplate == ()
