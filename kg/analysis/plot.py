"""The partner x programme heatmap, drawn with matplotlib (Agg), byte-identical across runs."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.analysis.network import LinkGraph, programme_matrix
from kg.errors import InputError
from kg.files import check_output, write_atomic

PLOT_FORMATS = (".png", ".svg")
MAX_ROWS = 50
MAX_COLUMNS = 40


@dataclass(frozen=True)
class HeatmapPlan:
    """What the heatmap draws: the partners (rows) and programmes (columns) as indices into the
    matrix, the sentence counts, the title, and the names of the partners left out."""

    rows: list[int]
    columns: list[int]
    values: Any  # numpy int array, rows x columns
    title: str
    left_out: list[str]
    unlinked: int  # partners that take part in no drawn programme (not drawn)

    @property
    def binary(self) -> bool:
        """Whether every cell is 0 or 1: a legend of one swatch says it, not a gradient."""
        return int(self.values.max()) <= 1


def heatmap_plan(links: LinkGraph, partner: str | None = None) -> HeatmapPlan:
    """What to draw. A cell is the number of sentences saying the partner takes part in the
    programme (its kg:hasPartner link, derived from participations, as `kg overlap` counts
    shared programmes); an outcome naming both draws nothing. With ``partner`` (found as `kg
    overlap --partner` finds it), its programmes and the partners that take part in any of
    them, ``partner`` first; otherwise every programme. The busiest rows (at most MAX_ROWS)
    and columns (MAX_COLUMNS) are kept and the partners left out are named. InputError when
    there is nothing to draw."""
    import numpy as np

    from kg.analysis.network import find_partner

    m = programme_matrix(links)
    weight = m.direct
    if not m.partners or not m.programmes or not weight.any():
        raise InputError("no partner takes part in a programme: nothing to plot")
    title = "Partners in programmes: sentences that say so"
    first: int | None = None
    if partner is not None:
        focus = find_partner(m.partners, partner)
        first = m.partners.index(focus)
        own = [j for j in range(len(m.programmes)) if weight[first, j] > 0]
        if not own:
            raise InputError(f"{focus.label} takes part in no programme: nothing to plot")
        weight = np.zeros_like(weight)
        weight[:, own] = m.direct[:, own]
        title = f"{focus.label} and the partners in its programmes: sentences that say so"
    linked = [i for i in range(len(m.partners)) if weight[i].sum() > 0]
    rows, _ = _busiest(weight.sum(axis=1), MAX_ROWS, first)
    cols, col_total = _busiest(weight.sum(axis=0), MAX_COLUMNS)
    left_out = [m.partners[i].label for i in linked if i not in set(rows)]
    if left_out or len(cols) < col_total:
        title += (
            f"\nthe busiest {len(rows)} of {len(linked)} partners"
            f" and {len(cols)} of {col_total} programmes"
        )
    return HeatmapPlan(
        rows,
        cols,
        weight[np.ix_(rows, cols)],
        title,
        sorted(left_out, key=str.casefold),
        len(m.partners) - len(linked),
    )


def heatmap(links: LinkGraph, fmt: str = "svg", partner: str | None = None) -> bytes:
    """The heatmap (``heatmap_plan``) as PNG or SVG bytes: a cell's colour is its sentence
    count, with a colour bar of whole numbers, or for data that is all 0 or 1 a one-swatch
    legend; a note under it names the partners left out (at most NAMED_OUT, then how many
    more)."""
    import matplotlib

    matplotlib.use("Agg")
    import numpy as np
    from matplotlib import pyplot as plt
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    plan = heatmap_plan(links, partner)
    m = programme_matrix(links)
    rc = {"svg.hashsalt": "kg", "svg.fonttype": "path", "font.family": "DejaVu Sans"}
    with matplotlib.rc_context(rc):
        fig, ax = plt.subplots(figsize=(3 + 0.45 * len(plan.columns), 2 + 0.3 * len(plan.rows)))
        try:
            if plan.binary:
                cmap = ListedColormap(["#ffffff", BINARY_COLOUR])
                ax.imshow(plan.values, cmap=cmap, aspect="auto", vmin=0, vmax=1)
                ax.legend(
                    handles=[Patch(facecolor=BINARY_COLOUR, label="a sentence says so")],
                    loc="upper left",
                    bbox_to_anchor=(1.02, 1),
                    frameon=False,
                    fontsize=8,
                )
            elif int(plan.values.max()) <= DISCRETE_UP_TO:
                top = int(plan.values.max())
                colours = matplotlib.colormaps["Blues"](np.linspace(0, 1, top + 1))
                norm = BoundaryNorm(np.arange(-0.5, top + 1), top + 1)
                image = ax.imshow(
                    plan.values, cmap=ListedColormap(colours), norm=norm, aspect="auto"
                )
                bar = fig.colorbar(image, ax=ax, label="sentences", ticks=range(top + 1))
            else:
                image = ax.imshow(plan.values, cmap="Blues", aspect="auto", vmin=0)
                bar = fig.colorbar(image, ax=ax, label="sentences")
                bar.locator = MaxNLocator(integer=True)
                bar.update_ticks()
            ax.set_xticks(
                range(len(plan.columns)), [_short(m.programmes[j].label) for j in plan.columns]
            )
            ax.set_yticks(range(len(plan.rows)), [_short(m.partners[i].label) for i in plan.rows])
            ax.tick_params(axis="x", labelrotation=60)
            for label in ax.get_xticklabels():
                label.set_horizontalalignment("right")
            ax.set_title(plan.title, fontsize=9)
            note = left_out_note(plan)
            if note:
                ax.set_xlabel(note, fontsize=7, loc="left", labelpad=8)
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, bbox_inches="tight", metadata=_metadata(fmt))
        finally:
            plt.close(fig)
    return buffer.getvalue()


BINARY_COLOUR = "#2f6fb5"
DISCRETE_UP_TO = 12
"""Counts up to this get one colour each in the legend; larger ones a gradient."""
NAMED_OUT = 12


def left_out_note(plan: HeatmapPlan) -> str:
    """The line under the heatmap naming the partners it leaves out (fewer sentences), at most
    NAMED_OUT of them and how many more, and how many take part in no programme drawn."""
    parts = []
    if plan.left_out:
        named = ", ".join(_short(name) for name in plan.left_out[:NAMED_OUT])
        more = len(plan.left_out) - NAMED_OUT
        parts.append(
            f"Left out (fewer sentences): {named}" + (f" and {more} more" if more > 0 else "")
        )
    if plan.unlinked:
        parts.append(f"{plan.unlinked} partners take part in none of these programmes")
    import textwrap

    text = ". ".join(parts) + ("." if parts else "")
    return "\n".join(textwrap.wrap(text, NOTE_WIDTH))


NOTE_WIDTH = 110


def write_heatmap(links: LinkGraph, path: str | Path, partner: str | None = None) -> Path:
    """Draw the heatmap (of ``partner``'s programmes, if given) into ``path`` (.png or .svg),
    atomically."""
    path = check_plot_path(path)
    return write_atomic(path, heatmap(links, path.suffix.lower()[1:], partner))


def check_plot_path(path: str | Path) -> Path:
    """``path`` as a Path if it names a .png or .svg file in an existing directory; InputError
    otherwise (checked before any work is done)."""
    path = Path(path)
    if path.suffix.lower() not in PLOT_FORMATS:
        raise InputError(f"{path}: the plot must be a {' or '.join(PLOT_FORMATS)} file")
    return check_output(path)


def _busiest(totals, limit: int, first: int | None = None) -> tuple[list[int], int]:
    """The indices with a total above 0, the busiest ``limit`` of them in index order (or
    ``first`` then the busiest others), and how many had a total."""
    linked = sorted(
        (i for i in range(len(totals)) if totals[i] > 0), key=lambda i: (-int(totals[i]), i)
    )
    if first is None:
        return sorted(linked[:limit]), len(linked)
    others = [i for i in linked if i != first][: limit - 1]
    return [first, *sorted(others)], len(linked)


def _short(label: str, width: int = 40) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def _metadata(fmt: str) -> dict[str, str | None]:
    if fmt == "svg":
        return {"Creator": "kg", "Date": None}
    return {"Software": "kg"}
