"""The computation of each template kind: read its inputs, run the core, plan the writes.

One module per kind (:mod:`.kinerja`, :mod:`.ipasn`), each with an ``analyse(book, template,
values, laporan)`` that :mod:`lkjip_xl.workbook.kinds` registers; :mod:`.base` holds what they
share: the :class:`~.base.Analisis` they return and its writers, which refuse to leave a declared
computed column unwritten.
"""
