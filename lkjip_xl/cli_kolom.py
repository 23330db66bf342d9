"""The columns of the progress display of :mod:`lkjip_xl.cli_progress`, in Indonesian.

Apart so that a command whose output is not a terminal (a button's click, a script) never
loads ``rich.progress``: only a display that is shown needs them.
"""

from __future__ import annotations

from datetime import timedelta

from rich.progress import (
    BarColumn,
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
        TextColumn("{task.description}", markup=False),  # a file name is text, not markup
        BarColumn(),
        PersenColumn(),
        JumlahColumn(),
        SisaWaktuColumn(),
        LamaColumn(),
    ]
