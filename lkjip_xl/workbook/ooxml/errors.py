"""The one error of the workbook-file layer."""

from __future__ import annotations

__all__ = ["PackageError"]


class PackageError(ValueError):
    """A workbook package, or a requested change to it, cannot be handled safely.

    The message is one Indonesian sentence, shown to users as it is.
    """
