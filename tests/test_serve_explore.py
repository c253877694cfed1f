"""The explorer's library reads (kg.serve.explore) on a real store: an outcome that two reports
of different years state shows its progress notes under each year, in order."""

from __future__ import annotations

from kg.pipeline import build_report
from kg.serve.explore import Explorer
from kg.store.local import Store
from tests.conftest import SMALL_REPORT

NEXT_YEAR = (
    SMALL_REPORT.replace("1 March 2024", "1 March 2025").replace("in 2023", "in 2024")
    + """
OUTCOME XM-DAC-41146-MEX_D_9.2

By 2025, local budgets in Oaxaca fund women's shelters.

UNDP and INMUJERES opened 4 shelters in Oaxaca.
"""
).replace(
    "INMUJERES and El Colegio de México (COLMEX) trained 120 officials in Guerrero.",
    "INMUJERES and El Colegio de México (COLMEX) trained 85 judges in Guerrero.",
)
OUTCOME = "XM-DAC-41146-MEX_D_9.1"


def test_an_outcome_of_two_years_shows_its_notes_under_each_year(tmp_path, small_graph):
    later = tmp_path / "small-report-2024.txt"
    later.write_text(NEXT_YEAR, encoding="utf-8")
    where = str(tmp_path / "store")
    with Store.open(where, create=True) as store:
        store.replace_report("small-report-2024", build_report(later).graph)
        store.replace_report("small-report-2023", small_graph)
    with Store.open(where, read_only=True) as store:
        explorer = Explorer(store)
        hits, _ = explorer.search(OUTCOME)
        paths = [hit.path for hit in hits["outcome"] if hit.label == OUTCOME]
        assert len(paths) == 1, "one statement, one outcome whatever the report"
        entity = explorer.entity(paths[0])
        # Other kinds of page have no progress notes.
        assert explorer.entity("partner/inmujeres").progress == []
    years = [(y.year, y.reports) for y in entity.progress]
    assert years == [("2023", ["small-report-2023"]), ("2024", ["small-report-2024"])]
    first, second = ([note.exact for note in y.notes] for y in entity.progress)
    assert first[1].endswith("trained 120 officials in Guerrero.")
    assert second[1].endswith("trained 85 judges in Guerrero.")
    assert [n.figures for n in entity.progress[0].notes] == [[], ["120 officials"]]
    assert [n.figures for n in entity.progress[1].notes] == [[], ["85 judges"]]
    for year in entity.progress:
        assert all(n.path.startswith(f"report/{year.reports[0]}/sentence/") for n in year.notes)
