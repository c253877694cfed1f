"""The embedded store: an Oxigraph database on disk (or in memory), one named graph per report.

Reports are loaded into ``graph_iri(slug)``. The store's default graph is the union of the
report graphs with each triple held once (``kg.store.union``), so a partner named in two reports
is one node with the links of both, and counted once: queries without ``FROM`` read it. It
also holds the links of IATI activities to the report outcomes they declare, which no single
report graph can state (``kg.store.declared``). Beside them the entities graph
(``kg.store.entities``) holds each entity's description and direct links once, for questions
that join entities across reports without the evidence. A report is replaced by one SPARQL
update (drop, insert, bring the default and entities graphs and the declared links in step),
which Oxigraph runs as a transaction.

Oxigraph keeps numbers of derived integer types as ``xsd:integer`` and decimals in their XSD 1.1
canonical form, which is why kg builds graphs with those datatypes and forms.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from kg.errors import InputError, NotFoundError, StoreError
from kg.graph.vocab import (
    BASE_VARIABLE,
    ENTITIES_GRAPH,
    MERGES_GRAPH,
    PREFIXES,
    graph_base,
    graph_iri,
    iri_base,
)
from kg.store import declared, entities, union
from kg.store.lock import StoreLock

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

    from kg.graph.rdfterms import TermTriple

DEFAULT_STORE = Path(".kg") / "store"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MEMORY = ":memory:"
ENV_VAR = "KG_STORE"

_REPORTS = """
SELECT ?g ?slug ?title ?year (COUNT(DISTINCT ?outcome) AS ?outcomes) WHERE {
  GRAPH ?g {
    ?report a kg:Report ; dcterms:identifier ?slug .
    OPTIONAL { ?report dcterms:title ?title }
    OPTIONAL { ?report kg:year ?year }
    OPTIONAL { ?report kg:hasOutcome ?outcome }
  }
} GROUP BY ?g ?slug ?title ?year ORDER BY ?slug
"""

# Every named graph's size in one aggregate: Oxigraph counts inside the store (about a second
# for 1,000 reports), where reading each report's quads into Python took a minute or more.
_GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"

_SLUGS = """
SELECT DISTINCT ?g ?slug WHERE { GRAPH ?g { ?report a kg:Report ; dcterms:identifier ?slug } }
"""

_IDENTITIES = """
SELECT ?g ?slug ?title ?country ?year ?outcome WHERE {
  GRAPH ?g {
    ?report a kg:Report ; dcterms:identifier ?slug .
    OPTIONAL { ?report dcterms:title ?title }
    OPTIONAL { ?report kg:country ?country }
    OPTIONAL { ?report kg:year ?year }
    OPTIONAL { ?report kg:hasOutcome ?outcome }
  }
}
"""


@dataclass(frozen=True)
class ReportIdentity:
    """What tells one report from another whatever its file is called: its title, country and
    year, and its outcomes (whose IRIs come from their identifiers and statements, not from
    the report's name)."""

    slug: str
    title: str
    country: str
    year: str
    outcomes: frozenset[str]

    def same_as(self, other: ReportIdentity) -> str | None:
        """Why ``other`` (under another name) is this same report, or None: the same outcomes,
        or the same title, country and year. Reports of two years are never one: an
        organisation reports on the same outcomes, with the same statements, year after year."""
        if self.slug == other.slug:
            return None
        if self.year and other.year and self.year != other.year:
            return None
        if self.outcomes and self.outcomes == other.outcomes:
            return "same outcomes and statements"
        ours = (self.title, self.country, self.year)
        if all(ours) and ours == (other.title, other.country, other.year):
            return "same title, country and year"
        return None


def report_identity(slug: str, triples: Iterable[TermTriple]) -> ReportIdentity:
    """The identity of the report ``slug`` from its graph's triples."""
    from kg.graph.vocab import DCTERMS, KG, RDF

    values: dict[str, Any] = {"title": "", "country": "", "year": ""}
    outcomes: set[str] = set()
    wanted = {
        str(DCTERMS.title): "title",
        str(KG.country): "country",
        str(KG.year): "year",
    }
    kind, report, has_outcome = str(RDF.type), str(KG.Report), str(KG.hasOutcome)
    listed = list(triples)
    reports = {
        s.value for s, p, o in listed if p.value == kind and getattr(o, "value", "") == report
    }
    for s, p, o in listed:
        if s.value not in reports:
            continue
        if p.value in wanted:
            values[wanted[p.value]] = o.value
        elif p.value == has_outcome:
            outcomes.add(o.value)
    return ReportIdentity(
        slug, values["title"], values["country"], values["year"], frozenset(outcomes)
    )


@dataclass(frozen=True)
class ReportEntry:
    """A report held in the store: its slug, title, year and size."""

    slug: str
    title: str
    year: str
    outcomes: int
    triples: int


def store_location(option: str | None = None) -> str:
    """Where the store lives: ``option`` if given, else $KG_STORE, else ``./.kg/store``."""
    return option or os.environ.get(ENV_VAR) or str(DEFAULT_STORE)


def check_slug(slug: str) -> str:
    """``slug`` if it can name a report (what ``kg list`` shows: lower-case letters, digits
    and hyphens); InputError otherwise."""
    if not _SLUG.fullmatch(slug):
        raise InputError(
            f"{slug!r} is not a report name (kg list shows them: letters, digits and hyphens)"
        )
    return slug


def sparql_prefixes() -> dict[str, str]:
    """kg's prefixes as a name -> IRI mapping for SPARQL parsers."""
    return {name: str(namespace) for name, namespace in PREFIXES.items()}


class Store:
    """A kg store: report graphs in an Oxigraph database, queried as one graph."""

    def __init__(
        self, oxigraph: pyoxigraph.Store, location: str, lock: StoreLock | None = None
    ) -> None:
        self.oxigraph = oxigraph
        self.location = location
        self.lock = lock

    @classmethod
    def open(
        cls,
        location: str | None = None,
        *,
        create: bool = False,
        read_only: bool = False,
        lock: StoreLock | None = None,
    ) -> Store:
        """Open the store at ``location`` (``:memory:`` for a fresh in-memory one), creating it
        only if ``create``. Readers (``read_only``) share the store; a writer has it alone
        (``kg.store.lock``; pass a ``lock`` taken earlier to keep it). A folder that holds
        other files and no store is refused, never made into one."""
        import pyoxigraph

        where = store_location(location)
        if where == MEMORY:
            return cls(pyoxigraph.Store(), where)
        if lock is None:
            lock = cls.lock(where, create=create, exclusive=not read_only)
        try:
            opened = pyoxigraph.Store.read_only(where) if read_only else pyoxigraph.Store(where)
        except OSError as exc:
            lock.release()
            raise StoreError(_open_error(where, exc)) from None
        store = cls(opened, where, lock)
        other = store._other_base()
        if other is not None:
            lock.release()
            raise StoreError(
                f"the store {where} holds IRIs minted under the base {other}, not "
                f"{iri_base()}: set {BASE_VARIABLE}={other} as when it was built (or use "
                "another store)"
            )
        if not read_only:
            store._add_entities_graph()
        return store

    @staticmethod
    def lock(location: str | None, *, create: bool = False, exclusive: bool = True) -> StoreLock:
        """The lock on the store at ``location`` (made first if ``create``), taken before any
        work: shared for a reader, ``exclusive`` for a writer. InputError for a folder that
        holds other files and no store; StoreError when the store is absent or in use."""
        where = store_location(location)
        path = Path(where)
        if path.exists() and not path.is_dir():
            raise InputError(f"{where}: not a store directory")
        is_store = (path / "CURRENT").exists()
        if path.is_dir() and not is_store and any(path.iterdir()):
            raise InputError(
                f"{where}: a folder that holds other files is not a kg store; name a new or "
                "empty folder with --store"
            )
        if not create and not is_store:
            raise StoreError(f"no store at {where} (load reports with 'kg build' first)")
        if create:
            try:
                path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(_open_error(where, exc)) from None
        return StoreLock.acquire(path, exclusive=exclusive)

    def close(self) -> None:
        """Flush and release the store (and its lock)."""
        try:
            if self.location != MEMORY and self.lock is not None and self.lock.exclusive:
                self.oxigraph.flush()
        except OSError as exc:
            raise StoreError(
                f"{self.location}: cannot write the store ({_first_line(exc)})"
            ) from None
        finally:
            del self.oxigraph
            if self.lock is not None:
                self.lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def replace_report(self, slug: str, graph: Graph | bytes | Iterable[TermTriple]) -> int:
        """Load one report's graph (built triples, an rdflib Graph or N-Triples bytes) into its
        named graph, replacing what was there and nothing else; return the number of triples.

        The drop, the insert and the updates of the default and entities graphs are one SPARQL
        update, which
        Oxigraph applies as one transaction: a load that fails (bad data, full disk) leaves the
        old graph in place.
        """
        import pyoxigraph
        from rdflib import Graph

        from kg.graph.rdfterms import to_triples

        target = _node(graph_iri(slug))
        if isinstance(graph, bytes):
            data = graph.decode("utf-8")
        else:
            built = to_triples(graph) if isinstance(graph, Graph) else graph
            triples = (pyoxigraph.Triple(s, p, o) for s, p, o in built)
            data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES).decode()
        update = " ;\n".join(
            [
                union.retract(target.value),
                entities.retract(target.value),
                f"DROP SILENT GRAPH {target}",
                f"INSERT DATA {{ GRAPH {target} {{\n{data}\n}} }}",
                union.collect(target.value),
                entities.collect(target.value),
                declared.rederive(),
            ]
        )
        try:
            self.oxigraph.update(update)
        except (OSError, SyntaxError, UnicodeDecodeError) as exc:
            raise StoreError(f"{self.location}: cannot load {slug} ({_first_line(exc)})") from None
        return self.count_triples(slug)

    def load_prepared(self, slug: str, nquads: Path, triples: int) -> int:
        """Load one report that kg.corpus prepared (N-Quads of its graph and of what the
        entities graph takes from it); return its number of triples. A report the store does not
        hold yet is one transactional bulk of quads (Oxigraph's ``load``: all or nothing), its
        declared outcome links derived after it; one
        it holds is replaced by ``replace_report``, one update, touching only its graph and the
        entities it names."""
        import pyoxigraph

        graph = self._graph(slug)
        if not self.oxigraph.contains_named_graph(graph):
            try:
                self.oxigraph.load(path=nquads, format=pyoxigraph.RdfFormat.N_QUADS)
            except (OSError, SyntaxError) as exc:
                raise StoreError(
                    f"{self.location}: cannot load {slug} ({_first_line(exc)})"
                ) from None
            self.derive_declared()
            return triples
        quads = pyoxigraph.parse(path=nquads, format=pyoxigraph.RdfFormat.N_QUADS)
        return self.replace_report(
            slug, [(q.subject, q.predicate, q.object) for q in quads if q.graph_name == graph]
        )

    def remove_report(self, slug: str) -> None:
        """Drop one report's graph; entities other reports name stay in theirs."""
        target = _node(graph_iri(slug))
        if not self.oxigraph.contains_named_graph(target):
            raise NotFoundError(self._unknown(slug))
        self.oxigraph.update(
            f"{union.retract(target.value)} ;\n{entities.retract(target.value)} ;\n"
            f"DROP GRAPH {target} ;\n{declared.rederive()}"
        )

    def reports(self) -> list[ReportEntry]:
        """The reports held, by slug, with their title, year, outcome and triple counts."""
        sizes = {row["g"]: int(row["triples"].value) for row in self.oxigraph.query(_GRAPH_SIZES)}
        entries = []
        for row in self.oxigraph.query(_REPORTS, prefixes=sparql_prefixes()):
            slug = row["slug"].value
            if row["g"] != _node(graph_iri(slug)):
                continue
            entries.append(
                ReportEntry(
                    slug=slug,
                    title=row["title"].value if row["title"] is not None else "",
                    year=row["year"].value if row["year"] is not None else "",
                    outcomes=int(row["outcomes"].value),
                    triples=sizes[row["g"]],
                )
            )
        return entries

    def identities(self) -> list[ReportIdentity]:
        """The identity of each report held (``ReportIdentity``), by slug."""
        found: dict[str, dict[str, Any]] = {}
        for row in self.oxigraph.query(_IDENTITIES, prefixes=sparql_prefixes()):
            slug = row["slug"].value
            if row["g"] != _node(graph_iri(slug)):
                continue
            entry = found.setdefault(slug, {"outcomes": set()})
            for name in ("title", "country", "year"):
                if row[name] is not None:
                    entry[name] = row[name].value
            if row["outcome"] is not None:
                entry["outcomes"].add(row["outcome"].value)
        return [
            ReportIdentity(
                slug,
                entry.get("title", ""),
                entry.get("country", ""),
                entry.get("year", ""),
                frozenset(entry["outcomes"]),
            )
            for slug, entry in sorted(found.items())
        ]

    def slugs(self) -> list[str]:
        """The slugs of the reports held, sorted. Read from each report's ``a kg:Report``
        triple alone: ``reports`` also counts every report's triples."""
        rows = self.oxigraph.query(_SLUGS, prefixes=sparql_prefixes())
        return sorted(
            {row["slug"].value for row in rows if row["g"] == _node(graph_iri(row["slug"].value))}
        )

    def check_held(self, slugs: Iterable[str]) -> None:
        """NotFoundError, naming the reports held, for the first of ``slugs`` not held."""
        held = set(self.slugs())
        for slug in slugs:
            if slug not in held:
                raise NotFoundError(self._unknown(slug))

    def graph_names(self) -> list[str]:
        """The IRIs of the named graphs the store holds (report graphs, the entities graph)."""
        return sorted(graph.value for graph in self.oxigraph.named_graphs())

    def count_triples(self, slug: str) -> int:
        """The number of triples in one report's graph."""
        return sum(1 for _ in self.oxigraph.quads_for_pattern(None, None, None, self._graph(slug)))

    def report_ntriples(self, slug: str) -> bytes:
        """One report's graph as N-Triples, sorted (for pushing elsewhere)."""
        import pyoxigraph

        graph = self._graph(slug)
        if not self.oxigraph.contains_named_graph(graph):
            raise NotFoundError(self._unknown(slug))
        data = self.oxigraph.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=graph)
        return b"".join(sorted(data.splitlines(keepends=True)))

    def merges_ntriples(self) -> bytes:
        """The merges graph (kg.store.merges) as sorted N-Triples, one triple a line."""
        import pyoxigraph

        graph = _node(MERGES_GRAPH)
        if not self.oxigraph.contains_named_graph(graph):
            return b""
        data = self.oxigraph.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=graph)
        return b"".join(sorted(data.splitlines(keepends=True)))

    def report_quads(self, slug: str) -> list[Any]:
        """The quads of one report's graph; NotFoundError naming the reports held otherwise."""
        graph = self._graph(slug)
        if not self.oxigraph.contains_named_graph(graph):
            raise NotFoundError(self._unknown(slug))
        return list(self.oxigraph.quads_for_pattern(None, None, None, graph))

    def quads(self) -> Iterator[Any]:
        """Every quad of the report graphs (for exports; the default graph and the entities
        graph are derived from them, the merges graph from them and a user's merges file)."""
        import pyoxigraph

        from kg.graph.vocab import MERGES_GRAPH

        left_out = {_node(ENTITIES_GRAPH), _node(MERGES_GRAPH)}
        return (
            quad
            for quad in self.oxigraph
            if isinstance(quad.graph_name, pyoxigraph.NamedNode) and quad.graph_name not in left_out
        )

    def holds_union(self) -> bool:
        """Whether the default graph holds the union of the report graphs (``kg.store.union``):
        true of every store kg has written to since it kept one, and of an empty store."""
        import pyoxigraph

        default = self.oxigraph.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())
        if next(iter(default), None) is not None:
            return True
        return not any(graph.value != str(ENTITIES_GRAPH) for graph in self.oxigraph.named_graphs())

    def derive_declared(self) -> None:
        """Derive the activities' kg:declaresOutcome links anew (kg.store.declared), after
        reports were loaded by a path that does not (a bulk load, a prepared report's load)."""
        self.oxigraph.update(declared.rederive())

    def rederive(self) -> None:
        """Make the default graph and the entities graph anew from the report graphs (after
        an update kg did not write, which may have changed any graph)."""
        graphs = [str(graph_iri(slug)) for slug in self.slugs()]
        self.oxigraph.update(
            f"{union.rebuild(graphs)} ;\n{entities.rebuild(graphs)} ;\n{declared.rederive()}"
        )

    def _other_base(self) -> str | None:
        """The IRI base the store's report graphs were minted under when it is not the base in
        force (kg.graph.vocab.iri_base), else None."""
        own = str(graph_iri(""))
        names = sorted(graph.value for graph in self.oxigraph.named_graphs())
        if not names or any(n.startswith(own) or n == str(ENTITIES_GRAPH) for n in names):
            return None
        return next(filter(None, map(graph_base, names)), None)

    def _add_entities_graph(self) -> None:
        """Make the entities graph and the default graph of a store written before kg kept
        them."""
        has_entities = self.oxigraph.contains_named_graph(_node(ENTITIES_GRAPH))
        if has_entities and self.holds_union():
            return
        graphs = [str(graph_iri(slug)) for slug in self.slugs()]
        if not graphs:
            return
        if not has_entities:
            self.oxigraph.update(entities.rebuild(graphs))
        if not self.holds_union():
            self.oxigraph.update(f"{union.rebuild(graphs)} ;\n{declared.rederive()}")

    def _graph(self, slug: str) -> pyoxigraph.NamedNode:
        return _node(graph_iri(slug))

    def _unknown(self, slug: str) -> str:
        held = ", ".join(self.slugs()) or "none"
        return f"no report {slug!r} in the store {self.location} (reports held: {held})"


class NewStore:
    """A store made at ``location`` (absent or an empty folder, which the caller has locked)
    from N-Quads files added one at a time, as they are ready, with Oxigraph's bulk loader,
    ``batch`` files a call; ``done(n)`` hears of each batch loaded (n files in all).

    The bulk loader writes index files directly, several times faster than transactions but not
    atomic, so the store is made in a hidden sibling folder and renamed into place by
    ``commit``: leaving the ``with`` block without it (an error, an interruption) removes the
    sibling and leaves ``location`` as it was (a killed process leaves the sibling behind, never
    a partial store). StoreError when the data or the disk fails."""

    def __init__(
        self, location: str, batch: int = 100, done: Callable[[int], None] | None = None
    ) -> None:
        self.location = location
        self.batch = batch
        self.done = done
        self.target = Path(location).resolve()  # "." has no name to build a sibling from
        self.staging = self.target.with_name(f".{self.target.name}.building-{os.getpid()}")
        self.waiting: list[Path] = []
        self.loaded = 0
        self.made: pyoxigraph.Store | None = None
        self.committed = False

    def __enter__(self) -> NewStore:
        import pyoxigraph

        try:
            self.made = pyoxigraph.Store(str(self.staging))
        except OSError as exc:
            self._fail(exc)
        except BaseException:  # Ctrl-C as the folder is made: no __exit__ will remove it
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.committed:
            self.made = None
            shutil.rmtree(self.staging, ignore_errors=True)

    def add(self, path: Path) -> None:
        """Take one report's N-Quads file (loaded with the next full batch)."""
        self.waiting.append(path)
        if len(self.waiting) >= self.batch:
            self._load()

    def commit(self, finish: Callable[[Store], None] | None = None) -> None:
        """Load what waits, let ``finish`` do the rest of the store's writing (derived links,
        merges) while it is still the caller's alone, write it out and move it into place."""
        if self.waiting:
            self._load()
        try:
            assert self.made is not None
            if finish is not None:
                finish(Store(self.made, str(self.staging)))
            self.made.flush()
            self.made = None
            self.staging.rename(self.target)  # replaces the empty folder the caller locked
        except OSError as exc:
            self._fail(exc)
        self.committed = True

    def _load(self) -> None:
        import pyoxigraph

        assert self.made is not None
        try:
            data = b"".join(path.read_bytes() for path in self.waiting)
            self.made.bulk_load(data, format=pyoxigraph.RdfFormat.N_QUADS)
        except (OSError, SyntaxError) as exc:
            self._fail(exc)
        self.loaded += len(self.waiting)
        self.waiting = []
        if self.done is not None:
            self.done(self.loaded)

    def _fail(self, exc: Exception) -> NoReturn:
        self.made = None
        shutil.rmtree(self.staging, ignore_errors=True)
        raise StoreError(f"{self.location}: cannot make the store ({_first_line(exc)})") from None


def _node(iri: str) -> pyoxigraph.NamedNode:
    import pyoxigraph

    return pyoxigraph.NamedNode(str(iri))


def _first_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 160 else text[:159] + "…"


def _open_error(where: str, exc: OSError) -> str:
    text = str(exc)
    if "lock" in text.lower():
        return f"the store {where} is in use by another kg process (its lock is held); try again"
    return f"cannot open the store {where} ({text})"
