"""Which language an article is in, so English-only stages can say they were skipped."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Shorter texts give unreliable guesses; below this we do not guess at all.
_MIN_CHARS = 40


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str | None, float]:
    """ISO 639-1 code and probability, or (None, 0.0) for too little text."""
    sample = text[:5000]
    if len(sample.strip()) < _MIN_CHARS:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    return str(lang), float(prob)
