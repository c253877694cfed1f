"""The language a report is written in, as a BCP 47 tag: what tags the text kg quotes from it
(its title, outcome statements and figures) in the graph.

Detected with py3langid (a maintained fork of langid.py: a naive Bayes model over byte n-grams
trained on 97 languages, shipped with the package; deterministic) over the whole repaired text,
so the Spanish names an English report quotes do not turn it Spanish.
"""

from __future__ import annotations

# Below this many letters a text says too little for a language to be told.
MIN_LETTERS = 200


def detect_language(text: str) -> str | None:
    """The language ``text`` is written in (``"en"``, ``"es"``), or None when it holds fewer
    than MIN_LETTERS letters."""
    if sum(ch.isalpha() for ch in text[: MIN_LETTERS * 10]) < MIN_LETTERS:
        return None
    import py3langid

    language, _score = py3langid.classify(text)
    return str(language)
