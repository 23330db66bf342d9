"""What a workbook text may carry into the Word document: every character but those XML 1.0
cannot hold.

A cell holds any character: Excel writes a control character (Word's manual line break pasted
as a vertical tab, a character copied out of a PDF), U+FFFE or U+FFFF as its ``_xHHHH_``
escape, and the readers decode it into the character itself. In the document it would fail
the whole save (python-docx refuses it, a lone surrogate cannot be encoded, the streamed
table markup would not parse). Every text the document or its charts print passes through
:func:`docx_text`, so that a text reads the same in a paragraph, a heading, a table and a
chart.

Such a character is dropped, not shown as U+FFFD: it is no letter a reader of the report could
read, and a replacement mark would print a "�" in an official report that the staff never
typed. The workbook keeps it (its cells carry it escaped), so nothing is lost from the data.
"""

from __future__ import annotations

from lkjip_xl.workbook.ooxml.markup import XML_FORBIDDEN

__all__ = ["docx_text"]


def docx_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids; every other character as it is."""
    return XML_FORBIDDEN.sub("", text)
