"""Progress of long work on the terminal: a bar with percentage, count and time left, in Indonesian.

While the amount of work is not known yet (no total), only a spinner, the step being done and
the time spent are shown: never a count against "None" or a percentage of nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def _tanpa_tampilan(
    done: int | None = None, total: int | None = None, text: str | None = None
) -> None:
    """The update of a display that is not shown."""


@contextmanager
def kemajuan(console: Console, description: str) -> Iterator[Callable[..., None]]:
    """A progress display on ``console``; yields ``update(done=None, total=None, text=None)``.

    Shown only on a terminal and removed when the work ends, so that what a command prints
    afterwards (and its output redirected to a file) is not mixed with it.
    """
    if not console.is_terminal:
        yield _tanpa_tampilan
        return
    from rich.progress import Progress

    from lkjip_xl.cli_kolom import kolom

    with Progress(*kolom(), console=console, transient=True) as progress:
        task = progress.add_task(description, total=None)

        def update(
            done: int | None = None, total: int | None = None, text: str | None = None
        ) -> None:
            changes: dict = {}
            if total is not None:
                changes["total"] = total
            if done is not None:
                changes["completed"] = done
            if text is not None:
                changes["description"] = text
            progress.update(task, refresh=True, **changes)

        yield update
