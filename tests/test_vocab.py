"""kg.graph.vocab: prefixes per kind, names that read back, codes typed by scheme, the IRI base."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS

from kg.errors import InputError
from kg.graph.vocab import (
    BASE,
    KG,
    PREFIXES,
    compact,
    entity_iri,
    iri_base,
    outcome_iri,
    sentence_iri,
)

LOCAL_NAMES = [
    "partner/inmujeres",
    "outcome/XM-DAC-41146-MEX_D_1.1/3f2a9c0d1e2b",
    "report/unwomen-mexico-2022/sentence/0123456789abcdef-1",
    "graph/a.b",
    "place/-x",
    "partner/a%2Fb",
    "partner/it's(1)+2=3;x,y~z*!$&?#@",
]


@pytest.mark.parametrize("local", LOCAL_NAMES)
def test_a_compact_name_reads_back_as_the_same_iri_in_sparql_and_turtle(local):
    iri = f"{BASE}id/{local}"
    name = compact(iri)
    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    solutions = pyoxigraph.Store().query(
        f"SELECT ?x WHERE {{ BIND({name} AS ?x) }}", prefixes=prefixes
    )
    assert [s["x"].value for s in solutions] == [iri], name
    declared = "".join(f"@prefix {k}: <{v}> .\n" for k, v in prefixes.items())
    parsed = Graph().parse(data=f"{declared}{name} {name} {name} .", format="turtle")
    assert {str(t) for t in next(iter(parsed))} == {iri}, name


def test_each_kind_of_thing_has_its_own_prefix():
    assert compact(str(entity_iri("partner/inmujeres"))) == "kgpartner:inmujeres"
    assert compact(str(entity_iri("programme/spotlight-initiative"))) == (
        "kgprogramme:spotlight-initiative"
    )
    assert compact(str(entity_iri("place/mx-oax"))) == "kgplace:mx-oax"
    assert compact(str(outcome_iri("XM-DAC-41146-MEX_D_1.1"))) == (
        "kgoutcome:XM-DAC-41146-MEX_D_1.1"
    )
    assert compact(str(sentence_iri("r", "ab"))) == "kgreport:r\\/sentence\\/ab"
    assert compact(str(KG.Partner)) == "kg:Partner"
    assert compact("http://example.org/a b") == "<http://example.org/a b>"
    assert compact(f"{BASE}id/graph/a.") == f"<{BASE}id/graph/a.>"
    assert compact(f"{BASE}id/graph/a%zz") == f"<{BASE}id/graph/a%zz>"


def test_turtle_names_every_entity_with_its_kinds_prefix(bundled_graph, tmp_path):
    from kg.publish.export import export

    (path,) = export(bundled_graph, "ttl", tmp_path / "m.ttl")
    text = path.read_text(encoding="utf-8")
    assert "@prefix kgpartner: <https://w3id.org/kg/id/partner/> ." in text
    assert "kgpartner:inmujeres a " in text
    assert "kgid:partner\\/" not in text and "kgid:place\\/" not in text


def test_codes_carry_their_schemes_datatype_and_countries_their_geonames_iri(bundled_graph):
    inmujeres = entity_iri("partner/inmujeres")
    mexico, oaxaca = entity_iri("place/mx"), entity_iri("place/mx-oax")
    assert set(bundled_graph.objects(inmujeres, SKOS.notation)) == {
        Literal("Q6041396", datatype=KG.wikidataId)
    }
    assert set(bundled_graph.objects(mexico, SKOS.notation)) == {
        Literal("MX", datatype=KG.iso3166Code),
        Literal("3996063", datatype=KG.geonamesId),
    }
    assert (mexico, OWL.sameAs, URIRef("https://sws.geonames.org/3996063/")) in bundled_graph
    assert Literal("MX-OAX", datatype=KG.iso3166Code) in set(
        bundled_graph.objects(oaxaca, SKOS.notation)
    )
    assert (oaxaca, OWL.sameAs, URIRef("https://sws.geonames.org/3522509/")) in bundled_graph
    cities = [
        s
        for s, o in bundled_graph.subject_objects(SKOS.notation)
        if o.datatype == KG.geonamesId and str(s).startswith(f"{BASE}id/place/geonames-")
    ]
    assert cities
    assert all(o.datatype is not None for o in bundled_graph.objects(None, SKOS.notation))


def test_a_code_of_the_wrong_form_breaks_the_shapes(bundled_graph):
    from kg.graph.validate import validate

    broken = bundled_graph + Graph()
    broken.add((entity_iri("place/mx"), SKOS.notation, Literal("Mexico", datatype=KG.iso3166Code)))
    report = validate(broken)
    assert not report.conforms
    assert "kgplace:mx" in report.text


def test_a_report_graph_says_which_base_it_was_minted_under():
    from kg.graph.vocab import graph_base

    assert graph_base("https://data.example.org/r/id/graph/x") == "https://data.example.org/r/"
    assert graph_base("https://example.org/kg#id/graph/x") == "https://example.org/kg#"
    assert graph_base(f"{BASE}id/entities") is None
    assert graph_base("urn:x:id/graph/") is None


def test_the_default_base_is_stable_and_a_bad_base_is_refused(monkeypatch):
    monkeypatch.delenv("KG_BASE", raising=False)
    assert iri_base() == "https://w3id.org/kg/"
    assert str(entity_iri("partner/x")) == "https://w3id.org/kg/id/partner/x"
    assert iri_base("https://example.org/data/") == "https://example.org/data/"
    for bad in ("ftp://example.org/", "https://example.org/kg", "example.org/", "https://a b/"):
        with pytest.raises(InputError, match="not an IRI base"):
            iri_base(bad)


def _kg(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env={**os.environ, **env},
    )


def test_a_build_under_another_base_validates_exports_and_loads(bundled, tmp_path):
    """An organisation mints IRIs under its own base: kg make's files validate against the
    shapes (kg export checks its input), the Turtle declares the kinds' prefixes under that base,
    the store answers with them, and a command run under another base is told so."""
    base = "https://data.example.org/results/"
    env = {"KG_BASE": base, "KG_STORE": str(tmp_path / "store")}
    out = tmp_path / "out"
    out.mkdir()
    made = _kg(["make", str(bundled), "-o", str(out)], env, tmp_path)
    assert made.returncode == 0, made.stderr
    turtle = (out / "unwomen-mexico-2022.ttl").read_text(encoding="utf-8")
    assert f"@prefix kgpartner: <{base}id/partner/> ." in turtle
    assert "w3id.org/kg/id/" not in turtle
    assert "<https://w3id.org/kg/ns>" in turtle  # the vocabulary stays kg's
    exported = _kg(["export", str(out / "unwomen-mexico-2022.ttl"), "-o", "m.nq"], env, tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert f"<{base}id/graph/unwomen-mexico-2022>" in (tmp_path / "m.nq").read_text("utf-8")
    built = _kg(["build", str(tmp_path / "m.nq")], env, tmp_path)
    assert built.returncode == 0, built.stderr
    answer = _kg(
        ["query", "SELECT ?p WHERE { ?p a kg:Partner } ORDER BY ?p LIMIT 1", "--format", "json"],
        env,
        tmp_path,
    )
    assert answer.returncode == 0, answer.stderr
    (row,) = json.loads(answer.stdout)["results"]["bindings"]
    assert row["p"]["value"].startswith(f"{base}id/partner/")
    other = _kg(["list"], {"KG_BASE": "", "KG_STORE": env["KG_STORE"]}, tmp_path)
    assert other.returncode == 3
    assert other.stderr == (
        f"kg: error: the store {env['KG_STORE']} holds IRIs minted under the base {base}, not "
        f"https://w3id.org/kg/: set KG_BASE={base} as when it was built (or use another store)\n"
    )
    bad = _kg(["list"], {"KG_BASE": "not a base", "KG_STORE": env["KG_STORE"]}, tmp_path)
    assert bad.returncode == 2
    assert bad.stderr.startswith("kg: error: KG_BASE='not a base' is not an IRI base")
