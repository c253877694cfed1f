"""kg: programme results reports as a knowledge graph of partnerships and programmes.

The public API is imported lazily, so ``import kg`` (and the CLI's start-up) stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from kg.errors import InputError, KgError, NotFoundError, StoreError, ValidationError

__version__ = "0.1.0"

_LAZY = {
    "Built": "kg.pipeline",
    "build_report": "kg.pipeline",
    "extract_report": "kg.pipeline",
    "merge": "kg.pipeline",
    "to_turtle": "kg.pipeline",
    "validate": "kg.graph.validate",
}

__all__ = [
    "InputError",
    "KgError",
    "NotFoundError",
    "StoreError",
    "ValidationError",
    *sorted(_LAZY),
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
