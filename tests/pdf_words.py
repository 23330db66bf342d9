"""Words of a PDF page read by pdfplumber, judged for what a printout must not do."""

from __future__ import annotations

from typing import Any


def overlapping_words(words: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap: wrapped text printing over the row below."""
    found = []
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            across = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if across > 1 and down > 1:
                found.append((a["text"], b["text"]))
    return found
