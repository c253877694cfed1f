"""What a clause is about: clauses of a sentence, the programme a paragraph is talking about, and
whether the next clause goes on about it.

A programme named in a paragraph stays its topic while the following clauses go on describing it:
a short reference ("the Initiative", "la iniciativa"), an anaphoric opening ("This", "Both", "The
second one", "Moreover"), or a content word shared with the clauses just before (lexical cohesion,
as in Hearst's TextTiling: "small grants ... small grants were crucial ... funded with small
grants"). A clause that shares nothing ends the topic, and so do another programme and the end of
the paragraph. Words that most sentences of the report use ("women", "gender") tie nothing: a word
counts only if it occurs in few of the document's sentences.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.gazetteer import fold
from kg.extract.reporting import is_own
from kg.model import Sentence

# Short references to a programme already named ("the Initiative", "the mentoring program").
_HEADS_EN = (
    r"(?:[Ii]nitiative|[Pp]rogramme|[Pp]rogram|[Aa]lliance|[Cc]ampaign|[Ss]trategy|[Mm]ethodology|"
    r"[Pp]roject|[Jj]oint\s+[Pp]rogramme|[Pp]latform)(?!s)\b"
)
_HEADS_ES = (
    r"(?:[Ii]niciativa|[Pp]rograma|[Aa]lianza|[Cc]ampaña|[Ee]strategia|[Mm]etodología|[Pp]royecto|"
    r"[Pp]lataforma)(?!s)\b"
)
# Short references to a programme already named ("the Initiative", "the mentoring program", "its
# methodology"); "the methodology to estimate costs" introduces something new, so a definite
# reference followed by a defining complement is not one.
SHORT_REFERENCE = re.compile(
    rf"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:[a-z][\w-]*\s+){{0,2}}?{_HEADS_EN}"
    r"(?!\s+(?:[A-Z]|\"|“|(?:to|for|of|that|which|on|in\s+which)\b))"
    rf"|\b(?:[Ii]ts|[Tt]heir)\s+(?:[a-z][\w-]*\s+){{0,2}}?{_HEADS_EN}(?!\s+(?:[A-Z]|\"|“))"
    # "del programa", "al programa": Spanish fuses "de"/"a" with "el"; a contraction is a definite
    # reference too.
    rf"|\b(?:[Ll]a|[Ee]l|[Dd]el|[Aa]l|[Ee]sta|[Ee]ste|[Dd]icha|[Dd]icho)\s+(?:[a-záéíóúñ]+\s+){{0,2}}?{_HEADS_ES}"
    r"(?!\s+(?:[A-Z]|\"|“|(?:de|del|para|que|sobre)\b))"
    rf"|\b(?:[Ss]u|[Ss]us)\s+(?:[a-záéíóúñ]+\s+){{0,2}}?{_HEADS_ES}(?!\s+(?:[A-Z]|\"|“))"
)
# The English kind word that a short reference's head names, so that "el programa" fits a
# programme whose names are English ("Tejiendo Autonomía", kind "programme"): the head words and
# kinds of kg.extract.recognize's head table, Spanish heads mapped to their English kind.
HEAD_KINDS = {
    "programa": "programme",
    "program": "programme",
    "proyecto": "programme",
    "project": "programme",
    "iniciativa": "initiative",
    "campaña": "campaign",
    "alianza": "alliance",
    "estrategia": "strategy",
    "metodología": "methodology",
    "plataforma": "tool",
    "platform": "tool",
}
# Openings that carry on what the clause before said. "Por otra parte" / "por otro lado" ("on
# the other hand") turn to another matter, as their English equivalent does: not listed.
_CARRY_ON = re.compile(
    r"^\W*(?:(?:moreover|in\s+addition|additionally|also|furthermore|besides|likewise|similarly|"
    r"as\s+part\s+of\s+(?:this|these|the\s+(?:initiative|programme|program|alliance|campaign))|"
    r"además|asimismo|también|igualmente)\b"
    r"|(?:this|these|those|such|it|its|they|their|both|each|here|the\s+(?:first|second|third|"
    r"fourth|former|latter|same)|a\s+(?:second|third)|este|esta|estos|estas|ese|esa|dich[oa]s?|"
    r"ambos|ambas|su|sus|el\s+(?:primero|segundo|tercero)|la\s+(?:primera|segunda|tercera))\b"
    # "312 of them", "96 de ellas": a part of those just named; "the participants", "las
    # beneficiarias": the people the work just described reached.
    r"|\d[\d.,]*\s+(?:of\s+them|of\s+these|of\s+those|de\s+ell[oa]s|de\s+est[oa]s)\b"
    r"|(?:the|las|los)\s+(?:participants|beneficiaries|graduates|trainees|participantes|"
    r"beneficiari[oa]s|egresad[oa]s)\b)",
    re.IGNORECASE,
)
# An opening adverbial ("At local level,", "During 2022,") and the capitalised name after it.
_SUBJECT = re.compile(
    r"^\W*(?i:(?:at|in|during|since|on|for|over|through|with|together|jointly|alongside|junto|"
    r"as|also|moreover|finally|"
    r"additionally|likewise|furthermore|this\s+year|en|durante|desde|además|asimismo)\b[^,;]{0,60},\s*)?"
    r"(?i:the\s+|la\s+|el\s+)?(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})"
)
# The reporting office named by itself: "the Office", "the CO".
_OFFICE = re.compile(r"(?:Office|Oficina|CO|UNW)\b")
_QUOTED = re.compile(r"[\"“][^\"“”]{0,300}[\"”]")
# A semicolon, or a comma before a contrast ("..., while the Mission sheltered 600 women",
# "..., mientras que la Misión ..."): two clauses with their own actors.
_CLAUSE_BREAK = re.compile(
    r";\s+|,\s+(?=(?:while|whereas|mientras\s+que|en\s+tanto\s+que|en\s+cambio)\s)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]{4,}")
# Folded as the text is before its words are looked up ("según" is read as "segun").
_STOPWORDS = frozenset(
    fold(word)
    for word in """
    about above according across after again against also although among another around because
    been before being below between both cannot could current during each either every first
    from further have having here into itself just last less made make many more most much must
    next only other others over same several should since some such than that their them then
    there these they this those through thus under until upon very well were what when where
    which while whom whose will with within without would year years your
    also more than well like such been have were will into from with that this these those
    contributed contribute contributes contributing strengthen strengthened strengthening support
    supported supporting develop developed developing development increase increased increasing
    promote promoted promoting include included including provide provided providing achieved
    progress outcome outcomes result results made make carried level levels total part work
    para como pero desde entre sobre también donde cuando porque este esta estos estas ellos
    ellas durante hasta hacia mediante según sido siendo tiene tienen fueron logró lograron
    apoyo apoya apoyan apoyar apoyaron apoyado apoyada fortalecer fortaleció fortalecieron
    fortalecimiento fortalecido desarrollo desarrollar desarrollaron desarrollado promover
    promovió promovieron incluir incluye incluyó incluyendo brindar brindó brindaron contribuir
    contribuyó contribuyeron aumentar aumentó avance avances resultado resultados efecto nivel
    niveles parte trabajo
    """.split()
)

# A definite determiner, demonstrative or possessive and the (up to two) words of its noun
# phrase, right after it (a blanked name between is no noun phrase of it).
_DEFINITE = re.compile(
    r"\b(?:the|this|these|that|those|its|their|el|la|los|las|del|al|este|esta|estos|estas|"
    r"ese|esa|esos|esas|su|sus|dich[oa]s?)\s(?=([^\W\d_]+(?:\s[^\W\d_]+)?))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Clause:
    """A clause of a sentence: its text and where it stands in ``Document.text``."""

    sentence: Sentence
    start: int
    end: int
    text: str


def clauses(sentence: Sentence) -> list[Clause]:
    """The clauses of ``sentence``: the sentence split at semicolons and before a contrast."""
    result = []
    position = 0
    for match in _CLAUSE_BREAK.finditer(sentence.text):
        result.append(_clause(sentence, position, match.start()))
        position = match.end()
    result.append(_clause(sentence, position, len(sentence.text)))
    return [c for c in result if c.text.strip()]


def _clause(sentence: Sentence, start: int, end: int) -> Clause:
    return Clause(sentence, sentence.start + start, sentence.start + end, sentence.text[start:end])


def split_clause(clause: Clause, at: int) -> tuple[Clause, Clause]:
    """Two clauses of ``clause``, split at offset ``at`` of ``Document.text``."""
    cut = at - clause.start
    first = Clause(clause.sentence, clause.start, at, clause.text[:cut])
    return first, Clause(clause.sentence, at, clause.end, clause.text[cut:])


def about_own_work(text: str) -> bool:
    """Whether a clause's subject is the reporting organisation ("UN Women contributed to ...",
    "During 2022, the Office collaborated ..."): a clause about its own work, not a programme's."""
    match = _SUBJECT.match(text)
    return match is not None and (is_own(match["name"]) or bool(_OFFICE.fullmatch(match["name"])))


def carries_on(text: str) -> bool:
    """Whether a clause opens by carrying on what came before ("This", "Moreover", "Both")."""
    return bool(_CARRY_ON.match(text))


class Cohesion:
    """Content words (crudely stemmed) of a document's sentences, and the ones rare enough to tie
    two clauses: a word in at most ``max(3, 8%)`` of the sentences."""

    def __init__(self, sentences: Iterable[Sentence]) -> None:
        bags = [self._stems(s.text) for s in sentences]
        counts = Counter(stem for bag in bags for stem in bag)
        limit = max(3, int(0.08 * len(bags)))
        self.rare = frozenset(stem for stem, n in counts.items() if n <= limit)

    @staticmethod
    def _stems(text: str) -> frozenset[str]:
        return frozenset(
            _stem(w) for w in _WORD.findall(fold(text).casefold()) if w not in _STOPWORDS
        )

    def definite(self, text: str) -> frozenset[str]:
        """The rare content stems of ``text`` that a definite determiner or possessive introduces
        ("the grants", "el curso", "sus módulos"): words that point back to something already
        named, unlike a word used afresh ("a presentar denuncias")."""
        found = " ".join(m[1] for m in _DEFINITE.finditer(_QUOTED.sub(" ", text)))
        return self._stems(found) & self.rare

    def words(self, text: str) -> frozenset[str]:
        """The rare content stems of ``text``, leaving out quoted titles (a study's title ties
        nothing)."""
        return self._stems(_QUOTED.sub(" ", text)) & self.rare


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A crude English and Spanish stem: plural and verb endings off ("grants" and "grant",
    "funded" and "funds", "barreras" and "barrera")."""
    for suffix in ("ations", "ation", "iones", "ion", "ies", "ing", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word
