"""The public surface: __all__ sorted and complete, every CLI command documented."""

from __future__ import annotations

import types

import click

import dateline
from dateline.cli import main

from .conftest import REPO


def test_all_is_sorted_and_complete() -> None:
    assert dateline.__all__ == sorted(dateline.__all__)
    public = {
        name
        for name, value in vars(dateline).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    public.discard("annotations")
    assert public | {"__version__"} == set(dateline.__all__)


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in group.commands.items():
        full = f"{prefix}{name}"
        if isinstance(command, click.Group):
            names += _commands(command, f"{full} ")
        else:
            names.append(full)
    return names


def test_every_command_is_in_the_readme_with_help() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in _commands(main):
        assert f"dateline {command}" in readme, command
    for command in main.commands.values():
        assert command.help, command.name
