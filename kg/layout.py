"""Node positions for network views, computed once in Python so the browser draws with physics off.

A seeded Fruchterman-Reingold layout in numpy. networkx's ``spring_layout`` takes about 11 s for
2,000 nodes on a two-core machine (its sparse path loops over nodes in Python); here repulsion is
one dense matrix product per iteration (about 1-2 s for 2,000 nodes), attraction runs over the
edge list only, and a pull to the centre keeps separate components close.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

EDGE_LENGTH = 150.0
"""The typical (median) edge length in pixels, room for the labels of two nodes."""


def force_layout(
    count: int, edges: Sequence[tuple[int, int]], seed: int = 7, iterations: int = 60
) -> list[tuple[int, int]]:
    """Pixel positions for ``count`` nodes joined by ``edges`` (index pairs), the same every run."""
    import numpy as np

    if count == 0:
        return []
    if count == 1:
        return [(0, 0)]
    rng = np.random.default_rng(seed)
    pos = rng.random((count, 2))
    k = 1.0 / math.sqrt(count)
    floor = (0.01 * k) ** 2
    src = np.array([a for a, _ in edges], dtype=np.intp)
    dst = np.array([b for _, b in edges], dtype=np.intp)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        squares = (pos * pos).sum(axis=1)
        dist2 = squares[:, None] + squares[None, :] - 2.0 * (pos @ pos.T)
        np.maximum(dist2, floor, out=dist2)
        weight = (k * k) / dist2
        np.fill_diagonal(weight, 0.0)
        move = pos * weight.sum(axis=1)[:, None] - weight @ pos
        if len(src):
            delta = pos[src] - pos[dst]
            pull = delta * (np.sqrt((delta * delta).sum(axis=1)) / k)[:, None]
            np.subtract.at(move, src, pull)
            np.add.at(move, dst, pull)
        move -= pos - pos.mean(axis=0)
        length = np.maximum(np.sqrt((move * move).sum(axis=1)), 1e-9)
        pos += move * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    if len(src):
        spread = float(np.median(np.sqrt(((pos[src] - pos[dst]) ** 2).sum(axis=1))))
    else:
        spread = float(np.abs(pos).max()) / math.sqrt(count)
    pos *= EDGE_LENGTH / max(spread, 1e-9)
    return [(round(float(x)), round(float(y))) for x, y in pos]
