"""Who takes part in what, in which role, where, and with whom: participations and the direct
links derived from them, each with the sentences it rests on.

Each paragraph is read clause by clause (kg.extract.discourse). A clause is about the programmes it
names; failing that, about the paragraph's topic programme when it refers to it or goes on
describing it; a clause just before a programme's first mention is about it when the mention
clause ties back to it ("The Ministries ... have better knowledge on the barriers ... Three reports
on the barriers ... based on the MOWIP methodology"). Organisations named in a clause take part in
its programmes and in the outcome's work in the role their cue or verb gives them
(kg.extract.cues); a body only cited (its observations, ruling or recommendation) takes part in
nothing, and a name that names an event ("the Human Rights Council sessions") is left out. Lists
of names share the cue before them or the verb after them. Organisations act together only when
one clause gives them active roles side by side; an organisation acts in the places of a clause
where it acts, unless the place belongs to another name ("Women Count in Asia Pacific").
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.extract.cues import (
    ACTIVE_ROLES,
    CITED,
    FUNDER,
    IMPLEMENTER,
    PARTNER,
    ROLES,
    attends,
    cue_role,
    is_cited,
    names_an_event,
    verb_role,
)
from kg.extract.discourse import (
    HEAD_KINDS,
    SHORT_REFERENCE,
    Clause,
    Cohesion,
    about_own_work,
    carries_on,
    clauses,
    split_clause,
)
from kg.extract.gazetteer import PARTNER as ORGANISATION
from kg.extract.gazetteer import PLACE, PROGRAMME, country_key
from kg.extract.reporting import is_own
from kg.model import Document, Entity, Mention, Participation, Relation, Sentence

# Text between two names of one list: a comma, "and", "y", an article, a bracketed acronym.
_LIST_GAP = re.compile(
    r"\)?\s*(?:\([^()]{1,60}\)\s*)?(?:,\s*)?(?:(?:and|y|e|&|as\s+well\s+as|or|o)\s+)?"
    r"(?:(?:the|la|el|los|las)\s+)?",
    re.IGNORECASE,
)
# How far back the end-anchored patterns look (a few words), and how far back a clause's verb is
# sought before a name: bounds that keep each name's work constant, so a clause is read in time
# linear in its length (kg reads untrusted text).
_NEAR = 40
_FAR = 400
_ROLE_GENITIVE = re.compile(
    r"\b(?:advis[eo]rs?|members?|staff|representatives?|coordinators?|consultants?|teams?|"
    r"officers?|heads?|directors?|specialists?|experts?|focal\s+points?|asesor[ae]s?|"
    r"integrantes|representantes?|equipos?|especialistas?)\s+(?:of|from|de|del)\s+(?:the\s+|la\s+|el\s+)?$",
    re.IGNORECASE,
)
_AND_GAP = re.compile(r"\b(?:and|or|y|o|e)\b", re.IGNORECASE)
# "... and the [campaign] X, led by Y, reached ...": "and" opening a new subject, maybe a programme
# named with its head word.
# A colon before a subject that acts opens a clause too ("... strengthened their advocacy: the
# Confederation drew up ...").
_RUN_ON = re.compile(
    r"(?:(?:,\s*)?\b(?:and|y)|:)\s+(?:(?:the|la|el|los|las)\s+)?"
    r"(?:(?:campaign|programme|program|initiative|project|alliance|platform|strategy|campaña|"
    r"programa|iniciativa|proyecto|alianza|plataforma|estrategia|metodología)\s+)?$",
    re.IGNORECASE,
)
_IRREGULAR = (
    r"led|built|made|held|ran|run|took|gave|brought|began|set|won|met|sent|drew|wrote|chose|"
    r"found|taught|paid|put|saw|hizo|dio|puso|tuvo"
)
_PAST_VERB = re.compile(
    rf"^\s+(?:\([^()]{{0,60}}\)\s*)?(?:also\s+)?(?:[a-z]+(?:ed|ó|aron|ieron)|{_IRREGULAR})\b"
)
_VERB_BEFORE = re.compile(
    rf"\b(?:[a-z]{{3,}}(?:ed|ó|aron|ieron)|{_IRREGULAR}|is|are|was|were|has|have)\b"
)
# The reporting organisation ending a stretch before a name, as the first item of a list
# ("implemented by UN Women, ILO and UNICEF", "con asistencia técnica de ONU Mujeres y del UNFPA"):
# it is never a mention, so the list's cue stands before its name.
_OWN_ITEM = re.compile(
    r"(?<![\w'’-])(?P<name>(?:[A-ZÀ-Þ][\w'’-]*+\s++){0,3}[A-ZÀ-Þ][\w'’-]*+)"
    r"(?:\s*+\([^()]{1,20}\))?\s*+(?:,|(?:and|y|e)\b)\s++"
    r"(?:(?:the|la|el|los|las|del|de\s+la|de|of\s+the)\s++)?$"
)
# Words after a name that go on with a list rather than open the name's own verb.
_LIST_GOES_ON = re.compile(r"^\s*(?:,|(?:and|y|e|or|o|&)\b)", re.IGNORECASE)
# "(CEPAM Guayaquil)": a place inside the bracketed acronym after a name is part of the name.
_IN_ACRONYM = re.compile(r"^\s*\(\s*[A-ZÀ-Þ][\w-]*\s+$")
# ", and 230 community leaders were trained in Babahoyo", ", y el 41% consiguió empleo": a
# counted subject after ", and" opens a clause of its own; the actors before it are not shown
# acting in its places (the clause still belongs to the sentence's programme).
# A place named as a landmark ("on the border with Ecuador") or as the country people come from
# ("migrant women from Venezuela") is not where the work happens.
_LANDMARK = re.compile(
    r"\b(?:border|frontier|frontera|límite)s?\s+(?:with|con)\s+(?:the\s+)?$", re.IGNORECASE
)
_ORIGIN = re.compile(
    r"\b(?:migrants?|refugees?|women|men|people|persons|families|nationals|returnees|"
    r"migrantes|refugiad[oa]s|mujeres|personas|familias|nacionales|retornad[oa]s)"
    r"\s+(?:who\s+came\s+|coming\s+|procedentes\s+|provenientes\s+)?(?:from|de|del)\s+$",
    re.IGNORECASE,
)
_COUNTED_CLAUSE = re.compile(
    r",\s+(?:and|y|e)\s+(?:(?:the|el|la|los|las)\s+)?(?:\d|more\s+than\s+\d|más\s+de\s+\d)",
    re.IGNORECASE,
)
_AND_SUBJECT = re.compile(r",\s*+(?:and|y|e)\s++(?:(?:the|el|la|los|las)\s++)?$", re.IGNORECASE)
# Words before a programme that make it the frame of a whole clause.
_FRAMING = re.compile(
    r"\b(?:under|within|as\s+part\s+of|(?:in|within)\s+the\s+framework\s+of|en\s+el\s+marco\s+de(?:l)?|"
    r"dentro\s+de(?:l)?|como\s+parte\s+de(?:l)?)\s+(?:(?:the|la|el|its|su)\s+)?"
    r"(?:(?:joint\s+)?(?:programme|program|initiative|project)\s+|"
    r"(?:programa|iniciativa|proyecto)(?:\s+conjunto)?\s+)?$",
    re.IGNORECASE,
)
_AGAINST = re.compile(r"\b(?:against|contra)\s+(?:the\s+)?$", re.IGNORECASE)
# Where an organisation is based is not where the clause's work happens ("the Kuña Aty
# Foundation, based in Asunción, trained promoters in Pedro Juan Caballero").
_BASED_IN = re.compile(
    r"\b(?:(?:based|headquartered|seated|located)\s+in|with\s+(?:its\s+)?(?:headquarters|seat|"
    r"head\s+office)\s+in|con\s+sede\s+en|(?:con\s+)?(?:sede|domicilio)\s+(?:central\s+)?en|"
    r"(?:radicad|ubicad|asentad|domiciliad)[oa]s?\s+en)\s+(?:the\s+|la\s+|el\s+)?(?:city\s+of\s+|"
    r"ciudad\s+de\s+)?$",
    re.IGNORECASE,
)
_HEAD_AND_APPOSITIVE = re.compile(
    r"^(?:\s+(?:campaign|programme|program|initiative|project|alliance|platform|strategy|"
    r"campaña|programa|iniciativa|proyecto|alianza|plataforma|estrategia)\b)?"
    r"(?:\s*\([^()]{0,60}\))?(?:\s*,[^,;]{1,120},)?",
    re.IGNORECASE,
)
_WITH = re.compile(r"(?<![\s,])\s*(?:,\s*)?(?:with|con)\s(?:the\s|la\s|el\s)?$", re.IGNORECASE)
_GENITIVE = re.compile(r"\b(?:of|de|del)\s+(?:the\s+)?$", re.IGNORECASE)
_ATTACHED = re.compile(r"^\s*(?:['’]s\s+\w+\s+)?(?:in|en|de)\s+(?:the\s+)?$", re.IGNORECASE)


@dataclass
class _Links:
    """Participations and place and partner links under construction: evidence per sentence,
    and whether any occurrence was explicit."""

    evidence: dict[tuple, dict[tuple[int, int], Sentence]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    explicit: set[tuple] = field(default_factory=set)

    def add(self, key: tuple, sentences: Iterable[Sentence], discourse: bool) -> None:
        for sentence in sentences:
            self.evidence[key][(sentence.start, sentence.end)] = sentence
        if not discourse:
            self.explicit.add(key)

    def items(self) -> Iterable[tuple[tuple, tuple[Sentence, ...], bool]]:
        for key, sentences in sorted(self.evidence.items()):
            yield key, tuple(s for _, s in sorted(sentences.items())), key not in self.explicit


@dataclass
class _Topic:
    """The programme a paragraph is talking about: where it was named, the content words of the
    clauses that name or refer to it (``core``) and of the last clause about it, and how many
    clauses in a row have gone by without tying back."""

    programme: str
    anchor: Sentence
    core: frozenset[str]
    last: frozenset[str]
    gaps: int = 0

    def goes_on(self, text: str, words: frozenset[str]) -> bool:
        """Whether a clause that neither names nor refers to the programme is still about it."""
        return carries_on(text) or bool(words & (self.core | self.last))


# Clauses in a row that may go by without tying back before a topic ends.
_MAX_GAPS = 1


@dataclass(frozen=True)
class _Actor:
    """An organisation named in a clause, in its role there."""

    key: str
    role: str
    start: int
    end: int
    active: bool = True
    # Whether the name opens a clause of its own: a subject after ", and" ("..., and the
    # Colombian Red Cross delivered the kits in Cúcuta").
    opens: bool = False


def read_participations(
    document: Document, mentions: list[Mention], entities: dict[str, Entity]
) -> tuple[list[Participation], list[Relation]]:
    """Every participation in ``document`` and the links derived from them: programme ->
    partner (hasPartner), programme -> place (operatesIn), outcome -> partner (involvesPartner),
    partner <-> partner (collaboratesWith, both ways) and partner -> place (activeIn). A
    partner is not linked to the report's own country: every partner of a country report works
    there, so the link would say nothing (a programme still operates in it)."""
    by_sentence: dict[tuple[int, int], list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_sentence[(mention.sentence.start, mention.sentence.end)].append(mention)
    outermost = {span: _outermost(found) for span, found in by_sentence.items()}
    cohesion = Cohesion(s for o in document.outcomes for s in o.sentences)
    home = country_key(document.country_code) if document.country_code else None
    reader = _Reader(entities, cohesion, home)
    for outcome in document.outcomes:
        for paragraph in outcome.paragraphs:
            reader.read_paragraph(outcome.id, paragraph.sentences, outermost)
    for span, found in by_sentence.items():
        for mention in found:
            if mention not in outermost[span] and entities[mention.entity].type == ORGANISATION:
                # A parent body named inside its unit's name takes part in the outcome.
                key = (mention.entity, f"outcome/{mention.outcome}", PARTNER)
                reader.participations.add(key, [mention.sentence], discourse=False)
    return reader.results()


class _Reader:
    """Reads paragraphs into participations and links (one per document)."""

    def __init__(
        self, entities: dict[str, Entity], cohesion: Cohesion, home: str | None = None
    ) -> None:
        self.entities = entities
        self.cohesion = cohesion
        self.home = home
        self.participations = _Links()
        self.places = _Links()
        self.partners = _Links()

    def read_paragraph(
        self,
        outcome: str,
        sentences: tuple[Sentence, ...],
        by_sentence: dict[tuple[int, int], list[Mention]],
    ) -> None:
        topic: _Topic | None = None
        named: list[str] = []
        previous: tuple[Clause, list[Mention], bool] | None = None
        last_found: list[Mention] = []
        for sentence in sentences:
            found = sorted(by_sentence.get((sentence.start, sentence.end), ()), key=_position)
            in_sentence = {m.entity for m in found if self._type(m) == PROGRAMME}
            recent = [m.entity for m in (*last_found, *found) if self._type(m) == PROGRAMME]
            last_found = found
            for clause in self._clauses(sentence, found):
                here = [m for m in found if clause.start <= m.start < clause.end]
                explicit = _unique(
                    m.entity
                    for m in here
                    if self._type(m) == PROGRAMME and not self._in_role_genitive(clause, m)
                )
                words = self.cohesion.words(self._without_organisations(clause, here))
                programmes: list[str] = []
                reference = SHORT_REFERENCE.search(clause.text)
                if explicit:
                    programmes = explicit
                    if previous is not None and not previous[2]:
                        self._backward(outcome, previous, explicit, sentence, clause, words)
                    if topic is not None and topic.programme == explicit[0]:
                        topic = _Topic(explicit[0], sentence, topic.core | words, words)
                    else:
                        topic = _Topic(explicit[0], sentence, words, words)
                    named.extend(explicit)
                elif reference and (
                    programme := self._referent(reference[0], topic, named, recent)
                ):
                    programmes = [programme]
                    if topic is not None and topic.programme == programme:
                        topic = _Topic(programme, topic.anchor, topic.core | words, words)
                    else:
                        topic = _Topic(programme, sentence, words, words)
                elif topic is None or about_own_work(clause.text):
                    topic = None
                elif topic.goes_on(clause.text, self._ties(clause, here, words)):
                    programmes = [topic.programme]
                    topic.last, topic.gaps = words, 0
                else:
                    topic.gaps += 1
                    if topic.gaps > _MAX_GAPS:
                        topic = None
                anchors = {
                    p: topic.anchor if topic and p == topic.programme else sentence
                    for p in programmes
                }
                self._clause(outcome, clause, here, programmes, anchors, in_sentence)
                previous = (clause, here, bool(programmes))

    def _ties(
        self, clause: Clause, mentions: list[Mention], words: frozenset[str]
    ) -> frozenset[str]:
        """The words by which a clause that neither names nor refers to the topic may tie back to
        it: any rare word, but only words a definite determiner introduces ("the course", "sus
        módulos") when an organisation acts in the clause: a newly named actor doing its own
        work ("CEPAM trained promoters ... to file complaints") is not the programme's because
        one word recurs."""
        if not any(a.role != CITED for a in self._actors(clause, mentions)):
            return words
        return self.cohesion.definite(self._without_organisations(clause, mentions))

    def _without_organisations(self, clause: Clause, mentions: list[Mention]) -> str:
        """The clause's text with organisations' and programmes' names blanked: an organisation
        named again does not mean the same programme is still at work, and a programme's own
        words ("project") tie it to nothing."""
        text = clause.text
        for m in mentions:
            if self._type(m) != PLACE:
                a, b = m.start - clause.start, m.end - clause.start
                text = f"{text[:a]}{' ' * (b - a)}{text[b:]}"
        return text

    @staticmethod
    def _in_role_genitive(clause: Clause, mention: Mention) -> bool:
        """ "a specialized advisor of Women Count": a programme named as the employer of a person
        or team is not what the clause's organisations work on (only a place named with it,
        "Women Count in Asia Pacific", is the programme's)."""
        cut = mention.start - clause.start
        return bool(_ROLE_GENITIVE.search(clause.text[max(0, cut - _NEAR) : cut]))

    def _referent(
        self, reference: str, topic: _Topic | None, named: list[str], recent: list[str]
    ) -> str | None:
        """The programme a short reference points to: the topic, unless the reference's head word
        ("the programme's") fits another programme named in this or the previous sentence and
        not the topic (the campaign named last is not "the programme"); with no topic, the last
        programme of the paragraph whose name or kind has the head word ("the Alliance")."""
        head = reference.split()[-1].casefold().removesuffix("'s").removesuffix("’s")
        if topic is not None:
            if self._has_head(topic.programme, head):
                return topic.programme
            fitting = [key for key in dict.fromkeys(recent) if self._has_head(key, head)]
            return fitting[0] if len(fitting) == 1 else topic.programme
        for key in reversed(named):
            if self._has_head(key, head):
                return key
        return None

    def _has_head(self, key: str, head: str) -> bool:
        entity = self.entities[key]
        names = " ".join((entity.label, *entity.aliases, entity.kind or "")).casefold()
        return head in names or HEAD_KINDS.get(head, head) in names

    def _backward(
        self,
        outcome: str,
        previous: tuple[Clause, list[Mention], bool],
        programmes: list[str],
        sentence: Sentence,
        clause: Clause,
        words: frozenset[str],
    ) -> None:
        """Attach the clause before a programme's mention to it when the mention ties back."""
        before, mentions, _ = previous
        if before.sentence == sentence or about_own_work(before.text):
            return
        if not (carries_on(clause.text) or words & self.cohesion.words(before.text)):
            return
        anchors = dict.fromkeys(programmes, sentence)
        self._clause(outcome, before, mentions, programmes[:1], anchors, set())

    def _clauses(self, sentence: Sentence, found: list[Mention]) -> list[Clause]:
        """The clauses of ``sentence``, a run-on split where "and" opens a new subject that acts
        ("... in Cusco and the Municipality of Lima launched ...")."""
        result = []
        for clause in clauses(sentence):
            for mention in found:
                if not clause.start < mention.start < clause.end:
                    continue
                if self._type(mention) == PLACE:
                    continue
                before = clause.text[: mention.start - clause.start]
                after = clause.text[mention.end - clause.start :]
                run_on = _RUN_ON.search(before, max(0, len(before) - _NEAR))
                if (
                    run_on
                    and _VERB_BEFORE.search(before[-_FAR:])
                    and _acts(after)
                    and not self._ends_list(clause, found, mention)
                ):
                    first, clause = split_clause(clause, clause.start + run_on.start())
                    result.append(first)
            result.append(clause)
        return result

    def _ends_list(self, clause: Clause, found: list[Mention], mention: Mention) -> bool:
        """Whether ``mention`` is the last item of a list of names of its type ("with FAO, IFAD
        and WFP"), not the subject of a new clause."""
        for other in found:
            if other.end <= mention.start and other.start >= clause.start:
                gap = clause.text[other.end - clause.start : mention.start - clause.start]
                if self._type(other) == self._type(mention) and _LIST_GAP.fullmatch(gap):
                    return True
        return False

    def _clause(
        self,
        outcome: str,
        clause: Clause,
        mentions: list[Mention],
        programmes: list[str],
        anchors: dict[str, Sentence],
        in_sentence: set[str],
    ) -> None:
        """Record what one clause says: its organisations' roles in its programmes and in the
        outcome's work, its places, and who acts with whom where."""
        actors = self._actors(clause, mentions)
        places = self._places(clause, mentions)
        sentence = clause.sentence
        for actor in actors:
            self.participations.add(
                (actor.key, f"outcome/{outcome}", actor.role), [sentence], discourse=False
            )
            for programme in _nearest(programmes, mentions, actor.start, clause):
                discourse = programme not in in_sentence
                evidence = [anchors[programme], sentence] if discourse else [sentence]
                self.participations.add((actor.key, programme, actor.role), evidence, discourse)
        for place, start, owner in places:
            if owner is not None and owner not in programmes and self._is(owner, PROGRAMME):
                self.places.add(("operatesIn", owner, place), [sentence], False)
            for programme in _nearest(programmes, mentions, start, clause):
                discourse = programme not in in_sentence
                evidence = [anchors[programme], sentence] if discourse else [sentence]
                self.places.add(("operatesIn", programme, place), evidence, discourse)
        active = [a for a in actors if a.active and a.role in ACTIVE_ROLES]
        cuts = sorted(
            [clause.start + m.start() for m in _COUNTED_CLAUSE.finditer(clause.text)]
            + [a.start for a in actors if a.opens]
        )

        def part(position: int) -> int:
            return bisect.bisect(cuts, position)

        for actor in active:
            for other in active:
                if other.key != actor.key and part(other.start) == part(actor.start):
                    self.partners.add(("collaboratesWith", actor.key, other.key), [sentence], False)
            # A funder pays for the work; it does not act where the work is done.
            for place, start, owner in places if actor.role != FUNDER else ():
                if part(start) != part(actor.start) or place == self.home:
                    continue
                if owner is None or owner == actor.key:
                    self.places.add(("activeIn", actor.key, place), [sentence], False)

    def _actors(self, clause: Clause, mentions: list[Mention]) -> list[_Actor]:
        """The organisations of a clause in their roles; lists share the cue before them and the
        verb after them; cited bodies get the role ``cited``; event names are left out."""
        groups: list[list[Mention]] = []
        last_end = None
        for mention in mentions:
            if self._type(mention) != ORGANISATION:
                last_end = None
                continue
            gap = (
                clause.text[last_end - clause.start : mention.start - clause.start]
                if last_end
                else None
            )
            if groups and groups[-1][-1].entity == mention.entity and gap is not None:
                # "the Committee ... (CEDAW)": an acronym in brackets after its name is the name.
                last_end = mention.end
                continue
            if (
                groups
                and gap is not None
                and _LIST_GAP.fullmatch(gap)
                and not (
                    # "With funding from the Fund, CEPAM trained ...": a comma closes a fronted
                    # phrase when the name after it is the subject of a verb; so does ", and"
                    # after one name ("... with the Ministry, and the Movement trained ..."),
                    # where a list of two takes no comma.
                    (
                        not _AND_GAP.search(gap)
                        or (len(groups[-1]) == 1 and _AND_SUBJECT.search(gap))
                    )
                    and _subject_of(clause.text[mention.end - clause.start :])
                )
            ):
                groups[-1].append(mention)
            else:
                groups.append([mention])
            last_end = mention.end
        actors: list[_Actor] = []
        for group in groups:
            before = clause.text[: group[0].start - clause.start]
            after = clause.text[group[-1].end - clause.start :]
            role = (
                cue_role(before)
                or cue_role(_past_own(before))
                or verb_role(after)
                or self._with_previous(clause, before, actors)
            )
            # Named after the verb with no cue ("UN Women led the Inter-Agency Group"), or only
            # attending, an organisation takes part but is not shown acting with others.
            # A subject after ", and" opens its own clause: the verb before is the other's.
            opens = bool(_AND_SUBJECT.search(before[-_NEAR:])) and _subject_of(after)
            verb_before = not opens and _VERB_BEFORE.search(before[-_FAR:])
            active = (role is not None or not verb_before) and not attends(after)
            if role is None:
                role = IMPLEMENTER if active else PARTNER
            cited = False
            for index, mention in enumerate(group):
                own_before = clause.text[: mention.start - clause.start]
                own_after = clause.text[mention.end - clause.start :]
                if names_an_event(own_after):
                    continue
                # "the observations of the CEDAW and the CRC": a cited list shares its citation
                # across "and", not across a bare comma that may close a fronted clause.
                gap = clause.text[
                    group[index - 1].end - clause.start : mention.start - clause.start
                ]
                joined = index > 0 and bool(_AND_GAP.search(gap))
                cited = is_cited(own_before, own_after) or (cited and joined)
                role_here = CITED if cited else role
                actors.append(
                    _Actor(
                        mention.entity,
                        role_here,
                        mention.start,
                        mention.end,
                        active,
                        opens=opens and index == 0,
                    )
                )
        return _strongest(actors)

    @staticmethod
    def _with_previous(clause: Clause, before: str, actors: list[_Actor]) -> str | None:
        """ "led by Prensa Libre with the Canadian Embassy": a name joined by "with" to the
        organisation just before acts with it."""
        if not actors or not _WITH.search(before[-_NEAR:]):
            return None
        gap = before[actors[-1].end - clause.start :]
        return PARTNER if _WITH.fullmatch(gap) else None

    def _places(self, clause: Clause, mentions: list[Mention]) -> list[tuple[str, int, str | None]]:
        """The places of a clause (key, start, the entity a place belongs to or None); a place
        after "against", "based in" or "the border with", or a country people come from, is not
        where anything happens."""
        places = []
        previous: Mention | None = None
        for mention in mentions:
            if self._type(mention) == PLACE:
                before = clause.text[: mention.start - clause.start]
                near = before[-_NEAR:]
                if _AGAINST.search(near) or _BASED_IN.search(near) or _LANDMARK.search(near):
                    continue
                if self.entities[mention.entity].kind == "country" and _ORIGIN.search(near):
                    continue
                owner = None
                if previous is not None and self._type(previous) != PLACE:
                    gap = clause.text[previous.end - clause.start : mention.start - clause.start]
                    inside = _IN_ACRONYM.match(gap) and clause.text.startswith(
                        ")", mention.end - clause.start
                    )
                    if not gap.strip() or inside:
                        # "BBVA Peru", "UN Women Mexico": the place ends the name.
                        previous = mention
                        continue
                if previous is not None and self._owns(clause, previous, mention):
                    owner = previous.entity
                places.append((mention.entity, mention.start, owner))
            previous = mention
        return places

    def _owns(self, clause: Clause, name: Mention, place: Mention) -> bool:
        """Whether a place right after a name belongs to that name: an organisation's office
        ("Tik Tok's office in Mexico"), a programme named as a genitive ("an advisor of Women
        Count in Asia Pacific"); a programme the clause acts on shares its place with the
        clause ("worked with the Spotlight Initiative in Oaxaca")."""
        kind = self._type(name)
        gap = clause.text[name.end - clause.start : place.start - clause.start]
        if kind == PLACE or not _ATTACHED.fullmatch(gap):
            return False
        return kind == ORGANISATION or bool(
            _GENITIVE.search(
                clause.text[max(0, name.start - clause.start - _NEAR) : name.start - clause.start]
            )
        )

    def _is(self, key: str, kind: str) -> bool:
        return self.entities[key].type == kind

    def _type(self, mention: Mention) -> str:
        return self.entities[mention.entity].type

    def results(self) -> tuple[list[Participation], list[Relation]]:
        participations = [
            Participation(org, activity, role, evidence, discourse)
            for (org, activity, role), evidence, discourse in self.participations.items()
        ]
        relations: list[Relation] = []
        shortcuts = _Links()
        for p in participations:
            if p.role == CITED:
                continue
            if p.activity.startswith("outcome/"):
                shortcuts.add(("involvesPartner", p.activity, p.organisation), p.evidence, False)
            else:
                key = ("hasPartner", p.activity, p.organisation)
                shortcuts.add(key, p.evidence, p.discourse)
        for links in (shortcuts, self.places, self.partners):
            relations.extend(
                Relation(*key, evidence, discourse) for key, evidence, discourse in links.items()
            )
        return participations, relations


def _strongest(actors: list[_Actor]) -> list[_Actor]:
    """One actor per organisation and clause, in its strongest role (the order of ROLES)."""
    best: dict[str, _Actor] = {}
    for actor in actors:
        held = best.get(actor.key)
        if held is None or ROLES.index(actor.role) < ROLES.index(held.role):
            best[actor.key] = actor
    return sorted(best.values(), key=lambda a: a.start)


def _nearest(
    programmes: list[str], mentions: list[Mention], position: int, clause: Clause
) -> list[str]:
    """The programmes of a clause that a name at ``position`` belongs to: where the clause names
    several, the nearest one named before it ("the Emprende Mujer programme, implemented by CARE
    Peru"), or every one named after it when none comes before ("ABM announced its commitment to
    the WEPs and its incorporation to the Global Alliance for Care"); a programme that frames the
    clause ("in the framework of the Safe Cities programme", "en el marco del programa") holds
    every name of it."""
    named = [m for m in mentions if m.entity in programmes]
    if len(programmes) < 2 or not named:
        return programmes
    framing = [
        m.entity
        for m in named
        if _FRAMING.search(
            clause.text[max(0, m.start - clause.start - _NEAR) : m.start - clause.start]
        )
    ]
    before = [m for m in named if m.end <= position]
    if before:
        return _unique([max(before, key=lambda m: m.end).entity, *framing])
    return _unique(m.entity for m in named)


def _acts(after: str) -> bool:
    """Whether the words after a name are a verb it is the subject of, past the name's head
    word and an appositive ("the #CuidadosCompartidos campaign, led by the MIMP, reached")."""
    after = _HEAD_AND_APPOSITIVE.sub("", after, count=1)
    return verb_role(after) is not None or bool(_PAST_VERB.match(after))


def _subject_of(after: str) -> bool:
    """Whether a name followed by ``after`` is the subject of the verb after it (past its head
    word and an appositive), not an item of a list that goes on."""
    rest = _HEAD_AND_APPOSITIVE.sub("", after, count=1)
    if _LIST_GOES_ON.match(rest):
        return False
    return verb_role(rest) is not None or bool(_PAST_VERB.match(rest))


def _past_own(before: str) -> str:
    """``before`` without the reporting organisation's name (and the comma or "and" after it)
    at its end: the text a cue before a list that opens with that name ends."""
    window = before[-_NEAR * 2 :]
    match = _OWN_ITEM.search(window)
    if match is None:
        return before
    words = match["name"].split()
    for index in range(len(words) - 1, -1, -1):
        if is_own(" ".join(words[index:])):
            cut = len(before) - len(window) + match.start("name")
            cut += len(" ".join(words[:index])) + (1 if index else 0)
            return before[:cut]
    return before


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """``mentions`` (of one sentence) without those inside another's span (a parent body named
    inside its unit's name): the unit is who acts."""
    spans = {(m.start, m.end) for m in mentions}
    return [
        m
        for m in mentions
        if not any(a <= m.start and m.end <= b and (a, b) != (m.start, m.end) for a, b in spans)
    ]


def _position(mention: Mention) -> int:
    return mention.start


def _unique(keys: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(keys))
