"""Languages: the report's, detected per report, tags the text kg quotes from it; curated names
carry the gazetteer's; names kg recognizes in text carry none; saved queries still match them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.cli import cli
from kg.extract import gazetteer
from kg.graph.vocab import KG, entity_iri, report_iri
from kg.readers.language import detect_language

ECUADOR = Path(__file__).resolve().parent / "data" / "onumujeres-ecuador-2022.txt"


def test_a_report_s_language_is_detected_from_its_whole_text(bundled):
    assert detect_language(bundled.read_text(encoding="utf-8")) == "en"
    assert detect_language(ECUADOR.read_text(encoding="utf-8")) == "es"
    assert detect_language("Oaxaca, 2022.") is None


def test_the_text_quoted_from_a_report_carries_its_language(bundled_graph):
    report = report_iri("unwomen-mexico-2022")
    assert bundled_graph.value(report, DCTERMS.title).language == "en"
    assert bundled_graph.value(report, RDFS.label).language == "en"
    statements = list(bundled_graph.objects(None, KG.statement))
    assert statements and {s.language for s in statements} == {"en"}
    figures = [
        bundled_graph.value(f, RDFS.label) for f in bundled_graph.subjects(RDF.type, KG.Figure)
    ]
    assert figures and {f.language for f in figures} == {"en"}


def test_a_spanish_report_quotes_in_spanish():
    from kg.pipeline import build_report

    graph = build_report(ECUADOR).graph
    statements = list(graph.objects(None, KG.statement))
    assert statements and {s.language for s in statements} == {"es"}


def test_curated_names_carry_their_language_and_recognized_names_none(bundled_graph):
    undp = entity_iri("partner/undp")
    assert (undp, SKOS.prefLabel, Literal("United Nations Development Programme", lang="en")) in (
        bundled_graph
    )
    aliases = set(bundled_graph.objects(undp, SKOS.altLabel))
    assert Literal("PNUD", lang="es") in aliases
    assert Literal("Programa de las Naciones Unidas para el Desarrollo", lang="es") in aliases
    assert Literal("UNDP") in aliases
    curated = {e.key for kind in ("partner", "programme") for e in gazetteer.curated(kind)}
    recognized = [
        p
        for p in bundled_graph.subjects(RDF.type, KG.Partner)
        if str(p).removeprefix(str(entity_iri(""))) not in curated
    ]
    assert recognized
    assert all(bundled_graph.value(p, SKOS.prefLabel).language is None for p in recognized)
    mexico = entity_iri("place/mx")
    assert bundled_graph.value(mexico, SKOS.prefLabel) == Literal("Mexico", lang="en")


def test_a_tagged_curated_name_reads_as_its_name():
    assert gazetteer.curated_name("Banco Mundial@es") == ("Banco Mundial", "es")
    assert gazetteer.curated_name("World Bank") == ("World Bank", "en")
    assert gazetteer.curated_name("UNDP") == ("UNDP", None)
    names = {e.key: e for e in gazetteer.curated("partner")}
    assert "Banco Mundial" in names["partner/world-bank"].aliases


def test_saved_queries_match_names_in_any_language(filled_store):
    def programmes(partner: str) -> set[str]:
        result = CliRunner().invoke(
            cli,
            [
                "query",
                "-n",
                "programmes-of-partner",
                "--param",
                f"partner={partner}",
                "--format",
                "json",
            ],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.stderr
        return {
            b["programmeLabel"]["value"] for b in json.loads(result.stdout)["results"]["bindings"]
        }

    english = programmes("National Women's Institute")
    assert "Global Alliance for Care" in english
    assert programmes("Instituto Nacional de las Mujeres") == english
    assert programmes("INMUJERES") == english


def test_a_language_model_that_cannot_load_leaves_the_text_untagged_and_says_so(tmp_path):
    """py3langid unpacks its model into a temporary file; where files may not grow (a full
    disk), the report is read all the same, without language tags, and a warning says why."""
    import resource
    import signal
    import subprocess
    import sys

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))

    code = (
        "from kg.readers.registry import read_document; "
        f"d = read_document({str(ECUADOR)!r}); print(d.language); print(d.warnings[-1])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        preexec_fn=small_files,
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    language, warning = done.stdout.splitlines()
    assert language == "None"
    assert warning == (
        f"{ECUADOR}: the report's language could not be told (the language model did not load: "
        "File too large); its text carries no language tag"
    )
