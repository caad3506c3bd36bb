from __future__ import annotations

from pathlib import Path

import pytest

from dateline.config import DEFAULT_MODEL, load_settings
from dateline.errors import ConfigError


def test_defaults_without_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATELINE_CONFIG", str(tmp_path / "absent.toml"))
    settings = load_settings()
    assert settings.model == DEFAULT_MODEL
    assert settings.input_kind == "auto"


def test_file_then_overrides(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('model = "my_model"\nmax_bytes = 1000\n')
    settings = load_settings(path=path, max_bytes=None, input_kind="text")
    assert settings.model == "my_model"
    assert settings.max_bytes == 1000  # None overrides nothing
    assert settings.input_kind == "text"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("colour = 3\n", "unknown setting"),
        ("max_bytes = -5\n", "positive"),
        ('input_kind = "pdf"\n', "input_kind"),
        ('max_bytes = "lots"\n', "max_bytes"),
        ("model = [\n", "cannot read config"),
    ],
)
def test_bad_config_is_a_config_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(path=path)


def test_named_config_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such config"):
        load_settings(path=tmp_path / "missing.toml")
