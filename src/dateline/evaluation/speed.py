"""What one stage after the spaCy stage costs per article, timed on the seed articles.

Each article is cleaned once (no NLP), then analysed afresh and run through the stage
``repeats`` times: parses are cached per analysis, so every run pays for its own. The
first run warms up (tables loaded) and is left out of the summary when there are more.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .. import nlp


def stage_speed(
    paths: Sequence[Path],
    stage: Callable[[nlp.Analysis, str], object],
    *,
    name: str,
    model: str | None,
    repeats: int,
    clock: Callable[[], float],
    summary: Callable[[list[float]], float],
) -> dict[str, Any]:
    """Milliseconds per article of ``stage`` (as ``{name}_ms_per_article``) and of the
    spaCy stage, each the ``summary`` of the runs after the first by ``clock``; and how
    many sentences the stage parsed, of how many."""
    from ..config import DEFAULT_MODEL, load_settings
    from ..errors import DatelineError
    from ..pipeline import process_path

    spacy_model = nlp.load_model(model or DEFAULT_MODEL)
    settings = load_settings(nlp=False)
    texts = []
    for path in paths:
        try:
            texts.append(process_path(path, settings=settings).text)
        except DatelineError:  # a page with no article text is not an article to time
            continue
    stage_ms, spacy_ms, parsed, sents = [], [], 0, 0
    n = max(1, len(texts))
    for run in range(repeats):
        total = spacy_total = 0.0
        for text in texts:
            started = clock()
            analysis = nlp.analyse(spacy_model, text)
            middle = clock()
            stage(analysis, text)
            total += clock() - middle
            spacy_total += middle - started
            if run == 0:
                parsed += sum(len(p.parses) for p in analysis.pieces)
                sents += sum(len(list(p.doc.sents)) for p in analysis.pieces)
        stage_ms.append(1000 * total / n)
        spacy_ms.append(1000 * spacy_total / n)
    return {
        "articles": len(texts),
        f"{name}_ms_per_article": summary(stage_ms[1:] or stage_ms),
        "spacy_ms_per_article": summary(spacy_ms[1:] or spacy_ms),
        "sentences_parsed": parsed,
        "sentences": sents,
    }
