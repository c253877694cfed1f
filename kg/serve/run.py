"""Running the server: check the options, build the application, serve it with uvicorn until
Ctrl-C (uvicorn stops cleanly on SIGINT and SIGTERM)."""

from __future__ import annotations

import contextlib
import os
import re
import socket
from collections.abc import Callable
from pathlib import Path

from kg.errors import InputError
from kg.store.local import MEMORY, store_location
from kg.store.worker import Limits

LOOPBACK = ("127.0.0.1", "localhost", "::1")
# A DNS name (RFC 1123 labels) or an IPv4 address, optionally "*." and a name for its subdomains.
_HOST_NAME = re.compile(
    r"(\*\.)?(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
)


def serve(
    store: str | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    timeout: float = 10.0,
    max_rows: int = 100_000,
    cors: str | None = None,
    texts: Path | None = None,
    allow_hosts: tuple[str, ...] = (),
    announce: Callable[[str], None] = print,
) -> None:
    """Serve the store at ``store`` on ``host``:``port`` until interrupted; ``announce`` gets
    the address once the store is open. Requests must name the server in their ``Host``
    header: ``host``, a loopback name, or one of ``allow_hosts`` (for a proxy in front).
    InputError for bad options, StoreError for a store that cannot be opened."""
    import uvicorn

    from kg.serve.app import MAX_QUERY_BYTES, Settings, create_app

    if not 1 <= port <= 65535:
        raise InputError(f"--port {port}: give a port from 1 to 65535")
    if cors is not None and not cors.startswith(("http://", "https://")):
        raise InputError(f"--cors {cors!r}: give an origin such as http://localhost:3000")
    if texts is not None and not texts.is_dir():
        raise InputError(f"--texts {texts}: not a folder")
    allowed = tuple(check_host_name(name) for name in allow_hosts)
    where = store_location(store)
    if where == MEMORY:
        raise InputError("kg serve needs a store on disk (--store PATH), not :memory:")
    settings = Settings(
        store=os.path.abspath(where),
        texts=texts,
        limits=Limits(timeout=timeout, max_rows=max_rows),
        hosts=tuple(dict.fromkeys((host, *LOOPBACK, *allowed))),
        cors=cors.rstrip("/") if cors else None,
    )
    _check_free(host, port)
    app = create_app(settings)
    # A GET's request line holds its query: let h11 read one of the size /sparql takes (URL
    # encoding triples it) so that the app answers 413 in words; past h11's default (about
    # 128 KiB) uvicorn closed the connection while the client still sent, a reset, no answer.
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        lifespan="on",
        h11_max_incomplete_event_size=3 * MAX_QUERY_BYTES + 64 * 1024,
    )
    server = uvicorn.Server(config)
    shown = f"[{host}]" if ":" in host else host
    announce(f"kg serve: {settings.store} at http://{shown}:{port}/ (Ctrl-C stops)")
    # uvicorn stops on Ctrl-C, then raises it again for its caller: here, the end.
    with contextlib.suppress(KeyboardInterrupt):
        server.run()
    announce("kg serve: stopped")


def check_host_name(name: str) -> str:
    """``name`` lower-cased if it can be a ``Host`` header's name (a DNS name, an IPv4 address,
    or ``*.`` and a DNS name for any of its subdomains); InputError for anything else (a
    scheme, port, path, space, a bare ``*`` that would let every name in)."""
    lowered = name.strip().lower()
    if not _HOST_NAME.fullmatch(lowered):
        raise InputError(
            f"--allow-host {name!r}: give a host name such as kg.example.org "
            "(no scheme, port or path; *.example.org for its subdomains)"
        )
    return lowered


def _check_free(host: str, port: int) -> None:
    """InputError unless ``host``:``port`` can be listened on (in use, or no such address)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise InputError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
