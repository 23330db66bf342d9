"""The independent oracle of the rules of DESIGN §4 (tests/test_oracle.py runs it).

- data_kinerja / data_ipasn: seeded inputs with the edge cases, each row tagged with its case;
- workbooks: `lkjip-xl new`, inputs typed with openpyxl, one file per Pengaturan setting;
- exact, exact_kinerja, exact_ipasn: DESIGN.md §4 in `fractions.Fraction` (the authority);
- formulas, lo_kinerja, lo_ipasn: the same rules as spreadsheet formulas in a separate plain
  workbook, recalculated by LibreOffice (tests/lo_scripts/lo_values.py);
- compare: formulas against exact arithmetic (ties go to the exact side), then the engine's
  cells after `lkjip-xl recompute` against the oracle, figure by figure;
- engine: reads the recomputed workbook back; run: ties it together and writes the report.

Nothing here imports lkjip_xl: the engine is reached through its command line only.
"""
