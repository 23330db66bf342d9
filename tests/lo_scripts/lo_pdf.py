"""Print every visible sheet of a workbook to its own PDF, with the workbook's page settings.

Request: {"port": int, "path": str, "out_dir": str}
Result:  {"sheets": [{"name": str, "pdf": str}, ...]}  # in workbook order, hidden sheets left out

LibreOffice prints only visible sheets, so each sheet is printed alone by hiding the others;
the page style LibreOffice made from the file's page setup (orientation, scale, print titles)
is what a person printing that sheet would get.
"""

from __future__ import annotations

import os
from typing import Any

from _lo_common import close, connect, file_url, load, prop, run


def handle(request: dict[str, Any]) -> dict[str, Any]:
    _ctx, desktop = connect(int(request["port"]))
    doc = load(desktop, request["path"])
    try:
        sheets = doc.Sheets
        names = list(sheets.ElementNames)
        visible = [n for n in names if sheets.getByName(n).IsVisible]
        # LibreOffice prints a hidden sheet's explicit print area all the same (the Laporan
        # sheet has one): the other sheets lose theirs while one sheet is printed.
        areas = {n: sheets.getByName(n).getPrintAreas() for n in visible}
        printed = []
        for index, name in enumerate(visible):
            # Show the target first: LibreOffice refuses to hide the last visible sheet.
            sheets.getByName(name).IsVisible = True
            for other in visible:
                if other != name:
                    sheets.getByName(other).setPrintAreas(())
                    sheets.getByName(other).IsVisible = False
            out = os.path.join(request["out_dir"], f"{index:02d}.pdf")
            doc.storeToURL(file_url(out), (prop("FilterName", "calc_pdf_Export"),))
            printed.append({"name": name, "pdf": out})
            for other in visible:
                sheets.getByName(other).IsVisible = True
                sheets.getByName(other).setPrintAreas(areas[other])
        return {"sheets": printed}
    finally:
        close(doc)


if __name__ == "__main__":
    run(handle)
