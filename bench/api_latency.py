"""API latency of `dateline serve` (a benchmark, not a test; docs/web.md).

    .venv/bin/python bench/api_latency.py --db demo.duckdb          # an existing store
    .venv/bin/python bench/api_latency.py --synthetic 10000         # 20,000 made-up articles

Serves the store with uvicorn on a free port of 127.0.0.1 and times sequential GETs of
each endpoint (after one warm-up), printing the median and 95th percentile and the size
of the answer. ``--synthetic N`` first writes N copies of the two invented Kandahar reports
of the tests (new ids, dates over eleven years, places spread over the globe; no MinHash)
into a temporary store, and merges its events as an ingest does.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dateline.records import Published  # noqa: E402
from dateline.store import Batch, InputRow, Store, Stored  # noqa: E402
from dateline.web import create_app  # noqa: E402
from tests.webcorpus import market, running, second_report  # noqa: E402


def synthetic(path: Path, copies: int) -> None:
    with Store.open(path) as store:
        run = store.begin_run(command="bench/api_latency.py --synthetic")
        batch = Batch()
        for i in range(copies):
            day = (date(2010, 1, 1) + timedelta(days=i % 4000)).isoformat()
            lat, lon = (i * 7) % 140 - 60, (i * 13) % 360 - 180
            for base in (market(), second_report()):
                ident = hashlib.sha256(f"{base.id}{i}".encode()).hexdigest()
                places = tuple(
                    replace(p, id=f"g-{i % 3000}-{k}", lat=lat, lon=lon)
                    for k, p in enumerate(base.places)
                )
                events = tuple(replace(e, date=day, location=places[0].id) for e in base.events)
                article = replace(
                    base,
                    id=ident,
                    input=replace(base.input, sha256=ident),
                    published=Published(day, "day", "dateline"),
                    places=places,
                    events=events,
                    outlet=f"Outlet {i % 50}",
                )
                batch.inputs.append(InputRow(id=ident, kind="api", location=f"bench/{i}", size=1))
                batch.articles.append(Stored(article, ident))
            if len(batch.articles) >= 4000:
                store.write(batch, run_id=run)
                batch = Batch()
        if batch.articles:
            store.write(batch, run_id=run)
        store.finish_run(run)
        store.merge_events()


def measure(base: str, rounds: int) -> None:
    with httpx.Client(base_url=base, timeout=60) as client:
        event = client.get("/api/events?limit=1").json()["items"][0]["id"]
        article = client.get("/api/articles?limit=1").json()["items"][0]["id"]
        entity = client.get("/api/entities?limit=1").json()["items"][0]["id"]
        paths = [
            "/api/events?limit=50",
            "/api/events?limit=500",
            "/api/events?type=ASSAULT&since=2014&bbox=60,29,75,38",
            "/api/articles?limit=50",
            "/api/articles?text=market",
            "/api/entities?limit=50",
            "/api/places?limit=500",
            "/api/quotes?limit=50",
            "/api/timeline",
            "/api/meta",
            f"/api/events/{event}",
            f"/api/articles/{article}",
            f"/api/entities/{entity}",
        ]
        print(f"{'path':58} {'median':>9} {'p95':>9} {'KiB':>7}")
        for path in paths:
            client.get(path).raise_for_status()
            times = []
            for _ in range(rounds):
                start = time.perf_counter()
                reply = client.get(path)
                times.append((time.perf_counter() - start) * 1000)
                reply.raise_for_status()
            times.sort()
            p95 = times[max(0, int(len(times) * 0.95) - 1)]
            shown = path if len(path) <= 58 else path[:55] + "..."
            print(
                f"{shown:58} {statistics.median(times):7.1f}ms {p95:7.1f}ms "
                f"{len(reply.content) / 1024:7.1f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="an existing store")
    parser.add_argument("--synthetic", type=int, help="write this many copies first")
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = args.db
        if args.synthetic:
            db = Path(folder) / "synthetic.duckdb"
            started = time.perf_counter()
            synthetic(db, args.synthetic)
            print(f"wrote {2 * args.synthetic} articles in {time.perf_counter() - started:.1f} s")
        if db is None:
            parser.error("give --db or --synthetic")
        with Store.open(db, read_only=True) as store:
            sizes = store.sizes()
        print(f"{db.name}: {sizes['articles']} articles, {sizes['events']} events")
        with running(create_app(db)) as base:
            measure(base, args.rounds)


if __name__ == "__main__":
    main()
