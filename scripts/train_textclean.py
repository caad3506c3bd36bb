"""Train the text cleaner's line model and write src/dateline/data/textclean.json.

    python scripts/train_textclean.py                  # cross-validate, then train and save
    python scripts/train_textclean.py --no-cv          # train and save only
    python scripts/train_textclean.py --cv-only        # report the cross-validated figure

Needs scikit-learn (the ``train`` extra); the saved model runs on numpy alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path

from dateline.clean import model as m
from dateline.clean.text import MODEL_PATH, body_text, segment
from dateline.evaluation.shingles import aggregate, score_page

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "eval" / "content" / "aeb"


def corpus_hash(pages: list[m.Page]) -> str:
    """Which pages the model saw, so a figure can be tied to its data."""
    digest = hashlib.sha256()
    for page in pages:
        digest.update(page.id.encode())
        digest.update(page.text.encode())
        digest.update(page.gold.encode())
    return digest.hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-cv", action="store_true")
    parser.add_argument("--cv-only", action="store_true")
    args = parser.parse_args()

    pages = m.load_pages(args.data)
    print(f"{len(pages)} pages, corpus {corpus_hash(pages)}")
    if not args.no_cv:
        t0 = time.perf_counter()
        cv, _ = m.cross_validate(pages, folds=args.folds, seed=args.seed)
        print(
            f"{args.folds}-fold CV by page: F1 {cv.f1:.3f}  P {cv.precision:.3f}  "
            f"R {cv.recall:.3f}  ({time.perf_counter() - t0:.0f}s)"
        )
    if args.cv_only:
        return
    model = m.train(pages, seed=args.seed)
    data = model.to_json()
    data["trained_on"] = {"pages": len(pages), "corpus": corpus_hash(pages)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, separators=(",", ":")), "utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB)")
    scores = aggregate(
        score_page(p.gold, body_text(p.text, segment(p.text, model=model))) for p in pages
    )
    print(f"in-sample: F1 {scores.f1:.3f}  P {scores.precision:.3f}  R {scores.recall:.3f}")


if __name__ == "__main__":
    main()
