"""Who said what: direct, indirect and mixed quotes with their speakers and cues.

    from dateline.quotes import find_quotes
    quotes, warnings = find_quotes(analysis, text)   # analysis = nlp.analyse(model, text)

``marks`` finds quoted stretches in every quote style; ``attribution`` reads cue verbs,
speakers and reported clauses off the parse of the sentences that can hold them;
``speakers`` resolves the speaker to an entity id; ``extract`` joins them. See
``docs/quotes.md``.
"""

from __future__ import annotations

from .extract import find_quotes

__all__ = ["find_quotes"]
