"""The demo corpus: the invented samples dateline ships (and the seed dispatch, in a
checkout that has ``../shared/seed``) ingested into a store for ``dateline serve``."""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path

from ..config import Settings
from ..ingest import Report, ingest


def sample_inputs() -> list[Path]:
    """The invented sample inputs shipped in ``dateline/samples``."""
    samples = Path(str(files("dateline") / "samples"))
    return sorted(p for p in samples.iterdir() if p.name.startswith("invented_"))


def checkout_seed() -> list[Path]:
    """The seed dispatches beside a source checkout (``../shared/seed/*.txt``), if any."""
    seed = Path(__file__).resolve().parents[4] / "shared" / "seed"
    return sorted(seed.glob("*.txt")) if seed.is_dir() else []


def demo_store(
    db: str | Path,
    *,
    extra: Sequence[str | Path] = (),
    settings: Settings | None = None,
    workers: int = 1,
    progress: bool = False,
) -> Report:
    """Ingest the samples, the checkout's seed and ``extra`` inputs into the store at ``db``.

    Idempotent like every ingest: a second call stores nothing new. One worker by default:
    for a handful of inputs, loading the model once in this process is the fastest."""
    inputs = [*sample_inputs(), *checkout_seed(), *(Path(p) for p in extra)]
    unique = list(dict.fromkeys(str(p) for p in inputs))
    return ingest(
        unique, db=db, settings=settings or Settings(), workers=workers, progress=progress
    )
