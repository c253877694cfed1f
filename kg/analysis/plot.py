"""The partner x programme heatmap, drawn with matplotlib (Agg), byte-identical across runs."""

from __future__ import annotations

import io
from pathlib import Path

from kg.analysis.network import LinkGraph, programme_matrix
from kg.errors import InputError
from kg.files import check_output, write_atomic

PLOT_FORMATS = (".png", ".svg")
MAX_ROWS = 50
MAX_COLUMNS = 40


def heatmap(links: LinkGraph, fmt: str = "svg") -> bytes:
    """The heatmap as PNG or SVG bytes: a cell is the number of sentences saying the partner
    takes part in the programme (its kg:hasPartner link, derived from participations, as `kg
    overlap` counts shared programmes); an outcome naming both draws nothing. The busiest rows
    and columns are kept."""
    import matplotlib

    matplotlib.use("Agg")
    import numpy as np
    from matplotlib import pyplot as plt
    from matplotlib.ticker import MaxNLocator

    m = programme_matrix(links)
    weight = m.direct
    if not m.partners or not m.programmes or not weight.any():
        raise InputError("no partner takes part in a programme: nothing to plot")
    rows, row_total = _busiest(weight.sum(axis=1), MAX_ROWS)
    cols, col_total = _busiest(weight.sum(axis=0), MAX_COLUMNS)
    values = m.direct[np.ix_(rows, cols)]
    title = "Partners in programmes: sentences that say so"
    if len(rows) < row_total or len(cols) < col_total:
        title += (
            f"\nthe busiest {len(rows)} of {row_total} partners"
            f" and {len(cols)} of {col_total} programmes"
        )

    rc = {"svg.hashsalt": "kg", "svg.fonttype": "path", "font.family": "DejaVu Sans"}
    with matplotlib.rc_context(rc):
        fig, ax = plt.subplots(figsize=(3 + 0.45 * len(cols), 2 + 0.3 * len(rows)))
        try:
            image = ax.imshow(values, cmap="Blues", aspect="auto", vmin=0)
            ax.set_xticks(range(len(cols)), [_short(m.programmes[j].label) for j in cols])
            ax.set_yticks(range(len(rows)), [_short(m.partners[i].label) for i in rows])
            ax.tick_params(axis="x", labelrotation=60)
            for label in ax.get_xticklabels():
                label.set_horizontalalignment("right")
            ax.set_title(title, fontsize=9)
            bar = fig.colorbar(image, ax=ax, label="sentences")
            bar.locator = MaxNLocator(integer=True)
            bar.update_ticks()
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, bbox_inches="tight", metadata=_metadata(fmt))
        finally:
            plt.close(fig)
    return buffer.getvalue()


def write_heatmap(links: LinkGraph, path: str | Path) -> Path:
    """Draw the heatmap into ``path`` (.png or .svg), atomically."""
    path = check_plot_path(path)
    return write_atomic(path, heatmap(links, path.suffix.lower()[1:]))


def check_plot_path(path: str | Path) -> Path:
    """``path`` as a Path if it names a .png or .svg file in an existing directory; InputError
    otherwise (checked before any work is done)."""
    path = Path(path)
    if path.suffix.lower() not in PLOT_FORMATS:
        raise InputError(f"{path}: the plot must be a {' or '.join(PLOT_FORMATS)} file")
    return check_output(path)


def _busiest(totals, limit: int) -> tuple[list[int], int]:
    linked = sorted(
        (i for i in range(len(totals)) if totals[i] > 0), key=lambda i: (-int(totals[i]), i)
    )
    return sorted(linked[:limit]), len(linked)


def _short(label: str, width: int = 40) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def _metadata(fmt: str) -> dict[str, str | None]:
    if fmt == "svg":
        return {"Creator": "kg", "Date": None}
    return {"Software": "kg"}
