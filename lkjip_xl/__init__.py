"""lkjip_xl: the figures of an LKjIP performance report, computed in the workbook.

The scalar functions here return full precision (a float), or None when the value is not
filled or cannot be computed; with ``desimal=`` (and ``pembulatan=``) ``capaian``, ``serapan``
and ``efisiensi`` return the figure as the workbook shows it. Arguments are read by the
workbook's rules: ``"71,59"`` is 71.59, while a text the workbook would report (``"1.234"``,
``"71.59"``) or a boolean raises :class:`NilaiTidakTerbaca`, a ``ValueError`` with the problem
``code``. The vectorised forms in :mod:`lkjip_xl.core` also give the reason.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from lkjip_xl.versi import VERSI

if TYPE_CHECKING:
    from lkjip_xl.core.capaian import capaian
    from lkjip_xl.core.efisiensi import efisiensi, serapan
    from lkjip_xl.core.ipasn import ipasn_pegawai
    from lkjip_xl.core.predikat import predikat
    from lkjip_xl.core.sakip import evaluasi_sakip
    from lkjip_xl.core.values import NilaiTidakTerbaca

#: Where each scalar function lives. They are imported on first use: the core needs pandas and
#: numpy, which ``lkjip-xl`` commands and the add-in's scripts import only when they compute.
_LAZY = {
    "capaian": "lkjip_xl.core.capaian",
    "efisiensi": "lkjip_xl.core.efisiensi",
    "serapan": "lkjip_xl.core.efisiensi",
    "ipasn_pegawai": "lkjip_xl.core.ipasn",
    "predikat": "lkjip_xl.core.predikat",
    "evaluasi_sakip": "lkjip_xl.core.sakip",
    "NilaiTidakTerbaca": "lkjip_xl.core.values",
}

__version__ = VERSI

__all__ = [
    "NilaiTidakTerbaca",
    "__version__",
    "capaian",
    "check",
    "efisiensi",
    "evaluasi_sakip",
    "ipasn_pegawai",
    "predikat",
    "recompute",
    "serapan",
]


def recompute(path: Any, **options: Any) -> Any:
    """Recompute a workbook file in place (see :mod:`lkjip_xl.workbook.api`)."""
    from lkjip_xl.workbook.api import recompute_file

    return recompute_file(path, **options)


def check(path: Any, **options: Any) -> Any:
    """Check a workbook file and return its report (see :mod:`lkjip_xl.workbook.api`)."""
    from lkjip_xl.workbook.api import check_file

    return check_file(path, **options)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'lkjip_xl' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
