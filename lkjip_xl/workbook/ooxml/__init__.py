"""The workbook-file layer: an ``.xlsx``/``.xlsm`` as an OOXML package, read and edited as bytes.

The modules of lkjip_xl that open, change or write a workbook package share this layer, so that
each piece of that work exists once:

* :mod:`.errors`: :class:`~.errors.PackageError`, the one error of this layer;
* :mod:`.cells`: cell and range references (on top of :mod:`openpyxl.utils.cell`);
* :mod:`.markup`: attributes, namespace prefixes and text escaping of XML held as bytes;
* :mod:`.package`: the zip package: bounded reads of its parts, and the writers;
* :mod:`.relationships`: ``.rels`` parts, and which part each sheet of the workbook is;
* :mod:`.sheet_data`: a worksheet's ``sheetData``: where it is, and its rows one by one;
* :mod:`.tables`: the range of an Excel table;
* :mod:`.defined_names`: the workbook's defined names;
* :mod:`.calculation`: ``fullCalcOnLoad`` and the calculation chain;
* :mod:`.cell_edits` and :mod:`.sheet_patch`: values rendered as cell XML, and a worksheet
  with some of its cells rewritten (what :mod:`lkjip_xl.workbook.patcher` runs).

Nothing here builds a DOM of a worksheet or expands an entity: workbooks that come back from
units are untrusted data, and a worksheet can be tens of megabytes of XML.
"""
