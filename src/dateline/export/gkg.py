"""One GDELT GKG 2.1 row (27 columns) per article.

Field formats follow the GKG 2.1 codebook: semicolon-separated blocks whose fields are
separated by ``#`` (counts, locations, dates) or ``,`` (names with offsets, themes,
amounts); quotations are ``#``-separated blocks of ``|``-separated fields. Like GDELT's own
files, semicolon lists end with a semicolon. Offsets are character offsets into
``Article.text``. Which columns are filled, and from what, is in docs/gdelt.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from ..records import Article, Count, Entity, Event, Place
from . import codes
from .fields import DateParts, decimal, parse_date, part
from .geo import Geo, place_geo

GKG_COLUMNS: tuple[str, ...] = (
    "GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME",
    "V2DOCUMENTIDENTIFIER", "V1COUNTS", "V2.1COUNTS", "V1THEMES", "V2ENHANCEDTHEMES",
    "V1LOCATIONS", "V2ENHANCEDLOCATIONS", "V1PERSONS", "V2ENHANCEDPERSONS",
    "V1ORGANIZATIONS", "V2ENHANCEDORGANIZATIONS", "V1.5TONE", "V2.1ENHANCEDDATES", "V2GCAM",
    "V2.1SHARINGIMAGE", "V2.1RELATEDIMAGES", "V2.1SOCIALIMAGEEMBEDS", "V2.1SOCIALVIDEOEMBEDS",
    "V2.1QUOTATIONS", "V2.1ALLNAMES", "V2.1AMOUNTS", "V2.1TRANSLATIONINFO", "V2EXTRASXML",
)  # fmt: skip

WEB, CITATION_ONLY = "1", "2"  # V2SOURCECOLLECTIONIDENTIFIER values

# PLOVER event types with an unambiguous GKG theme of the same meaning. Others (ASSAULT
# covers a beating and an air war alike) get no theme rather than a guessed one.
EVENT_THEMES: dict[str, str] = {"PROTEST": "PROTEST", "SANCTION": "SANCTIONS"}


def gkg_row(article: Article, *, record_id: str) -> list[str]:
    """The GKG 2.1 row of an article: 27 strings in ``GKG_COLUMNS`` order."""
    counts = _counts(article)
    gkg_counts = [(c, kind, place) for c, kind, place in counts if kind]
    url = article.input.url or ""
    is_web = url.startswith(("http://", "https://"))
    persons = [e for e in article.entities if e.type == "PERSON"]
    organizations = [e for e in article.entities if e.type == "ORG"]
    themes = list(_themes(article, counts))
    return [
        record_id,
        _stamp(parse_date(article.published.date if article.published else None)),
        WEB if is_web else CITATION_ONLY,
        part(article.outlet or (urlsplit(url).hostname if is_web else ""), "\t"),
        url or article.input.location,
        _list(_count_block(c, kind, place) for c, kind, place in gkg_counts),
        _list(f"{_count_block(c, kind, place)}#{c.start}" for c, kind, place in gkg_counts),
        _list(dict.fromkeys(theme for theme, _ in themes)),
        _list(f"{theme},{offset}" for theme, offset in themes),
        _list(dict.fromkeys(_location_v1(geo) for geo in _geos(article.places))),
        _list(_enhanced_locations(article.places)),
        _list(dict.fromkeys(part(e.name).lower() for e in persons)),
        _list(_names_with_offsets(persons)),
        _list(dict.fromkeys(part(e.name).lower() for e in organizations)),
        _list(_names_with_offsets(organizations)),
        "",  # V1.5TONE: dateline does not measure tone
        _list(_dates(article)),
        f"wc:{len(article.text.split())}",  # GCAM's word count; no other GCAM measure
        "",
        "",
        "",
        "",  # images and embeds: not kept by dateline
        "#".join(
            f"{q.start}|{q.end - q.start}|{part(q.cue, '#|')}|{part(q.text, '#|')}"
            for q in article.quotes
        ),
        _list(_all_names(article)),
        _list(f"{c.number},{part(c.object or c.kind)},{c.start}" for c, _, _ in counts),
        "",  # V2.1TRANSLATIONINFO: nothing is machine-translated
        _extras(article),
    ]


def _list(blocks: Iterable[str]) -> str:
    return "".join(f"{block};" for block in blocks)


def _stamp(when: DateParts | None) -> str:
    """YYYYMMDDHHMMSS of the publication day (time unknown: midnight); "" without a day."""
    return f"{when.sqldate}000000" if when and when.sqldate else ""


_CountInfo = tuple[Count, str | None, Place | None]


def _counts(article: Article) -> list[_CountInfo]:
    """Every count once (article-level and inside events) in text order, with its GKG
    count type (None when GKG has none) and the place of the event it belongs to."""
    places = {place.id: place for place in article.places}
    owner: dict[Count, Event | None] = dict.fromkeys(article.counts)
    for event in article.events:
        for count in event.counts:
            if owner.get(count) is None:
                owner[count] = event
    found: list[_CountInfo] = []
    for count, owned_by in sorted(owner.items(), key=lambda item: (item[0].start, item[0].end)):
        kind = codes.count_type(count.kind, event_type=owned_by.type if owned_by else None)
        place = places.get(owned_by.location or "") if owned_by else None
        found.append((count, kind, place))
    return found


def _count_block(count: Count, kind: str | None, place: Place | None) -> str:
    geo = place_geo(place) if place is not None else None
    return f"{kind}#{count.number}#{part(count.object)}#{_location_v1(geo)}"


def _location_v1(geo: Geo | None) -> str:
    """Type#FullName#CountryCode#ADM1Code#Lat#Long#FeatureID (empty fields without one)."""
    if geo is None:
        return "######"
    return "#".join(
        (str(geo.type), part(geo.full_name, "#;"), geo.country_code, geo.adm1_code,
         decimal(geo.lat, 4), decimal(geo.lon, 4), geo.feature_id)
    )  # fmt: skip


def _geos(places: Iterable[Place]) -> Iterator[Geo]:
    for place in places:
        geo = place_geo(place)
        if geo is not None:
            yield geo


def _enhanced_locations(places: Iterable[Place]) -> Iterator[str]:
    """One block per mention: the V1 fields with ADM2Code after ADM1Code, then the offset."""
    for place in places:
        geo = place_geo(place)
        if geo is None:
            continue
        fields = (
            str(geo.type), part(geo.full_name, "#;"), geo.country_code, geo.adm1_code,
            geo.adm2_code, decimal(geo.lat, 4), decimal(geo.lon, 4), geo.feature_id,
        )  # fmt: skip
        for mention in place.mentions:
            yield "#".join((*fields, str(mention.start)))


def _names_with_offsets(entities: Iterable[Entity]) -> Iterator[str]:
    for entity in entities:
        for mention in entity.mentions:
            yield f"{part(entity.name)},{mention.start}"


def _all_names(article: Article) -> list[str]:
    """Every proper name with its offset: entities, then places no entity already names at
    that offset ("WASHINGTON" the entity and "Washington" the place), in text order."""
    found: dict[tuple[int, str], str] = {}
    named = [(e.name, e.mentions) for e in article.entities]
    named += [(p.name, p.mentions) for p in article.places]
    for name, mentions in named:
        for mention in mentions:
            found.setdefault((mention.start, part(name).lower()), part(name))
    return [f"{name},{start}" for (start, _), name in sorted(found.items()) if name]


def _themes(article: Article, counts: list[_CountInfo]) -> Iterator[tuple[str, int]]:
    """(theme, offset): GKG count types are themes too; a few PLOVER types map one to one."""
    found = [(kind, count.start) for count, kind, _ in counts]
    found += [(EVENT_THEMES.get(e.type), e.evidence.start) for e in article.events]
    for theme, offset in sorted(found, key=lambda pair: pair[1]):
        if theme:
            yield theme, offset


def _dates(article: Article) -> Iterator[str]:
    """Resolution#Month#Day#Year#Offset for the dates dateline found in the text: the
    publication date when its evidence is in the text, the dateline's, each event's (at
    its evidence). Resolution: 1 year, 2 month, 3 day; 0 for an unknown part."""
    found: dict[tuple[int, DateParts], None] = {}
    if article.published and article.published.start is not None:
        when = parse_date(article.published.date)
        if when:
            found[(article.published.start, when)] = None
    if article.dateline and article.dateline.date:
        when = parse_date(article.dateline.date)
        if when:
            found[(article.dateline.start, when)] = None
    for event in article.events:
        when = parse_date(event.date)
        if when:
            found[(event.evidence.start, when)] = None
    for offset, when in sorted(found, key=lambda pair: pair[0]):
        resolution = 3 if when.day else 2 if when.month else 1
        yield f"{resolution}#{when.month or 0}#{when.day or 0}#{when.year}#{offset}"


def _extras(article: Article) -> str:
    tags = []
    if article.title:
        tags.append(f"<PAGE_TITLE>{escape(part(article.title, ''))}</PAGE_TITLE>")
    if article.authors:
        authors = ";".join(part(author, ";") for author in article.authors)
        tags.append(f"<PAGE_AUTHORS>{escape(authors)}</PAGE_AUTHORS>")
    return "".join(tags)
