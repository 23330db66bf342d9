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
import os
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from importlib import resources
from typing import Any

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
    return xw_server


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
        raise ValueError("Permintaan tidak berisi data buku kerja dari klien xlwings.")
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


def call_function(module: types.ModuleType, data: dict[str, Any]) -> Any:
    """One custom-function call, as xlwings Server does it."""
    xw_server = _xlwings_server()
    import xlwings as xw

    from lkjip_xl.excel import udfs

    name = data.get("func_name") if isinstance(data, dict) else None
    if name not in udfs.UDFS:
        raise ValueError(f"Fungsi {name!r} tidak dikenal.")
    data.setdefault("runtime", "1.1")
    data.setdefault("version", xw.__version__)
    data.setdefault("client", "Office.js")
    return asyncio.run(xw_server.custom_functions_call(data, module))


def call_script(module: types.ModuleType, name: str, data: dict[str, Any]) -> dict[str, Any]:
    """Run a button script on the request's workbook; the actions for the task pane."""
    xw_server = _xlwings_server()
    import xlwings as xw

    if name not in script_names(module):
        raise ValueError(f"Skrip {name!r} tidak dikenal; yang tersedia: hitung_ulang, periksa.")
    with remote_book(data) as book:
        result = asyncio.run(
            xw_server.custom_scripts_call(module, name, typehint_to_value={xw.Book: book})
        )
        return result.json()


# --- the app -----------------------------------------------------------------------------


def render_manifest(base_url: str) -> str:
    base = base_url.rstrip("/")
    text = _static_text("manifest.xml")
    return (
        text.replace("{{BASE_URL}}", base)
        .replace("{{MANIFEST_ID}}", MANIFEST_ID)
        .replace("{{NAMESPACE}}", NAMESPACE)
    )


def create_app(public_url: str | None = None) -> Any:
    """The FastAPI application. ``public_url`` is the address Excel reaches the server at
    (for the manifest); by default the address of each request."""
    _require_server_packages()
    from fastapi import Body, FastAPI, HTTPException, Request
    from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

    import lkjip_xl

    functions = officejs_functions()
    scripts = scripts_module()
    xw_server = _xlwings_server()
    import xlwings as xw

    app = FastAPI(title="lkjip_xl", version=lkjip_xl.__version__, docs_url=None, redoc_url=None)

    def fail(status: int, exc: Exception) -> HTTPException:
        return HTTPException(status_code=status, detail=str(exc) or type(exc).__name__)

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
    def function_call(data: dict = Body(...)) -> Any:  # noqa: B008 - FastAPI's idiom
        try:
            return {"result": call_function(functions, data)}
        except ValueError as exc:
            raise fail(400, exc) from None
        except Exception as exc:
            raise fail(500, exc) from None

    @app.get("/xlwings/custom-scripts-meta")
    def scripts_meta() -> Any:
        return xw_server.custom_scripts_meta(scripts)

    @app.post(SCRIPTS_PATH + "/{script_name}")
    def script_call(script_name: str, data: dict = Body(...)) -> Any:  # noqa: B008
        try:
            return JSONResponse(call_script(scripts, script_name, data))
        except ValueError as exc:
            raise fail(400, exc) from None
        except Exception as exc:
            raise fail(500, exc) from None

    @app.get("/taskpane", response_class=HTMLResponse)
    def taskpane() -> str:
        return _static_text("taskpane.html").replace("{{XLWINGS_VERSION}}", xw.__version__)

    @app.get("/manifest.xml")
    def manifest(request: Request) -> Response:
        base = public_url or str(request.base_url)
        return Response(render_manifest(base), media_type="application/xml")

    @app.get("/static/{name}")
    def static(name: str) -> Response:
        if name not in STATIC_FILES:
            raise HTTPException(status_code=404, detail="Berkas tidak ada.")
        data = resources.files("lkjip_xl.excel").joinpath("static", name).read_bytes()
        return Response(data, media_type=STATIC_FILES[name])

    return app


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    public_url: str | None = None,
    ssl_keyfile: str | None = None,
    ssl_certfile: str | None = None,
    log_level: str = "info",
) -> None:
    """Run the server until interrupted."""
    notice = siapkan_lisensi()
    if notice:
        print(notice, file=sys.stderr)
    _require_server_packages()
    import uvicorn

    app = create_app(public_url)
    uvicorn.run(
        app,
        host=host,
        port=port,
        ssl_keyfile=ssl_keyfile,
        ssl_certfile=ssl_certfile,
        log_level=log_level,
    )


def main() -> None:  # python -m lkjip_xl.excel.server [host] [port]
    args = sys.argv[1:]
    serve(args[0] if args else "127.0.0.1", int(args[1]) if len(args) > 1 else 8000)


if __name__ == "__main__":
    main()
