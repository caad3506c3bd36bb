"""``dateline ingest``: every input kind into the store, once; crash-safe under kill -9;
bad input reported while the run goes on; lock, path and stdin behaviour."""

from __future__ import annotations

import gzip
import http.server
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner
from warcio.warcwriter import WARCWriter

from dateline import warc
from dateline.cli import main
from dateline.config import Settings
from dateline.discover import Options, discover
from dateline.ingest import Report, ingest
from dateline.store import Store
from dateline.units import Failed, Unit

from .conftest import SAMPLES, write_warc

DATELINE = str(Path(sys.executable).with_name("dateline"))
NO_NLP = Settings(nlp=False)
PROSE = (
    "officials said the talks would resume after a week of strikes that closed the port "
    "while farmers and traders waited for the government to answer their demands on fuel "
    "prices and the cost of grain which rose sharply over the winter months"
)
WORDS = PROSE.split()


def story(n: int, *, paragraphs: int = 4) -> str:
    """An invented dispatch, different for every ``n`` (no two share many shingles)."""
    rng = __import__("random").Random(n)
    body = [
        " ".join(rng.choice(WORDS) for _ in range(40)).capitalize() + f" (story {n}, part {p})."
        for p in range(paragraphs)
    ]
    return f"Port strike enters day {n}\n\n" + "\n\n".join(body) + "\n"


def page(n: int) -> str:
    paras = "".join(f"<p>{p}</p>" for p in story(n).split("\n\n")[1:])
    return (
        f"<html><head><title>Harbour story {n}</title></head><body><nav>Home | World</nav>"
        f"<article><h1>Harbour story {n}</h1>{paras}</article></body></html>"
    )


def write_wet(path: Path, texts: list[str]) -> None:
    with path.open("wb") as f:
        w = WARCWriter(f, gzip=True)
        for n, text in enumerate(texts):
            w.write_record(
                w.create_warc_record(
                    f"http://example.org/wet/{n}",
                    "conversion",
                    payload=io.BytesIO(text.encode()),
                    warc_content_type="text/plain",
                )
            )


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """txt + html + html.gz + feed (2 items) + jsonl (2 articles, 1 bad line) + WARC (2 pages)
    + WET (1 page), and a hidden file."""
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    shutil.copy(SAMPLES / "invented_wire_flattened.txt", root / "wire.txt")
    shutil.copy(SAMPLES / "invented_news_page.html", root / "sub" / "page.html")
    shutil.copy(SAMPLES / "invented_feed.xml", root / "feed.xml")
    lines = [
        json.dumps(
            {
                "text": story(1),
                "url": "http://example.org/j1",
                "title": "Stated title",
                "date": "2019-05-06T08:00:00Z",
            }
        ),
        json.dumps({"html": page(2), "url": "http://example.org/j2"}),
        "this line is not JSON",
    ]
    (root / "items.jsonl").write_text("\n".join(lines) + "\n")
    write_warc(
        root / "crawl.warc.gz",
        [("http://example.org/w3", page(3).encode()), ("http://example.org/w4", page(4).encode())],
    )
    write_wet(root / "text.wet.gz", [story(5)])
    (root / "sub" / "zipped.html.gz").write_bytes(gzip.compress(page(8).encode()))
    (root / ".hidden.txt").write_text(story(6))
    return root


def run(
    inputs: list[str],
    db: Path,
    *,
    settings: Settings = NO_NLP,
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
) -> Report:
    return ingest(inputs, db=db, settings=settings, workers=1, include=include, exclude=exclude)


def test_a_mixed_folder_is_stored_once(mixed: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    first = run([str(mixed)], db)
    # wire, page, zipped page, feed, 2 JSON objects, 2 WARC pages, 1 WET page; not the
    # hidden file
    assert first.processed == 9
    assert first.articles == 10  # the feed gives two
    assert first.failed == {"InputError": 1}  # the line that is not JSON
    assert first.skipped == {
        "WARC warcinfo record": 1,
        "WARC request record": 2,
        "not a page (image/png)": 1,
        "HTTP status 301": 1,
    }
    assert first.exit_code() == 1
    with Store.open(db, read_only=True) as store:
        sizes = store.sizes()
        warc_row = store.sql(
            "SELECT input_location, input_url, input_date FROM articles "
            "WHERE input_url = 'http://example.org/w3'"
        ).to_dicts()
        stated = store.sql(
            "SELECT title, published_date, published_source FROM articles "
            "WHERE input_location LIKE '%items.jsonl#line=1'"
        ).rows
        kinds = dict(store.sql("SELECT kind, count(*) FROM inputs GROUP BY kind").rows)
    assert sizes["inputs"] == 9 and sizes["articles"] == 10
    assert warc_row[0]["input_location"].startswith(f"{mixed / 'crawl.warc.gz'}#<urn:uuid:")
    assert warc_row[0]["input_date"]
    assert stated == (("Stated title", "2019-05-06", "input"),)
    assert kinds == {"file": 4, "json": 2, "warc": 3}

    second = run([str(mixed)], db)
    assert (second.processed, second.articles, second.duplicates) == (0, 0, 9)
    assert second.failed == {"InputError": 1}  # failures are retried, and fail again
    with Store.open(db, read_only=True) as store:
        again = store.sizes()
        runs = store.sql("SELECT status, processed, skipped_duplicate FROM runs").rows
    unchanged = {k: v for k, v in again.items() if k not in ("runs", "failures")}
    assert unchanged == {k: v for k, v in sizes.items() if k not in ("runs", "failures")}
    assert runs == (("finished", 9, 0), ("finished", 0, 9))


def test_globs_choose_files_in_folders(mixed: Path, tmp_path: Path) -> None:
    report = run(
        [str(mixed)], tmp_path / "c.duckdb", include=("*.txt", "*.html"), exclude=("sub/*",)
    )
    assert report.processed == 1  # wire.txt only


def test_the_same_content_twice_in_one_run_is_stored_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(story(7))
    (tmp_path / "b.txt").write_text(story(7))
    report = run([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], tmp_path / "c.duckdb")
    assert (report.processed, report.duplicates) == (1, 1)


def test_two_workers_store_what_one_does(mixed: Path, tmp_path: Path) -> None:
    (mixed / "items.jsonl").unlink()
    assert run([str(mixed)], tmp_path / "1.duckdb").exit_code() == 0
    two = subprocess.run(
        [DATELINE, "ingest", str(mixed), "--no-nlp", "-q", "-j", "2"]
        + ["--db", str(tmp_path / "2.duckdb")]
    )
    assert two.returncode == 0
    query = "SELECT id, md5(text), title FROM articles ORDER BY id"
    results = [
        duckdb.connect(str(tmp_path / f"{n}.duckdb"), read_only=True).execute(query).fetchall()
        for n in (1, 2)
    ]
    assert results[0] == results[1] and len(results[0]) == 8


def test_kill_9_then_rerun_equals_one_clean_run(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(300):
        (folder / f"{n:04}.txt").write_text(story(n))
    db, clean = tmp_path / "killed.duckdb", tmp_path / "clean.duckdb"
    args = [DATELINE, "ingest", str(folder), "--no-nlp", "--batch-size", "5", "-q"]
    stored = []
    for workers in ("1", "2", "1"):
        proc = subprocess.Popen([*args, "-j", workers, "--db", str(db)])
        wal = Path(f"{db}.wal")
        start = wal.stat().st_size if wal.exists() else 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if wal.exists() and wal.stat().st_size > start + 30_000:  # batches committed
                break
            time.sleep(0.002)
        children = _children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert workers == "1" or children  # the pool's workers were running
        _wait_gone(children)  # a killed run's workers do not linger with their model
        with Store.open(db, read_only=True) as store:
            stored.append(store.sizes()["inputs"])
    assert 0 < stored[0] <= stored[1] <= stored[2] < 300  # killed part-way each time
    finished = run([str(folder)], db)
    assert finished.processed == 300 - stored[2] and finished.duplicates == stored[2]
    assert run([str(folder)], clean).processed == 300
    query = (
        "SELECT a.id, i.location, md5(a.text), a.title FROM articles a"
        " JOIN inputs i ON i.id = a.input_id ORDER BY 1"
    )
    with Store.open(db, read_only=True) as a, Store.open(clean, read_only=True) as b:
        assert a.sql(query).rows == b.sql(query).rows
        assert len(a.sql(query)) == 300
        assert a.sql("SELECT count(DISTINCT location) n FROM inputs").column("n") == [300]
        statuses = a.sql("SELECT status FROM runs ORDER BY run_id").column("status")
    assert statuses == ["interrupted"] * 3 + ["finished"]


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _wait_gone(pids: list[int], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = []
        for pid in pids:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if state != "Z":
                alive.append(pid)
        if not alive:
            return
        time.sleep(0.2)
    raise AssertionError(f"processes {alive} outlived the run they worked for")


def test_a_damaged_gzip_warc_keeps_the_records_before_the_damage(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path, [(f"http://example.org/{n}", page(n).encode()) for n in range(4)], extras=False
    )
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])  # the last record loses its end
    corrupt = tmp_path / "corrupt.warc.gz"
    damaged = bytearray(data)
    damaged[len(data) // 2 : len(data) // 2 + 64] = bytes(64)
    corrupt.write_bytes(bytes(damaged))
    db = tmp_path / "c.duckdb"
    report = run([str(path)], db)
    assert report.processed == 3
    assert report.failures == 2  # the record cut short, and the archive
    assert any("damaged after 5 record(s)" in m for m in report.examples["InputError"]), (
        report.examples
    )
    report = run([str(corrupt)], db)
    assert report.duplicates >= 1 and report.processed == 0  # its good records: stored already
    assert any("corrupt gzip data" in m for m in report.examples["InputError"])
    zipped = tmp_path / "page.html.gz"
    zipped.write_bytes(gzip.compress(page(9).encode())[:-20])
    report = run([str(zipped)], db)
    assert report.examples["InputError"] == [
        f"{zipped}: the gzip file is damaged: it ends inside a gzip member (truncated)"
        " — check the input"
    ]


def test_a_plain_warc_cut_short(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(
        path, [(f"http://example.org/{n}", page(n).encode()) for n in range(3)], extras=False
    )
    path.write_bytes(path.read_bytes()[:-200])
    found = list(warc.read_archive(path, max_bytes=10**6))
    assert [type(f).__name__ for f in found] == ["Skipped", "Unit", "Unit", "Failed"]
    assert isinstance(found[-1], Failed) and "cut short" in found[-1].error.message


def test_an_oversized_record_is_refused_without_being_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.warc"
    huge = ("<html><body><p>" + "x" * 20_000_000 + "</p></body></html>").encode()
    write_warc(
        path,
        [("http://example.org/big", huge), ("http://example.org/ok", page(1).encode())],
        extras=False,
    )
    del huge
    tracemalloc.start()
    found = list(warc.read_archive(path, max_bytes=1_000_000))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 3_000_000  # the 20 MB record never sat in memory
    assert [type(f).__name__ for f in found] == ["Skipped", "Failed", "Unit"]
    assert isinstance(found[1], Failed) and type(found[1].error).__name__ == "InputTooLarge"
    assert "over the 1,000,000-byte limit" in found[1].error.one_line()


def test_an_oversized_json_line_is_refused_and_the_next_read(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    with path.open("w") as f:
        f.write(json.dumps({"text": "y " * 10_000_000}) + "\n")  # a 20 MB line
        f.write(json.dumps({"text": story(1)}) + "\n")
    tracemalloc.start()
    found = list(discover([str(path)], Options(max_bytes=500_000)))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 5_000_000  # read in pieces, never whole
    assert [type(f).__name__ for f in found] == ["Failed", "Unit"]
    assert found[1].location.endswith("#line=2")


def test_wet_and_warc_on_standard_input_and_text(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    wet = tmp_path / "x.wet.gz"
    write_wet(wet, [story(11), story(12)])
    cases = [
        (wet.read_bytes(), 2, "warc"),
        (story(13).encode(), 1, "stdin"),
        (json.dumps({"text": story(14)}).encode() + b"\n", 1, "json"),
    ]
    for data, articles, kind in cases:
        done = subprocess.run(
            [DATELINE, "ingest", "-", "--db", str(db), "--no-nlp", "-q", "-j", "1"], input=data
        )
        assert done.returncode == 0
        with Store.open(db, read_only=True) as store:
            got = store.sql("SELECT count(*) n FROM inputs WHERE kind = ?", [kind]).column("n")
        assert got == [articles]


def test_an_unwritable_store_path_is_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    db = blocker / "c.duckdb"
    done = subprocess.run(
        [
            DATELINE,
            "ingest",
            str(SAMPLES / "invented_article_clean.txt"),
            "--db",
            str(db),
            "--no-nlp",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 4
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"dateline: error: {db}:")


def test_a_second_ingest_on_a_store_in_use_gets_a_lock_error(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    text = tmp_path / "a.txt"
    text.write_text(story(1))
    with Store.open(db) as holder:  # another process's run, still going
        done = subprocess.run(
            [DATELINE, "ingest", str(text), "--db", str(db), "--no-nlp"],
            capture_output=True,
            text=True,
        )
        assert holder.sizes()["inputs"] == 0
    assert done.returncode == 4
    assert f"{db}: is in use by another process (PID {os.getpid()}" in done.stderr
    assert run([str(text)], db).processed == 1  # and the store is fine afterwards


def test_the_store_failing_mid_run_stops_it_cleanly(tmp_path: Path) -> None:
    """A disk that fills up: the file-size limit makes DuckDB's writes fail mid-run."""
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(150):
        (folder / f"{n:04}.txt").write_text(story(n, paragraphs=8))
    db = tmp_path / "c.duckdb"
    script = (
        "import resource, signal, sys\n"
        "from dateline import language\n"
        "language.detect('warm up: the language model unpacks a file of its own first')\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (250_000, 250_000))\n"
        "from dateline.cli import main\n"
        "main()\n"
    )
    args = ["ingest", str(folder), "--db", str(db), "--no-nlp", "-j", "1", "--batch-size", "10"]
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True)
    assert done.returncode == 4, done.stderr
    assert f"STOPPED: {db}: cannot write" in done.stderr
    with Store.open(db, read_only=True) as store:
        kept = store.sizes()
        consistent = store.sql(
            "SELECT count(*) n FROM inputs i WHERE i.articles <> "
            "(SELECT count(*) FROM articles a WHERE a.input_id = i.id)"
        ).column("n")
    assert 0 < kept["inputs"] < 150 and kept["inputs"] == kept["articles"]
    assert consistent == [0]
    assert run([str(folder)], db).processed == 150 - kept["inputs"]  # the rest, on a new run


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/feed.xml":
            body, kind = (SAMPLES / "invented_feed.xml").read_bytes(), "application/rss+xml"
        else:
            body = (
                b'<html><head><link rel="alternate" type="application/rss+xml" '
                b'href="/feed.xml"></head><body><p>Home</p><p>News</p><div>x</div>'
                b"<a href='/'>a</a><span>b</span></body></html>"
            )
            kind = "text/html"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_feed_urls(server: str, tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nothing listens on: as good as no network
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}/feed.xml"
    db = tmp_path / "c.duckdb"
    report = run([f"{server}/feed.xml", f"{server}/page.html", closed], db)
    assert (report.processed, report.articles) == (1, 2)
    messages = report.examples["InputError"]
    assert any(
        "answered with an HTML page, not an RSS or Atom feed" in m and f"{server}/feed.xml" in m
        for m in messages
    )
    assert any(m.startswith(f"{closed}: cannot connect") for m in messages)
    again = run([f"{server}/feed.xml"], db)
    assert (again.processed, again.duplicates) == (0, 1)


def test_every_unit_key_is_the_hash_of_what_the_pipeline_reads(mixed: Path) -> None:
    import hashlib

    for found in discover([str(mixed)], Options(max_bytes=10**7)):
        if isinstance(found, Unit):
            assert found.key == hashlib.sha256(found.data).hexdigest()


@pytest.mark.model
def test_ingest_with_nlp_stores_entities_with_true_offsets(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    report = run(
        [str(SAMPLES / "invented_wire_flattened.txt"), str(SAMPLES / "invented_feed.xml")],
        db,
        settings=Settings(),
    )
    assert report.failures == 0 and report.articles == 3
    with Store.open(db, read_only=True) as store:
        n_entities = store.sizes()["entities"]
        bad = store.sql(
            "SELECT count(*) n FROM entity_mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE substr(a.text, m.start_char + 1, m.end_char - m.start_char) <> m.text"
        ).column("n")
        articles = list(store.iter_articles())
    assert n_entities > 0 and bad == [0]
    assert all(a.entities for a in articles)


def test_sql_command_formats_and_is_read_only(mixed: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    run([str(mixed / "wire.txt"), str(mixed / "feed.xml")], db)
    query = "SELECT input_location, tags FROM articles ORDER BY seq"

    def sql(*extra: str, store: Path = db) -> Any:
        return CliRunner().invoke(main, ["sql", *extra, "--db", str(store)])

    as_json = json.loads(sql(query, "--format", "json").stdout)
    assert [row["input_location"] for row in as_json][1:] == [
        f"{mixed / 'feed.xml'}#item=1",
        f"{mixed / 'feed.xml'}#item=2",
    ]
    csv_lines = sql(query, "--format", "csv").stdout.splitlines()
    assert csv_lines[0] == "input_location,tags" and len(csv_lines) == 4
    table = sql(query).stdout
    assert "(3 rows)" in table
    refused = sql("DELETE FROM articles")
    assert refused.exit_code == 2 and "read-only" in refused.stderr
    missing = sql("select 1", store=tmp_path / "no.duckdb")
    assert missing.exit_code == 4 and "no such store" in missing.stderr
