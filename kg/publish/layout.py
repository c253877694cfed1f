"""Node positions for network views, computed once in Python so the browser draws with physics off.

A seeded Fruchterman-Reingold layout in numpy. networkx's ``spring_layout`` takes about 11 s for
2,000 nodes on a two-core machine (its sparse path loops over nodes in Python); here repulsion is
one dense float32 matrix product per iteration (under 1 s for 2,000 nodes), attraction runs over the
edge list only, and a pull to the centre keeps separate components close.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any

EDGE_LENGTH = 150.0
"""The typical (median) edge length in pixels, room for the labels of two nodes."""
NEIGHBOUR_GAP = 60.0
"""The typical (median) distance in pixels from a node to its nearest one, so labels can fit."""
BLOCK = 2048
"""Rows of the distance matrix computed at a time (2048 x n float32: 80 MB at 10,000 nodes)."""


def force_layout(
    count: int, edges: Sequence[tuple[int, int]], seed: int = 7, iterations: int = 60
) -> list[tuple[int, int]]:
    """Pixel positions for ``count`` nodes joined by ``edges`` (index pairs), the same every run.
    Nodes without a link go in rows under the rest, where they neither crowd it nor drift off."""
    linked = sorted({i for edge in edges for i in edge})
    index = {node: i for i, node in enumerate(linked)}
    placed = _spring(len(linked), [(index[a], index[b]) for a, b in edges], seed, iterations)
    positions = dict(zip(linked, placed, strict=True))
    alone = [i for i in range(count) if i not in index]
    if alone:
        left = min((x for x, _ in placed), default=0)
        right = max((x for x, _ in placed), default=0)
        top = max((y for _, y in placed), default=-EDGE_LENGTH) + EDGE_LENGTH
        step = EDGE_LENGTH * 0.6
        columns = max(int((right - left) // step) + 1, math.ceil(math.sqrt(len(alone))))
        for n, i in enumerate(alone):
            row, column = divmod(n, columns)
            positions[i] = (round(left + column * step), round(top + row * step))
    return [positions[i] for i in range(count)]


def _spring(
    count: int, edges: list[tuple[int, int]], seed: int, iterations: int
) -> list[tuple[int, int]]:
    """Fruchterman-Reingold with a pull to the centre, scaled so the median edge is EDGE_LENGTH."""
    import numpy as np

    if count == 0:
        return []
    rng = np.random.default_rng(seed)
    pos = rng.random((count, 2)).astype(np.float32)
    k = np.float32(1.0 / math.sqrt(count))
    floor = np.float32((0.01 * k) ** 2)
    src = np.array([a for a, _ in edges], dtype=np.intp)
    dst = np.array([b for _, b in edges], dtype=np.intp)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        pos -= pos.mean(axis=0)
        move = _repulsion(pos, k * k, floor)
        if len(src):
            delta = pos[src] - pos[dst]
            pull = delta * (np.sqrt((delta * delta).sum(axis=1)) / k)[:, None]
            for axis in (0, 1):
                move[:, axis] += np.bincount(dst, pull[:, axis], count)
                move[:, axis] -= np.bincount(src, pull[:, axis], count)
        move -= pos
        length = np.maximum(np.sqrt((move * move).sum(axis=1)), 1e-9)
        pos += move * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    edge = float(np.median(np.sqrt(((pos[src] - pos[dst]) ** 2).sum(axis=1))))
    pos *= max(EDGE_LENGTH / max(edge, 1e-9), NEIGHBOUR_GAP / max(_nearest(pos), 1e-9))
    return [(round(float(x)), round(float(y))) for x, y in pos]


def _repulsion(pos, k2, floor):
    """Each node's push away from every other (Fruchterman-Reingold's k^2/d), in float32."""
    import numpy as np

    move = np.empty_like(pos)
    for rows, weight in _squared_distances(pos):
        np.maximum(weight, floor, out=weight)
        np.divide(k2, weight, out=weight)
        weight[np.arange(len(weight)), np.arange(rows.start, rows.stop)] = 0.0
        move[rows] = pos[rows] * weight.sum(axis=1)[:, None] - weight @ pos
    return move


def _nearest(pos) -> float:
    """The median distance from a node to its nearest neighbour."""
    import numpy as np

    nearest = np.empty(len(pos), dtype=pos.dtype)
    for rows, dist2 in _squared_distances(pos):
        dist2[np.arange(len(dist2)), np.arange(rows.start, rows.stop)] = np.inf
        nearest[rows] = dist2.min(axis=1)
    return float(np.sqrt(max(float(np.median(nearest)), 0.0)))


def _squared_distances(pos):
    """|a - b|^2 from each block of rows to every node, from the Gram matrix and in place, so no
    n x n x 2 array is made and memory stays at BLOCK x n floats however large the view."""

    squares = (pos * pos).sum(axis=1)
    for start in range(0, len(pos), BLOCK):
        rows = slice(start, min(start + BLOCK, len(pos)))
        block = pos[rows] @ pos.T
        block *= -2.0
        block += squares[rows, None]
        block += squares[None, :]
        yield rows, block


LABEL_CHAR = 9.5
"""The widest a label's character draws, in pixels at scale 1 (vis-network's 14 px system-ui
font measured 6.4 to 9.3 px a character in Chromium), so an estimated label never falls short."""
LABEL_BELOW = 11.0
"""The gap in pixels between a node's shape and the top of its label, as vis-network draws it."""
LABEL_HEIGHT = 16.0
"""A label line's height in pixels (14 px measured) with room for the text's white outline."""
GAP = 4.0


def separate_labels(
    positions: Sequence[tuple[int, int]], labels: Sequence[str], sizes: Sequence[float]
) -> list[tuple[int, int]]:
    """Positions where no node's footprint (its shape, radius ``sizes[i]``, and its label drawn
    below it) overlaps another's, so labels neither cover each other nor other nodes at any
    zoom (vis-network scales text with the drawing). Nodes are placed one by one, biggest first
    (ties by index): each at its layout position if that is free, else at the nearest free
    point on rings around it (RING pixels apart, searched clockwise from the east), as word
    clouds place words. Deterministic; every node ends free of the ones placed before it."""
    import numpy as np

    count = len(positions)
    start = np.array(positions, dtype=np.float64).reshape(count, 2)
    size = np.array(sizes, dtype=np.float64)
    half = np.maximum(np.array([len(t) for t in labels]) * LABEL_CHAR / 2, size) + GAP / 2
    up = size + GAP / 2
    down = size + LABEL_BELOW + LABEL_HEIGHT + GAP / 2
    placed = np.zeros(count, dtype=bool)
    pos = start.copy()
    widest, deepest = float(half.max()), float(max(up.max(), down.max()))
    for i in sorted(range(count), key=lambda n: (-size[n], n)):
        for first in range(0, MAX_RINGS, RINGS_AT_ONCE):
            batch = _ring_batch(first)
            reach = (first + RINGS_AT_ONCE) * RING
            near = placed & (np.abs(pos[:, 0] - start[i, 0]) < reach + half[i] + widest)
            near &= np.abs(pos[:, 1] - start[i, 1]) < reach + 2 * deepest
            others = np.flatnonzero(near)
            xs = start[i, 0] + batch[:, 0]
            ys = start[i, 1] + batch[:, 1]
            over_x = half[i] + half[others][None, :] - np.abs(xs[:, None] - pos[others, 0][None, :])
            over_y = np.minimum(ys[:, None] + down[i], (pos[others, 1] + down[others])[None, :])
            over_y -= np.maximum(ys[:, None] - up[i], (pos[others, 1] - up[others])[None, :])
            free = ~((over_x > 0) & (over_y > 0)).any(axis=1)
            if free.any():
                first = int(np.argmax(free))
                pos[i] = (xs[first], ys[first])
                break
        placed[i] = True
    return [(round(float(x)), round(float(y))) for x, y in pos]


RING = 12.0
"""Pixels between the rings searched for a free place."""
MAX_RINGS = 2000
RINGS_AT_ONCE = 12
MAX_STEPS = 48
"""At most this many points are tried on a ring (evenly spaced), however wide it is."""


@functools.cache
def _ring_batch(first: int) -> Any:
    """The points to try around a node on rings ``first`` to ``first + RINGS_AT_ONCE - 1``
    (ring 0 is the node's own place), nearest first, as one (dx, dy) array that numpy tests
    at once."""
    import numpy as np

    points = []
    for ring in range(first, first + RINGS_AT_ONCE):
        radius = ring * RING
        steps = 1 if ring == 0 else min(MAX_STEPS, max(8, int(2 * math.pi * radius / RING)))
        angle = np.arange(steps) * (2 * math.pi / steps)
        points.append(np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1))
    return np.concatenate(points)
