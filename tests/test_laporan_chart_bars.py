"""A chart of many categories draws its bars as one artist per series: the picture must be the
one matplotlib's own ``Axes.bar`` draws, pixel for pixel (only the drawing cost differs)."""

from __future__ import annotations

import io
import random

import numpy as np
import pytest
from matplotlib.image import imread

from lkjip_xl.workbook.report import docx_writer
from lkjip_xl.workbook.report.elements import ReportChart


def _chart(kind: str, categories: int, series: int, seed: int) -> ReportChart:
    rng = random.Random(seed)
    values = tuple(
        (f"Dimensi {j}", tuple(None if rng.random() < 0.05 else rng.uniform(0, 30)
                               for _ in range(categories)))
        for j in range(series)
    )  # fmt: skip
    reference = 50.0 if kind == "bar" else None
    labels = tuple(str(i) for i in range(1, categories + 1))
    return ReportChart("unit", "1", "Grafik", kind, labels, values, reference)


def _pixels(chart: ReportChart) -> np.ndarray:
    return imread(io.BytesIO(docx_writer.render_chart(chart)))


@pytest.mark.parametrize(
    ("kind", "categories", "series"),
    [("stacked_bar", 61, 3), ("stacked_bar", 400, 3), ("bar", 150, 2), ("bar", 75, 1)],
)
def test_many_bars_are_the_picture_axes_bar_draws(kind, categories, series, monkeypatch):
    chart = _chart(kind, categories, series, seed=categories)
    assert categories > docx_writer.MANY_BARS
    collected = _pixels(chart)
    monkeypatch.setattr(docx_writer, "MANY_BARS", 10**9)  # matplotlib's own bar, a patch each
    patches = _pixels(chart)
    assert collected.shape == patches.shape
    assert np.array_equal(collected, patches)


def test_a_few_bars_are_still_drawn_by_axes_bar(monkeypatch):
    chart = _chart("stacked_bar", 12, 3, seed=1)
    drawn: list[int] = []
    original = docx_writer._bar_collection

    def counted(*args, **kwargs):
        drawn.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(docx_writer, "_bar_collection", counted)
    docx_writer.render_chart(chart)
    assert drawn == []


def test_a_figure_near_the_largest_a_cell_holds_is_drawn_without_a_numpy_warning():
    """A realisasi of 1e308 made matplotlib's tick arithmetic overflow: `lkjip-xl laporan`
    printed numpy's English "RuntimeWarning: overflow encountered in multiply"."""
    import warnings

    chart = ReportChart("kinerja", "1", "Realisasi", "line", ("A", "B"),
                        (("A", (5.0, None)), ("C", (1e308, 1.0))), None)  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _pixels(chart).size
