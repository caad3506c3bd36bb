from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
SEED = REPO.parent / "shared" / "seed"
SAMPLES = REPO / "src" / "dateline" / "samples"


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    if not EVAL.is_dir():
        pytest.skip("../shared/eval is absent")
    return EVAL


@pytest.fixture(scope="session")
def seed_files() -> list[Path]:
    files = sorted(SEED.glob("*.txt"))
    if not files:
        pytest.skip("../shared/seed is absent")
    return files


def write_warc(path: Path, pages: list[tuple[str, bytes]], *, extras: bool = True) -> None:
    """A WARC with one response per page, plus records that are not pages."""
    with path.open("wb") as f:
        w = WARCWriter(f, gzip=path.suffix == ".gz")
        w.write_record(w.create_warcinfo_record(path.name, {"software": "dateline tests"}))
        for url, body in pages:
            if extras:
                w.write_record(w.create_warc_record(url, "request", payload=io.BytesIO(b"GET")))
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            w.write_record(
                w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
            )
        if extras:
            png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            w.write_record(
                w.create_warc_record(
                    "http://example.org/i.png",
                    "response",
                    payload=io.BytesIO(b"\x89PNG\r\n"),
                    http_headers=png,
                )
            )
            moved = StatusAndHeaders("301 Moved", [("Location", "/b")], protocol="HTTP/1.1")
            w.write_record(
                w.create_warc_record(
                    "http://example.org/r", "response", payload=io.BytesIO(b""), http_headers=moved
                )
            )
