"""Send a master workbook out to its units and merge what they send back (docs/DESIGN.md §1).

``distribute(master, out_dir, per=...)`` writes one workbook per unit and a manifest;
``collect(master, files)`` checks every returned workbook, merges the inputs of those accepted,
recomputes the master and records each file in its ``Pengumpulan`` sheet.
"""
