"""Adapters to a running Excel; thin: parse arguments, call the workbook layer or the core, return.

- :mod:`lkjip_xl.excel.udfs`: worksheet functions ``LKJ_*`` (classic xlwings and Office.js);
- :mod:`lkjip_xl.excel.xlwings_book`: the ``Book`` protocol over any ``xw.Book``;
- :mod:`lkjip_xl.excel.buttons`: "Hitung Ulang" and "Periksa" (RunPython entry points);
- :mod:`lkjip_xl.excel.server` and :mod:`lkjip_xl.excel.scripts`: xlwings Server for Office.js
  (``lkjip-xl serve``; the optional extra ``lkjip_xl[server]``).

Nothing is imported here, so that ``import lkjip_xl.excel`` needs no xlwings.
"""
