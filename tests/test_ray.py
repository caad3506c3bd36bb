"""``dateline ingest --engine ray``: on a local Ray, the store holds exactly what the local
engine stores — articles, entities, events, duplicate clusters, corpus events, failures —
and a shard folder queried where it lies holds the same."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from dateline.cli import main
from dateline.config import Settings
from dateline.distributed import engine, open_shards
from dateline.distributed import ingest as ray_ingest
from dateline.distributed.pool import calls
from dateline.errors import ConfigError
from dateline.ingest import ingest as local_ingest
from dateline.store import TABLES
from dateline.store.schema import BY_NAME

from .conftest import SAMPLES, write_warc

ray: Any
try:
    import ray
except ImportError:  # the extra is not installed: only the error for that is tested
    ray = None
needs_ray = pytest.mark.skipif(
    ray is None, reason="Ray is not installed: pip install 'dateline[ray]'"
)
SETTINGS = Settings()  # NLP on: entities, places, quotes, events
ORDER_ONLY = ("run_id", "seq")  # columns that say when a row was written, not what it holds

STORY = """<html><head><title>Dam talks resume in Halvor</title></head><body>
<nav>Home | World | Business</nav><article><h1>Dam talks resume in Halvor</h1>
<p>HALVOR, March 3 (Meridian Wire) - Negotiators from Verdania and Ostrel met in Halvor on
Monday to resume talks over the Sarn river dam, the foreign ministry of Verdania said.</p>
<p>"We came to find an agreement, not to repeat old arguments," Verdanian envoy Lena Marsh
told reporters after the first session, which lasted four hours.</p>
<p>Police arrested 12 protesters outside the conference hall, where about 300 farmers had
gathered to demand a share of the river's water for their fields.</p>
<p>The talks are expected to continue on Wednesday.</p></article>
<footer>Contact us | Privacy</footer></body></html>"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Text, HTML, a feed, a WARC (one page also a file: an exact copy), a near-duplicate
    of the wire story, and two bad files."""
    root = tmp_path_factory.mktemp("ray") / "in"
    (root / "more").mkdir(parents=True)
    wire = (SAMPLES / "invented_wire_flattened.txt").read_text(encoding="utf-8")
    (root / "wire.txt").write_text(wire, encoding="utf-8")
    # The same dispatch scraped from another site: other furniture, the body re-wrapped.
    body = wire.split("Floods in the Lower Arda Valley (212)\n    4 17\n")[1].split("Photos:")[0]
    copy = "Relief convoy reaches valley\nNews | Regions\n\n" + body.replace("\n\n", "\n\n\n")
    (root / "more" / "wire-copy.txt").write_text(copy, encoding="utf-8")
    shutil.copy(SAMPLES / "invented_news_page.html", root / "page.html")
    shutil.copy(SAMPLES / "invented_feed.xml", root / "more" / "feed.xml")
    shutil.copy(SAMPLES / "invented_article_clean.txt", root / "more" / "clean.txt")
    page = (SAMPLES / "invented_news_page.html").read_bytes()
    write_warc(
        root / "crawl.warc.gz",
        [("http://example.org/a", page), ("http://example.org/b", STORY.encode())],
    )
    (root / "more" / "bad.txt").write_bytes(b"\x00\x01\x02 not text at all \x00")
    (root / "empty.txt").write_text("   \n")
    return root


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        object_store_memory=100 * 1024 * 1024,
        log_to_driver=False,
    )
    yield
    ray.shutdown()


def _rows(con: duckdb.DuckDBPyConnection, table: str, prefix: str = "") -> list[tuple[object, ...]]:
    names = [c.name for c in BY_NAME[table].columns if c.name not in ORDER_ONLY]
    cols = ", ".join(names)
    return sorted(
        con.execute(f"SELECT {cols} FROM {prefix}{table}").fetchall(), key=lambda r: repr(r)
    )


def _counters(con: duckdb.DuckDBPyConnection, db: str) -> list[tuple[object, ...]]:
    return con.execute(
        "SELECT processed, articles, skipped_duplicate, skipped_other, failed"
        f" FROM {db}.runs ORDER BY run_id"
    ).fetchall()


def test_without_ray_the_engine_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # what `import ray` meets without the extra
    args = ["ingest", str(SAMPLES), "--engine", "ray", "--db", str(tmp_path / "x.duckdb")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert "dateline[ray]" in line and line.startswith("dateline: error:")
    assert not (tmp_path / "x.duckdb").exists()


@needs_ray
@pytest.mark.model
def test_ray_stores_what_the_local_engine_stores(
    corpus: Path, local_ray: None, tmp_path: Path
) -> None:
    local = local_ingest([str(corpus)], db=tmp_path / "local.duckdb", settings=SETTINGS, workers=1)
    kept = tmp_path / "kept.shards"
    args = ["ingest", str(corpus), "--engine", "ray", "-j", "2", "-q"]
    result = CliRunner().invoke(
        main, [*args, "--db", str(tmp_path / "ray.duckdb"), "--shards", str(kept)]
    )
    assert result.exit_code == local.exit_code() == 1, result.output  # two bad files

    con = duckdb.connect()
    con.execute(f"ATTACH '{tmp_path / 'local.duckdb'}' AS a (READ_ONLY)")
    con.execute(f"ATTACH '{tmp_path / 'ray.duckdb'}' AS b (READ_ONLY)")
    sizes = {}
    for table in TABLES:
        if table.name == "runs":
            continue
        mine, theirs = _rows(con, table.name, "b."), _rows(con, table.name, "a.")
        assert mine == theirs, table.name
        sizes[table.name] = len(mine)
    # The corpus exercises what the identity is about: NLP output, a cluster, failures.
    assert sizes["articles"] == 7 and sizes["entities"] > 10 and sizes["events"] > 2
    assert sizes["duplicates"] == 2 and sizes["event_clusters"] > 2
    assert sizes["failures"] == 2
    assert _counters(con, "b") == _counters(con, "a")
    # Articles come in the same order (the canonical copy of a cluster depends on it).
    order = "SELECT id FROM {}.articles ORDER BY seq"
    assert con.execute(order.format("a")).fetchall() == con.execute(order.format("b")).fetchall()

    # The kept shards, queried where they lie, hold the same articles and records.
    with open_shards(kept) as shards:
        for name in ("articles", "entities", "events", "quotes", "inputs", "failures"):
            assert _rows(shards.con, name) == _rows(con, name, "a."), name
    clusters = [_rows(con, name, "b.") for name in ("duplicates", "event_clusters")]
    con.close()

    # Run again: nothing new is stored and the clusters stand as they were.
    again = CliRunner().invoke(main, [*args, "--db", str(tmp_path / "ray.duckdb")])
    assert again.exit_code == 1, again.output
    con = duckdb.connect()
    con.execute(f"ATTACH '{tmp_path / 'ray.duckdb'}' AS b (READ_ONLY)")
    assert con.execute("SELECT count(*) FROM b.articles").fetchone() == (7,)
    assert [_rows(con, name, "b.") for name in ("duplicates", "event_clusters")] == clusters


@needs_ray
@pytest.mark.model
def test_a_shard_folder_alone_resumes_and_skips_what_it_holds(
    corpus: Path, local_ray: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "corpus.shards"
    poison = tmp_path / "poison.txt"
    poison.write_text(
        "LINDGARD, June 9 (Meridian Wire) - Striking dock workers blocked the port of Lindgard"
        " for a third day on Tuesday, and the harbour authority said 14 ships were waiting"
        " offshore. Union leader Petra Holm said the strike would go on until wages rose.\n",
        encoding="utf-8",
    )

    class Dying(engine.Processor):
        """An actor whose process dies on one input, every time (an out-of-memory kill)."""

        def __call__(self, batch: Any) -> Any:
            if str(poison) in batch.column("location").to_pylist():
                os._exit(1)
            return super().__call__(batch)

    monkeypatch.setattr(engine, "Processor", Dying)
    # Inputs and shards as URLs (pyarrow filesystems: file:// here, s3:// on a cluster).
    first = ray_ingest(
        [corpus.as_uri(), str(poison)],
        db=None,
        shards=folder.as_uri(),
        settings=SETTINGS,
        workers=2,
    )
    assert first.processed == 6 and first.articles == 7 and first.events
    assert first.clustered == 2 and first.skipped["WARC request record"] == 2
    # Ray restarted the actor and retried its batch; then the input failed, the run went on.
    assert first.failed["WorkerDied"] == 1 and first.exit_code() == 1
    monkeypatch.undo()
    # The same inputs as paths: the same content keys, so only the failed one is processed.
    again = ray_ingest(
        [str(corpus), str(poison)], db=None, shards=folder, settings=SETTINGS, workers=1
    )
    assert (again.processed, again.articles) == (1, 1)
    assert again.duplicates == first.duplicates + first.processed
    assert sum(again.failed.values()) == 2  # failed inputs are tried again, as on one machine
    with open_shards(folder) as store:
        assert store.sizes()["articles"] == 8
        locations = [r[0] for r in store.sql("select location from inputs where run_id = 1").rows]
        assert all(loc.startswith("file://") for loc in locations), locations
        assert len(store.sql("select distinct id from articles")) == 8
        assert [r[0] for r in store.sql("select status from runs order by run_id").rows] == [
            "finished",
            "finished",
        ]
        # One cluster: the wire story and its copy, the earlier-stored one canonical.
        (canonical,) = {r[1] for r in store.table("duplicates").rows}
        first_seen = store.sql("select id from articles order by seq").rows
        members = {r[0] for r in store.table("duplicates").rows}
        assert canonical == next(i for (i,) in first_seen if i in members)


def test_calls_group_work_rows_by_units_in_order() -> None:
    work = [{"subs": list(range(n)), "n": i} for i, n in enumerate([3, 1, 5, 1, 1])]
    grouped = calls(work, 4)
    assert [[row["n"] for row in call] for call in grouped] == [[0, 1], [2], [3, 4]]
    assert calls([], 4) == []


@needs_ray
def test_a_worker_that_cannot_start_stops_the_run_with_its_reason(
    corpus: Path, local_ray: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Unstartable(engine.Processor):
        def __init__(self, **kwargs: Any) -> None:
            raise ConfigError("spaCy pipeline 'xx_missing' is not installed")

    monkeypatch.setattr(engine, "Processor", Unstartable)
    with pytest.raises(ConfigError) as info:
        ray_ingest([str(corpus)], db=None, shards=tmp_path / "s", settings=SETTINGS, workers=1)
    assert "could not start" in str(info.value) and "xx_missing" in str(info.value)
