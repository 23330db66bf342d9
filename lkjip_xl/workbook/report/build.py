"""The report of a template's workbook, from any source of its cells (no file, no kind lookup:
the template builder and recompute call this with the template they hold)."""

from __future__ import annotations

from lkjip_xl.workbook.contract import Template
from lkjip_xl.workbook.report.elements import Report
from lkjip_xl.workbook.report.kinerja_report import build_kinerja
from lkjip_xl.workbook.report.narrative import kinerja_paragraphs, with_ipasn_text
from lkjip_xl.workbook.report.resources import Paragraphs
from lkjip_xl.workbook.report.source import Source


def report_for(source: Source, template: Template, paragraphs: Paragraphs | None = None) -> Report:
    if template.name == "ipasn":
        # Imported here: a click on a kinerja workbook need not load the IP-ASN report.
        from lkjip_xl.workbook.report.ipasn_report import build_ipasn

        return build_ipasn(source, template)
    return build_kinerja(source, template, paragraphs)


def narrated_report(source: Source, template: Template) -> Report:
    """The report with its prose: each indicator's paragraphs from its figures and the staff's
    analysis, the IP-ASN text beside its tables. What the Laporan sheet and the Word document
    both print."""
    report = report_for(source, template, kinerja_paragraphs)
    return with_ipasn_text(report) if report.kind == "ipasn" else report
