"""Ray itself: imported only when asked for, connected or started, and kept quiet."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

from ..errors import ConfigError

EXTRA = "dateline[ray]"


def import_ray() -> Any:
    """The ``ray`` module, or a ConfigError naming the extra to install."""
    try:
        import ray
    except ImportError as exc:
        raise ConfigError(
            f"--engine ray needs Ray, which is not installed ({exc.name or exc})",
            hint=f"pip install '{EXTRA}'",
        ) from exc
    return ray


@contextlib.contextmanager
def session(address: str | None) -> Iterator[Any]:
    """Ray, ready: an existing session is used as it is (and left running); otherwise
    ``address`` is joined (``auto``, ``ray://host:10001``) or, when None, a local Ray is
    started on this machine and shut down at the end."""
    ray = import_ray()
    started = False
    if not ray.is_initialized():
        options: dict[str, Any] = {
            "include_dashboard": False,
            "logging_level": logging.WARNING,
            "log_to_driver": False,  # workers' logs stay in Ray's log folder
        }
        try:
            ray.init(address=address, **options)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise ConfigError(
                f"cannot reach the Ray cluster at {address!r}: {exc}",
                hint="start one with `ray start --head`, or leave out --address",
            ) from exc
        started = True
    try:
        yield ray
    finally:
        if started:
            ray.shutdown()


def cpus(ray: Any) -> int:
    return max(1, int(ray.cluster_resources().get("CPU", 1)))
