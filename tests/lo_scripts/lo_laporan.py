"""Open a workbook, describe the charts of one sheet and export that sheet alone to PDF.

Request: {"port": int, "path": str, "sheet": str, "pdf": str}
Result:  {"version": 1, "charts": [{"name": str, "ranges": [str, ...], "series": [str, ...],
          "categories": [str, ...], "values": [[float | None, ...], ...]}, ...]}
    ``ranges`` are the cell ranges the chart reads, as LibreOffice resolved them on load;
    ``series``, ``categories`` and ``values`` are what its data array holds (one value row per
    category). The other sheets are removed from the document in memory (it is closed without
    saving) so the PDF holds the pages of that sheet only, with its own page setup.
"""

from __future__ import annotations

import math
from typing import Any

from _lo_common import close, connect, file_url, load, prop, range_text, run


def chart_info(sheet_name: str, chart: Any) -> dict[str, Any]:
    ranges = [
        range_text(sheet_name, r.StartColumn, r.StartRow, r.EndColumn, r.EndRow)
        for r in chart.getRanges()
    ]
    data = chart.getEmbeddedObject().getData()
    values = [
        [None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in row]
        for row in data.getData()
    ]
    return {
        "name": chart.getName(),
        "ranges": ranges,
        "series": list(data.getColumnDescriptions()),
        "categories": list(data.getRowDescriptions()),
        "values": values,
    }


def handle(request: dict[str, Any]) -> dict[str, Any]:
    _ctx, desktop = connect(int(request["port"]))
    doc = load(desktop, request["path"])
    try:
        doc.calculateAll()
        sheets = doc.getSheets()
        name = request["sheet"]
        sheet = sheets.getByName(name)
        charts = sheet.getCharts()
        described = [chart_info(name, charts.getByIndex(i)) for i in range(charts.getCount())]
        for other in list(sheets.getElementNames()):
            if other != name:
                sheets.removeByName(other)
        doc.storeToURL(file_url(request["pdf"]), (prop("FilterName", "calc_pdf_Export"),))
        return {"version": 1, "charts": described}
    finally:
        close(doc)


if __name__ == "__main__":
    run(handle)
