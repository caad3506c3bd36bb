from __future__ import annotations

from pathlib import Path

import pytest

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
