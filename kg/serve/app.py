"""The ``kg serve`` web application: the explorer's pages and the SPARQL 1.1 Protocol endpoint.

Starlette (ASGI, small, well kept, served by uvicorn) with Jinja2 templates that escape every
value (autoescape on): report text reaches pages only as escaped text. Pages read the store
in-process through ``kg.serve.explore`` (fixed queries, the entity bound as a term); every query
a user writes runs in a bounded worker (``kg.serve.protocol``), so a slow one is stopped at the
time limit and never holds up the others. Safe by default: only ``Host`` names of this server
are answered (no DNS rebinding), no CORS unless an origin is given, a Content Security Policy
of ``'self'`` (every script and style is served from ``/static``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg.commands import check_held_values
from kg.errors import InputError, KgError, NotFoundError, StoreError
from kg.graph.vocab import ID, graph_iri
from kg.serve.explore import PAGE_TYPES, Explorer, path_of
from kg.serve.protocol import (
    CONTENT_TYPES,
    Answer,
    NotAcceptable,
    accepted,
    answer_query,
    choose,
    run_result,
    saved_result,
    write,
)
from kg.store.local import Store
from kg.store.query import SavedQuery, parse_params, saved_queries
from kg.store.sparql import normalize
from kg.store.worker import Limits

MAX_QUERY_BYTES = 1024 * 1024
QUERY_TYPES = ("application/sparql-query", "application/x-www-form-urlencoded")
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
HEATMAP_SIZE = 20
# What a page's template takes that its JSON twin leaves out (the JSON lists every link).
HTML_ONLY = frozenset({"shown"})
# Links of each type an entity page lists, most sentences first (?all=1 lists every one).
LINKS_SHOWN = 100


@dataclass
class Settings:
    """How the server runs: the store's location, the texts folder (``<slug>.txt``), the
    limits each user query runs within, the host names it answers to, a CORS origin, and how
    many user queries may run at once."""

    store: str
    texts: Path | None = None
    limits: Limits = field(default_factory=lambda: Limits(timeout=10.0, max_rows=100_000))
    hosts: tuple[str, ...] = ("127.0.0.1", "localhost")
    cors: str | None = None
    workers: int = 4


class AnswerCache:
    """The last answers to queries and views (least recently used dropped first), at most
    ``entries`` of them and ``budget`` bytes of bodies (one answer at most a quarter of it),
    result rows counted at 200 bytes."""

    def __init__(self, entries: int = 256, budget: int = 64 * 1024 * 1024) -> None:
        self.entries, self.budget = entries, budget
        self.kept: OrderedDict[Any, tuple[Any, int]] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: Any) -> Any:
        with self.lock:
            if key not in self.kept:
                return None
            self.kept.move_to_end(key)
            return self.kept[key][0]

    def put(self, key: Any, value: Any) -> None:
        size = _size(value)
        if size > self.budget // 4:
            return
        with self.lock:
            if key in self.kept:
                return
            self.kept[key] = (value, size)
            self.size += size
            while len(self.kept) > self.entries or self.size > self.budget:
                _, (_, dropped) = self.kept.popitem(last=False)
                self.size -= dropped


class Flights:
    """One computation per key at a time: a caller that asks for a key already being computed
    waits for that computation and gets its value (or its error) instead of starting another.
    Eight clients opening the same page, or running the same query, at once cost one."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running: dict[Any, _Flight] = {}

    def once(self, key: Any, compute: Any) -> Any:
        """``compute()``, or the value of the call of it already running under ``key``."""
        with self.lock:
            flight = self.running.get(key)
            leader = flight is None
            if flight is None:
                flight = self.running[key] = _Flight()
        if not leader:
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
            return flight.value
        try:
            flight.value = compute()
        except BaseException as exc:
            flight.error = exc
            raise
        finally:
            with self.lock:
                del self.running[key]
            flight.done.set()
        return flight.value


@dataclass
class _Flight:
    done: threading.Event = field(default_factory=threading.Event)
    value: Any = None
    error: BaseException | None = None


def _size(value: Any) -> int:
    if isinstance(value, bytes):
        return len(value)
    result = getattr(value, "result", None)
    rows = 0 if result is None else len(result.rows) + len(result.triples)
    return len(getattr(value, "body", b"")) + 200 * rows


def _cache_key(job: Any, args: tuple, kwargs: dict) -> tuple:
    """A hashable key for a job and its arguments (lists and parameter dicts made tuples,
    a saved query by its name)."""

    def part(value: Any) -> Any:
        if isinstance(value, list):
            return tuple(value)
        if isinstance(value, dict):
            return tuple(sorted((k, str(v)) for k, v in value.items()))
        if isinstance(value, SavedQuery):
            return value.name
        return value

    return (
        getattr(job, "__name__", str(job)),
        tuple(part(a) for a in args),
        tuple(sorted((k, part(v)) for k, v in kwargs.items())),
    )


class QueryError(Exception):
    """A request the server answers with ``status`` and a one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def status_of(error: KgError) -> int:
    """The HTTP status for a KgError: 404 for a missing thing, 406 for no acceptable format,
    503 for a query stopped at its limits or a store that cannot be read, else 400."""
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, NotAcceptable):
        return 406
    if isinstance(error, StoreError):
        return 503
    return 400


def only_params(request: Request, *names: str) -> None:
    """InputError (400) for a query parameter the page does not take: "?partnr=INMUJERES"
    would otherwise show every partner, as if the filter had matched all."""
    unknown = sorted(set(request.query_params) - set(names))
    if unknown:
        raise InputError(
            f"unknown parameter {unknown[0]!r}; {request.url.path} takes "
            + (", ".join(names) or "no parameter")
        )


def flag(request: Request, name: str) -> bool:
    """Whether the yes-or-no query parameter ``name`` is given as "1" (absent is no);
    InputError (400) for any other value: "?overlap=true" would otherwise be read as no and
    answer the other page, as if it had been understood."""
    value = request.query_params.get(name)
    if value not in (None, "1"):
        raise InputError(f"parameter {name!r} takes 1 (or leave it out), not {value!r}")
    return value == "1"


def _host_forms(hosts: Sequence[str]) -> list[str]:
    """``hosts`` as a ``Host`` header may write them: an IPv6 address in brackets too
    ("[::1]", RFC 3986 section 3.2.2), which Starlette compares with the brackets kept."""
    forms = [*hosts, *(f"[{h}]" for h in hosts if ":" in h and not h.startswith("["))]
    return list(dict.fromkeys(forms))


def create_app(settings: Settings) -> Starlette:
    """The application over the store ``settings`` names, opened read-only (shared with other
    readers) for the server's life; StoreError when it cannot be opened."""
    store = Store.open(settings.store, read_only=True)
    server = _Server(settings, Explorer(store, settings.texts))
    middleware = [
        Middleware(TrustedHostMiddleware, allowed_hosts=_host_forms(settings.hosts)),
        Middleware(QueryStringCheck, refuse=server.refusal),
    ]
    if settings.cors:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=[settings.cors],
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type", "Accept"],
            )
        )
    static = StaticFiles(directory=str(resources.files("kg.serve") / "static"))
    routes = [
        Route("/", server.home),
        Route("/.json", server.home),
        Route("/search", server.search),
        Route("/search.json", server.search),
        Route("/sparql", server.sparql, methods=["GET", "POST"]),
        Route("/query", server.editor),
        Route("/overlap", server.overlap),
        Route("/overlap.json", server.overlap),
        Route("/view", server.view),
        Route("/sentences", server.sentences),
        Route("/sentences.json", server.sentences),
        *(Route(f"/{kind}/{{rest:path}}", server.page) for kind in PAGE_TYPES),
        Mount("/static", static, name="static"),
    ]
    threading.Thread(target=_warm, args=(server,), daemon=True).start()
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={
            404: server.not_found,
            405: server.not_allowed,
            Exception: server.failed,
        },
        lifespan=partial(_lifespan, store),
    )
    return app


def _warm(server: _Server) -> None:
    """While the server starts: answer the saved partner-overlap query (and write it as SPARQL
    JSON, what clients ask for most), then read what pages need, then answer the other saved
    queries that take no parameters, each in a worker within the server's --timeout; a
    failure (past the time limit: 503) shows on each request that needs the answer. One after
    the other: run beside the pages' reads, the overlap's 5,563 rows took three times as long
    (measured when it ran in the server's process)."""
    first, *others = server.whole
    with contextlib.suppress(Exception):
        server.saved_written(first, "json")
    with contextlib.suppress(Exception):
        server.explorer.warm()
    for name in others:
        with contextlib.suppress(Exception):
            server.saved_answer(name)


@asynccontextmanager
async def _lifespan(store: Store, app: Starlette) -> AsyncIterator[None]:
    try:
        yield
    finally:
        store.close()


class _Server:
    def __init__(self, settings: Settings, explorer: Explorer) -> None:
        from jinja2 import Environment, PackageLoader, select_autoescape

        self.settings = settings
        self.explorer = explorer
        self.slots = threading.BoundedSemaphore(settings.workers)
        self.lock = threading.Lock()
        self.cache: dict[Any, Any] = {}
        self.answers = AnswerCache()
        # The saved queries that take no parameters, by their text: their answers are made
        # once (``saved_answer``) and both their pages and /sparql read them.
        ordered = sorted(saved_queries().values(), key=lambda q: q.name != "partner-overlap")
        self.whole = {q.name: normalize(q.text) for q in ordered if not q.params}
        self.whole_by_text = {text: name for name, text in self.whole.items()}
        self.saved: dict[str, Answer | KgError] = {}
        self.saved_locks = {name: threading.Lock() for name in self.whole}
        self.pages = AnswerCache(entries=1024, budget=64 * 1024 * 1024)
        self.flights = Flights()
        self.templates = Environment(
            loader=PackageLoader("kg.serve", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
        )
        self.templates.globals.update(
            url=page_url, cell=term_cell, urlencode=urlencode, label=explorer.label
        )

    # Pages ----------------------------------------------------------------------------

    def render(self, template: str, code: int = 200, /, **values: Any) -> HTMLResponse:
        html = self.templates.get_template(template).render(**values)
        return HTMLResponse(html, status_code=code, headers=SECURITY_HEADERS)

    def error_page(self, status: int, message: str) -> HTMLResponse:
        return self.render("error.html", status, status=status, message=_one_line(message))

    async def guarded(self, work: Any, template: str, /, **values: Any) -> Response:
        """The page ``template`` shows with what ``work`` finds (run in a thread), or the
        error page for the KgError it raises; its JSON twin (``twin_of``) when the URL asks
        for it, made from the same ``work`` (the page's values but ``shown``, as JSON), with
        errors as JSON ``{"error", "status"}``. A page once made is kept, by its URL (the
        store does not change while it is served), and made once however many ask for it."""
        request = values.pop("request")
        key = str(request.url.path) + "?" + str(request.url.query)
        as_json = is_twin(request.url.path)
        kept = self.pages.get(key)
        if kept is not None:
            return self.page_response(kept, as_json)

        def make() -> bytes:
            found = work()
            if as_json:
                shown = {k: v for k, v in {**values, **found}.items() if k not in HTML_ONLY}
                body = json.dumps(_jsonable(shown), ensure_ascii=False, indent=1) + "\n"
                encoded = body.encode("utf-8")
            else:
                twin = twin_of(request.url.path, request.url.query)
                html = self.templates.get_template(template).render(**values, **found, twin=twin)
                encoded = html.encode("utf-8")
            self.pages.put(key, encoded)
            return encoded

        try:
            # Made (found and rendered) in a thread, once however many ask for it at once.
            body = await run_in_threadpool(self.flights.once, ("page", key), make)
        except KgError as exc:
            if as_json:
                return json_error(status_of(exc), str(exc))
            return self.error_page(status_of(exc), str(exc))
        return self.page_response(body, as_json)

    @staticmethod
    def page_response(body: bytes, as_json: bool) -> Response:
        if as_json:
            return Response(body, media_type="application/json", headers=SECURITY_HEADERS)
        return HTMLResponse(body, headers=SECURITY_HEADERS)

    async def home(self, request: Request) -> Response:
        return await self.guarded(
            lambda: {"reports": self.explorer.reports()}, "home.html", request=request
        )

    async def search(self, request: Request) -> Response:
        text = request.query_params.get("q", "")

        def work() -> dict[str, Any]:
            only_params(request, "q")
            groups, suggestions = self.explorer.search(text)
            return {"groups": groups, "suggestions": suggestions}

        return await self.guarded(work, "search.html", q=text, request=request)

    async def page(self, request: Request) -> Response:
        kind = request.url.path.split("/")[1]
        path = f"{kind}/{request.path_params['rest']}".removesuffix(".json")
        if kind == "report" and "/sentence/" in path:

            def sentence() -> dict[str, Any]:
                only_params(request)
                return {"sentence": self.explorer.sentence(path)}

            return await self.guarded(sentence, "sentence.html", request=request)

        def work() -> dict[str, Any]:
            only_params(request, "all")
            shown = None if flag(request, "all") else LINKS_SHOWN
            return {"entity": self.explorer.entity(path), "shown": shown}

        return await self.guarded(work, "entity.html", request=request)

    async def sentences(self, request: Request) -> Response:
        of, other = request.query_params.get("of", ""), request.query_params.get("with")

        def work() -> dict[str, Any]:
            only_params(request, "of", "with")
            if not of:
                raise NotFoundError(
                    "give of=, the page whose sentences to show: its address without the leading / "
                    "(partner/KEY)"
                )
            entity = self.explorer.entity(of)
            found = self.explorer.sentences(of, other)
            with_entity = self.explorer.entity(other) if other else None
            return {"entity": entity, "other": with_entity, "sentences": found}

        return await self.guarded(work, "sentences.html", request=request)

    async def overlap(self, request: Request) -> Response:
        partner = request.query_params.get("partner", "").strip()
        programme = request.query_params.get("programme", "").strip()

        def work() -> dict[str, Any]:
            only_params(request, "partner", "programme")
            rows = self.overlap_rows()
            chosen = rows
            if partner:
                groups, close = self.explorer.search(partner)
                if not groups.get("partner"):
                    hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
                    raise NotFoundError(f"no partner named {partner!r}{hint}")
                iris = {f"{ID}{hit.path}" for hit in groups["partner"]}
                chosen = [r for r in chosen if r["partnerA"] in iris or r["partnerB"] in iris]
            return {"pairs": _filtered(chosen, programme), "heatmap": _heatmap(rows)}

        return await self.guarded(
            work, "overlap.html", partner=partner, programme=programme, request=request
        )

    def overlap_rows(self) -> list[dict[str, Any]]:
        """The saved partner-overlap query's rows (``saved_answer``), as dicts, kept."""
        result = self.saved_answer("partner-overlap").result
        with self.lock:
            if "overlap" not in self.cache:
                self.cache["overlap"] = [
                    {v: _value(t) for v, t in zip(result.variables, row, strict=True)}
                    for row in result.rows
                ]
            return self.cache["overlap"]

    def saved_answer(self, name: str) -> Answer:
        """The answer (with its Result) of the saved query ``name``, which takes no
        parameters: run once and kept for the server's life (it holds the store's read lock,
        so the store does not change under it); a caller that comes while it runs waits for
        that run. It is kg's own text (shipped, never a user's), so it skips the checks a
        user's query gets (rdflib's parser alone took 0.6-0.9 s on it), but it runs in a
        worker within the server's --timeout and memory cap (``saved_result``), as user
        queries do. An error is kept too: the same store gives the same answer, and so the
        same error (a query past the time limit: 503), until kg serve restarts with other
        limits; the pages that do not need the answer are served all the same."""
        with self.saved_locks[name]:
            if name not in self.saved:
                try:
                    what = f"the saved query {name}"
                    limits = self.settings.limits
                    result = saved_result(self.settings.store, self.whole[name], limits, what)
                except KgError as exc:
                    self.saved[name] = exc
                    raise
                form = {"select": "SELECT", "ask": "ASK"}.get(result.kind, "CONSTRUCT")
                self.saved[name] = Answer(result.kind, form=form, result=result)
            kept = self.saved[name]
            if isinstance(kept, KgError):
                raise kept
            return kept

    def saved_in_format(self, name: str, accept: list[str], format_name: str | None) -> Answer:
        """The saved query ``name``'s kept answer (``saved_answer``: the same rows as running
        its text) written in the format the request asks for."""
        kind = self.saved_answer(name).result.kind
        chosen = choose("graph" if kind == "graph" else "select", accept, format_name)
        return self.saved_written(name, chosen)

    def saved_written(self, name: str, chosen: str) -> Answer:
        """The saved query ``name``'s kept answer written as ``chosen`` (a name from
        CONTENT_TYPES), written once and kept."""
        key = ("saved", name, chosen)

        def written() -> Answer:
            kept = self.saved_answer(name)
            body = write(kept.result, chosen)
            answer = Answer(kept.result.kind, body, CONTENT_TYPES[chosen], kept.form)
            self.answers.put(key, answer)
            return answer

        return self.answers.get(key) or self.flights.once(key, written)

    async def view(self, request: Request) -> Response:
        focus = {
            k: request.query_params[k]
            for k in ("programme", "partner", "outcome", "place")
            if request.query_params.get(k)
        }

        def work() -> bytes:
            from kg.publish.views import check_focus

            only_params(request, "programme", "partner", "outcome", "place", "overlap")
            overlap = flag(request, "overlap")
            check_focus(**focus, overlap=overlap)
            return self.bounded(_view_job, **focus, overlap=overlap)

        try:
            html = await run_in_threadpool(work)
        except KgError as exc:
            return self.error_page(status_of(exc), str(exc))
        return HTMLResponse(html, headers={"X-Content-Type-Options": "nosniff"})

    async def editor(self, request: Request) -> Response:
        params = request.query_params
        queries = saved_queries()
        name = params.get("name") or None
        saved = queries.get(name) if name else None
        if name and saved is None:
            return self.error_page(404, f"no saved query {name!r}; known: {', '.join(queries)}")
        # A form's textarea sends its lines ended by CR LF.
        text = (params.get("query") or "").replace("\r\n", "\n") or (saved.text if saved else "")
        values = [f"{p}={params.get('p.' + p, '')}" for p in (saved.params if saved else ())]
        download = params.get("download")
        state = {"queries": queries, "name": name, "saved": saved, "text": text}
        state["values"] = {p: params.get("p." + p, "") for p in (saved.params if saved else ())}
        state["link"] = urlencode([(k, v) for k, v in params.multi_items() if k != "download"])
        if not params.get("run"):
            return self.render("query.html", **state, result=None, error=None)
        try:
            if saved and not all(state["values"].values()):
                raise InputError("fill in every parameter of the saved query")
            bound = parse_params(values)
            if saved is not None and bound:
                await run_in_threadpool(check_held_values, bound, self.listed)
            whole = None if bound else self.whole_by_text.get(normalize(text))
            if whole is not None:
                answer = await run_in_threadpool(self.saved_answer, whole)
            else:
                answer = await run_in_threadpool(
                    self.bounded, run_result, text, bound, saved if bound else None
                )
        except KgError as exc:
            status = status_of(exc)
            return self.render("query.html", status, **state, result=None, error=str(exc))
        if answer.kind == "update":
            message = "this endpoint is read-only: SPARQL updates are refused"
            return self.render("query.html", 403, **state, result=None, error=message)
        if download in ("csv", "json"):
            return _download(answer.result, download)
        return self.render("query.html", **state, result=answer.result, error=None)

    def listed(self, text: str) -> Any:
        """The Result of ``text``, a query that takes no parameters, run as the editor runs
        queries (bounded, kept)."""
        return self.bounded(run_result, text, {}, None).result

    def bounded(self, job: Any, *args: Any, **kwargs: Any) -> Any:
        """``job(store, *args, limits, ...)`` with a slot among the concurrent query workers,
        waiting at most the time limit for one. Answers are kept (``AnswerCache``: the store
        does not change while it is served), and the same query asked again while it runs
        waits for that run (``Flights``)."""
        key = _cache_key(job, args, kwargs)
        found = self.answers.get(key)
        if found is not None:
            return found

        def run() -> Any:
            answer = self._bounded(job, *args, **kwargs)
            self.answers.put(key, answer)
            return answer

        return self.flights.once(("query", key), run)

    def _bounded(self, job: Any, *args: Any, **kwargs: Any) -> Any:
        limits = self.settings.limits
        if not self.slots.acquire(timeout=limits.timeout or None):
            raise StoreError("the server is busy with other queries; try again")
        try:
            if job in (run_result, answer_query):
                return job(self.settings.store, *args, limits=limits, **kwargs)
            from kg.store.worker import run_bounded

            return run_bounded(
                partial(job, self.settings.store, **kwargs), *args, limits=limits, what="the view"
            )
        finally:
            self.slots.release()

    async def not_found(self, request: Request, exc: Exception) -> Response:
        if request.url.path == "/sparql":
            return PlainTextResponse("not found\n", 404)
        if is_twin(request.url.path):
            return json_error(404, f"no page {request.url.path}")
        return self.error_page(404, f"no page {request.url.path}")

    def refusal(self, path: str, status: int, message: str) -> Response:
        """The error answer for a request to ``path``, in the form its page would have: plain
        text from the endpoint, JSON for a JSON twin, else the error page."""
        if path == "/sparql":
            return _plain(status, message)
        if is_twin(path):
            return json_error(status, message)
        return self.error_page(status, message)

    async def failed(self, request: Request, exc: Exception) -> Response:
        return _plain(500, f"the server failed on this request ({type(exc).__name__})")

    async def not_allowed(self, request: Request, exc: Exception) -> Response:
        return PlainTextResponse(
            f"{request.method} is not allowed here\n", 405, headers={"Allow": "GET, POST"}
        )

    # The SPARQL 1.1 Protocol endpoint -----------------------------------------------------

    def report_graphs(self) -> frozenset[str]:
        """The IRIs of the store's report graphs (their union is its default graph)."""
        return frozenset(str(graph_iri(report.slug)) for report in self.explorer.reports())

    async def sparql(self, request: Request) -> Response:
        try:
            text, format_name = await _protocol_query(request, self.report_graphs())
            accept = accepted(request.headers.get("accept"))
            name = self.whole_by_text.get(normalize(text))
            if name is not None:
                answer = await run_in_threadpool(self.saved_in_format, name, accept, format_name)
            else:
                answer = await run_in_threadpool(
                    self.bounded, answer_query, text, accept, format_name
                )
        except QueryError as exc:
            return _plain(exc.status, str(exc))
        except KgError as exc:
            return _plain(status_of(exc), str(exc))
        if answer.kind == "update":
            return _plain(403, f"this endpoint is read-only: {answer.form} is refused")
        return Response(answer.body, media_type=answer.media_type, headers={"Vary": "Accept"})


async def _protocol_query(
    request: Request, report_graphs: frozenset[str]
) -> tuple[str, str | None]:
    """The query text and ``format`` parameter of a SPARQL Protocol query request (GET with
    ``query=``, POST form, POST ``application/sparql-query``); QueryError otherwise. A
    ``default-graph-uri`` set naming every report graph (what ``kg query --endpoint`` sends) is
    the store's default graph, their union held once; any other dataset is refused."""
    fields = parse_qsl(request.url.query, keep_blank_values=True)
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            raise QueryError(403, "this endpoint is read-only: SPARQL updates are refused")
        if media not in QUERY_TYPES:
            raise QueryError(415, f"POST a query as {' or '.join(QUERY_TYPES)}, not {media!r}")
        body = await _body(request)
        try:
            decoded = body.decode("utf-8")
        except UnicodeDecodeError:
            raise QueryError(400, "the request body is not UTF-8") from None
        if media == "application/sparql-query":
            if any(k == "query" for k, _ in fields):
                raise QueryError(400, "give the query once: in the body or as query=, not both")
            fields.append(("query", decoded))
        else:
            fields += parse_qsl(decoded, keep_blank_values=True)
    names = [k for k, _ in fields]
    if "update" in names:
        raise QueryError(403, "this endpoint is read-only: SPARQL updates are refused")
    defaults = {v for k, v in fields if k == "default-graph-uri"}
    for graph_parameter in ("default-graph-uri", "named-graph-uri"):
        if graph_parameter in names and not (
            graph_parameter == "default-graph-uri" and defaults == report_graphs
        ):
            raise QueryError(
                400,
                f"{graph_parameter} is supported here only as every report graph (the default "
                "graph); name graphs with FROM in the query",
            )
    queries = [v for k, v in fields if k == "query"]
    if len(queries) != 1:
        raise QueryError(400, "give exactly one query= (SPARQL 1.1 Protocol)")
    if len(queries[0].encode("utf-8")) > MAX_QUERY_BYTES:
        raise QueryError(413, f"the query is over {MAX_QUERY_BYTES // 1024} KiB")
    formats = [v for k, v in fields if k == "format"]
    return queries[0], formats[0] if formats else None


async def _body(request: Request) -> bytes:
    """The request body, refused (413) beyond the size a query may have."""
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_QUERY_BYTES * 3):
        raise QueryError(413, f"the request is over {MAX_QUERY_BYTES * 3 // 1024} KiB")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_QUERY_BYTES * 3:
            raise QueryError(413, f"the request is over {MAX_QUERY_BYTES * 3 // 1024} KiB")
        chunks.append(chunk)
    return b"".join(chunks)


# The paths whose parameters may repeat (/sparql: default-graph-uri, named-graph-uri) or hold
# line ends and tabs (a query's text): the endpoint and the editor check their own.
QUERY_PATHS = frozenset({"/sparql", "/query"})


def query_string_problem(path: str, query_string: bytes) -> str | None:
    """What is wrong with a request's query string, or None: percent-escapes that are not
    UTF-8 (read as U+FFFD, they searched for "\ufffd" or named a partner '\ufffd'), and, on
    the explorer's pages, a parameter given twice (the last one silently won) or holding a
    control character (which HTML cannot show)."""
    from urllib.parse import unquote_to_bytes

    seen: set[str] = set()
    for pair in query_string.split(b"&"):
        if not pair:
            continue
        raw_name, _, raw_value = pair.partition(b"=")
        try:
            name, value = (
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
                for part in (raw_name, raw_value)
            )
        except UnicodeDecodeError:
            return "the query string is not UTF-8 (percent-encode the UTF-8 bytes of each value)"
        if path in QUERY_PATHS:
            continue
        if name in seen:
            return f"parameter {name!r} is given twice; give it once"
        seen.add(name)
        if any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in name + value):
            return f"parameter {name!r} holds a control character"
    return None


class QueryStringCheck:
    """ASGI middleware that answers 400, in the form of the page asked for (``refuse``), a
    request whose query string ``query_string_problem`` refuses, before any page reads it."""

    def __init__(self, app: Any, refuse: Any) -> None:
        self.app = app
        self.refuse = refuse

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            problem = query_string_problem(scope["path"], scope.get("query_string", b""))
            if problem is not None:
                await self.refuse(scope["path"], 400, problem)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _plain(status: int, message: str) -> Response:
    return PlainTextResponse(_one_line(message) + "\n", status)


def _one_line(message: str) -> str:
    return " ".join(str(message).split())


def is_twin(path: str) -> bool:
    """Whether the URL path asks for a page's JSON twin (it ends with ``.json``)."""
    return path.endswith(".json")


def twin_of(path: str, query: str = "") -> str:
    """The URL of the JSON twin of the page at ``path`` (with its ``query`` string): the path
    with ``.json`` added (``/partner/inmujeres.json``, ``/search.json?q=x``; ``/.json`` for
    the home page), as datasette names its JSON."""
    return f"{path}.json" + (f"?{query}" if query else "")


def json_error(status: int, message: str) -> Response:
    """A JSON twin's error: ``{"error": one line, "status": code}`` with that status."""
    return JSONResponse({"error": _one_line(message), "status": status}, status, SECURITY_HEADERS)


def _jsonable(value: Any) -> Any:
    """``value`` as JSON values: a dataclass as an object of its fields (with ``url``, the
    page of its ``path``, and a link's total ``sentences``), tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(getattr(value, "path", None), str):
            out["url"] = page_url(value.path)
        if isinstance(getattr(value, "sentences", None), int):
            out["sentences"] = value.sentences
        return out
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def page_url(iri_or_path: str) -> str | None:
    """The URL of an entity's page from its IRI or page path (None for outside IRIs)."""
    path = path_of(iri_or_path) if "://" in iri_or_path else iri_or_path
    return None if path is None else "/" + quote(path, safe="/")


def term_cell(term: Any) -> tuple[str, str | None]:
    """A result term as (text, page URL or None) for the editor's table."""
    if term is None:
        return "", None
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return term.value, page_url(term.value)
    return term.value, None


def _value(term: Any) -> Any:
    if term is None:
        return None
    value = term.value
    if getattr(term, "datatype", None) is not None and term.datatype.value.endswith("#integer"):
        return int(value)
    return value


def _filtered(rows: list[dict[str, Any]], programme: str) -> list[dict[str, Any]]:
    """The first 200 ``rows`` that share a programme whose name holds ``programme``."""
    from kg.readers.debris import search_key

    chosen = rows
    if programme:
        key = search_key(programme)
        chosen = [r for r in chosen if key in search_key(r["sharedProgrammes"] or "")]
    return chosen[:200]


def _heatmap(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The partners in the most-shared pairs and each pair's total, bucketed 0-9 for colour."""
    order: list[tuple[str, str]] = []
    for row in rows:
        for side in ("A", "B"):
            item = (row[f"partner{side}"], row[f"label{side}"])
            if item not in order and len(order) < HEATMAP_SIZE:
                order.append(item)
    totals: dict[tuple[str, str], int] = {}
    chosen = {iri for iri, _ in order}
    for row in rows:
        if row["partnerA"] in chosen and row["partnerB"] in chosen:
            totals[(row["partnerA"], row["partnerB"])] = row["total"]
            totals[(row["partnerB"], row["partnerA"])] = row["total"]
    top = max(totals.values(), default=1)
    cells = [
        [(totals.get((a, b), 0), (9 * totals.get((a, b), 0) + top - 1) // top) for b, _ in order]
        for a, _ in order
    ]
    return {"partners": order, "cells": cells}


def _download(result: Any, fmt: str) -> Response:
    from kg.spreadsheet import csv_bytes
    from kg.store.query import render

    if fmt == "json":
        body, media = render(result, "json"), "application/sparql-results+json"
    elif result.kind == "select":
        rows = [[getattr(t, "value", "") if t is not None else "" for t in r] for r in result.rows]
        body, media = csv_bytes(result.variables, rows), "text/csv; charset=utf-8"
    else:
        raise_kind = "an ASK answer" if result.kind == "ask" else "a graph"
        return _plain(406, f"{raise_kind} has no CSV form; download JSON")
    disposition = f'attachment; filename="query.{fmt}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


def _view_job(store: str, **focus: Any) -> bytes:
    from kg.publish.views import render_html, store_view

    return render_html(store_view(store, **focus))
