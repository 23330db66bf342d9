"""What stands between the network and the Office.js server: who may call it, how much they
may send, how long they may take, and which address the manifest gives out.

:class:`Guard` is a plain ASGI middleware (no dependency beyond the server's own): it checks the
access token of every protected request in constant time, refuses a body larger than the limit
from its ``Content-Length`` before reading it (and while reading it, for a body sent without
one), and refuses a body that arrives too slowly. It answers with the JSON the clients already
show (``{"detail": "..."}``), in Indonesian.

:func:`server_settings` checks a ``serve`` configuration before anything listens: a token is
required unless the server listens on loopback only, the manifest's address comes from the
configuration (never from a request's ``Host`` header), and a certificate and key are loaded
with :mod:`ssl` so that a wrong pair is refused at start, not at the first request.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import os
import re
import ssl
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = [
    "HEAD_SECONDS",
    "MAX_ACTIVE",
    "MAX_BODY_BYTES",
    "TOKEN_ENV",
    "Guard",
    "ServerConfigError",
    "ServerSettings",
    "head_timeout_protocol",
    "is_loopback",
    "server_settings",
]

TOKEN_ENV = "LKJIP_SERVER_TOKEN"
#: The largest request body accepted: a roster of tens of thousands of rows sent by the task
#: pane is a few megabytes of JSON.
MAX_BODY_BYTES = 16 << 20
#: How long a client may pause while sending a body, and how long the whole body may take.
BODY_PAUSE_SECONDS = 15.0
BODY_TOTAL_SECONDS = 120.0
#: How long a client may take to send a request's head (its first line and headers), from its
#: connection or from the previous answer on it.
HEAD_SECONDS = 15.0
#: How many requests may be in the server at once (their bodies read, or computing); more are
#: answered 503. Counted here, after the token, not by uvicorn per connection: an idle or
#: unauthorised connection holds no place.
MAX_ACTIVE = 64
#: The body bytes the server holds at once, as a multiple of the body limit: a body parsed
#: takes many times its bytes, so 64 requests at the limit could take gigabytes.
BODIES_AT_ONCE = 4
MIN_TOKEN_LENGTH = 16
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9._~-]+\Z")  # safe in a URL query without escaping

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


BUSY = "Server sedang melayani {} permintaan sekaligus (batasnya); coba lagi sebentar lagi."
BUSY_BYTES = (
    "Server sedang mengolah {} MB data permintaan lain (batasnya); coba lagi sebentar lagi."
)


class ServerConfigError(ValueError):
    """A ``serve`` configuration that must not start; the message is Indonesian."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` reaches this machine only (``127.0.0.1``, ``::1``, ``localhost``)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False  # a name, or "0.0.0.0"/"::" (every interface): not loopback


@dataclass(frozen=True)
class ServerSettings:
    host: str
    port: int
    public_url: str
    token: str | None
    ssl_certfile: str | None
    ssl_keyfile: str | None
    max_body: int
    warnings: tuple[str, ...]


def _check_token(token: str) -> None:
    if len(token) < MIN_TOKEN_LENGTH or not _TOKEN_CHARS.match(token):
        raise ServerConfigError(
            f"Token akses harus minimal {MIN_TOKEN_LENGTH} karakter dan hanya memuat huruf, "
            "angka, titik, garis bawah, tanda hubung atau tilde; buat dengan: python -c "
            '"import secrets; print(secrets.token_urlsafe(32))"'
        )


def _check_tls(certfile: str | None, keyfile: str | None) -> None:
    if (certfile is None) != (keyfile is None):
        raise ServerConfigError("HTTPS butuh keduanya: --cert (sertifikat) dan --key (kunci).")
    if certfile is None or keyfile is None:
        return
    for label, path in (("Sertifikat", certfile), ("Kunci", keyfile)):
        if not os.path.isfile(path):
            raise ServerConfigError(f"{label} {path} tidak ditemukan.")
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(certfile, keyfile)
    except (ssl.SSLError, OSError) as exc:
        raise ServerConfigError(
            f"Sertifikat {certfile} dan kunci {keyfile} tidak dapat dipakai bersama "
            f"({exc.__class__.__name__}); periksa bahwa keduanya berformat PEM dan sepasang."
        ) from exc


def server_settings(
    host: str,
    port: int,
    *,
    public_url: str | None = None,
    token: str | None = None,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
    max_body: int = MAX_BODY_BYTES,
) -> ServerSettings:
    """The checked configuration of ``serve``, or :class:`ServerConfigError`.

    ``token`` defaults to the environment variable :data:`TOKEN_ENV`. Listening on anything
    but loopback needs a token and ``public_url``.
    """
    token = token if token is not None else os.environ.get(TOKEN_ENV) or None
    loopback = is_loopback(host)
    if token is not None:
        _check_token(token)
    elif not loopback:
        raise ServerConfigError(
            f"Server yang mendengarkan di {host} (bukan hanya komputer ini) wajib memakai token "
            f"akses: setel variabel lingkungan {TOKEN_ENV} atau --token. Buat token dengan: "
            'python -c "import secrets; print(secrets.token_urlsafe(32))"'
        )
    _check_tls(ssl_certfile, ssl_keyfile)
    scheme = "https" if ssl_certfile else "http"
    if public_url is None:
        if not loopback:
            raise ServerConfigError(
                f"Sebutkan alamat yang dipakai Excel untuk menjangkau server ini, misalnya --url "
                f"{scheme}://nama-server.instansi.go.id:{port} (alamat itu ditulis ke manifest)."
            )
        shown = f"[{host}]" if ":" in host else host
        public_url = f"{scheme}://{shown}:{port}"
    parts = urlsplit(public_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ServerConfigError(
            f"--url {public_url} bukan alamat web yang sah; contoh: https://nama-server:{port}"
        )
    warnings = []
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        warnings.append(
            f"Peringatan: manifest akan memuat alamat http:// ({public_url}), padahal Excel hanya "
            "memuat add-in lewat HTTPS. Pasang sertifikat dengan --cert dan --key, atau jalankan "
            "server di balik reverse proxy HTTPS dan berikan alamat https:// itu pada --url."
        )
    if max_body <= 0:
        raise ServerConfigError("Batas ukuran permintaan harus lebih dari 0.")
    return ServerSettings(
        host, port, public_url.rstrip("/"), token, ssl_certfile, ssl_keyfile, max_body,
        tuple(warnings),
    )  # fmt: skip


# --- the middleware ----------------------------------------------------------------------------


class _Refused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value)
    return None


class Guard:
    """ASGI middleware: access token, body size and body time limits for ``app``.

    ``protect(method, path)`` says which requests need the token (the ones that compute and
    the manifest, which carries the token); the code and icons Excel loads are public.
    """

    def __init__(
        self,
        app: App,
        *,
        token: str | None,
        protect: Callable[[str, str], bool],
        max_body: int = MAX_BODY_BYTES,
        pause: float = BODY_PAUSE_SECONDS,
        total: float = BODY_TOTAL_SECONDS,
        max_active: int = MAX_ACTIVE,
    ) -> None:
        self.app, self.token, self.protect = app, token, protect
        self.max_body, self.pause, self.total = max_body, pause, total
        self.max_active, self.active = max_active, 0
        self.budget, self.held = max_body * BODIES_AT_ONCE, 0  # body bytes

    def authorised(self, scope: Scope) -> bool:
        if self.token is None:
            return True
        given = b""
        auth = _header(scope, b"authorization")
        if auth is not None and auth[:7].lower() == b"bearer ":
            given = auth[7:].strip()
        else:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            given = (query.get("token") or [""])[0].encode("latin-1", "replace")
        # Constant time: how much of a guess was right must not show in the answer's timing.
        return hmac.compare_digest(given, self.token.encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.protect(scope["method"], scope["path"]) and not self.authorised(scope):
            await _answer(send, 401, "Token akses tidak ada atau salah.")
            return
        if self.active >= self.max_active:
            await _answer(send, 503, BUSY.format(self.max_active))
            return
        self.active += 1
        try:
            await self._admitted(scope, receive, send)
        finally:
            self.active -= 1

    async def _admitted(self, scope: Scope, receive: Receive, send: Send) -> None:
        held: list[int] = []  # the bytes of this request's body, held until it is answered
        try:
            await self._serve(scope, receive, send, held)
        finally:
            self.held -= sum(held)

    async def _serve(self, scope: Scope, receive: Receive, send: Send, held: list[int]) -> None:
        try:
            body = await self._read_body(scope, receive, held)
        except _Refused as refused:
            await _answer(send, refused.status, refused.detail)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # the disconnect, once the answer is sent

        await self.app(scope, replay, send)

    async def _read_body(self, scope: Scope, receive: Receive, held: list[int]) -> bytes:
        length = _header(scope, b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                raise _Refused(400, "Header Content-Length tidak sah.") from None
            if declared > self.max_body:
                raise _Refused(413, self._too_large())
            self._hold(declared, held)
        chunks: list[bytes] = []
        size = 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.total
        while True:
            wait = min(self.pause, deadline - loop.time())
            try:
                message = await asyncio.wait_for(receive(), timeout=max(wait, 0.001))
            except TimeoutError:
                raise _Refused(408, "Data permintaan terlalu lambat dikirim; ulangi.") from None
            if message["type"] == "http.disconnect":
                raise _Refused(400, "Sambungan terputus sebelum data permintaan lengkap.")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise _Refused(413, self._too_large())
            self._hold(size - sum(held), held)
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    def _hold(self, more: int, held: list[int]) -> None:
        """Count ``more`` bytes of this request's body against the bytes held at once."""
        if more <= 0:
            return
        if self.held + more > self.budget:
            raise _Refused(503, BUSY_BYTES.format(self.budget >> 20))
        self.held += more
        held.append(more)

    def _too_large(self) -> str:
        return (
            f"Data permintaan melebihi batas {self.max_body // (1 << 20)} MB; kirim buku kerja "
            "yang lebih kecil atau minta pengelola menaikkan batasnya (--batas-mb)."
        )


async def _answer(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if status == 401:
        headers.append((b"www-authenticate", b'Bearer realm="lkjip_xl"'))
    if status in (408, 413):
        headers.append((b"connection", b"close"))
    if status == 503:
        headers.append((b"retry-after", b"5"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


# --- the connection ----------------------------------------------------------------------------


def head_timeout_protocol(base: type[asyncio.Protocol], seconds: float = HEAD_SECONDS) -> type:
    """uvicorn's HTTP protocol ``base``, closing a connection whose request head does not
    arrive within ``seconds`` of its opening or of the previous answer on it.

    The :class:`Guard` sees a request only once its head is complete, and uvicorn waits for a
    head without end: 64 connections sending a header line now and then (its
    ``limit_concurrency``) kept every other client at "503 Service Unavailable", before any
    token was asked for.
    """

    class HeadTimeout(base):  # type: ignore[valid-type,misc]
        _head_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._await_head(None)

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._await_head(self.cycle)

        def connection_lost(self, exc: Exception | None) -> None:
            self._stop_head_timer()
            super().connection_lost(exc)

        def _await_head(self, answered: Any) -> None:
            self._stop_head_timer()
            self._head_timer = self.loop.call_later(seconds, self._head_late, answered)

        def _stop_head_timer(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_late(self, answered: Any) -> None:
            # uvicorn starts a new cycle for each complete head: the same one means none came.
            self._head_timer = None
            if self.cycle is answered and not self.transport.is_closing():
                self.transport.close()

    HeadTimeout.__qualname__ = HeadTimeout.__name__ = f"HeadTimeout{base.__name__}"
    return HeadTimeout
