"""The filter layer (dateline.query), the item lookups behind the API, and `dateline query`:
every filter on every kind, sorting from a whitelist only, pages, the time limit, and
values that try to be SQL."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import main
from dateline.errors import ConfigError
from dateline.query import (
    KINDS,
    SORTS,
    BBox,
    Filters,
    Page,
    Query,
    QueryTimeout,
    kind_of,
    page_sql,
)
from dateline.store import Store
from dateline.web import items
from dateline.web.models import ArticleRow, EntityRow, EventRow, PlaceRow, QuoteRow

from .webcorpus import hostile, invented_store, market, second_report

MARKET, SECOND, HOSTILE = market().id, second_report().id, hostile().id
ROWS = {
    "articles": ArticleRow,
    "events": EventRow,
    "entities": EntityRow,
    "places": PlaceRow,
    "quotes": QuoteRow,
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return invented_store(tmp_path_factory.mktemp("query") / "q.duckdb")


@pytest.fixture()
def query(db: Path) -> Query:
    store = Store.open(db, read_only=True)
    yield Query(store)  # type: ignore[misc]
    store.close()


def ids(query: Query, kind: str, *, sort: str | None = None, **filters: object) -> list[str]:
    found = query.list(kind, Filters(**filters), Page(limit=500, sort=sort))  # type: ignore[arg-type]
    assert found.total == len(found.result)
    return found.result.column("id")


def test_every_kind_selects_exactly_its_models_columns(query: Query) -> None:
    for kind in KINDS:
        listing = query.list(kind)
        assert set(listing.result.columns) == set(ROWS[kind].model_fields), kind
        for row in listing.result.to_dicts():
            ROWS[kind](**row)  # types and nullability hold


def test_entity_matches_id_name_or_alias_in_any_case(query: Query) -> None:
    for name in ("a-taliban", "TALIBAN", "taleban"):
        assert sorted(ids(query, "articles", entity=name)) == [MARKET, SECOND]
        assert ids(query, "entities", entity=name) == ["a-taliban"]
    # Quotes by the entity: the second report's Taleban spokesman, not Zia Durrani's words.
    assert ids(query, "quotes", entity="taleban") == [f"{SECOND}-0"]
    # Events whose actor is the entity: only the hostile page's COERCE by Mallory.
    assert ids(query, "events", entity="e-mallory") == [f"{HOSTILE}-0"]
    assert ids(query, "events", entity="taliban") == []  # named, but in no event


def test_event_type_filters_each_kind_through_its_events(query: Query) -> None:
    assert sorted(ids(query, "events", type=("assault",))) == [f"{MARKET}-0", f"{SECOND}-0"]
    assert ids(query, "events", type=("PROTEST", "COERCE"), sort="date") == [
        f"{MARKET}-1",
        f"{HOSTILE}-0",
    ]
    assert sorted(ids(query, "articles", type=("ASSAULT",))) == [MARKET, SECOND]
    assert ids(query, "places", type=("PROTEST",)) == ["g-1138958"]  # Kabul, not Kandahar
    assert ids(query, "entities", type=("COERCE",)) == ["e-mallory"]  # its actor


def test_place_name_id_and_bounding_box(query: Query) -> None:
    assert sorted(ids(query, "events", place="kandahar")) == [f"{MARKET}-0", f"{SECOND}-0"]
    assert ids(query, "events", place="g-1138958") == [f"{MARKET}-1"]
    assert sorted(ids(query, "articles", place="Kabul")) == [MARKET]
    afghanistan = BBox(60, 29, 75, 38)
    assert sorted(ids(query, "places", bbox=afghanistan)) == ["g-1138336", "g-1138958"]
    assert len(ids(query, "events", bbox=afghanistan)) == 3
    # A box across the antimeridian: 60E eastwards to 170W holds Afghanistan, not London.
    across = BBox(60, -60, -170, 60)
    assert "g-2643743" not in ids(query, "places", bbox=across)
    assert len(ids(query, "places", bbox=across)) == 2
    assert ids(query, "quotes", bbox=BBox(-5, 50, 5, 55)) == [f"{HOSTILE}-0"]
    assert ids(query, "places", bbox=BBox(-180, 60, 180, 10)) == []  # south above north


def test_dates_overlap_the_range_at_any_precision(query: Query) -> None:
    assert sorted(ids(query, "articles", since="2015-03")) == sorted([MARKET, SECOND, HOSTILE])
    assert sorted(ids(query, "articles", since="2015-03-04", until="2015")) == [SECOND]
    # An event's own date counts, not its article's: the vigil was on the 4th.
    assert ids(query, "events", since="2015-03-04", until="2015-03-31") == [f"{MARKET}-1"]
    assert ids(query, "events", until="2014") == []
    assert ids(query, "events", since="2016", until="2015") == []  # an empty range


def test_outlet_and_text(query: Query) -> None:
    assert ids(query, "articles", outlet="southern times") == [SECOND]
    assert ids(query, "quotes", outlet="Northern Wire") == [f"{MARKET}-0"]
    assert ids(query, "articles", text="VIGIL") == [MARKET]
    assert ids(query, "quotes", text="responsible") == [f"{MARKET}-0"]
    assert ids(query, "entities", text="taleb") == ["a-taliban"]  # an alias's substring
    assert ids(query, "events", text="opened fire") == [f"{SECOND}-0"]
    assert ids(query, "places", text="kab") == ["g-1138958"]


def test_filters_combine(query: Query) -> None:
    assert ids(query, "events", type=("ASSAULT",), outlet="Southern Times") == [f"{SECOND}-0"]
    assert ids(query, "events", type=("ASSAULT",), place="Kabul") == []


def test_values_reach_duckdb_only_as_parameters(query: Query, db: Path) -> None:
    attack = "x' OR 1=1; DROP TABLE articles; --"
    filters = Filters(entity=attack, text=attack, outlet=attack, place=attack)
    for kind in KINDS:
        sql, params, _ = page_sql(kind_of(kind), filters, Page())
        assert attack not in sql and attack in params
        assert query.list(kind, filters).total == 0
    assert query.list("articles").total == 3


def test_sorting_takes_only_whitelisted_keys(query: Query) -> None:
    for kind, keys in SORTS.items():
        for key in keys:
            assert query.list(kind, page=Page(sort=f"-{key}")).total >= 1
        with pytest.raises(ConfigError, match="cannot sort"):
            query.list(kind, page=Page(sort="title; DROP TABLE articles"))
    dates = query.list("articles", page=Page(sort="-date")).result.column("date")
    assert dates == sorted(dates, reverse=True)
    names = query.list("entities", page=Page(sort="name")).result.column("name")
    assert names == sorted(names)


def test_pages_are_disjoint_and_complete(query: Query) -> None:
    seen = []
    for offset in range(0, 4):
        page = query.list("events", page=Page(limit=1, offset=offset, sort="type"))
        assert page.total == 4
        seen += page.result.column("id")
    assert len(set(seen)) == 4
    with pytest.raises(ConfigError):
        Page(limit=501)


def test_bad_filters_are_refused_with_a_reason() -> None:
    for bad in ({"since": "12/03/2015"}, {"until": "2015-13"}, {"entity": ""}):
        with pytest.raises(ConfigError):
            Filters(**bad)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="four numbers"):
        BBox.parse("1,2,3")
    with pytest.raises(ConfigError, match="latitudes"):
        BBox.parse("0,50,10,91")


def test_a_slow_query_is_interrupted(db: Path) -> None:
    with Store.open(db, read_only=True) as store:
        slow = Query(store, timeout=0.2)
        with pytest.raises(QueryTimeout), slow.reading() as reader:
            reader.rows("SELECT count(*) FROM range(100000000) a, range(1000) b")
        assert slow.list("articles").total == 3  # the store still answers


def test_timeline_counts_events_by_type_and_articles(query: Query) -> None:
    line = query.timeline()
    assert line.unit == "month"  # March 2015 to June 2016
    by = {(b.period, b.type): b.count for b in line.events}
    assert by == {("2015-03", "ASSAULT"): 2, ("2015-03", "PROTEST"): 1, ("2016-06", "COERCE"): 1}
    assert {b.period: b.count for b in line.articles} == {"2015-03": 2, "2016-06": 1}
    days = query.timeline(Filters(type=("ASSAULT",), since="2015"))
    assert days.unit == "day" and [b.start for b in days.events] == ["2015-03-03"]


def test_an_event_lists_every_article_reporting_it(query: Query) -> None:
    with query.reading() as reader:
        found = items.event(reader, f"{MARKET}-0")
        assert items.event(reader, f"{MARKET}-9") is None
        assert items.event(reader, "not-an-id") is None
    assert found is not None
    assert [r["event_id"] for r in found["reports"]] == [f"{MARKET}-0", f"{SECOND}-0"]
    assert found["sources"] == 2 and found["corpus_event"]
    second = found["reports"][1]
    text = second_report().text
    assert text[second["evidence_start"] : second["evidence_end"]] == second["evidence_text"]
    assert found["place"]["name"] == "Kandahar" and found["event"]["counts"][0]["number"] == 12


def test_an_article_does_not_report_its_own_events_twice(tmp_path: Path) -> None:
    base = market()
    vigil = replace(base.events[1], type="ASSAULT", location=None)
    twice = replace(base, events=(replace(base.events[0], location=None), vigil))
    with Store.open(tmp_path / "t.duckdb") as store:
        store.add([twice])
    with Store.open(tmp_path / "t.duckdb", read_only=True) as store, Query(store).reading() as r:
        found = items.event(r, f"{MARKET}-0")
    assert found is not None
    assert [x["event_id"] for x in found["reports"]] == [f"{MARKET}-0"]


def test_an_entity_has_aliases_roles_quotes_and_events(query: Query) -> None:
    with query.reading() as reader:
        taliban = items.entity(reader, "a-taliban")
        mallory = items.entity(reader, "e-mallory")
        zia = items.entity(reader, "e-zia")
    assert taliban and mallory and zia
    assert taliban["entity"]["aliases"] == ["Taleban"] and taliban["entity"]["articles"] == 2
    assert [q["id"] for q in taliban["quotes"]] == [f"{SECOND}-0"]
    assert [e["id"] for e in mallory["events"]] == [f"{HOSTILE}-0"]
    assert zia["entity"]["roles"] == ["police spokesman"]


def test_an_article_comes_with_its_input_and_item_ids(query: Query) -> None:
    with query.reading() as reader:
        found = items.article(reader, MARKET)
        assert items.article(reader, "0" * 64) is None
    assert found is not None
    assert found["article"] == market().to_dict()
    assert found["input"]["location"] == "invented/market.txt"
    assert found["event_ids"] == [f"{MARKET}-0", f"{MARKET}-1"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_prints_a_table_json_or_csv(db: Path) -> None:
    code, out, _ = run("query", "events", "--db", str(db), "--type", "assault")
    assert code == 0
    assert out.count("ASSAULT") == 2 and "(1-2 of 2 events; sorted by date)" in out
    assert f"{MARKET}-0" in out  # ids are printed whole
    code, out, _ = run("query", "entities", "--db", str(db), "--format", "json", "--limit", "1")
    body = json.loads(out)
    assert code == 0 and body["total"] == 3 and len(body["items"]) == 1
    code, out, _ = run("query", "places", "--db", str(db), "--format", "csv", "--text", "kab")
    assert out.splitlines()[0].startswith("id,name,") and out.splitlines()[1].startswith(
        "g-1138958"
    )


def test_cli_errors_have_their_exit_codes(db: Path, tmp_path: Path) -> None:
    code, _, err = run("query", "events", "--db", str(db), "--sort", "nope")
    assert code == 2 and "cannot sort events" in err
    code, _, err = run("query", "events", "--db", str(db), "--since", "last week")
    assert code == 2 and "ISO date" in err
    code, _, err = run("query", "events", "--db", str(tmp_path / "none.duckdb"))
    assert code == 4 and "no such store" in err
