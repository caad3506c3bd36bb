"""The ``dateline_entities`` spaCy component, registered here once, at import time.

It runs after ``ner``: it rewrites ``doc.ents`` with the knowledge base's corrections (so
later stages and plain spaCy users see "Islamic State" as one ORG) and stores the merged
entities on ``doc._.dateline_entities``.
"""

# No ``from __future__ import annotations`` here: spaCy 3.8.7's config system (confection
# 0.1) validates a factory's arguments from its annotations, which must then be real types.

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Entity
from .kb import load
from .matching import kb_matcher
from .merge import merge
from .recognize import recognize

NAME = "dateline_entities"

if not Doc.has_extension(NAME):
    Doc.set_extension(NAME, default=None)


class DatelineEntities:
    """Callable pipeline component; holds nothing per document."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        # Parse the knowledge base and build the matcher now: a data error shows when the
        # pipe is added, and the first document is not slower than the rest.
        load()
        kb_matcher(nlp.vocab)

    def __call__(self, doc: Doc) -> Doc:
        ents, candidates = recognize(doc)
        doc.ents = ents
        entities: tuple[Entity, ...] = merge(candidates)
        doc._.set(NAME, entities)
        return doc


@Language.factory(
    NAME,
    requires=["doc.ents"],
    assigns=["doc.ents", f"doc._.{NAME}"],
)
def make_dateline_entities(nlp: Language, name: str) -> DatelineEntities:
    return DatelineEntities(nlp, name)
