"""Hold a document open in LibreOffice, as a user's Calc window does, while a command runs.

Request: {"port": int, "path": str, "argv": [str, ...], "timeout": float}
Result:  {"exit": int, "stdout": str, "stderr": str, "folder": [names beside the document
          while it was open]}
"""

from __future__ import annotations

import os
import subprocess
from typing import Any

from _lo_common import close, connect, load, run


def handle(request: dict[str, Any]) -> dict[str, Any]:
    _ctx, desktop = connect(int(request["port"]))
    path = request["path"]
    doc = load(desktop, path)
    try:
        folder = sorted(os.listdir(os.path.dirname(os.path.abspath(path))))
        proc = subprocess.run(
            request["argv"],
            capture_output=True,
            text=True,
            timeout=float(request.get("timeout", 120)),
            env={**os.environ, **request.get("env", {})},
        )
    finally:
        close(doc)
    return {"exit": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr, "folder": folder}


if __name__ == "__main__":
    run(handle)
