"""The ontology and shapes ship with the package and describe every term kg writes."""

from __future__ import annotations

import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import pytest
from rdflib import DCTERMS, OWL, RDF, RDFS, SKOS, Literal, URIRef, namespace
from rdflib.collection import Collection

from kg.graph.validate import ontology, shapes
from kg.graph.vocab import KG
from kg.pipeline import build_report


def ontology_text() -> str:
    return resources.files("kg.ontology").joinpath("kg.ttl").read_text(encoding="utf-8")


def _kg_terms(graph) -> set[URIRef]:
    namespace = str(KG._NS)
    return {
        term
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(namespace)
    }


def test_every_vocabulary_term_is_declared_with_a_label():
    onto = ontology()
    declared = {
        s
        for kind in (
            OWL.Class,
            OWL.ObjectProperty,
            OWL.DatatypeProperty,
            KG.Role,
            SKOS.ConceptScheme,
            RDFS.Datatype,
        )
        for s in onto.subjects(RDF.type, kind)
    }
    vocabulary = {KG[name] for name in KG.__annotations__}
    assert vocabulary <= declared
    labelled = (RDFS.label, SKOS.prefLabel)
    assert all(any(onto.value(term, p) is not None for p in labelled) for term in vocabulary)


def test_every_participation_role_is_a_concept_of_a_scheme_with_iati_codes_matched():
    onto = ontology()
    roles = set(onto.subjects(RDF.type, KG.Role))
    assert {onto.value(r, SKOS.notation) for r in roles} >= {Literal(c) for c in "1234"}
    assert all(onto.value(r, SKOS.inScheme) is not None for r in roles)
    assert (KG.FunderRole, SKOS.exactMatch, KG.IatiFundingRole) in onto
    assert (KG.ImplementerRole, SKOS.exactMatch, KG.IatiImplementingRole) in onto


def test_every_term_in_a_built_graph_is_in_the_ontology(bundled):
    onto = ontology()
    used = _kg_terms(build_report(bundled).graph)
    assert used
    assert all((term, RDF.type, None) in onto for term in used), used


def test_classes_reuse_standard_vocabularies():
    onto = ontology()
    parents = {str(o) for o in onto.transitive_objects(KG.Partner, RDFS.subClassOf)}
    assert "http://www.w3.org/ns/org#Organization" in parents
    membership = {str(o) for o in onto.objects(KG.Participation, RDFS.subClassOf)}
    assert "http://www.w3.org/ns/org#Membership" in membership
    assert "https://schema.org/Place" in {str(o) for o in onto.objects(KG.Place, RDFS.subClassOf)}
    assert str(next(onto.objects(KG.evidence, RDFS.subPropertyOf))).startswith(
        "http://www.w3.org/ns/prov#"
    )


def test_there_is_a_shape_for_every_class():
    sh = URIRef("http://www.w3.org/ns/shacl#targetClass")
    targeted = set(shapes().objects(None, sh))
    classes = {
        c for c in ontology().subjects(RDF.type, OWL.Class) if str(c).startswith(str(KG._NS))
    }
    assert classes and classes <= targeted


# OWL 2's datatype map (OWL 2 Structural Specification, section 4): the only datatypes an OWL 2
# DL ontology may use.
OWL2_DATATYPES = {
    *(
        namespace.XSD[name]
        for name in (
            "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger "
            "negativeInteger long int short byte unsignedLong unsignedInt unsignedShort "
            "unsignedByte double float string normalizedString token language Name NCName "
            "NMTOKEN boolean hexBinary base64Binary anyURI dateTime dateTimeStamp"
        ).split()
    ),
    RDF.PlainLiteral,
    RDF.XMLLiteral,
    RDFS.Literal,
    OWL.real,
    OWL.rational,
}
_OWL_JARS = Path("/usr/share/java")
_HAVE_OWLAPI = shutil.which("java") is not None and (_OWL_JARS / "owlapi-distribution.jar").exists()
needs_owlapi = pytest.mark.skipif(
    not _HAVE_OWLAPI,
    reason="needs Java and Debian's libowlapi-java (scripts/test.sh installs it as root)",
)


def _owl2_dl_check(path: Path) -> subprocess.CompletedProcess:
    """Run tests/owl/ProfileCheck.java (the OWL API's OWL 2 DL profile checker) on ``path``."""
    jars = sorted(
        str(p) for p in _OWL_JARS.glob("*.jar") if not re.search(r"-\d[\d.]*\.jar$", p.name)
    )
    checker = Path(__file__).parent / "owl" / "ProfileCheck.java"
    return subprocess.run(
        ["java", "-cp", ":".join(jars), str(checker), str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_the_ontology_keeps_the_structural_rules_of_owl2_dl():
    """What the OWL 2 DL profile asks of kg.ttl, checked without Java: every class and property
    an axiom uses is declared, no reserved rdf: term is a super-property, ranges are OWL 2
    datatypes, and the classes the shapes keep apart are disjoint."""
    onto = ontology()
    kinds = {
        OWL.Class: {RDFS.subClassOf},
        OWL.ObjectProperty: {RDFS.subPropertyOf},
        OWL.DatatypeProperty: {RDFS.subPropertyOf},
    }
    declared = {kind: set(onto.subjects(RDF.type, kind)) for kind in kinds}
    for kind, props in kinds.items():
        for prop in props:
            for s, o in onto.subject_objects(prop):
                if s in declared[kind] and isinstance(o, URIRef):
                    assert o in declared[kind], (s, prop, o)
                    assert not str(o).startswith(str(RDF)), (s, o)
    for prop in declared[OWL.DatatypeProperty]:
        for datatype in onto.objects(prop, RDFS.range):
            assert datatype in OWL2_DATATYPES, (prop, datatype)
    members = set()
    for group in onto.subjects(RDF.type, OWL.AllDisjointClasses):
        members |= set(Collection(onto, onto.value(group, OWL.members)))
    assert {KG.Organisation, KG.Programme, KG.Place, KG.Outcome, KG.Evidence, KG.Report} <= members
    assert (KG.year, RDFS.subPropertyOf, DCTERMS.temporal) not in onto


@needs_owlapi
def test_the_ontology_is_in_the_owl2_dl_profile_by_the_owl_api(tmp_path):
    """The OWL API's own OWL 2 DL profile checker finds no violation in the shipped ontology."""
    source = tmp_path / "kg.ttl"
    source.write_text(ontology_text(), encoding="utf-8")
    done = _owl2_dl_check(source)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


@needs_owlapi
def test_the_owl_api_check_finds_a_reserved_super_property(tmp_path):
    """The profile check can fail: an ontology with rdf:subject as a super-property is refused."""
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://example.org/o> a owl:Ontology .\n"
        "<https://example.org/p> a owl:ObjectProperty ; rdfs:subPropertyOf rdf:subject .\n",
        encoding="utf-8",
    )
    done = _owl2_dl_check(bad)
    assert done.returncode == 1 and "rdf:subject" in done.stdout, done.stdout + done.stderr
