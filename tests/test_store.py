"""The corpus store: records round-trip, the schema is versioned and complete, opening
fails clearly (locked, unwritable, not a store, newer schema), duplicates are clustered."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import fields, replace
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline import StoreError
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
from dateline.store import SCHEMA_VERSION, Store
from dateline.store.rows import COVERED
from dateline.store.schema import TABLES

BODY = (
    "KABUL, March 3 (Wire) - Gunmen killed at least 12 people and wounded 30 at a market "
    "in eastern Afghanistan on Tuesday, the interior ministry said, blaming the Taliban. "
    '"We will find those responsible," spokesman Ahmad Shah told reporters in Kabul. '
    "Residents said the attackers fled on motorbikes before police arrived at the scene."
)


def full_article(text: str = BODY, *, ident: str = "a" * 64, date: str = "2015-03-03") -> Article:
    """An article with every field of every record set, so a lost column shows."""
    kabul = Mention(0, 5, text[0:5])
    killed = Count("killed", 12, "at_least", "people", 95, 113, upper=15)
    taliban = EventParty("the Taliban", 151, 162, "a-taliban", None, "rebel", code="TAL")
    return Article(
        id=ident,
        input=InputRef(
            location="x.warc.gz#<urn:uuid:1>",
            media_type="text/html",
            sha256=ident,
            size=len(text),
            encoding="utf-8",
            url="http://example.org/a",
            date="2015-03-04T10:00:00Z",
        ),
        text=text,
        title="Gunmen kill 12",
        summary="A market attack.",
        language="en",
        boilerplate=(Boilerplate("navigation", "Home | World"), Boilerplate("share", "Share")),
        outlet="Wire",
        section="World",
        tags=("Afghanistan", "Taliban"),
        authors=("A. Writer",),
        published=Published(date, "day", "dateline", evidence="March 3", start=7, end=14),
        dateline=Dateline("KABUL, March 3 (Wire)", "KABUL", date, "Wire", 0, 21),
        entities=(
            Entity(
                "a-taliban",
                "Taliban",
                "ORG",
                aliases=("Taleban",),
                roles=("insurgent",),
                mentions=(Mention(155, 162, "Taliban"),),
                country="AFG",
                sector="rebel",
                kb_id="taliban",
            ),
            Entity("p-ahmad-shah", "Ahmad Shah", "PERSON", mentions=(Mention(200, 210, "x"),)),
        ),
        places=(Place("g-1138958", "Kabul", 1138958, 34.5, 69.2, "AF", "13", "PPLC", (kabul,)),),
        quotes=(
            Quote(
                "We will find those responsible",
                "direct",
                "p-ahmad-shah",
                "told",
                165,
                197,
                speaker_mention=Mention(200, 210, "x"),
                cue_mention=Mention(211, 215, "told"),
                continues=100,
            ),
        ),
        events=(
            Event(
                "ASSAULT",
                "firearms",
                "190",
                None,
                "c-AFG",
                "g-1138958",
                date,
                "asserted",
                (killed,),
                0.8,
                Mention(22, 60, text[22:60]),
                actors=(taliban, replace(taliban, text="gunmen", entity=None)),
                targets=(replace(taliban, text="people", sector="civilian"),),
                context=("military",),
                trigger=Mention(30, 36, text[30:36]),
                date_kind="on",
            ),
        ),
        counts=(killed, replace(killed, kind="wounded", number=30, qualifier="exact")),
        warnings=("a warning",),
    )


def test_every_record_field_has_a_column() -> None:
    for record, covered in COVERED.items():
        assert covered == {f.name for f in fields(record)}, record.__name__


def test_every_column_is_documented_in_store_md() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "store.md").read_text("utf-8")
    for table in TABLES:
        assert f"`{table.name}`" in doc, table.name
        for column in table.columns:
            assert f"`{column.name}`" in doc, f"{table.name}.{column.name}"


def test_an_article_comes_back_identical(tmp_path: Path) -> None:
    article = full_article()
    with Store.open(tmp_path / "c.duckdb") as store:
        assert store.add([article]) == 1
        assert store.article(article.id) == article
        assert list(store.iter_articles()) == [article]
        assert store.article("f" * 64) is None


_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=80)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_text, title=st.none() | _text, tags=st.lists(_text, max_size=3))
def test_any_text_round_trips(
    tmp_path_factory: pytest.TempPathFactory, text: str, title: str | None, tags: list[str]
) -> None:
    article = replace(full_article(), text=text, title=title, tags=tuple(tags))
    path = tmp_path_factory.mktemp("rt") / "c.duckdb"
    with Store.open(path) as store:
        store.add([article])
        assert store.article(article.id) == article


def test_adding_twice_stores_nothing_twice(tmp_path: Path) -> None:
    a, b = full_article(), full_article(ident="b" * 64)
    with Store.open(tmp_path / "c.duckdb") as store:
        assert store.add([a, b]) == 2
        sizes = store.sizes()
        assert store.add([b, a]) == 0
        assert store.sizes() | {"runs": 0} == sizes | {"runs": 0}
        assert store.sizes()["runs"] == 2
        assert sizes["counts"] == 2 * 3  # two article counts and one event count each


def test_near_duplicates_cluster_under_the_earliest_copy(tmp_path: Path) -> None:
    later = full_article(ident="b" * 64, date="2015-03-05")
    earlier = full_article(BODY + " Updated.", ident="c" * 64, date="2015-03-03")
    other = full_article("An unrelated story about a harvest festival. " * 5, ident="d" * 64)
    with Store.open(tmp_path / "c.duckdb") as store:
        store.add([later, other])
        store.add([earlier])  # arrives last, but is the earliest copy
        rows = store.sql("SELECT article_id, canonical_id FROM duplicates ORDER BY 1").rows
        minhash = store.sql("SELECT octet_length(minhash) n FROM articles").column("n")
    assert rows == ((later.id, earlier.id), (earlier.id, earlier.id))
    assert all(n and n > 100 for n in minhash)


def test_a_write_broken_off_by_any_exception_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Not only DuckDB's errors: a bug or a Ctrl-C after some tables are written must roll
    # the batch back, or the next commit on the connection would store half of it.
    a, b = full_article(), full_article(ident="b" * 64)
    with Store.open(tmp_path / "c.duckdb") as store:
        real = store._insert_failures

        def broken(*args: object, **kwargs: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(store, "_insert_failures", broken)
        with pytest.raises(KeyboardInterrupt):
            store.add([a])
        monkeypatch.setattr(store, "_insert_failures", real)
        assert store.add([b]) == 1
        after = store.sizes()
    with Store.open(tmp_path / "clean.duckdb") as clean:
        clean.add([b])
        expected = clean.sizes()
    assert after | {"runs": 0} == expected | {"runs": 0}
    assert after["articles"] == 1 and after["entity_mentions"] > 0


def test_results_as_dataframes(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.duckdb") as store:
        store.add([full_article()])
        entities = store.entities()
        frame = entities.to_pandas()
        assert list(frame.columns) == list(entities.columns)
        assert sorted(frame["name"]) == ["Ahmad Shah", "Taliban"]
        polars_frame = store.table("places").to_polars()
        assert polars_frame.shape == (1, len(store.table("places").columns))
        assert "minhash" not in store.articles().columns
        with pytest.raises(StoreError, match="no table"):
            store.table("nope")


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.duckdb"
    Store.open(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE schema_version SET version = ?", [SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(StoreError, match="newer dateline") as caught:
        Store.open(path)
    assert str(path) in caught.value.one_line()


@pytest.mark.parametrize("content", ["duckdb-other", "text"])
def test_what_is_not_a_store_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "c.duckdb"
    if content == "text":
        path.write_text("just some notes\n" * 100)
    else:
        con = duckdb.connect(str(path))
        con.execute("CREATE TABLE mine (x INTEGER)")
        con.close()
    with pytest.raises(StoreError, match="not a (dateline store|DuckDB database)"):
        Store.open(path)


def test_unwritable_and_missing_paths(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(StoreError) as caught:
        Store.open(blocker / "c.duckdb")
    assert str(blocker / "c.duckdb") in caught.value.one_line()
    with pytest.raises(StoreError, match="no such store"):
        Store.open(tmp_path / "absent.duckdb", read_only=True)


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "c.duckdb"
    with Store.open(path) as store:
        store.add([full_article()])
    with Store.open(path, read_only=True) as store:
        with pytest.raises(StoreError, match="read-only"):
            store.add([full_article(ident="e" * 64)])
        with pytest.raises(StoreError):
            store.sql("DELETE FROM articles")
        assert store.sizes()["articles"] == 1


def test_a_store_open_in_another_process_gives_a_lock_error(tmp_path: Path) -> None:
    path = tmp_path / "c.duckdb"
    with Store.open(path) as store:
        store.add([full_article()])
        code = (
            "import sys\nfrom dateline.store import Store\nfrom dateline import StoreError\n"
            "try:\n    Store.open(sys.argv[1])\n"
            "except StoreError as e:\n    print(e.one_line())\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
        ).stdout
    assert "in use by another process" in out
    assert str(path) in out
    with Store.open(path, read_only=True) as store:  # the holder's data is intact
        assert store.sizes()["articles"] == 1


def test_a_killed_run_is_marked_interrupted(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.duckdb") as store:
        store.begin_run(command="killed")  # never finished, as after kill -9
        store.add([full_article()])
        statuses = store.sql("SELECT status FROM runs ORDER BY run_id").column("status")
    assert statuses == ["interrupted", "finished"]


def test_reports_of_one_event_merge_across_articles(tmp_path: Path) -> None:
    # Two outlets report the Kabul attack in their own words (one a day later); a third
    # article is a syndicated copy of the first; a fourth reports an attack in Herat.
    other_words = " ".join(f"w{i}" for i in range(300))
    first = full_article(ident="1" * 64, date="2015-03-03")
    second = full_article(other_words, ident="2" * 64, date="2015-03-04")
    copy = full_article(ident="3" * 64, date="2015-03-05")
    herat = Place("g-1139027", "Herat", 1139027, 34.35, 62.2, "AF", "11", "PPLA", ())
    elsewhere = full_article(other_words + " x", ident="4" * 64, date="2015-03-03")
    elsewhere = replace(
        elsewhere,
        places=(herat,),
        events=(replace(elsewhere.events[0], location=herat.id),),
    )
    with Store.open(tmp_path / "c.duckdb") as store:
        store.add([first, second, copy, elsewhere])
        assert store.merge_events() == 2
        rows = store.sql(
            "select event_id, article_id, sources, mentions from event_clusters order by article_id"
        ).to_dicts()
    kabul = [r for r in rows if r["article_id"] != "4" * 64]
    assert len(kabul) == 3 and len({r["event_id"] for r in kabul}) == 1
    assert {(r["sources"], r["mentions"]) for r in kabul} == {(2, 3)}
    (herat_row,) = [r for r in rows if r["article_id"] == "4" * 64]
    assert herat_row["event_id"] != kabul[0]["event_id"]


def test_a_schema_1_store_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with Store.open(path) as store:
        store.con.execute("DROP TABLE event_clusters")
        store.con.execute("UPDATE schema_version SET version = 1")
    with Store.open(path) as store:
        assert store.sizes()["event_clusters"] == 0
        assert store.merge_events() == 0


def test_gdelt_export_writes_one_row_per_corpus_event(tmp_path: Path) -> None:
    import io

    from dateline.export.corpus import corpus_event_rows, export
    from dateline.export.gdelt import EVENT_COLUMNS

    other_words = " ".join(f"w{i}" for i in range(300))
    reports = [
        full_article(ident="1" * 64, date="2015-03-03"),
        full_article(other_words, ident="2" * 64, date="2015-03-04"),
        full_article(ident="3" * 64, date="2015-03-05"),  # a syndicated copy of the first
    ]
    with Store.open(tmp_path / "c.duckdb") as store:
        store.add(reports)
        store.merge_events()
        (row,) = list(corpus_event_rows(store))
        out = io.StringIO()
        assert export(store, "gdelt-events", out=out) == 1
    column = dict(zip(EVENT_COLUMNS, row, strict=True))
    assert (column["NumMentions"], column["NumSources"], column["NumArticles"]) == ("3", "2", "3")
    assert column["GLOBALEVENTID"] == "1" and column["EventCode"] == "190"
    assert out.getvalue().count("\n") == 1 and len(out.getvalue().split("\t")) == 61


def test_export_command(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dateline.cli import main

    db = tmp_path / "c.duckdb"
    with Store.open(db) as store:
        store.add([full_article()])
    runner = CliRunner()
    missing = runner.invoke(main, ["export", "--db", str(db), "--format", "csv"])
    assert missing.exit_code == 2 and "--out" in missing.output
    done = runner.invoke(
        main, ["export", "--db", str(db), "--format", "csv", "--out", str(tmp_path / "t")]
    )
    assert done.exit_code == 0, done.output
    assert (tmp_path / "t" / "events.csv").read_text().count("\n") == 2  # header + one event
    lines = runner.invoke(main, ["export", "--db", str(db), "--format", "jsonl"]).stdout
    assert json.loads(lines.splitlines()[0])["id"] == full_article().id
