"""Progress of long work on the terminal: a bar with percentage, count and time left, in Indonesian.

While the amount of work is not known yet (no total), only a spinner, the step being done and
the time spent are shown: never a count against "None" or a percentage of nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text


def _clock(seconds: float) -> str:
    return str(timedelta(seconds=max(0, int(seconds))))


class PersenColumn(ProgressColumn):
    """``42%``; nothing while the total is unknown."""

    def render(self, task: Task) -> Text:
        if task.total is None:
            return Text("")
        return Text(f"{task.percentage:>3.0f}%", style="progress.percentage")


class JumlahColumn(ProgressColumn):
    """``3/5``; nothing while the total is unknown."""

    def render(self, task: Task) -> Text:
        if task.total is None:
            return Text("")
        return Text(f"{int(task.completed)}/{int(task.total)}", style="progress.download")


class SisaWaktuColumn(ProgressColumn):
    """``sisa 0:00:12`` once the pace is known; ``sisa -:--:--`` before; nothing without a total."""

    max_refresh = 0.5  # an estimate that jumps at every refresh is unreadable

    def render(self, task: Task) -> Text:
        if task.total is None:
            return Text("")
        if task.finished:
            return Text("sisa 0:00:00", style="progress.remaining")
        remaining = task.time_remaining
        shown = "-:--:--" if remaining is None else _clock(remaining)
        return Text(f"sisa {shown}", style="progress.remaining")


class LamaColumn(TimeElapsedColumn):
    """``lama 0:00:07``: the time spent so far."""

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        return Text(f"lama {_clock(elapsed or 0)}", style="progress.elapsed")


def kolom() -> list[ProgressColumn]:
    return [
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        PersenColumn(),
        JumlahColumn(),
        SisaWaktuColumn(),
        LamaColumn(),
    ]


@contextmanager
def kemajuan(console: Console, description: str) -> Iterator[Callable[..., None]]:
    """A progress display on ``console``; yields ``update(done=None, total=None, text=None)``.

    Shown only on a terminal and removed when the work ends, so that what a command prints
    afterwards (and its output redirected to a file) is not mixed with it.
    """
    with Progress(
        *kolom(), console=console, transient=True, disable=not console.is_terminal
    ) as progress:
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
