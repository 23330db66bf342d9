"""LibreOffice headless as a test counterpart (DESIGN.md §6).

One ``soffice`` per pytest session listens on a loopback socket with a private profile.  Each
operation runs a script from ``tests/lo_scripts`` under the Python that has the ``uno`` module
(Debian's ``/usr/bin/python3`` with ``python3-uno``), exchanging JSON over stdin/stdout, and
opens and closes its own document.  Running UNO out of process keeps pyuno out of the test
interpreter and lets a hung document be killed by a timeout.

Use the ``libreoffice`` fixture from conftest.py; ``LibreOffice`` also works as a context
manager outside pytest::

    with LibreOffice() as office:
        info = office.inspect("book.xlsx")
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

SCRIPTS = Path(__file__).parent / "lo_scripts"
#: Interpreter that can ``import uno``; override with LO_UNO_PYTHON.
UNO_PYTHON = os.environ.get("LO_UNO_PYTHON", "/usr/bin/python3")
START_TIMEOUT = 60.0
OP_TIMEOUT = 120.0

# Written into the private profile before start: recalculate OOXML/ODF formulas on every load,
# so what inspect() reports is LibreOffice's own result, never a cached value from the file.
# Macro security "very high" is a second fence behind MacroExecutionMode=NEVER_EXECUTE.
REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" \
oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" \
oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop \
oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" \
oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


class LibreOfficeUnavailable(RuntimeError):
    """soffice or a uno-capable Python is missing, or soffice did not start."""


class LibreOfficeError(RuntimeError):
    """A harness script failed or timed out; the message carries its stderr."""


class LibreOfficeTimeout(LibreOfficeError):
    """A harness script did not finish within its timeout."""


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def check_available() -> str:
    """Return the soffice path, or raise LibreOfficeUnavailable saying what is missing."""
    soffice = find_soffice()
    if soffice is None:
        raise LibreOfficeUnavailable(
            "soffice not found on PATH (apt-get install libreoffice-calc-nogui python3-uno)"
        )
    if not os.access(UNO_PYTHON, os.X_OK):
        raise LibreOfficeUnavailable(f"{UNO_PYTHON} not found (needed to run UNO scripts)")
    try:
        probe = subprocess.run(
            [UNO_PYTHON, "-c", "import uno"],
            capture_output=True,
            text=True,
            timeout=30,
            env=_script_env(),
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise LibreOfficeUnavailable(f"{UNO_PYTHON} cannot run: {exc}") from None
    if probe.returncode != 0:
        raise LibreOfficeUnavailable(
            f"{UNO_PYTHON} cannot import uno (apt-get install python3-uno): "
            f"{probe.stderr.strip()[-500:]}"
        )
    return soffice


def _script_env() -> dict[str, str]:
    # The pyenv interpreter's variables must not leak into the system Python.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # keep __pycache__ out of tests/lo_scripts
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run_script(name: str, request: dict[str, Any], *, timeout: float = OP_TIMEOUT) -> Any:
    """Run ``lo_scripts/<name>.py`` with ``request`` as JSON on stdin; return its JSON answer."""
    script = SCRIPTS / f"{name}.py"
    try:
        proc = subprocess.run(
            [UNO_PYTHON, str(script)],
            input=json.dumps(request),
            capture_output=True,
            text=True,
            timeout=timeout,
            env=_script_env(),
        )
    except subprocess.TimeoutExpired as exc:
        stderr = exc.stderr or b""  # always bytes here, whatever text=True says
        if isinstance(stderr, bytes):
            stderr = stderr.decode(errors="replace")
        raise LibreOfficeTimeout(
            f"{script.name} timed out after {timeout:g}s for {request}\n{stderr}"
        ) from None
    if proc.returncode != 0:
        raise LibreOfficeError(
            f"{script.name} failed (exit {proc.returncode}) for {request}\n{proc.stderr.strip()}"
        )
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise LibreOfficeError(
            f"{script.name} returned no JSON ({exc}): {proc.stdout[:500]!r}\n{proc.stderr}"
        ) from None


def inspect(
    path: str | os.PathLike[str],
    *,
    port: int,
    formulas: bool = False,
    timeout: float = OP_TIMEOUT,
) -> dict[str, Any]:
    """Open ``path`` hidden with macros off, recalculate everything, describe it, close it.

    Returns::

        {
          "path": str,
          "sheets": ["Sheet1", ...],                      # in workbook order
          "cells": {"Sheet1": {"A1": 1.0, "B1": "text", "C1": "#NAME?"}},
              # used area; numbers (also dates, booleans) as float, text as str, error
              # results as Excel's error text; empty cells left out
          "errors": ["Sheet1!C1", ...],                  # cells whose result is an error
          "error_details": {"Sheet1!C1": {"code": 525, "text": "#NAME?", "lo_text": "#NAME?"}},
              # code: LibreOffice error number; text: Excel's spelling where one exists,
              # else LibreOffice's "Err:5xx"
          "named_ranges": {"Rate": {"name", "scope": None | sheet, "content": "$Sheet1.$D$1",
                                    "address": "Sheet1!D1" | None}},
              # sheet-scoped names keyed "Sheet1!Name"; content in LibreOffice syntax;
              # address is None for constants and formulas
          "database_ranges": {"Table1": "Sheet1!A1:B3"},  # Excel tables, incl. header row
          "drawings": {"Sheet1": {"shapes": 1, "shape_types": ["com.sun.star.drawing..."],
                                  "controls": [{"name", "label", "type": "CommandButton",
                                                "macro": "vnd.sun.star.script:..." | None}]}},
          "formulas": {"Sheet1": {"B1": "=A1*2", "C1": "=SUM(Items[Qty])",
                                  "D1": "=IF($'My Sheet'.A1>1;1;0)"}},
              # only with formulas=True; LibreOffice's API syntax (';' separators,
              # $Sheet.A1 for other sheets), which keeps table references intact
        }

    Addresses quote sheet names the way Excel does ('My Sheet'!A1).
    """
    request = {"port": port, "path": os.fspath(Path(path).resolve()), "formulas": formulas}
    return run_script("lo_inspect", request, timeout=timeout)


def edit(
    path: str | os.PathLike[str],
    out: str | os.PathLike[str],
    operations: list[dict[str, Any]],
    *,
    port: int,
    timeout: float = OP_TIMEOUT,
    password: str | None = None,
) -> Path:
    """Open ``path``, apply ``operations`` in order, recalculate and save to ``out``.

    ``out`` ending in .xlsx is saved with "Calc MS Excel 2007 XML", .xlsm with
    "Calc MS Excel 2007 VBA XML", .ods as ODF, .xls as Excel 97-2003, .html as a web page;
    ``password`` encrypts the file saved.  Operations (``sheet`` is a name or a 0-based
    index and defaults to the first sheet; rows and columns are 1-based like in Excel):

    - ``{"op": "set", "sheet": s, "cell": "B5", "value": 12.5}``: numbers via setValue, str
      via setString, None clears, bools become 1/0;
    - ``{"op": "set", ..., "formula": "=SUM(A1:A3)"}``: Excel file syntax (',' separators,
      Sheet!A1, _xlfn. prefixes); structured table references are not parsed by
      LibreOffice, use ``"formula_lo": "=SUM(Table1[Qty])"`` (LibreOffice syntax, ';');
    - ``{"op": "insert_rows", "sheet": s, "row": 10, "count": 1}``: empty rows before row 10;
    - ``{"op": "delete_rows", "sheet": s, "row": 7, "count": 1}``: rows 7..7+count-1;
    - ``{"op": "insert_columns" | "delete_columns", "column": "C" or 3, "count": 1}``.
    """
    out_path = Path(out).resolve()
    request = {
        "port": port,
        "path": os.fspath(Path(path).resolve()),
        "out": os.fspath(out_path),
        "operations": operations,
        "password": password,
    }
    run_script("lo_edit", request, timeout=timeout)
    return out_path


def hold_open(
    path: str | os.PathLike[str],
    argv: list[str],
    *,
    port: int,
    timeout: float = OP_TIMEOUT,
) -> dict[str, Any]:
    """Run ``argv`` while LibreOffice holds ``path`` open (as a user's Calc window does).

    Returns ``{"exit", "stdout", "stderr", "folder"}``: the command's exit code and output, and
    the names in the document's folder while it was open (LibreOffice's lock file among them).
    """
    request = {
        "port": port,
        "path": os.fspath(Path(path).resolve()),
        "argv": argv,
        "timeout": timeout,
    }
    return run_script("lo_hold", request, timeout=timeout + 30)


def export_pdf(
    path: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    port: int,
    timeout: float = OP_TIMEOUT,
) -> list[dict[str, str]]:
    """Print each visible sheet of ``path`` to ``<out_dir>/NN.pdf`` with the file's page setup.

    Returns ``[{"name": sheet, "pdf": path}, ...]`` in workbook order.
    """
    request = {
        "port": port,
        "path": os.fspath(Path(path).resolve()),
        "out_dir": os.fspath(Path(out_dir).resolve()),
    }
    return run_script("lo_pdf", request, timeout=timeout)["sheets"]


def _group_gone(proc: subprocess.Popen[bytes], timeout: float) -> bool:
    """Wait until no process of ``proc``'s process group is left (reaping the leader)."""
    deadline = time.monotonic() + timeout
    while True:
        proc.poll()
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LibreOffice:
    """A private headless soffice for the duration of a test session."""

    def __init__(
        self, *, start_timeout: float = START_TIMEOUT, op_timeout: float = OP_TIMEOUT
    ) -> None:
        self.start_timeout = start_timeout
        self.op_timeout = op_timeout
        self.soffice = check_available()
        self.port = 0
        self.version = ""
        self.workdir: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: Any = None
        self.startup_seconds = 0.0
        atexit.register(self.stop)  # a crashed pytest must not leave soffice behind

    # -- life cycle -----------------------------------------------------------------------

    def start(self) -> LibreOffice:
        """Start soffice and wait until it answers over UNO (raises LibreOfficeUnavailable)."""
        self.stop()
        self.workdir = Path(tempfile.mkdtemp(prefix="lkjip-lo-"))
        user = self.workdir / "profile" / "user"
        user.mkdir(parents=True)
        (user / "registrymodifications.xcu").write_text(REGISTRY, encoding="utf-8")
        self.port = _free_port()
        self._log = open(self.workdir / "soffice.log", "wb")  # noqa: SIM115 - closed in stop()
        cmd = [
            self.soffice,
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            f"-env:UserInstallation={(self.workdir / 'profile').as_uri()}",
            f"--accept=socket,host=127.0.0.1,port={self.port};urp;",
        ]
        # A session of its own: soffice is a launcher (oosplash) plus soffice.bin, and
        # stop() must reach both through the process group.
        self._proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_ready(self) -> None:
        started = time.monotonic()
        deadline = started + self.start_timeout
        while True:
            if self._proc is None or self._proc.poll() is not None:
                raise LibreOfficeUnavailable(f"soffice exited during start-up\n{self.log_tail()}")
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            if time.monotonic() >= deadline:
                raise LibreOfficeUnavailable(
                    f"soffice did not accept connections within {self.start_timeout:.0f}s\n"
                    f"{self.log_tail()}"
                )
            time.sleep(0.2)
        remaining = max(5.0, deadline - time.monotonic())
        try:
            info = run_script(
                "lo_ping",
                {"port": self.port, "wait_seconds": remaining},
                timeout=remaining + 15,
            )
        except LibreOfficeError as exc:
            raise LibreOfficeUnavailable(f"soffice does not answer over UNO: {exc}") from None
        if info["ooxml_recalc_mode"] != 0:
            raise LibreOfficeUnavailable(f"could not force OOXML recalculation on load: {info}")
        self.version = info["version"]
        self.startup_seconds = time.monotonic() - started

    def stop(self) -> None:
        """Terminate soffice (SIGTERM, then SIGKILL after 10 s) and delete its profile."""
        proc, self._proc = self._proc, None
        if proc is not None:
            # The group that start() created holds only the launcher and soffice.bin.
            for sig in (signal.SIGTERM, signal.SIGKILL):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, sig)
                if _group_gone(proc, timeout=10):
                    break
        if self._log is not None:
            self._log.close()
            self._log = None
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def log_tail(self, chars: int = 2000) -> str:
        if self.workdir is None or not (self.workdir / "soffice.log").exists():
            return ""
        text = (self.workdir / "soffice.log").read_text(errors="replace")
        return f"soffice output: {text[-chars:]}" if text else "soffice printed nothing"

    def __enter__(self) -> LibreOffice:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- operations -----------------------------------------------------------------------

    def _call(self, operation: Callable[[], T]) -> T:
        if not self.alive():
            # An earlier document crashed soffice: start afresh so one bad file does not
            # fail every later test.
            self.start()
        try:
            return operation()
        except LibreOfficeError as exc:
            if not self.alive():
                raise LibreOfficeError(f"soffice died: {exc}\n{self.log_tail()}") from None
            if isinstance(exc, LibreOfficeTimeout):
                # soffice may still be stuck on that document; the next call gets a new one.
                self.stop()
            raise

    def inspect(self, path: str | os.PathLike[str], *, formulas: bool = False) -> dict[str, Any]:
        """See the module-level ``inspect`` for the returned shape."""
        return self._call(
            lambda: inspect(path, port=self.port, formulas=formulas, timeout=self.op_timeout)
        )

    def edit(
        self,
        path: str | os.PathLike[str],
        out: str | os.PathLike[str],
        operations: list[dict[str, Any]],
        *,
        password: str | None = None,
    ) -> Path:
        """See the module-level ``edit`` for the operations."""
        return self._call(
            lambda: edit(
                path, out, operations, port=self.port, timeout=self.op_timeout, password=password
            )
        )

    def export_pdf(
        self, path: str | os.PathLike[str], out_dir: str | os.PathLike[str]
    ) -> list[dict[str, str]]:
        """See the module-level ``export_pdf``."""
        return self._call(
            lambda: export_pdf(path, out_dir, port=self.port, timeout=self.op_timeout)
        )
