"""The Word document saved with its tables streamed into ``word/document.xml``.

A report table is never a tree in the document (see :mod:`.docx_table`): the document holds a
placeholder element where each table goes (:meth:`StreamedTables.place`). python-docx saves the
package, its body small; :meth:`StreamedTables.save` copies that package member by member, in
its order and with its dates, and writes each table's markup in place of its placeholder while
the part is compressed, a piece at a time. The parts are the bytes python-docx would have
written with the tables in its tree: lxml writes a parsed table as
:func:`.docx_table.table_markup` does, and every other byte is python-docx's own.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import IO, Any

from docx.document import Document as DocumentObject
from docx.oxml import parse_xml

__all__ = ["DOCUMENT_PART", "StreamedTables"]

DOCUMENT_PART = "word/document.xml"
_NAMESPACE = "urn:lkjip-xl:docx-tabel"
# As lxml writes the placeholder: its namespace is declared on it, the document's root does not
# know it. A cell's text cannot imitate it: text is written with its "<" escaped.
_PLACEHOLDER = re.compile(rb'<lk:tabel xmlns:lk="urn:lkjip-xl:docx-tabel" n="(\d+)"/>')


class StreamedTables:
    """The tables of one document: where each goes, and its markup, written at save."""

    def __init__(self) -> None:
        self._markups: list[Callable[[], Iterator[str]]] = []
        self._bound = 0

    def place(self, anchor: Any, markup: Callable[[], Iterator[str]], most: int) -> None:
        """A table right after ``anchor`` (an element of the document's body), whose markup
        ``markup()`` writes in at most ``most`` bytes."""
        element = parse_xml(f'<lk:tabel xmlns:lk="{_NAMESPACE}" n="{len(self._markups)}"/>')
        anchor.addnext(element)
        self._markups.append(markup)
        self._bound += most

    def save(self, document: DocumentObject, stream: IO[bytes]) -> None:
        """Save ``document`` to ``stream`` (seekable), its tables written in their places."""
        staged = io.BytesIO()
        document.save(staged)
        with (
            zipfile.ZipFile(staged) as package,
            zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as out,
        ):
            for member in package.infolist():
                # As python-docx's ``writestr`` made it: its name, date, method and mode.
                info = zipfile.ZipInfo(member.filename, member.date_time)
                info.compress_type = member.compress_type
                info.external_attr = member.external_attr
                data = package.read(member)
                if member.filename != DOCUMENT_PART:
                    out.writestr(info, data)
                    continue
                # ``writestr`` of the whole part would take ZIP64 headers past this size.
                zip64 = (len(data) + self._bound) * 1.05 > zipfile.ZIP64_LIMIT
                with out.open(info, "w", force_zip64=zip64) as part:
                    for piece in self._pieces(data):
                        part.write(piece)

    def _pieces(self, body: bytes) -> Iterator[bytes]:
        written, start = set(), 0
        for found in _PLACEHOLDER.finditer(body):
            yield body[start : found.start()]
            number = int(found.group(1))
            written.add(number)
            for text in self._markups[number]():
                yield text.encode("utf-8")
            start = found.end()
        yield body[start:]
        if written != set(range(len(self._markups))):
            raise RuntimeError(f"{len(self._markups) - len(written)} tables not in the document")
