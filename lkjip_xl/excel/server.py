"""xlwings Server for Office.js: the worksheet functions and the two buttons in any Excel
(Windows, macOS, Excel on the web) through a task pane add-in, from one server on the LAN.

``lkjip-xl serve`` runs :func:`create_app` with uvicorn. Routes (the paths xlwings' clients use):

- ``GET  /xlwings/custom-functions-meta``: the functions' metadata (Office.js JSON);
- ``GET  /xlwings/custom-functions-code``: the JavaScript that registers them in Excel;
- ``POST /xlwings/custom-functions-call``: one call (``{"result": [[...]]}``);
- ``GET  /xlwings/custom-scripts-meta`` and ``POST /xlwings/custom-scripts-call/{name}``: the
  buttons ``hitung_ulang`` and ``periksa`` on the workbook the task pane sends; the answer is
  the list of actions the task pane applies in Excel;
- ``GET  /taskpane`` (the task pane), ``GET /manifest.xml`` (the add-in manifest to sideload),
  ``GET /static/...`` (its script and icons).

Every request passes :class:`~lkjip_xl.excel.server_guard.Guard` first: with an access token
(required off loopback), the computations and the manifest need it; bodies are bounded in size
and time; a malformed body is a 400 with an Indonesian ``detail``, never a 500. The manifest's
address is the configured one (``--url``), never a request's ``Host`` header.

The functions are copies of :mod:`lkjip_xl.excel.udfs` registered with ``xlwings.server.func``
(so the same module also serves classic xlwings); the Excel names carry the manifest's
namespace: ``=LKJIP.LKJ_CAPAIAN(...)``.

Licence: xlwings Server and its remote book are dual-licensed (PolyForm Noncommercial 1.0.0 or
a paid licence). Use by a government institution is a permitted purpose under PolyForm
Noncommercial, so, when ``XLWINGS_LICENSE_KEY`` is not set, :func:`siapkan_lisensi` sets it to
``noncommercial`` and says so. Anyone else must set their own key.
"""

# No ``from __future__ import annotations`` here: FastAPI reads the route functions'
# annotations (Request, Body) at run time, from inside create_app.
import asyncio
import inspect
import json
import logging
import os
import re
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from importlib import resources
from typing import TYPE_CHECKING, Any

from lkjip_xl.excel.server_bodies import (
    PERCENT_KEY,
    BodyRefused,
    book_problem,
    call_problem,
    shown,
)

if TYPE_CHECKING:
    from lkjip_xl.excel.xlwings_book import PercentCells

logger = logging.getLogger(__name__)
LICENSE_ENV = "XLWINGS_LICENSE_KEY"
NONCOMMERCIAL = "noncommercial"
NAMESPACE = "LKJIP"
CALL_PATH = "/xlwings/custom-functions-call"
SCRIPTS_PATH = "/xlwings/custom-scripts-call"
# A fixed id: sideloading the manifest again replaces the add-in instead of adding a second one.
MANIFEST_ID = "5d1f0c2e-8a4b-4c39-9e57-6b1c7a2f4e10"
STATIC_FILES = {
    "lkjip-taskpane.js": "text/javascript",
    "icon-16.png": "image/png",
    "icon-32.png": "image/png",
    "icon-64.png": "image/png",
    "icon-80.png": "image/png",
}
EXTRA_HINT = "jalankan: pip install 'lkjip_xl[server]'"
LICENCE_NOTICE = (
    "xlwings Server dipakai dengan lisensi PolyForm Noncommercial 1.0.0 "
    f"({LICENSE_ENV}=noncommercial): penggunaan oleh instansi pemerintah termasuk tujuan yang "
    "diizinkan. Untuk penggunaan komersial, setel XLWINGS_LICENSE_KEY dengan kunci berbayar."
)


class ServerUnavailable(Exception):
    """The server cannot run here; the message is one Indonesian sentence."""


def siapkan_lisensi() -> str | None:
    """Set ``XLWINGS_LICENSE_KEY=noncommercial`` when unset; the notice to show, or None."""
    if os.environ.get(LICENSE_ENV):
        return None
    os.environ[LICENSE_ENV] = NONCOMMERCIAL
    return LICENCE_NOTICE


def _require_server_packages() -> None:
    missing = []
    for module in ("xlwings", "fastapi", "uvicorn"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    if missing:
        raise ServerUnavailable(
            f"Fitur server Office.js belum terpasang (paket {', '.join(missing)} tidak ada); "
            f"{EXTRA_HINT}."
        )


def _xlwings_server() -> types.ModuleType:
    """``xlwings.server``, with the remote engines registered even when xlwings was imported
    before the licence key was set."""
    siapkan_lisensi()
    try:
        import xlwings as xw
        import xlwings.server as xw_server
        from xlwings.pro import _xlofficejs, _xlremote
    except ImportError as exc:
        raise ServerUnavailable(
            f"xlwings Server tidak dapat dimuat ({exc}); {EXTRA_HINT}."
        ) from exc
    except Exception as exc:  # xlwings' LicenseError
        raise ServerUnavailable(
            f"Lisensi xlwings Server ditolak ({exc}); periksa {LICENSE_ENV}."
        ) from exc
    names = {engine.name for engine in xw.engines}
    for impl in (_xlremote.engine, _xlofficejs.engine):
        if impl.name not in names:
            xw.engines.add(xw.main.Engine(impl=impl))
    _skip_pyodide_probe()
    return xw_server


def _never_jsnull(_value: Any) -> bool:
    return False


def _skip_pyodide_probe() -> None:
    """Answer xlwings' "is this cell Pyodide's JsNull?" without trying to import Pyodide.

    xlwings asks it of every cell of every argument of a call by importing ``pyodide.ffi``: off
    Pyodide that import fails, and a failed import is not remembered, so a 10,000-row range
    call searched the whole module path 20,000 times (longer than its computation). Off Pyodide
    the answer is always False, which is what the probe returns there.
    """
    from importlib.util import find_spec

    from xlwings import utils

    if utils.is_jsnull is not _never_jsnull and find_spec("pyodide") is None:
        utils.is_jsnull = _never_jsnull


# --- the functions and scripts ---------------------------------------------------------


def officejs_functions() -> types.ModuleType:
    """A module of the worksheet functions registered with ``xlwings.server.func``.

    Each is a fresh copy of the function in :mod:`lkjip_xl.excel.udfs` (same code, same
    defaults), so that the xlwings Server metadata never mixes with classic xlwings'.
    """
    xw_server = _xlwings_server()
    from lkjip_xl.excel import udfs

    module = types.ModuleType("lkjip_xl.excel.officejs_functions")
    module.__doc__ = "Worksheet functions as registered with xlwings Server."
    for name, spec in udfs.UDFS.items():
        original = spec.func
        clone = types.FunctionType(
            original.__code__, original.__globals__, name, original.__defaults__,
            original.__closure__,
        )  # fmt: skip
        clone.__doc__ = spec.description
        clone.__module__ = module.__name__
        clone.__qualname__ = name
        setattr(module, name, udfs.terapkan(clone, xw_server.func, xw_server.arg, spec))
    return module


def scripts_module() -> types.ModuleType:
    _xlwings_server()
    from lkjip_xl.excel import scripts

    return scripts


def script_names(module: types.ModuleType | None = None) -> list[str]:
    module = module or scripts_module()
    return [name for name, f in inspect.getmembers(module, inspect.isfunction)
            if getattr(f, "__xlscript__", None)]  # fmt: skip


def _static_text(name: str) -> str:
    return resources.files("lkjip_xl.excel").joinpath("static", name).read_text(encoding="utf-8")


def functions_code(module: types.ModuleType, call_path: str = CALL_PATH) -> str:
    """The custom functions' JavaScript.

    xlwings' own client (``xlwings.server.custom_functions_code``) when its template is
    installed; the xlwings 0.37 wheel no longer ships that template (it moved to the
    xlwings-server project), and then lkjip_xl's own client, which speaks the same protocol
    to :data:`CALL_PATH`, is used.
    """
    xw_server = _xlwings_server()
    try:
        return xw_server.custom_functions_code(module, custom_functions_call_path=call_path)
    except FileNotFoundError:
        pass
    import xlwings as xw

    from lkjip_xl.excel import udfs

    code = _static_text("custom-functions-code.js")
    code = code.replace("placeholder_xlwings_version", xw.__version__)
    code = code.replace("placeholder_custom_functions_call_path", call_path)
    lines = [code]
    for name in sorted(udfs.UDFS):
        func = getattr(module, name)
        excel_id = func.__xlfunc__["name"].upper()
        lines.append(
            f"CustomFunctions.associate({json.dumps(excel_id)}, async function () {{\n"
            f"  return await lkjipCall({json.dumps(func.__xlfunc__['name'])}, "
            "Array.prototype.slice.call(arguments));\n});"
        )
    return "\n".join(lines) + "\n"


# --- the remote book ---------------------------------------------------------------------


@contextmanager
def remote_book(data: dict[str, Any]) -> Iterator[Any]:
    """The request's workbook as an ``xw.Book``, released afterwards.

    xlwings keeps every opened JSON book in its engine's list and caches sheet values in
    ``get_range_api`` without a bound; a server that lives for months must let go of both.
    """
    import xlwings as xw
    from xlwings.pro import _xlremote

    if not isinstance(data, dict) or not isinstance(data.get("sheets"), list):
        raise BodyRefused("Permintaan tidak berisi data buku kerja dari klien xlwings.")
    data.setdefault("names", [])
    data.setdefault("client", "Office.js")
    data.setdefault("version", xw.__version__)
    book = xw.Book(json=data)
    try:
        yield book
    finally:
        with suppress(AttributeError, ValueError):
            book.impl.books.books.remove(book.impl)
        _xlremote.get_range_api.cache_clear()


def take_percent_cells(data: dict[str, Any]) -> "PercentCells":
    """Take the sent percent cells out of the request's sheets; those whose format code shows
    a percentage, by the file book's predicate (``shows_percent``)."""
    from lkjip_xl.excel.xlwings_book import PercentCells
    from lkjip_xl.workbook.ooxml.percent_cells import shows_percent

    cells = PercentCells()
    for sheet in data.get("sheets", []):
        sent = sheet.pop(PERCENT_KEY, None) if isinstance(sheet, dict) else None
        if sent:
            cells[sheet["name"]] = frozenset(
                (row, column) for row, column, code in sent if shows_percent(code)
            )
    return cells


def call_function(module: types.ModuleType, data: dict[str, Any]) -> Any:
    """One custom-function call, as xlwings Server does it."""
    xw_server = _xlwings_server()
    import xlwings as xw

    from lkjip_xl.excel import udfs

    name = data.get("func_name") if isinstance(data, dict) else None
    if name not in udfs.UDFS:
        raise BodyRefused(f"Fungsi {shown(name)} tidak dikenal.")
    data.setdefault("runtime", "1.1")
    data.setdefault("version", xw.__version__)
    data.setdefault("client", "Office.js")
    return asyncio.run(xw_server.custom_functions_call(data, module))


def call_script(module: types.ModuleType, name: str, data: dict[str, Any]) -> dict[str, Any]:
    """Run a button script on the request's workbook; the actions for the task pane."""
    xw_server = _xlwings_server()
    import xlwings as xw

    if name not in script_names(module):
        raise BodyRefused(
            f"Skrip {shown(name)} tidak dikenal; yang tersedia: hitung_ulang, periksa."
        )
    from lkjip_xl.excel.xlwings_book import PercentCells

    percent = take_percent_cells(data)
    with remote_book(data) as book:
        result = asyncio.run(
            xw_server.custom_scripts_call(
                module, name, typehint_to_value={xw.Book: book, PercentCells: percent}
            )
        )
        return result.json()


# --- the app -----------------------------------------------------------------------------

DEFAULT_URL = "http://127.0.0.1:8000"
FRAMEWORK_DETAILS = {
    "There was an error parsing the body": (
        "Isi permintaan tidak dapat dibaca (bukan JSON yang sah, atau bersarang terlalu dalam)."
    ),
    "Not Found": "Alamat ini tidak ada di server lkjip_xl.",
    "Method Not Allowed": "Metode permintaan ini tidak diizinkan untuk alamat ini.",
}
UNEXPECTED = (
    "Kesalahan tak terduga di server lkjip_xl ({}); tidak ada yang dihitung. Laporkan ke "
    "pengelola server beserta waktunya: rinciannya tercatat di log server."
)
#: How long one call may compute before the client is told to try later.
CALL_TIMEOUT_SECONDS = 120.0


def render_manifest(base_url: str, token: str | None = None) -> str:
    """The add-in manifest for ``base_url``; with a token, the task pane's address carries
    it, and the page hands it to the clients, which send it with every call."""
    base = base_url.rstrip("/")
    text = _static_text("manifest.xml")
    if token is not None:  # checked to be URL-safe: no escaping needed in XML or the query
        text = text.replace("{{BASE_URL}}/taskpane", f"{{{{BASE_URL}}}}/taskpane?token={token}")
    return (
        text.replace("{{BASE_URL}}", base)
        .replace("{{MANIFEST_ID}}", MANIFEST_ID)
        .replace("{{NAMESPACE}}", NAMESPACE)
    )


def _protected(method: str, path: str) -> bool:
    """The requests that need the token: every computation, and the manifest (it holds the
    token). The task pane page, the client code and the icons are public: Excel loads them
    without headers, and they hold nothing of the agency's."""
    return method not in ("GET", "HEAD") or path == "/manifest.xml"


def create_app(
    public_url: str = DEFAULT_URL,
    *,
    token: str | None = None,
    max_body: int | None = None,
    call_timeout: float = CALL_TIMEOUT_SECONDS,
) -> Any:
    """The application: FastAPI routes behind :class:`~.server_guard.Guard`.

    ``public_url`` is the address Excel reaches the server at, written into the manifest (from
    the configuration, never from a request's Host header); ``token``, when given, is required
    on every computation and on the manifest.
    """
    _require_server_packages()
    from fastapi import Body, FastAPI, HTTPException
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException as StarletteHTTPException

    import lkjip_xl
    from lkjip_xl.excel.server_guard import MAX_BODY_BYTES, Guard

    functions = officejs_functions()
    scripts = scripts_module()
    xw_server = _xlwings_server()
    import xlwings as xw

    app = FastAPI(title="lkjip_xl", version=lkjip_xl.__version__, docs_url=None, redoc_url=None)

    @app.exception_handler(RequestValidationError)
    async def not_json(_request: Any, _exc: Exception) -> Response:
        # FastAPI's own answer is a 422 with an English list the clients cannot show.
        detail = "Isi permintaan bukan JSON yang sah atau tidak lengkap."
        return JSONResponse({"detail": detail}, status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def in_indonesian(_request: Any, exc: Any) -> Response:
        # The framework's own refusals come in English; the clients show the detail as it is.
        detail = FRAMEWORK_DETAILS.get(exc.detail, exc.detail)
        return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)

    async def bounded(work: Any, *args: Any) -> Any:
        try:
            return await asyncio.wait_for(run_in_threadpool(work, *args), call_timeout)
        except TimeoutError:
            raise HTTPException(
                status_code=503,
                detail=f"Perhitungan melebihi batas waktu {call_timeout:.0f} detik; coba lagi "
                "nanti atau dengan buku kerja yang lebih kecil.",
            ) from None
        except BodyRefused as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from None
        except Exception as exc:
            # Python's own text (English, sometimes a path) stays in the server's log; the
            # user reads what happened and whom to tell.
            logger.exception("Kesalahan tak terduga pada %s", getattr(work, "__name__", work))
            detail = UNEXPECTED.format(type(exc).__name__)
            raise HTTPException(status_code=500, detail=detail) from None

    @app.get("/", include_in_schema=False)
    def root() -> Any:
        return RedirectResponse("/taskpane")

    @app.get("/xlwings/custom-functions-meta")
    def meta() -> Any:
        return xw_server.custom_functions_meta(functions)

    @app.get("/xlwings/custom-functions-code")
    def code() -> Response:
        return Response(functions_code(functions), media_type="text/javascript")

    @app.post(CALL_PATH)
    async def function_call(data: Any = Body(...)) -> Any:  # noqa: B008 - FastAPI's idiom
        if problem := call_problem(data):
            raise HTTPException(status_code=400, detail=problem)
        return {"result": await bounded(call_function, functions, data)}

    @app.get("/xlwings/custom-scripts-meta")
    def scripts_meta() -> Any:
        return xw_server.custom_scripts_meta(scripts)

    @app.post(SCRIPTS_PATH + "/{script_name}")
    async def script_call(script_name: str, data: Any = Body(...)) -> Any:  # noqa: B008
        if script_name not in script_names(scripts):
            known = ", ".join(script_names(scripts))
            raise HTTPException(
                status_code=400,
                detail=f"Skrip {shown(script_name)} tidak dikenal; yang tersedia: {known}.",
            )
        if problem := book_problem(data, max_body or MAX_BODY_BYTES):
            raise HTTPException(status_code=400, detail=problem)
        return JSONResponse(await bounded(call_script, scripts, script_name, data))

    @app.get("/taskpane", response_class=HTMLResponse)
    def taskpane() -> str:
        return _static_text("taskpane.html").replace("{{XLWINGS_VERSION}}", xw.__version__)

    @app.get("/manifest.xml")
    def manifest() -> Response:
        return Response(render_manifest(public_url, token), media_type="application/xml")

    @app.get("/static/{name}")
    def static(name: str) -> Response:
        if name not in STATIC_FILES:
            raise HTTPException(status_code=404, detail="Berkas tidak ada.")
        data = resources.files("lkjip_xl.excel").joinpath("static", name).read_bytes()
        return Response(data, media_type=STATIC_FILES[name])

    guarded = Guard(app, token=token, protect=_protected, max_body=max_body or MAX_BODY_BYTES)
    guarded.fastapi = app  # type: ignore[attr-defined]  # the routes, for inspection
    return guarded


class _HideToken:
    """A logging filter: the access log never shows a request's ``token=`` query value."""

    def filter(self, record: Any) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                re.sub(r"token=[^&\s]*", "token=***", a) if isinstance(a, str) else a
                for a in record.args
            )
        return True


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    public_url: str | None = None,
    token: str | None = None,
    ssl_keyfile: str | None = None,
    ssl_certfile: str | None = None,
    max_body: int | None = None,
    log_level: str = "info",
) -> None:
    """Check the configuration (:func:`~.server_guard.server_settings`), then run the server
    until interrupted. A configuration that must not start raises
    :class:`ServerUnavailable` with the reason."""
    from lkjip_xl.excel.server_guard import (
        MAX_BODY_BYTES,
        ServerConfigError,
        head_timeout_protocol,
        server_settings,
    )

    try:
        settings = server_settings(
            host, port, public_url=public_url, token=token, ssl_certfile=ssl_certfile,
            ssl_keyfile=ssl_keyfile, max_body=MAX_BODY_BYTES if max_body is None else max_body,
        )  # fmt: skip
    except ServerConfigError as exc:
        raise ServerUnavailable(str(exc)) from None
    notice = siapkan_lisensi()
    if notice:
        print(notice, file=sys.stderr)
    for warning in settings.warnings:
        print(warning, file=sys.stderr)
    _require_server_packages()
    import uvicorn

    logging.getLogger("uvicorn.access").addFilter(_HideToken())
    app = create_app(settings.public_url, token=settings.token, max_body=settings.max_body)
    # Everything loaded so far (xlwings, FastAPI, pandas, the routes) lives as long as the
    # server: frozen, it is left out of the garbage collector's passes, which otherwise walk
    # its 130,000 objects again and again while a call builds its many small lists (a
    # 10,000-row range call took half as long again).
    import gc

    gc.collect()
    gc.freeze()
    # The token itself is never printed: this goes to the service's journal.
    query = "?token=<token akses>" if settings.token else ""
    print(f"Manifest: {settings.public_url}/manifest.xml{query}", file=sys.stderr)
    from uvicorn.protocols.http.auto import AutoHTTPProtocol

    uvicorn.run(
        app,
        http=head_timeout_protocol(AutoHTTPProtocol),
        host=host,
        port=port,
        ssl_keyfile=ssl_keyfile,
        ssl_certfile=ssl_certfile,
        log_level=log_level,
        timeout_keep_alive=5,
        # No limit_concurrency: uvicorn counts open connections in it, so idle ones shut every
        # client out; the Guard counts requests instead (MAX_ACTIVE).
    )


def main() -> None:  # python -m lkjip_xl.excel.server [host] [port]
    args = sys.argv[1:]
    serve(args[0] if args else "127.0.0.1", int(args[1]) if len(args) > 1 else 8000)


if __name__ == "__main__":
    main()
