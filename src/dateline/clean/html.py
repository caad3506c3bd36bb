"""HTML news page in, article body and page metadata out — trafilatura underneath.

What this adds on top of ``trafilatura.bare_extraction`` (see docs/html-cleaning.md):

* furniture that news pages carry inside the article container — photo captions and
  credits, bylines, share bars, related links, tag lists — is taken out of the tree
  *before* extraction and reported as ``boilerplate`` with its kind;
* reader comments are never body (trafilatura 2.x includes them by default);
* the extracted blocks are tidied: the repeated headline, a standfirst already given as
  ``summary``, and stock lines ("Read more: ...", "Sign up for ...", copyright, "Write to
  ... at ...") are moved to ``boilerplate``;
* metadata comes from JSON-LD and meta tags first, trafilatura's metadata second.

A page without an article gives empty ``paragraphs``; it never raises.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from .pagemeta import PageMeta, clean_authors, read_page_meta
from .trafmeta import Fallback, fallback

# trafilatura logs every page it gives up on at WARNING; an empty result is our answer.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

# Below both, a fast pass is retried with trafilatura's full cascade (see _run_trafilatura).
_SHORT_BODY = 1000
_SHORT_SHARE = 0.15
_MAX_SUMMARY = 600
# No paragraph this long and this little text in all: fragments, not an article.
_MIN_SENTENCE_WORDS = 8
_MIN_THIN_CHARS = 250
_SPACES = re.compile(r"\s+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    title: str | None
    summary: str | None
    paragraphs: tuple[str, ...]
    boilerplate: tuple[tuple[str, str], ...]
    outlet: str | None
    section: str | None
    tags: tuple[str, ...]
    authors: tuple[str, ...]
    url: str | None
    language: str | None


def extract_html(html: str | bytes, *, url: str | None = None) -> HtmlArticle:
    """The article on an HTML page: body paragraphs, what was removed, and metadata."""
    text = decode_html(html) if isinstance(html, bytes) else html
    tree = _parse(text)
    if tree is None:
        return _empty(url)
    meta = read_page_meta(tree)
    # before stripping: trafilatura's author search reads the bylines we remove
    backup = _trafilatura_meta(tree, url, meta)
    page_chars = _page_chars(tree)
    removed = strip_furniture(tree, page_chars)
    document = _run_trafilatura(tree, url, page_chars)
    blocks = body_blocks(document.body) if document is not None else []
    standfirst = next((t for k, t in removed if k == "standfirst"), None)
    description = meta.description or _doc_str(backup, "description")
    title = meta.title or _doc_str(backup, "title")
    paragraphs, dropped = tidy(blocks, title=title, standfirst=standfirst, description=description)
    if _no_article(paragraphs):
        # trafilatura's last resort dumps whatever text a page has; menu words and button
        # labels with no sentence among them are not an article, and the caller says so
        dropped += [("other", p) for p in paragraphs]
        paragraphs = []
    # a standfirst element on the page beats the description, which is often SEO copy;
    # a "description" as long as an article is the article dumped into a meta tag
    summary = standfirst or (description if len(description or "") <= _MAX_SUMMARY else None)
    return _assemble(meta, backup, url, title, summary, paragraphs, removed + dropped)


def decode_html(raw: bytes) -> str:
    """Bytes to text: BOM, then the charset the page declares, then UTF-8, then a guess."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(encoding, errors="replace")
    declared = _CHARSET.search(raw[:4096])
    if declared:
        try:
            return raw.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:  # an unknown charset name: fall through to detection
            pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return _guess_decode(raw)


def _guess_decode(raw: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    return str(best) if best is not None else raw.decode("cp1252", errors="replace")


def _parse(text: str) -> HtmlElement | None:
    # trafilatura's loader repairs broken markup and strips the XML declaration lxml
    # refuses on str input; anything it cannot make a tree of has no article for us.
    try:
        tree = trafilatura.load_html(text)
    except (ValueError, etree.LxmlError):
        return None
    return tree if isinstance(tree, HtmlElement) else None


def _no_article(paragraphs: list[str]) -> bool:
    longest = max((len(p.split()) for p in paragraphs), default=0)
    return longest < _MIN_SENTENCE_WORDS and sum(map(len, paragraphs)) < _MIN_THIN_CHARS


def _trafilatura_meta(tree: HtmlElement, url: str | None, meta: PageMeta) -> Fallback | None:
    # Only when the page's own tags leave a gap in title, byline or outlet, and then only
    # the fields they left empty (trafmeta.py: neither trafilatura's date nor its licence).
    if meta.title and meta.authors and meta.outlet:
        return None
    wanted = {
        "title": not meta.title,
        "description": not meta.description,
        "author": not meta.authors,
        "sitename": not meta.outlet,
        "url": not (meta.url or url),
        "categories": not meta.section,
        "tags": not meta.tags,
    }
    return fallback(tree, url, frozenset(k for k, v in wanted.items() if v))


def _page_chars(tree: HtmlElement) -> int:
    body = tree.find("body")
    return len(_visible_text(body if body is not None else tree))


def _run_trafilatura(tree: HtmlElement, url: str | None, page_chars: int) -> Any:
    # fast=True skips trafilatura's readability/jusText comparison: on news pages that
    # mostly adds sidebar text. When the fast pass finds little, and little of what the
    # page shows, the page is probably not laid out like an article and the full cascade
    # is worth its cost (a short article on a light page keeps the fast result).
    document = _bare_extraction(tree, url, fast=True)
    found = len(_doc_str(document, "text") or "")
    if found < _SHORT_BODY and found < _SHORT_SHARE * page_chars:
        fuller = _bare_extraction(tree, url, fast=False)
        if len(_doc_str(fuller, "text") or "") > len(_doc_str(document, "text") or ""):
            document = fuller
    return document


def _bare_extraction(tree: HtmlElement, url: str | None, *, fast: bool) -> Any:
    try:
        return trafilatura.bare_extraction(
            tree,
            url=url,
            fast=fast,
            include_comments=False,  # reader comments are not the article
            include_tables=True,
            with_metadata=False,  # read separately, before furniture is stripped
        )
    except Exception:  # noqa: BLE001 - one odd page must not stop a batch; no body is the answer
        logging.getLogger(__name__).debug("trafilatura failed on %s", url, exc_info=True)
        return None


# Block-level tags of trafilatura's output tree (its own XML vocabulary, not HTML).
_CONTAINERS = {"body", "div", "list", "quote", "table", "section", "article"}
_ROW_CELLS = {"cell", "td", "th"}


def body_blocks(body: Any) -> list[tuple[str, str]]:
    """(kind, text) per paragraph-like block of trafilatura's output tree, in order."""
    blocks: list[tuple[str, str]] = []
    if body is not None:
        _walk(body, blocks)
    return blocks


def _walk(element: Any, blocks: list[tuple[str, str]]) -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _CONTAINERS and len(child):
            if child.text and child.text.strip():
                blocks.append(("p", _norm(child.text)))
            _walk(child, blocks)
        elif tag == "row":
            cells = (_norm(" ".join(c.itertext())) for c in child if c.tag in _ROW_CELLS)
            _add(blocks, "row", " ".join(c for c in cells if c))
        else:
            for line in _lines(child):
                _add(blocks, tag, line)
        if child.tail and child.tail.strip():
            _add(blocks, "p", _norm(child.tail))


def _lines(element: Any) -> list[str]:
    """The text of one block, split where the page had explicit line breaks (<br>)."""
    parts: list[str] = [element.text or ""]
    for node in element.iterdescendants():
        if node.tag == "lb":
            parts.append("\n")
        elif isinstance(node.tag, str):
            parts.append(node.text or "")
        parts.append(node.tail or "")
    return [_norm(line) for line in "".join(parts).split("\n") if line.strip()]


def _add(blocks: list[tuple[str, str]], kind: str, text: str) -> None:
    if text:
        blocks.append((kind, text))


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _doc_str(document: Any, name: str) -> str | None:
    value = getattr(document, name, None) if document is not None else None
    return _norm(value) if isinstance(value, str) and value.strip() else None


def _doc_list(document: Any, name: str) -> list[str]:
    value = getattr(document, name, None) if document is not None else None
    return [v for v in value if isinstance(v, str)] if isinstance(value, list | tuple) else []


def _assemble(
    meta: PageMeta,
    document: Any,
    url: str | None,
    title: str | None,
    summary: str | None,
    paragraphs: list[str],
    removed: list[tuple[str, str]],
) -> HtmlArticle:
    authors = meta.authors or clean_authors((_doc_str(document, "author") or "").split(";"))
    return HtmlArticle(
        title=title,
        summary=summary,
        paragraphs=tuple(paragraphs),
        # the standfirst is reported as summary, not as something thrown away
        boilerplate=tuple((k, t) for k, t in removed if k != "standfirst"),
        outlet=meta.outlet or _doc_str(document, "sitename"),
        section=meta.section or next(iter(_doc_list(document, "categories")), None),
        tags=meta.tags or tuple(_doc_list(document, "tags")),
        authors=authors,
        url=meta.url or url or _doc_str(document, "url"),
        language=meta.language,
    )


def _empty(url: str | None) -> HtmlArticle:
    return HtmlArticle(None, None, (), (), None, None, (), (), url, None)


# --- furniture inside the page tree ------------------------------------------------------


# Which class/id words mark which kind of furniture. ``\b``-like edges are letters only, so
# "wp-caption-text" and "article_byline" match but "dated" or "shared-worker" do not match
# "date"/"share". Order matters: the first kind that matches names the piece.
def _word(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z])(?:{words})(?![a-z])")


_FURNITURE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("caption", re.compile(r"caption")),
    ("credit", re.compile(r"credit|photographer|copyright")),
    (
        "standfirst",
        re.compile(r"standfirst|strapline|subheadline|sub-headline|(?<![a-z])dek(?![a-z])"),
    ),
    ("byline", re.compile(r"byline|(?<![a-z])(?:authors?|contributors?)(?![a-z])")),
    ("share", _word("share|sharing|social|sharebar|addthis|share-tools")),
    ("related", _word("related|read-more|readmore|more-stories|recommended|outbrain|taboola")),
    ("tags", _word("tags|tag-list|taglist|keywords|topics")),
    ("comments", _word("comments?|disqus")),
    ("navigation", _word("breadcrumbs?|nav|navbar|navigation|menu|pagination")),
    ("timestamp", _word("timestamp|date|dates|pubdate|published|updated|posted-on")),
    # no "ad"/"ads": sections holding ad slots are named so too ("Section--Ads"), and
    # trafilatura already drops the slots themselves
    ("other", _word("newsletter|subscribe|signup|promo")),
)
_ANY_FURNITURE = re.compile("|".join(f"(?:{p.pattern})" for _k, p in _FURNITURE))
_CONTENT_WRAPPER = _word("content|entry|article-body|articlebody|story-body|post-body|main|text")
_TAG_KINDS = {"figcaption": "caption", "nav": "navigation"}
# Never furniture, whatever their class says: removing them would remove the article.
_KEEP_TAGS = {"html", "body", "article", "main", "head", "script", "style"}
# Inline elements inside a paragraph only go when they are captions or credits: a
# <span class="date"> in running text is part of the sentence.
_INLINE_OK = {"caption", "credit"}
_MAX_PIECE = 2000  # longer than any caption/byline/share bar; bigger is a content wrapper
_MAX_TIMESTAMP = 100
_MAX_REPORTED = 500
# parent, not ancestor: the HTML parser gives <script> and <style> no child elements, and
# the ancestor axis cost a walk to the root per text node.
_VISIBLE_TEXT = etree.XPath(".//text()[not(parent::script or parent::style)]", smart_strings=False)
# Only these can be furniture (see _furniture_kind); selecting them in C skips a Python
# call per element of the page. The root too (a fragment's root can be a classed <div>),
# in document order, as tree.iter() gives.
_CANDIDATES = etree.XPath(
    " | ".join(f"descendant-or-self::{test}" for test in ("*[@class or @id]", *_TAG_KINDS))
)
_LONG_PARAGRAPH = 150
_ARTICLE_PARAGRAPHS = 2


def strip_furniture(tree: HtmlElement, page_chars: int) -> list[tuple[str, str]]:
    """Remove captions, credits, bylines, share bars ... from ``tree``; return (kind, text).

    ``page_chars`` is the length of the page's visible text, to judge what is "small".
    """
    found: list[tuple[HtmlElement, str, str]] = []
    decided: dict[HtmlElement, tuple[str, bool]] = {}  # element -> (kind, removed?)
    for element in _CANDIDATES(tree):
        kind = _furniture_kind(element)
        if kind is None or _decided_above(element, kind, decided):
            continue
        text = _visible_text(element)
        keep = not _plausible_piece(kind, text, page_chars) or _holds_article(element)
        # a kept wrapper protects its parts of the same kind too: the entries of a live
        # blog named "comment" are as much the article as the list that holds them
        decided[element] = (kind, not keep)
        if not keep:
            found.append((element, kind, text))
    for element, _kind, _text in found:
        element.drop_tree()  # keeps the tail text, which belongs to the parent
    return [(kind, text[:_MAX_REPORTED]) for _el, kind, text in found if text]


def _decided_above(
    element: HtmlElement, kind: str, decided: dict[HtmlElement, tuple[str, bool]]
) -> bool:
    """Inside a piece already removed, or inside a kept wrapper of the same kind."""
    for ancestor in element.iterancestors():
        if ancestor in decided:
            ancestor_kind, removed = decided[ancestor]
            if removed or ancestor_kind == kind:
                return True
    return False


def _visible_text(element: HtmlElement) -> str:
    # text_content() would count inline <script> code, which ad slots are full of
    return _norm(" ".join(_VISIBLE_TEXT(element)))


def _furniture_kind(element: HtmlElement) -> str | None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _KEEP_TAGS or not tag:
        return None
    if tag in _TAG_KINDS:
        return _TAG_KINDS[tag]
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    kind, wrapper = _names_kind(names)
    if kind is None or kind in _INLINE_OK:
        return kind
    parent = element.getparent()
    # "entry-content-read-more" is the story with a read-more toggle, not a related box
    if wrapper or (parent is not None and parent.tag == "p"):
        return None
    return kind


@lru_cache(maxsize=4096)
def _names_kind(names: str) -> tuple[str | None, bool]:
    """The furniture kind its class/id words name, and whether they also name a content
    wrapper. Cached: a page repeats the same few class strings on hundreds of elements."""
    if not names.strip() or not _ANY_FURNITURE.search(names):  # most elements: one search
        return None, False
    kind = next((k for k, pattern in _FURNITURE if pattern.search(names)), None)
    return kind, bool(_CONTENT_WRAPPER.search(names))


def _plausible_piece(kind: str, text: str, page_chars: int) -> bool:
    # A class word on a wrapper that holds the article (e.g. "article has-share-bar")
    # must not take the article with it: furniture is small next to the page.
    limit = _MAX_TIMESTAMP if kind == "timestamp" else _MAX_PIECE
    return len(text) <= limit and (kind in _INLINE_OK or len(text) < 0.3 * page_chars)


def _holds_article(element: HtmlElement) -> bool:
    # Several long paragraphs are an article, whatever the wrapper is called: some sites
    # put the story itself in a "related"/"author" styled container.
    long_paragraphs = (p for p in element.iter("p") if len(p.text_content()) > _LONG_PARAGRAPH)
    return len(list(islice(long_paragraphs, _ARTICLE_PARAGRAPHS))) >= _ARTICLE_PARAGRAPHS


# --- furniture among the extracted blocks -------------------------------------------------

_LINE_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "related",
        re.compile(
            r"^(?:read more|related(?: stories| articles| content)?|see more|see also|more"
            r"|don'?t miss|most read|most popular|popular on \S+|recommended(?: for you)?"
            r"|also read|read next|more from \S+|watch|listen)(?::|$)"
            r"|^(?:read more|see also|related|more from|popular on|most read|also read)\b",
            re.I,
        ),
    ),
    ("tags", re.compile(r"^(?:tags?|topics?|filed under|categories|keywords)\s*:", re.I)),
    (
        "share",
        re.compile(
            r"^(?:share(?: this)?(?: article| story)?|tweet|e-?mail|print(?: article)?|whatsapp"
            r"|facebook|twitter|pinterest|linkedin|order reprints)$",
            re.I,
        ),
    ),
    (
        "credit",
        re.compile(
            r"^\(?(?:(?:additional )?reporting by|writing by|editing by|contributing:"
            r"|with (?:post )?wires|source:)|contributed to this report\.?$"
            r"|^(?:photo|image|picture|video)(?: credit)?s?:|^(?:©|\(c\)|copyright\b)"
            r"|all rights reserved\.?$",
            re.I,
        ),
    ),
    (
        "byline",
        re.compile(
            r"^(?:[Bb]y [A-Z][^.]{0,80}|(?:[Ww]rite to|[Ee]-?mail|[Rr]each) (?:the )?\w[\w .]{0,60}"
            r" (?:at|on) \S+.*)$"
        ),
    ),
    (
        "timestamp",
        re.compile(
            r"^-? ?(?:published|updated|posted|last updated|first published)\b.{0,60}$", re.I
        ),
    ),
    (
        "other",
        re.compile(
            r"^(?:advertisement|[_\-=*]{3,}|\|[-| :]+\||\d* ?comments?|view all|\(view all\)"
            r"|tl;dr)$|^(?:sign up|subscribe|click here|follow (?:us|\w+ on)|download the"
            r"|get the \S+ app)|this copy is for your personal",
            re.I,
        ),
    ),
)
_MAX_STOCK_LINE = 250  # stock lines are short; a long paragraph that mentions "subscribe" is text
_LEAD_BLOCKS = 3  # the headline/standfirst repeat, if any, sits in the first few blocks


def tidy(
    blocks: list[tuple[str, str]],
    *,
    title: str | None,
    standfirst: str | None,
    description: str | None,
) -> tuple[list[str], list[tuple[str, str]]]:
    """Body paragraphs and the (kind, text) of blocks that were page furniture."""
    kept: list[str] = []
    dropped: list[tuple[str, str]] = []
    repeats = {_key(t) for t in (title, standfirst) if t}
    title_key = _key(title) if title else None  # a headline is never body, wherever it is
    description_key = _key(description) if description else None
    for index, (tag, text) in enumerate(blocks):
        key = _key(text)
        # The headline or standfirst repeated at the top is neither body nor thrown away.
        # A description repeated as a *paragraph* is the lede (sites copy it into the
        # description), so only a heading that repeats it counts as a standfirst.
        lead = index < _LEAD_BLOCKS
        if key == title_key or (
            lead and (key in repeats or (tag == "head" and key == description_key))
        ):
            continue
        kind = _line_kind(text)
        if kind is not None:
            dropped.append((kind, text))
        else:
            kept.append(text)
    return kept, dropped


def _line_kind(text: str) -> str | None:
    if len(text) > _MAX_STOCK_LINE:
        return None
    return next((k for k, pattern in _LINE_KINDS if pattern.search(text)), None)


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()
