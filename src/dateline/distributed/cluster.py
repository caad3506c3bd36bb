"""Ray itself: imported only when asked for, connected or started, and kept quiet."""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Iterator
from typing import Any

from ..errors import ConfigError

EXTRA = "dateline[ray]"
# Ray Data's advice that does not apply here: small runs have fewer blocks than actors,
# and the actor retry options are still passed the only way Ray 2.6x takes them.
_NOISE = (
    r"The (maximum|minimum) number of concurrent",
    r"`ray_remote_args` is deprecated",
)


def import_ray() -> Any:
    """The ``ray`` module with Ray Data, or a ConfigError naming the extra to install."""
    try:
        import ray
        import ray.data  # noqa: F401 - Ray Data is the part dateline needs
    except ImportError as exc:
        raise ConfigError(
            f"--engine ray needs Ray Data, which is not installed ({exc.name or exc})",
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
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # ingest draws its own bar (docs processed)
    # A block whose actor died more often than Ray retries it must not end the run: its
    # units come back missing and are reported as failed (WorkerDied), as on one machine.
    context.max_errored_blocks = -1
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            for message in _NOISE:
                warnings.filterwarnings("ignore", message=message)
            yield ray
    finally:
        if started:
            ray.shutdown()


def cpus(ray: Any) -> int:
    return max(1, int(ray.cluster_resources().get("CPU", 1)))
