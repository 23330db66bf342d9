"""``python -m lkjip_xl``: the ``lkjip-xl`` program where its script is not on ``PATH``.

On Windows, pip installs into the user's folder when Python's own is not writable ("Defaulting
to user installation"), and that folder's ``Scripts`` is not on ``PATH``: ``lkjip-xl`` is then
"not recognized", while ``python`` is.
"""

from lkjip_xl.cli_program import main

main()
