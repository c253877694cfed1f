"""The words that say how a named organisation takes part in what a clause describes, in English
and Spanish: partnership cues before a list of names ("convened by", "in collaboration with", "con
el apoyo de"), verbs after a subject ("joined", "signed", "trained", "firmaron"), the words that
make a body only cited ("the final observations of the CEDAW", "as sentenced by the Court"), and
the words that make a name an event's ("the Human Rights Council sessions").

Roles are the report-side roles of kg's participation model (``ROLES``); each pattern was written
from the way results reports word these acts, not from one sentence. Every pattern reads untrusted
text, so each is a plain alternation of literal words with bounded gaps: no nested quantifiers.
"""

from __future__ import annotations

import re

CONVENER, FUNDER, IMPLEMENTER, MEMBER, BENEFICIARY, PARTNER, CITED = (
    "convener",
    "funder",
    "implementer",
    "member",
    "beneficiary",
    "partner",
    "cited",
)
# Every role a report can give an organisation, strongest claim first (where one organisation
# gets two roles in one clause, the first listed wins).
ROLES = (CONVENER, FUNDER, MEMBER, IMPLEMENTER, PARTNER, BENEFICIARY, CITED)
# Roles in which organisations named together act together (co-members of an alliance or
# institutions trained side by side do not).
ACTIVE_ROLES = frozenset({CONVENER, FUNDER, IMPLEMENTER, PARTNER})

_GAP = r"(?:\s+[\w'’-]+){0,2}?"
# A time adverbial: "this year", "este año", "in 2023", "en 2023", "in October".
_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|"
    r"diciembre"
)
_WHEN = (
    r"this\s+year|last\s+year|(?:este|ese|el\s+último)\s+año|"
    rf"(?:in|during|en|durante)\s+(?:\d{{4}}|{_MONTHS})"
)

# Cues standing right before a list of names, with the role they give each name of the list.
_LIST_CUES: tuple[tuple[str, str], ...] = (
    (CONVENER, r"convened|led|chaired|co-?chaired|coordinated|hosted|headed|organi[sz]ed|run"),
    (CONVENER, r"convocad[oa]s?|liderad[oa]s?|presidid[oa]s?|coordinad[oa]s?|encabezad[oa]s?"),
    (CONVENER, r"organizad[oa]s?|co-?led|co-?liderad[oa]s?"),
    (FUNDER, r"funded|financed|sponsored|co-?funded|co-?financed|paid"),
    (FUNDER, r"financiad[oa]s?|patrocinad[oa]s?|cofinanciad[oa]s?"),
    (IMPLEMENTER, r"implemented|developed|carried\s+out|conducted|designed|delivered|produced"),
    (IMPLEMENTER, r"formed|established|set\s+up"),
    # What a body is made of are its members: "la Alianza, integrada por A, B y C".
    (MEMBER, r"composed|made\s+up|conformad[oa]s?|integrad[oa]s?|compuest[oa]s?"),
    (IMPLEMENTER, r"prepared|elaborated|executed|managed|built|created|launched|presented"),
    (IMPLEMENTER, r"implementad[oa]s?|desarrollad[oa]s?|ejecutad[oa]s?|elaborad[oa]s?"),
    (IMPLEMENTER, r"realizad[oa]s?|diseñad[oa]s?|gestionad[oa]s?|creado|creada|lanzad[oa]s?"),
    # A method applied, a service operated, an agreement granted by someone: the one who does it.
    (IMPLEMENTER, r"applied|operated|granted|awarded|aplicad[oa]s?|operad[oa]s?|otorgad[oa]s?"),
    (FUNDER, r"supported|backed"),
    # Who uses what the work produced benefits from it ("the analysis was used by the Network").
    (BENEFICIARY, r"used|utili[sz]ed|usad[oa]s?|utilizad[oa]s?"),
)
_BY = (
    "(?:"
    + "|".join(rf"(?P<b{i}>{p})" for i, (_, p) in enumerate(_LIST_CUES))
    + r")(?:\s+and\s+\w+)?\s+(?:jointly\s+)?(?:by|por)"
)
_WITH_CUES: tuple[tuple[str, str], ...] = (
    (
        FUNDER,
        r"with\s+(?:the\s+)?(?:financial|financing|funding)\s+(?:support|contribution)s?\s+(?:of|from)",
    ),
    (FUNDER, r"with\s+(?:the\s+)?funding\s+(?:of|from)|with\s+(?:financing|funds)\s+from"),
    (FUNDER, r"thanks\s+to\s+(?:the\s+)?(?:funding|financing|contribution)\s+(?:of|from)"),
    (
        FUNDER,
        r"con\s+(?:el\s+)?(?:apoyo\s+financiero|financiamiento|financiación|fondos)\s+de(?:l)?",
    ),
    (PARTNER, r"with\s+(?:the\s+)?(?:technical\s+)?support\s+(?:of|from)|with\s+support\s+from"),
    (PARTNER, r"con\s+(?:el\s+)?(?:apoyo|acompañamiento|respaldo)(?:\s+técnico)?\s+de(?:l)?"),
    (
        PARTNER,
        r"with\s+(?:the\s+)?technical\s+(?:assistance|advice|cooperation)\s+(?:of|from)"
        r"|con\s+(?:la\s+)?(?:asistencia|asesoría|cooperación)\s+técnica\s+de(?:l)?",
    ),
    (
        PARTNER,
        r"in\s+(?:close\s+)?(?:collaborations?|partnership|coordination|alliance|cooperation|"
        r"association|conjunction)\s+with",
    ),
    (PARTNER, r"(?:jointly|together)\s+with|alongside|along\s+with|along|hand\s+in\s+hand\s+with"),
    (
        PARTNER,
        r"through\s+(?:a|the\s+)?(?:strategic\s+)?alliance\s+with|by\s+the\s+strategic\s+alliance\s+with",
    ),
    (
        PARTNER,
        r"en\s+(?:estrecha\s+)?(?:colaboración|coordinación|alianza|asocio|cooperación|articulación)"
        r"\s+con|junto\s+(?:a|con)|de\s+la\s+mano\s+(?:de|con)",
    ),
    (
        PARTNER,
        r"(?:collaborated|coordinated|worked|partnered|cooperated|teamed\s+up|allied)\s+with",
    ),
    (PARTNER, r"(?:colaboró|colaboraron|trabajó|trabajaron|coordinó|coordinaron)\s+con"),
    # An agreement reached with someone: "agreed with UNDP", "signed a work plan with ILO",
    # "acordaron un plan de trabajo con la OIT".
    (
        PARTNER,
        r"(?:agreed|signed|concluded|acordó|acordaron|firmó|firmaron|suscribió|suscribieron)"
        r"(?:\s+(?:a|an|the|un|una|el|la)(?:\s+[\w-]+){1,4}?)?\s+(?:with|con)",
    ),
    (
        PARTNER,
        r"(?:implemented|developed|organi[sz]ed|co-?organi[sz]ed|designed|launched|carried\s+out|"
        r"run|delivered|conducted|prepared|produced|published|trained|led|chaired|operated|"
        r"applied)\s+(?:jointly\s+)?with",
    ),
    (
        PARTNER,
        r"(?:implementad[oa]s?|desarrollad[oa]s?|organizad[oa]s?|diseñad[oa]s?|lanzad[oa]s?|"
        r"realizad[oa]s?|ejecutad[oa]s?|operad[oa]s?|aplicad[oa]s?|elaborad[oa]s?)"
        r"\s+(?:junto\s+)?con",
    ),
    (
        MEMBER,
        r"(?:companies|enterprises|firms|brands|businesses|empresas|organizations|entities)\s+(?:like|such\s+as|including|como)",
    ),
    (
        MEMBER,
        r"(?:members?|signatories|signatory\s+companies)\s+(?:of|include|including|such\s+as|like)",
    ),
    (MEMBER, r"(?:miembros|integrantes|signatarias|firmantes)\s+(?:de|como)"),
    (MEMBER, r"(?:composed|made\s+up|consisting)\s+of|formed\s+of"),
    (
        MEMBER,
        r"(?:companies|members|signatories|empresas|miembros),\s+(?:among\s+them|entre\s+ell[oa]s)",
    ),
    # A time adverbial may stand inside the cue: "joined this year by", "se sumaron en 2023".
    (
        MEMBER,
        rf"se\s+(?:adhirieron|adhirió|sumaron|sumó|unieron|unió)(?:\s+(?:{_WHEN}))?"
        rf"|joined(?:\s+(?:{_WHEN}))?\s+by",
    ),
    (
        PARTNER,
        r"(?:agreement|memorandum(?:\s+of\s+understanding)?|convenio|acuerdo|collaboration|"
        r"partnership|alliance|joint\s+work|colaboración|alianza)\s+(?:between|entre)",
    ),
    (
        BENEFICIARY,
        r"(?:officials|staff|personnel|officers|servants|employees|members|teams?)"
        r"(?:\s*\([^()]{0,40}\))?\s+(?:of|from)",
    ),
    (
        BENEFICIARY,
        # Spanish doubles a staff noun in both genders: "servidoras y servidores de la Fiscalía".
        r"(?:(?:funcionari|servidor|técnic|trabajador|emplead|operador)(?:[oa]s|[ae]s)"
        r"(?:\s+públic[oa]s)?\s+y\s+)?"
        r"(?:funcionari[oa]s|personal|servidor[ae]s(?:\s+públic[oa]s)?|técnic[oa]s|"
        r"trabajador[ae]s|emplead[oa]s|operador[ae]s|equipos?)\s+(?:de(?:l)?)",
    ),
    (BENEFICIARY, r"(?:supported|trained|strengthened|assisted|advised|accompanied|equipped)"),
    # A body where the change happens, not one that acts: "more women hold leadership positions
    # in Danone", "training for personnel ... within the Federal Judiciary Council".
    (BENEFICIARY, r"in|within|inside|dentro\s+de(?:l)?"),
    (
        BENEFICIARY,
        r"technical\s+(?:assistance|support)\s+to|(?:capacitó|fortaleció|apoyó|asistió)\s+a(?:l)?"
        r"|(?:asistencia|asesoría|apoyo|acompañamiento)\s+técnic[oa]\s+a(?:l)?",
    ),
)
_CUE = re.compile(
    "(?:"
    + "|".join([rf"\b{_BY}"] + [rf"(?P<w{i}>\b(?:{p}))" for i, (_, p) in enumerate(_WITH_CUES)])
    + r")\s+(?:(?:the|la|el|los|las|its|their|su|sus)\s+)?[\"“(]?$",
    re.IGNORECASE,
)
_CUE_ROLES = {
    **{f"b{i}": role for i, (role, _) in enumerate(_LIST_CUES)},
    **{f"w{i}": role for i, (role, _) in enumerate(_WITH_CUES)},
}

# Verbs right after a subject, with the role they give it ("INMUJERES and COLMEX trained ...").
# Signing something *with* someone is an agreement between partners, not joining as a member.
_NOT_WITH = r"(?!(?:\s+(?:a|an|the|un|una|el|la))?(?:\s+[\w-]+){0,4}?\s+(?:with|con)\b)"
_VERBS: tuple[tuple[str, str], ...] = (
    (
        MEMBER,
        rf"joined|join|(?:signed|sign){_NOT_WITH}|adhered|ratified|endorsed|subscribed|"
        r"became\s+(?:a\s+)?members?",
    ),
    (
        MEMBER,
        r"(?:is|are|was|were)\s+(?:now\s+)?(?:a\s+)?(?:members?|signator(?:y|ies))|reaffirmed|renewed",
    ),
    (
        MEMBER,
        r"se\s+(?:unieron|unió|sumaron|sumó|adhirieron|adhirió)|"
        rf"(?:firmaron|firmó|suscribieron|suscribió){_NOT_WITH}",
    ),
    (
        CONVENER,
        r"led|leads|lead|convened|convenes|chaired|chairs|co-?chaired|hosted|headed|coordinates",
    ),
    (
        CONVENER,
        r"lideró|lideraron|lidera|convocó|convocaron|presidió|encabezó|coordinó|coordinaron",
    ),
    (
        FUNDER,
        r"(?:co-?)?funded|(?:co-?)?funds|(?:co-?)?financed|(?:co-?)?finances|sponsored|donated|"
        r"contributed\s+(?:funds|resources|USD)",
    ),
    (FUNDER, r"(?:co)?financió|(?:co)?financiaron|(?:co)?financia|patrocinó|donó|aportó"),
    # The lead body of a system or programme, named in an appositive: "la SDH, en su calidad de
    # ente rector del Sistema", "the Ministry, as the governing body of the System".
    (
        CONVENER,
        r"(?:,\s+)?(?:en\s+su\s+calidad\s+de|como|as)\s+(?:the\s+|el\s+)?(?:ente|órgano|lead|"
        r"governing)\s+(?:rector|agency|body)",
    ),
    # An institution that takes the work into its own plans or services benefits from it ("the
    # Provincial Government incorporated the programme's methodology into its plan").
    (
        BENEFICIARY,
        r"incorporated|adopted|institutionali[sz]ed|incorporó|incorporaron|adoptó|adoptaron|"
        r"institucionalizó|institucionalizaron",
    ),
    (
        BENEFICIARY,
        r"(?:have|has|had)\s+(?:now\s+)?(?:a\s+)?(?:better|greater|more|increased|improved|new|"
        r"strengthened|stronger|access|the\s+capacit)|(?:increased|improved|strengthened|expanded)"
        r"\s+(?:their|its)|(?:was|were)\s+(?:trained|supported|strengthened|sensiti[sz]ed|equipped)",
    ),
    (
        BENEFICIARY,
        r"received|benefited|benefit|recibió|recibieron|se\s+benefició|fortalecieron\s+sus"
        r"|(?:fue|fueron)\s+(?:capacitad|formad|fortalecid|sensibilizad|apoyad|asesorad)[oa]s?",
    ),
)
# A list may go on past the last name kg knows ("..., the Ministry of Labour and the Central
# Bank attended"): the verb after it still belongs to the whole list.
_LIST_TAIL = r"(?:\s*(?:,\s*)?(?:and|y)\s(?:the\s|la\s|el\s)?(?:[A-ZÀ-ÖØ-Þ][\w'’-]*\s){1,5}?)?"
_VERB = re.compile(
    rf"^{_LIST_TAIL}"
    r"[\s,]*(?:(?:\([^()]{0,40}\)|,[^,]{0,40},)\s*)?(?:(?:also|now|jointly|together|have|has)\s+)?"
    r"(?:" + "|".join(rf"(?P<v{i}>{p})" for i, (_, p) in enumerate(_VERBS)) + r")\b"
    r"(?!\s+(?:jointly\s+)?(?:by|por)\b)",
    re.IGNORECASE,
)
_VERB_ROLES = {f"v{i}": role for i, (role, _) in enumerate(_VERBS)}

# A body is cited, not a partner, when the clause names what it said or decided.
_CITED_BEFORE = re.compile(
    r"\b(?:(?:final|concluding|general)\s+)?(?:observations?|recommendations?|rulings?|judg(?:e)?ments?|"
    r"sentences?|verdicts?|resolutions?|decisions?|opinions?|views|standards|guidelines|"
    r"jurisprudence|mandate|criteria|reports?\s+of\s+the\s+special|observaci[oó]n(?:es)?|"
    r"recomendaci[oó]n(?:es)?|sentencias?|fallos?|resoluci[oó]n(?:es)?|decisi[oó]n(?:es)?|"
    r"opini[oó]n(?:es)?|dictamen(?:es)?|dictámenes|criterios)"
    # a ruling's number may stand between ("the sentence 34-19-IN/21 of the Constitutional Court")
    rf"(?:\s+(?:No\.\s*|N\.?º\s*)?[\w./-]*\d[\w./-]*)?{_GAP}"
    r"\s+(?:of|by|from|de|del)\s+(?:the\s+|la\s+|el\s+)?$"
    r"|\b(?:as\s+)?(?:sentenced|ruled|recommended|ordered|condemned|analy[sz]ed|decided|issued|"
    r"cited|quoted|referenced|citad[oa]|"
    r"adopted|established|required|mandated|dictad[oa]|emitid[oa]|ordenad[oa]|recomendad[oa]|"
    r"analizad[oa])\s+(?:(?:in\s+\d{4}|\w+)\s+)?(?:by|por)\s+(?:the\s+|la\s+|el\s+)?$"
    # a venue named as an example of one ("intergovernmental mechanisms such as the SCA-ECLAC")
    r"|\b(?:mechanisms?|spaces?|forums?|fora|platforms?|instances|mecanismos|espacios|foros|"
    r"instancias)\s+(?:such\s+as|like|including|como)\s+(?:the\s+|la\s+|el\s+)?$"
    r"|\b(?:according\s+to|in\s+(?:response|compliance|line|accordance)\s+(?:to|with)|pursuant\s+to|"
    r"de\s+acuerdo\s+con|según|conforme\s+a|en\s+cumplimiento\s+de)"
    rf"(?:\s+(?:the|la|el|las|los))?{_GAP}\s*(?:(?:of|de|del)\s+(?:the\s+|la\s+|el\s+)?)?$",
    re.IGNORECASE,
)
_CITED_AFTER = re.compile(
    r"^(?:\s+[\w'’-]+){0,6}?\s+(?:in|into|for|of|en|para)\s+(?:its|their|the|su|la|el)\s+"
    r"(?:General\s+Recommendations?|Concluding\s+Observations|rulings?|judg(?:e)?ments?|"
    r"jurisprudence|Recomendaci[oó]n\s+General|Observaciones\s+Finales)\b"
    r"|^(?:['’]s)?\s+(?:General\s+Recommendations?|Concluding\s+Observations|Recomendaci[oó]n\s+General"
    r"|Observaciones\s+Finales|Convention|Convención|Declaration|Protocol|Opinions?)\b"
    r"|^['’]s\s+(?:final\s+|concluding\s+)?(?:observations|recommendations?|rulings?|judg(?:e)?ments?|"
    r"sentences?|decisions?|standards|jurisprudence)\b",
    re.IGNORECASE,
)
# A name followed by an event word names the event, not the body taking part in the work.
_EVENT_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:sessions?|meetings?|summits?|conferences?|assembl(?:y|ies)|headquarters|"
    r"sesi[oó]n(?:es)?|reuni[oó]n(?:es)?|cumbres?)\b",
    re.IGNORECASE,
)


def cue_role(before: str) -> str | None:
    """The role a partnership cue ending ``before`` (the text just before a list of names) gives
    the names of the list, or None when no cue ends there."""
    match = _CUE.search(before[-120:])
    if match is None:
        return None
    return _role_of(match)


def _role_of(match: re.Match[str]) -> str:
    name = next(k for k, v in match.groupdict().items() if v is not None)
    return _CUE_ROLES[name]


def verb_role(after: str) -> str | None:
    """The role a verb opening ``after`` (the text right after a subject) gives the subject."""
    match = _VERB.match(after[:160])
    if match is None:
        return None
    name = next(k for k, v in match.groupdict().items() if v is not None)
    return _VERB_ROLES[name]


_ATTENDED = re.compile(
    rf"^{_LIST_TAIL}"
    r"[\s,]*(?:(?:also|all)\s+)?(?:attended|attend|participated\s+in|took\s+part\s+in|were\s+present|"
    r"joined\s+the\s+(?:event|launch|meeting|session|dialogue|forum|conference)|asistieron|asistió|"
    r"participaron\s+en|participó\s+en)\b",
    re.IGNORECASE,
)


def attends(after: str) -> bool:
    """Whether the words after a subject say it attended an event ("the Central Bank attended
    the launch"): it takes part, but attending side by side is not acting together."""
    return bool(_ATTENDED.match(after[:80]))


def is_cited(before: str, after: str) -> bool:
    """Whether a body named between ``before`` and ``after`` is only cited: its observations,
    ruling or recommendation, or the source of something the report quotes."""
    return bool(_CITED_BEFORE.search(before[-160:]) or _CITED_AFTER.match(after[:60]))


def names_an_event(after: str) -> bool:
    """Whether the words after a name make it an event's or a venue's ("the Human Rights Council
    sessions", "the INEGI headquarters")."""
    return bool(_EVENT_AFTER.match(after[:40]))
