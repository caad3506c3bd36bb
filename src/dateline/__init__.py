"""dateline: raw news in, evidence-backed article and event data out.

>>> import dateline
>>> article = dateline.process_path("story.txt")
>>> article.title, article.published, article.text[:80]
"""

from __future__ import annotations

from .config import Settings, load_settings
from .errors import (
    BinaryInput,
    ConfigError,
    DatelineError,
    EmptyInput,
    ExtractionError,
    InputError,
    InputNotFound,
    InputTooLarge,
    NoArticle,
    StoreError,
)
from .pipeline import Outcome, process, process_path, process_paths
from .records import (
    Article,
    Boilerplate,
    Count,
    Dateline,
    Entity,
    Event,
    InputRef,
    Mention,
    Place,
    Published,
    Quote,
)

__version__ = "0.1.0"

__all__ = [
    "Article",
    "BinaryInput",
    "Boilerplate",
    "ConfigError",
    "Count",
    "Dateline",
    "DatelineError",
    "EmptyInput",
    "Entity",
    "Event",
    "ExtractionError",
    "InputError",
    "InputNotFound",
    "InputRef",
    "InputTooLarge",
    "Mention",
    "NoArticle",
    "Outcome",
    "Place",
    "Published",
    "Quote",
    "Settings",
    "StoreError",
    "__version__",
    "load_settings",
    "process",
    "process_path",
    "process_paths",
]
