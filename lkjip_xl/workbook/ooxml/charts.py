"""The charts of a rewritten sheet follow its rows: each chart's anchor moves to its new place
and its series read the new ranges (series are added or removed as the number of rows changes).

The drawing and chart parts are edited as bytes; a chart's cached values are dropped, so Excel
and LibreOffice read the cells when they draw it. Charts beyond those laid out (a user's own)
are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.markup import XML_FORBIDDEN
from lkjip_xl.workbook.ooxml.relationships import relationships, rels_part
from lkjip_xl.workbook.ooxml.report_sheet import ChartRanges

__all__ = ["REL_CHART", "REL_DRAWING", "move_charts", "set_series"]

REL_DRAWING = "/drawing"
REL_CHART = "/chart"

_P = rb"(?:[A-Za-z_][\w.-]*:)?"
_ANCHOR = re.compile(rb"<(" + _P + rb"(?:oneCellAnchor|twoCellAnchor))[\s>].*?</\1>", re.S)
_FROM_ROW = re.compile(rb"(<" + _P + rb"from>.*?<" + _P + rb"row>)([0-9]+)(</)", re.S)
_TO_ROW = re.compile(rb"(<" + _P + rb"to>.*?<" + _P + rb"row>)([0-9]+)(</)", re.S)
_CHART_RID = re.compile(rb"<" + _P + rb"chart\b[^>]*?\s(?:[\w.-]+:)?id\s*=\s*\"([^\"]+)\"")
_GROUP = re.compile(
    rb"<(" + _P + rb"(?:bar|bar3D|line|line3D|area|area3D|pie|doughnut|radar|scatter)Chart)"
    rb">(.*?)</\1>",
    re.S,
)
_SER = re.compile(rb"<(" + _P + rb"ser)>.*?</\1>", re.S)
_TITLE_TEXT = re.compile(rb"(<" + _P + rb"title>.*?<" + _P + rb"t>)(.*?)(</" + _P + rb"t>)", re.S)
_CACHE = re.compile(rb"<(" + _P + rb"(?:numCache|strCache))\b.*?</\1>", re.S)


def _child_f(ser: bytes, child: bytes, ref: str) -> bytes:
    """``ser`` with the formula of its ``child`` element (tx, cat, val) set to ``ref``."""
    pattern = re.compile(
        rb"(<(" + _P + child + rb")>.*?<" + _P + rb"f>)(.*?)(</" + _P + rb"f>.*?</\2>)", re.S
    )
    escaped = ref.replace("&", "&amp;").replace("<", "&lt;").encode()
    return pattern.sub(lambda m: m.group(1) + escaped + m.group(4), ser, count=1)


def _numbered(ser: bytes, index: int) -> bytes:
    for name in (b"idx", b"order"):
        ser = re.sub(
            rb"(<" + _P + name + rb'\s+val\s*=\s*")[0-9]+(")',
            lambda m: m.group(1) + str(index).encode() + m.group(2),
            ser,
            count=1,
        )
    return ser


def set_series(
    chart_xml: bytes, sheet: str, categories: str, series: Sequence[tuple[str, str]]
) -> bytes:
    """``chart_xml`` whose series read ``series`` ((name cell, values range) on ``sheet``) with
    ``categories``. Chart groups after the first keep their number of series (a reference line
    drawn by another chart type); the first group takes the others, copying its first series'
    look for any it gains."""
    quoted = "'" + sheet.replace("'", "''") + "'!"
    groups = list(_GROUP.finditer(chart_xml))
    if not groups:
        raise PackageError("Grafik tidak memiliki seri yang dapat diperbarui.")
    counts = [len(_SER.findall(g.group(0))) for g in groups]
    fixed = sum(counts[1:])
    wanted = [max(0, len(series) - fixed), *counts[1:]]
    out, cursor, index, taken = [], 0, 0, 0
    for group, count in zip(groups, wanted, strict=True):
        body = group.group(0)
        templates = [m.group(0) for m in _SER.finditer(body)]
        if not templates:
            out.append(chart_xml[cursor : group.end()])
            cursor = group.end()
            continue
        made = []
        for k in range(count):
            name, values = series[taken + k]
            ser = _CACHE.sub(b"", templates[min(k, len(templates) - 1)])
            ser = _child_f(ser, b"tx", quoted + name)
            ser = _child_f(ser, b"cat", quoted + categories)
            ser = _child_f(ser, b"val", quoted + values)
            made.append(_numbered(ser, index))
            index += 1
        taken += count
        first, last = _SER.search(body), list(_SER.finditer(body))[-1]
        assert first is not None
        new_body = body[: first.start()] + b"".join(made) + body[last.end() :]
        out.append(chart_xml[cursor : group.start()] + new_body)
        cursor = group.end()
    out.append(chart_xml[cursor:])
    return b"".join(out)


def _retitled(chart: bytes, title: str) -> bytes:
    """The chart with the text of its title (its first run) set to ``title``."""
    found = _TITLE_TEXT.search(chart)
    if found is None:
        return chart
    # A title carries the workbook's Tahun as typed. A character XML cannot hold is left out,
    # as the Word report leaves it out: in the chart part it would make Excel repair the
    # workbook, and every later read of it fail.
    title = XML_FORBIDDEN.sub("", title)
    text = title.replace("&", "&amp;").replace("<", "&lt;").encode()
    return chart[: found.start(2)] + text + chart[found.end(2) :]


def _moved(anchor: bytes, top: int) -> bytes:
    """The anchor with its top row at ``top`` (0-based), its bottom row shifted alike."""
    old = _FROM_ROW.search(anchor)
    if old is None:
        return anchor
    shift = top - int(old.group(2))
    start, end = old.span(2)
    anchor = anchor[:start] + str(top).encode() + anchor[end:]
    to = _TO_ROW.search(anchor)
    if to is not None:
        start, end = to.span(2)
        anchor = anchor[:start] + str(int(to.group(2)) + shift).encode() + anchor[end:]
    return anchor


def move_charts(
    read: Callable[[str], bytes],
    exists: Callable[[str], bool],
    sheet_part: str,
    sheet: str,
    charts: Sequence[ChartRanges],
) -> Mapping[str, bytes]:
    """The changed drawing and chart parts of ``sheet_part``: the n-th chart anchor of its
    drawing moves to the n-th of ``charts``' rows and its series read that chart's ranges."""
    rels = rels_part(sheet_part)
    if not charts or not exists(rels):
        return {}
    drawing = next(
        (r.target for r in relationships(read(rels), sheet_part)
         if r.type.endswith(REL_DRAWING) and not r.external),
        None,
    )  # fmt: skip
    if drawing is None or not exists(drawing):
        return {}
    drawing_rels = rels_part(drawing)
    targets = (
        {r.id: r.target for r in relationships(read(drawing_rels), drawing)}
        if exists(drawing_rels)
        else {}
    )
    xml = read(drawing)
    changes: dict[str, bytes] = {}
    anchors = list(_ANCHOR.finditer(xml))
    pieces, cursor = [], 0
    for anchor, place in zip(anchors, charts, strict=False):
        body = anchor.group(0)
        rid = _CHART_RID.search(body)
        part = targets.get(rid.group(1).decode()) if rid else None
        if part is None or not exists(part):
            continue
        body = _moved(body, place.first_row - 1)
        pieces.append(xml[cursor : anchor.start()] + body)
        cursor = anchor.end()
        chart = set_series(read(part), sheet, place.categories, place.series)
        changes[part] = _retitled(chart, place.title)
    pieces.append(xml[cursor:])
    new = b"".join(pieces)
    if new != xml:
        changes[drawing] = new
    return changes
