"""A part's pieces made in a worker thread, a few ahead of the caller that uses them.

The commit's patch of a roster's sheet inflates it again (~90 MB of XML) a piece at a time,
and the inflate (ISA-L's, as :func:`~.package.inflated_chunks` does it) runs without the GIL:
made in a worker, the next pieces are inflated on the second core while the first one patches
the rows of those before (the windows' search and joins hold the GIL). A few pieces wait at
most, so the part is never held whole; what the worker raises is raised where the piece it
failed to make is asked for, as the same iteration in the caller's thread would raise it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator

__all__ = ["QUEUED_PIECES", "pieces_ahead"]

#: How many pieces may wait for the caller (each about a MiB).
QUEUED_PIECES = 4
#: How often (seconds) a worker waiting on a full queue looks whether the caller has stopped.
_LOOK_EVERY = 0.05

_END = object()


class _Failed:
    """What the worker raised, handed over in the piece's place."""

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


def pieces_ahead(
    pieces: Callable[[], Iterator[bytes]], queued: int = QUEUED_PIECES
) -> Iterator[bytes]:
    """The pieces ``pieces()`` makes, in order, made in a worker thread up to ``queued`` ahead.

    A caller that stops early (a segment refused, the write failed) closes the generator: the
    worker then stops at its next piece, and the file it reads is closed in its thread."""
    made: queue.Queue[object] = queue.Queue(maxsize=queued)
    stop = threading.Event()

    def hand(item: object) -> bool:
        while not stop.is_set():
            try:
                made.put(item, timeout=_LOOK_EVERY)
                return True
            except queue.Full:
                continue
        return False

    def make() -> None:
        source = pieces()
        try:
            for piece in source:
                if not hand(piece):
                    return
        except BaseException as exc:  # raised in the caller's thread, in the piece's place
            hand(_Failed(exc))
            return
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()
        hand(_END)

    worker = threading.Thread(target=make, name="lkjip-xl-inflate-ahead", daemon=True)
    worker.start()
    try:
        while (item := made.get()) is not _END:
            if isinstance(item, _Failed):
                raise item.exc
            assert isinstance(item, bytes)
            yield item
    finally:
        stop.set()
        worker.join()
