"""CSV that spreadsheets open without surprises: no cell runs as a formula, multi-value cells split
back exactly, and Excel reads UTF-8 when asked to (a byte-order mark).

Formula injection follows OWASP's "CSV Injection" advice: a cell whose first character is ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is read by Excel, LibreOffice and Google Sheets as
a formula (or a hidden one), so it is written with a leading apostrophe, which those programs show
as text and do not keep in the value. Numbers kg writes itself (counts, coordinates) are left as
they are: only text is neutralised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEPARATOR = " | "
BOM = "\ufeff"


def safe_cell(value: object) -> str | int | float:
    """``value`` as a CSV cell: text starting like a formula gets a leading apostrophe (OWASP);
    ints and floats pass unchanged (a negative number is a number, not a formula)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return value
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def join_values(values: Iterable[str]) -> str:
    """Several values in one cell, joined by ``" | "`` (Kumu's separator, spaced for reading);
    a ``|`` inside a value is written ``\\|`` and a backslash ``\\\\``, so ``split_values`` gives
    the values back exactly."""
    return SEPARATOR.join(v.replace("\\", "\\\\").replace("|", "\\|") for v in values)


def split_values(cell: str) -> list[str]:
    """The values ``join_values`` joined (the inverse, for readers of kg's CSV); an empty cell
    holds no values."""
    if not cell:
        return []
    values, current, i = [], [], 0
    while i < len(cell):
        if cell[i] == "\\":
            current.append(cell[i + 1 : i + 2])
            i += 2
        elif cell.startswith(SEPARATOR, i - 1) and i > 0:
            values.append("".join(current)[:-1])
            current = []
            i += 2
        else:
            current.append(cell[i])
            i += 1
    values.append("".join(current))
    return values


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]], bom: bool = False) -> bytes:
    """UTF-8 CSV (one header row, ``\\n`` line ends, cells through ``safe_cell``); with ``bom``,
    a byte-order mark first, which Excel needs to read UTF-8 as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return ((BOM if bom else "") + buffer.getvalue()).encode("utf-8")
