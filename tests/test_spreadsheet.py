"""CSV cells that spreadsheets cannot run, multi-value cells that split back, the byte-order mark;
read back with pandas and the csv module."""

from __future__ import annotations

import csv
import io

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from kg.spreadsheet import BOM, csv_bytes, join_values, safe_cell, split_values


def test_cells_that_start_like_formulas_get_an_apostrophe():
    for text in ("=1+1", "+52 55", "-x", "@SUM(A1)", "\tTab", "\rReturn"):
        assert safe_cell(text) == "'" + text
    for text in ("Plain", "", "a=b", "1-2", " =spaced"):
        assert safe_cell(text) == text
    assert safe_cell(-3) == -3 and safe_cell(2.5) == 2.5 and safe_cell(True) == "true"


@given(st.lists(st.text()).filter(lambda values: values != [""]))
def test_join_and_split_are_inverse(values):
    """Exact for every list but one holding only the empty string: an empty cell holds none."""
    assert split_values(join_values(values)) == values


def test_a_separator_inside_a_value_is_escaped():
    cell = join_values(["A | B", "back\\slash", "C"])
    assert cell == "A \\| B | back\\\\slash | C"
    assert cell.split(" | ")[0] != "A"  # a plain split no longer cuts the first value
    assert split_values("") == []


def test_csv_bytes_read_back_in_pandas_with_and_without_a_bom():
    rows = [["=cmd|' /C calc'!A0", 3, "Oaxaca, México"], ["-1", -1, "x"]]
    plain = csv_bytes(["Label", "Weight", "Place"], rows)
    marked = csv_bytes(["Label", "Weight", "Place"], rows, bom=True)
    assert marked == BOM.encode("utf-8") + plain
    frame = pd.read_csv(io.BytesIO(marked), encoding="utf-8-sig")
    assert list(frame.columns) == ["Label", "Weight", "Place"]
    assert list(frame["Label"]) == ["'=cmd|' /C calc'!A0", "'-1"]
    assert list(frame["Weight"]) == [3, -1]
    assert list(csv.reader(io.StringIO(plain.decode())))[2] == ["'-1", "-1", "x"]
