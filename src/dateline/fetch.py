"""Fetching a feed URL for ingest: a timeout, a user agent, a size limit, and one-line
errors that say what went wrong (no network, a refused connection, an HTTP error, a page
that is HTML rather than a feed)."""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from . import __version__
from .errors import InputError, InputTooLarge

USER_AGENT = f"dateline/{__version__} (feed ingest)"
TIMEOUT = 20.0
_ALTERNATE = re.compile(r"""<link\b[^>]*type=["']application/(?:rss|atom)\+xml["'][^>]*>""", re.I)
_HREF = re.compile(r"""href=["']([^"']+)["']""", re.I)


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    media_type: str | None


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def fetch(url: str, *, max_bytes: int, timeout: float = TIMEOUT) -> Fetched:
    """GET ``url``; an ``InputError`` naming the URL for every way that can fail."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
            final = response.geturl()
            media = response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        raise InputError(f"HTTP {exc.code} {exc.reason}", source=url) from exc
    except urllib.error.URLError as exc:
        raise _network_error(url, exc.reason) from exc
    except TimeoutError as exc:
        raise InputError(f"no answer within {timeout:g} s", source=url) from exc
    except OSError as exc:
        raise _network_error(url, exc) from exc
    if len(data) > max_bytes:
        raise InputTooLarge(f"the response is over the {max_bytes:,}-byte limit", source=url)
    return Fetched(final, data, media)


def _network_error(url: str, reason: object) -> InputError:
    if isinstance(reason, socket.gaierror):
        return InputError(
            f"cannot resolve the host ({reason.strerror})",
            source=url,
            hint="is there a network? Save the feed to a file and ingest the file",
        )
    if isinstance(reason, TimeoutError | socket.timeout):
        return InputError("no answer in time", source=url, hint="is there a network?")
    text = getattr(reason, "strerror", None) or str(reason)
    return InputError(f"cannot connect ({text})", source=url, hint="is there a network?")


def not_a_feed(url: str, page: str) -> InputError:
    """The error for a feed URL that answered with an HTML page; names the page's own feed
    link when it has one."""
    hint = "give the URL of the site's RSS or Atom feed"
    link = _ALTERNATE.search(page[:200_000])
    href = _HREF.search(link.group(0)) if link else None
    if href:
        hint = f"the page names a feed: {urllib.parse.urljoin(url, href.group(1))}"
    return InputError("answered with an HTML page, not an RSS or Atom feed", source=url, hint=hint)
