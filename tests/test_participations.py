"""Participations: who takes part in which programme, in which role, where and with whom, on
small reports written for each kind of sentence."""

from kg.pipeline import extract_report

HEAD = (
    "Data as of: 1 March 2024\n\n# Progress in Peru country in 2023\n\n"
    "OUTCOME XM-DAC-41146-PER_D_1.1\n\n"
)
STATEMENT = "By 2026, women in Peru take part in decisions.\n\n"


def _extract(write_report, narrative: str):
    return extract_report(write_report(HEAD + STATEMENT + narrative + "\n"))


def _links(extraction, predicate: str) -> dict[tuple[str, str], object]:
    return {(r.subject, r.object): r for r in extraction.relations if r.predicate == predicate}


def _roles(extraction, activity: str) -> dict[str, str]:
    return {p.organisation: p.role for p in extraction.participations if p.activity == activity}


SPOTLIGHT = "programme/spotlight-initiative"


def test_a_programme_named_once_stays_the_topic_while_the_paragraph_describes_it(write_report):
    x = _extract(
        write_report,
        "The Spotlight Initiative funded 40 small grants for women's organisations in Cusco. "
        "In Puno, the small grants helped the Manuela Ramos Movement open two shelters. "
        "The Initiative also trained the Ministry of Justice on femicide cases in Ayacucho. "
        "Both shelters now receive referrals from the National Police in Puno.\n\n"
        "The Ministry of Health opened 12 clinics in Lima.",
    )
    partners = _links(x, "hasPartner")
    places = _links(x, "operatesIn")
    movement = "partner/manuela-ramos-movement"
    assert (SPOTLIGHT, movement) in partners
    assert (SPOTLIGHT, "partner/ministry-of-justice--pe") in partners
    assert partners[(SPOTLIGHT, movement)].discourse
    assert {p for s, p in places if s == SPOTLIGHT} >= {
        "place/pe-cus",
        "place/pe-pun",
        "place/pe-aya",
    }
    # The next paragraph is about something else: its ministry and city stay out.
    assert (SPOTLIGHT, "partner/ministry-of-health--pe") not in partners
    assert all(not p.startswith("place/geonames") or s != SPOTLIGHT for s, p in places)
    link = partners[(SPOTLIGHT, movement)]
    texts = [s.text for s in link.evidence]
    assert texts[0].startswith("The Spotlight Initiative funded")
    assert texts[1].startswith("In Puno, the small grants")


def test_a_cited_committee_or_court_is_not_a_partner(write_report):
    x = _extract(
        write_report,
        "In response to the concluding observations of the CEDAW Committee, the Ministry of "
        "Women and Vulnerable Populations and the Spotlight Initiative drafted a protocol on "
        "femicide, as ordered by the Inter-American Court of Human Rights.",
    )
    roles = _roles(x, SPOTLIGHT)
    assert roles["partner/ministry-of-women-and-vulnerable-populations--pe"] != "cited"
    cited = {k for k, role in roles.items() if role == "cited"}
    assert len(cited) == 2
    partners = {o for (s, o) in _links(x, "hasPartner")}
    assert not cited & partners
    involved = {o for (s, o) in _links(x, "involvesPartner")}
    assert not cited & involved


def test_companies_that_joined_an_alliance_are_members_not_a_clique(write_report):
    x = _extract(
        write_report,
        "Companies such as Alicorp, Backus, Interbank and Ransa joined the Unstereotype Alliance "
        "in Lima.",
    )
    alliance = "programme/unstereotype-alliance"
    roles = _roles(x, alliance)
    members = {k for k, role in roles.items() if role == "member"}
    assert len(members) == 4
    assert not _links(x, "collaboratesWith"), "co-members of an alliance do not act together"


def test_a_run_on_sentence_keeps_each_programme_with_its_own_partners(write_report):
    x = _extract(
        write_report,
        "Women in Piura increased their sales through the Emprende Mujer programme, implemented "
        "by CARE Peru with financial support from the Government of Canada, and the "
        "#CuidadosCompartidos campaign, led by the Ministry of Labour with the support of Plan "
        "International, reached 3 million people.",
    )
    emprende = _roles(x, "programme/emprende-mujer")
    campaign = _roles(x, "programme/cuidadoscompartidos")
    assert emprende == {
        "partner/care-peru": "implementer",
        "partner/government-of-canada": "funder",
    }
    assert campaign == {
        "partner/ministry-of-labour--pe": "convener",
        "partner/plan-international": "partner",
    }


def test_collaboration_answers_from_either_side_and_needs_acting_together(write_report):
    x = _extract(
        write_report,
        "The Ministry of Labour, in collaboration with the National Statistics Institute, "
        "published a survey on care work in Arequipa. The Ministry of Culture, the Ministry of "
        "Labour and the Central Bank attended the launch.",
    )
    together = _links(x, "collaboratesWith")
    labour = "partner/ministry-of-labour--pe"
    statistics = "partner/national-statistics-institute--pe"
    assert (labour, statistics) in together and (statistics, labour) in together
    assert ("partner/ministry-of-culture--pe", labour) not in together
    active = _links(x, "activeIn")
    assert (labour, "place/pe-are") in active
    assert ("partner/ministry-of-culture--pe", "place/pe-are") not in active


def test_the_reporting_organisations_own_work_ends_a_programme_topic(write_report):
    x = _extract(
        write_report,
        "The Women Count programme supported the National Statistics Institute to publish a "
        "time-use survey. UN Women also organised a dialogue with the Ministry of Economy on "
        "budgets.",
    )
    partners = {o for (s, o) in _links(x, "hasPartner")}
    assert "partner/national-statistics-institute--pe" in partners
    assert "partner/ministry-of-economy--pe" not in partners


def test_a_spanish_paragraph_with_postposed_members_and_an_agreement(write_report):
    x = _extract(
        write_report,
        "La Alianza Sin Estereotipos, convocada por ONU Mujeres, sumó nuevas empresas. A la "
        "Alianza se adhirieron Nestlé Ecuador, Unilever Andina y McCann Ecuador. En Manta, 410 "
        "productoras obtuvieron créditos gracias a un convenio entre el Ministerio de Agricultura "
        "y el Banco de Desarrollo.",
    )
    alliance = next(k for k in x.entities if k.startswith("programme/alianza"))
    members = {k for k, role in _roles(x, alliance).items() if role == "member"}
    assert len(members) == 3
    together = _links(x, "collaboratesWith")
    assert ("partner/ministerio-de-agricultura--pe", "partner/banco-de-desarrollo") in together


def test_a_funder_is_not_active_where_the_work_is_done_and_a_reference_finds_its_kind(
    write_report,
):
    x = _extract(
        write_report,
        "Women in Piura sold more through the Emprende Mujer programme, implemented by CARE Peru "
        "with financial support from the Government of Canada, and the #CuidadosCompartidos "
        "campaign, led by the Ministry of Labour, reached 3 million people. 640 women from "
        "Sullana completed the programme's training.",
    )
    active = _links(x, "activeIn")
    assert ("partner/care-peru", "place/geonames-3693345") in active or any(
        a == "partner/care-peru" for a, _ in active
    )
    assert not any(a == "partner/government-of-canada" for a, _ in active)
    places = _links(x, "operatesIn")
    sullana = [p for s, p in places if s == "programme/emprende-mujer" and "geonames" in p]
    assert sullana, "the programme's training is Emprende Mujer's, not the campaign's"
    assert not [p for s, p in places if s == "programme/cuidadoscompartidos" and p in sullana]


def test_a_cited_body_named_with_its_acronym_or_citing_a_report_stays_cited(write_report):
    x = _extract(
        write_report,
        "In response to the recommendations of the Committee on the Elimination of "
        "Discrimination against Women (CEDAW), the Ministry of Justice drafted a protocol. The "
        "protocol builds on a study that was cited by the Supreme Court of Justice.",
    )
    roles = {p.organisation: p.role for p in x.participations}
    cited = {k for k, role in roles.items() if role == "cited"}
    assert len(cited) == 2 and "partner/ministry-of-justice--pe" not in cited


def test_people_trained_together_do_not_act_together_and_an_advisor_is_not_a_programme(
    write_report,
):
    x = _extract(
        write_report,
        "Over 200 officers (30% women) from the Ministry of Defense and the Ministry of the "
        "Interior increased their knowledge of gender. The study was developed by the National "
        "Statistics Institute in collaboration with the Catholic University, and a specialized "
        "advisor of Women Count in Asia Pacific. The results come from a collaboration between "
        "the Ministry of Labour, UN Women and the Ministry of Economy.",
    )
    together = _links(x, "collaboratesWith")
    defense, interior = "partner/ministry-of-defense--pe", "partner/ministry-of-the-interior--pe"
    assert (defense, interior) not in together
    assert ("partner/ministry-of-labour--pe", "partner/ministry-of-economy--pe") in together
    assert ("partner/catholic-university", "partner/national-statistics-institute--pe") in together
    partners = {o for s, o in _links(x, "hasPartner") if s == "programme/women-count"}
    assert not partners
    assert ("programme/women-count", "place/region-asia-pacific") in _links(x, "operatesIn")


def test_a_body_where_the_change_happens_benefits_and_a_venue_takes_no_part(write_report):
    """Named after "in" or "within" with no other cue, a body is where the work lands (its
    staff trained, its posts filled), not one that implements it; a body named as an example
    of a venue ("mechanisms such as ...") takes part in nothing."""
    x = _extract(
        write_report,
        "Through the Spotlight Initiative, a course was designed for personnel of the judicial "
        "areas within the Ministry of Women and Vulnerable Populations. More women now hold "
        "leadership positions in the National Police of Peru, thanks to the Spotlight "
        "Initiative. The Spotlight Initiative placed care systems on the agenda of "
        "intergovernmental mechanisms such as the Statistical Commission of the Americas.",
    )
    roles = _roles(x, SPOTLIGHT)
    assert roles["partner/ministry-of-women-and-vulnerable-populations--pe"] == "beneficiary"
    assert roles["partner/national-police-of-peru"] == "beneficiary"
    venue = [k for k in roles if "statistical-commission" in k]
    assert venue and all(roles[k] == "cited" for k in venue)
    assert not {o for (s, o) in _links(x, "hasPartner")} & set(venue)


def test_a_spanish_contracted_reference_finds_a_programme_of_an_english_kind(write_report):
    # "del programa" is "de" + "el programa": a definite reference; the topic had ended, so the
    # reference finds the paragraph's programme by its kind ("programa" is a "programme").
    x = _extract(
        write_report,
        "El programa Tejiendo Redes, financiado por la KOICA, apoyó a 300 productoras en Cusco. "
        "Las lluvias de marzo afectaron las cosechas de cacao. "
        "Los precios del café bajaron en toda la costa. "
        "La Municipalidad Provincial de Urubamba incorporó la metodología del programa en su plan. "
        "Además, 40 técnicas se sumaron al programa en Puno.",
    )
    programme = "programme/tejiendo-redes"
    partners = _links(x, "hasPartner")
    municipality = "partner/municipalidad-provincial-de-urubamba"
    assert (programme, municipality) in partners
    assert partners[(programme, municipality)].discourse
    assert (programme, "place/pe-pun") in _links(x, "operatesIn")


def test_an_english_reference_after_a_defining_complement_is_found(write_report):
    x = _extract(
        write_report,
        "The Weaving Networks programme, funded by KOICA, supported 300 producers in Cusco. "
        "Heavy rains damaged the cocoa harvest in March. "
        "Coffee prices fell across the coast. "
        "The Regional Government of Puno adopted the methodology of the programme in its plan.",
    )
    partners = _links(x, "hasPartner")
    assert ("programme/weaving-networks", "partner/regional-government-of-puno") in partners


def test_staff_named_in_both_genders_and_a_spanish_passive_make_beneficiaries(write_report):
    x = _extract(
        write_report,
        "En el marco de la Iniciativa Spotlight, 320 servidoras y servidores del Ministerio "
        "Público fueron capacitados en Cusco. "
        "Con la Iniciativa Spotlight, la Defensoría del Pueblo brindó asistencia técnica a la "
        "Fiscalía de la Nación en Lima. "
        "Under the Spotlight Initiative, officials of the Ministry of Justice and the National "
        "Police were trained in Puno.",
    )
    roles = _roles(x, SPOTLIGHT)
    assert roles["partner/ministerio-publico--pe"] == "beneficiary"
    assert roles["partner/fiscalia-de-la-nacion--pe"] == "beneficiary"
    assert roles["partner/ministry-of-justice--pe"] == "beneficiary"
    # People trained side by side do not make their institutions act together, nor does the
    # body that assists another.
    assert not _links(x, "collaboratesWith")


def test_a_method_applied_by_and_technical_assistance_from_make_actors(write_report):
    x = _extract(
        write_report,
        "La metodología Escuelas Seguras, aplicada por el Ministerio de Educación en colaboración "
        "con Plan Internacional, llegó a 140 escuelas de Puno. "
        "The Safe Routes methodology, applied by the Ministry of Transport, reached Lima. "
        "El Ministerio de la Mujer incluyó datos desagregados en Cusco, con asistencia técnica "
        "del UNFPA. "
        "The Ministry of Health updated its protocol in Arequipa with technical assistance from "
        "UNICEF.",
    )
    assert _roles(x, "programme/escuelas-seguras")["partner/ministerio-de-educacion--pe"] == (
        "implementer"
    )
    assert _roles(x, "programme/safe-routes")["partner/ministry-of-transport--pe"] == "implementer"
    together = _links(x, "collaboratesWith")
    assert ("partner/ministerio-de-educacion--pe", "partner/plan-internacional") in together
    assert ("partner/unfpa", "partner/ministerio-de-la-mujer--pe") in together
    assert ("partner/unicef", "partner/ministry-of-health--pe") in together
    active = _links(x, "activeIn")
    assert ("partner/ministerio-de-educacion--pe", "place/pe-pun") in active


def test_a_ruling_cited_by_its_number_or_a_singular_recommendation_stays_cited(write_report):
    x = _extract(
        write_report,
        "En cumplimiento de la sentencia 34-19-IN/21 de la Corte Constitucional, el Congreso de "
        "la República aprobó la ley. "
        "Siguiendo la recomendación del Comité de Expertas del MESECVI, el Ministerio Público "
        "creó un registro. "
        "In compliance with judgment No. 01479-2018 of the Inter-American Court of Human Rights, "
        "the Ministry of Justice approved a protocol.",
    )
    roles = {p.organisation: p.role for p in x.participations}
    assert roles["partner/corte-constitucional"] == "cited"
    assert roles["partner/comite-de-expertas-del-mesecvi"] == "cited"
    assert roles["partner/inter-american-court-of-human-rights"] == "cited"
    assert not _links(x, "collaboratesWith")


def test_a_run_on_and_opening_a_named_campaign_keeps_each_its_own_partners(write_report):
    x = _extract(
        write_report,
        "En Lima, 180 emprendedoras vendieron en la plataforma Vende Mujer, operada con la Cámara "
        "de Comercio de Lima, y la campaña #CuidemosJuntos, convocada por el Ministerio de la "
        "Mujer junto con UNICEF, llegó a dos millones de personas. "
        "In Cusco, 90 producers sold through the Buy Women platform, run with the Chamber of "
        "Commerce of Cusco, and the #CareTogether campaign, convened by the Ministry of Labour "
        "with UNICEF, reached a million people.",
    )
    partners = _links(x, "hasPartner")
    assert ("programme/cuidemosjuntos", "partner/unicef") in partners
    assert ("programme/cuidemosjuntos", "partner/camara-de-comercio-de-lima") not in partners
    assert ("programme/caretogether", "partner/unicef") in partners
    assert ("programme/caretogether", "partner/chamber-of-commerce-of-cusco") not in partners
    together = _links(x, "collaboratesWith")
    assert ("partner/camara-de-comercio-de-lima", "partner/unicef") not in together
    assert ("partner/chamber-of-commerce-of-cusco", "partner/unicef") not in together


def test_a_list_opened_by_the_reporting_organisation_keeps_its_cue(write_report):
    x = _extract(
        write_report,
        "The roadmap was prepared under the joint programme Cuidar Igual, funded by the Joint SDG "
        "Fund and implemented by UN Women, ILO and UNICEF in Lima.\n\n"
        "El Ministerio de la Mujer actualizó su protocolo en Cusco, con asistencia técnica de ONU "
        "Mujeres y del UNFPA.",
    )
    roles = _roles(x, "programme/cuidar-igual")
    assert roles["partner/ilo"] == roles["partner/unicef"] == "implementer"
    together = _links(x, "collaboratesWith")
    assert ("partner/ilo", "partner/unicef") in together
    assert ("partner/joint-sdg-fund", "partner/unicef") in together
    assert ("partner/unfpa", "partner/ministerio-de-la-mujer--pe") in together


def test_a_fronted_funding_phrase_does_not_make_the_subject_a_funder(write_report):
    x = _extract(
        write_report,
        "With financial support from the UN Trust Fund to End Violence against Women, the Manuela "
        "Ramos Movement trained 60 promoters in Ayacucho.\n\n"
        "Con el apoyo financiero del Fondo Fiduciario de las Naciones Unidas, el Movimiento "
        "Manuela Ramos formó a 40 lideresas en Puno.",
    )
    roles = {p.organisation: p.role for p in x.participations}
    assert roles["partner/manuela-ramos-movement"] == "implementer"
    assert roles["partner/movimiento-manuela-ramos"] == "implementer"
    active = _links(x, "activeIn")
    assert ("partner/manuela-ramos-movement", "place/pe-aya") in active
    assert ("partner/movimiento-manuela-ramos", "place/pe-pun") in active
    # The funder pays; it is not where the training happened.
    assert not any(o.startswith("partner/un-trust-fund") for o, _ in active)
    together = _links(x, "collaboratesWith")
    assert (
        "partner/un-trust-fund-to-end-violence-against-women",
        "partner/manuela-ramos-movement",
    ) in together


def test_a_contrast_or_a_colon_separates_clauses_and_their_actors(write_report):
    x = _extract(
        write_report,
        "The Ministry of Health trained 300 nurses in Piura, while the Ministry of Education "
        "trained 60 teachers in Tumbes.\n\n"
        "La Fundación Alas acompañó a 900 mujeres en Lima, mientras que la Misión Scalabriniana "
        "brindó albergue a 600 mujeres en Tacna.\n\n"
        "Las mujeres amazónicas fortalecieron su incidencia: la Organización Nacional de Mujeres "
        "Indígenas Andinas y Amazónicas del Perú (ONAMIAP) elaboró, en colaboración con el "
        "Ministerio de Cultura, una agenda presentada en Iquitos.",
    )
    together = _links(x, "collaboratesWith")
    assert ("partner/ministry-of-health--pe", "partner/ministry-of-education--pe") not in together
    assert ("partner/fundacion-alas", "partner/mision-scalabriniana") not in together
    onamiap = "partner/organizacion-nacional-de-mujeres-indigenas-andinas-y-amazonicas-del-peru"
    assert (onamiap, "partner/ministerio-de-cultura--pe") in together
    active = _links(x, "activeIn")
    assert ("partner/ministry-of-health--pe", "place/pe-tum") not in active
    assert ("partner/mision-scalabriniana", "place/pe-lim") not in active
    assert ("partner/fundacion-alas", "place/pe-tac") not in active
    assert ("partner/mision-scalabriniana", "place/pe-tac") in active
    assert (onamiap, "place/geonames-3696183") in active


def test_a_place_inside_the_bracketed_acronym_of_a_name_is_no_place_of_the_work(write_report):
    head = HEAD.replace("Peru", "Ecuador").replace("PER_", "ECU_")
    x = extract_report(
        write_report(
            head + "By 2026, women in Ecuador take part in decisions.\n\n"
            "En el marco de la Iniciativa Spotlight, el Centro Ecuatoriano para la Promoción y "
            "Acción de la Mujer (CEPAM Guayaquil) formó a 150 promotoras en Milagro.\n\n"
            "Under the Spotlight Initiative, the Centre for the Promotion of Women (CEPROM "
            "Guayaquil) trained 90 promoters in Milagro.\n"
        )
    )
    guayaquil = "place/geonames-3657509"
    assert (SPOTLIGHT, guayaquil) not in _links(x, "operatesIn")
    assert guayaquil not in {p for _, p in _links(x, "activeIn")}
    assert (SPOTLIGHT, "place/geonames-3654215") in _links(x, "operatesIn")


def test_a_newly_named_actor_joins_the_topic_only_through_a_definite_tie(write_report):
    # A shared word is enough for a clause without actors ("small grants" in the first test),
    # but an organisation doing its own work is the programme's only when a definite noun
    # points back ("the course", "el curso"), not because a word recurs ("complaints").
    x = _extract(
        write_report,
        "The Safe Cities programme opened a complaints line in Lima and trained 300 drivers in a "
        "bystander course. "
        "The Ministry of Transport included the course in its public offer in Arequipa.\n\n"
        "The Safe Cities programme opened a complaints line in Lima and trained 300 drivers in a "
        "bystander course. "
        "With funding from the UN Trust Fund to End Violence against Women, the Manuela Ramos "
        "Movement trained 150 promoters in Puno to accompany women filing complaints.\n\n"
        "El programa Caminos Seguros, financiado por la KOICA, abrió una línea de denuncias en "
        "Cusco "
        "y formó a 300 choferes en un curso de intervención. "
        "El Ministerio de Educación incorporó el curso en su oferta pública en Tacna.\n\n"
        "El programa Caminos Seguros, financiado por la KOICA, abrió una línea de denuncias en "
        "Cusco "
        "y formó a 300 choferes en un curso de intervención. "
        "Con el apoyo financiero del Fondo Fiduciario de las Naciones Unidas, el Movimiento "
        "Manuela Ramos formó a 150 promotoras en Ayacucho, que acompañaron a mujeres a presentar "
        "denuncias.",
    )
    partners = _links(x, "hasPartner")
    places = _links(x, "operatesIn")
    assert ("programme/safe-cities", "partner/ministry-of-transport--pe") in partners
    assert ("programme/safe-cities", "partner/manuela-ramos-movement") not in partners
    assert ("programme/safe-cities", "place/pe-pun") not in places
    assert ("programme/caminos-seguros", "partner/ministerio-de-educacion--pe") in partners
    assert ("programme/caminos-seguros", "partner/movimiento-manuela-ramos") not in partners
    assert ("programme/caminos-seguros", "place/pe-aya") not in places


def test_a_counted_subject_after_and_keeps_its_places_from_the_earlier_actors(write_report):
    x = _extract(
        write_report,
        "The Ministry of Women updated its shelters protocol with technical assistance from "
        "UNFPA, and 230 community leaders from Piura and Tumbes were trained as brigade members."
        "\n\n"
        "El Ministerio de Salud actualizó su protocolo con asistencia técnica del UNICEF, y 120 "
        "lideresas de Cusco y Puno se formaron como brigadistas.\n\n"
        "The Ministry of Labour trained 80 inspectors in Lima with ILO.",
    )
    active = _links(x, "activeIn")
    assert not {(o, p) for o, p in active if p in {"place/pe-piu", "place/pe-tum"}}
    assert not {(o, p) for o, p in active if p in {"place/pe-cus", "place/pe-pun"}}
    assert ("partner/ministry-of-labour--pe", "place/pe-lim") in active


def test_where_an_organisation_is_based_is_not_where_it_works(write_report):
    x = _extract(
        write_report,
        "The Flora Tristán Centre, based in Lima, trained 75 promoters in Chiclayo.\n\n"
        "La Fundación Kuña Aty, con sede en Cusco, formó a 60 promotoras en Puno.\n\n"
        "Under the Spotlight Initiative, the Manuela Ramos Movement, headquartered in Arequipa, "
        "opened a shelter in Tacna.",
    )
    active = {p for _, p in _links(x, "activeIn")}
    assert {"place/geonames-3698350", "place/pe-pun", "place/pe-tac"} <= active
    assert not active & {"place/pe-lim", "place/pe-cus", "place/pe-are"}
    assert {p for s, p in _links(x, "operatesIn") if s == SPOTLIGHT} == {"place/pe-tac"}


def test_on_the_other_hand_turns_away_from_the_programme(write_report):
    x = _extract(
        write_report,
        "La Iniciativa Spotlight capacitó a 430 agentes de la Policía Nacional en Cusco. "
        "Por otra parte, la Fundación Kuña Aty formó a 75 promotoras en Puno.\n\n"
        "The Spotlight Initiative trained 200 prosecutors in Lima. "
        "On the other hand, the Manuela Ramos Movement opened a shelter in Tacna.",
    )
    partners = {o for s, o in _links(x, "hasPartner") if s == SPOTLIGHT}
    assert "partner/fundacion-kuna-aty" not in partners
    assert "partner/manuela-ramos-movement" not in partners
    assert {p for s, p in _links(x, "operatesIn") if s == SPOTLIGHT} == {
        "place/pe-cus",
        "place/pe-lim",
    }


def test_roles_given_around_a_time_adverbial_a_use_a_lead_body_and_an_adoption(write_report):
    x = _extract(
        write_report,
        "Durante los 16 días de activismo, la campaña ÚNETE, a la que se sumaron este año Backus "
        "y Rimac Seguros, iluminó 40 edificios.\n\n"
        "The HeForShe campaign, joined this year by Backus, reached Lima.\n\n"
        "The WRD programme trained 200 leaders in Piura. Its rapid gender analysis was used by "
        "the National Humanitarian Network to prioritise assistance.\n\n"
        "La Secretaría de Derechos Humanos (SDH), en su calidad de ente rector del Sistema "
        "Nacional de Prevención, aprobó un modelo.\n\n"
        "The Ministry of Justice, as the governing body of the National Protection System, "
        "approved a model.\n\n"
        "El programa Tejiendo Redes, financiado por la KOICA, apoyó a 300 productoras en Cusco. "
        "El Gobierno Regional de Cusco incorporó la metodología del programa en su plan.\n\n"
        "The Weaving Networks programme, funded by KOICA, supported 300 producers in Puno. "
        "The Ministry of Labour adopted the programme's course in its public offer.",
    )
    assert _roles(x, "programme/unete") == {
        "partner/backus": "member",
        "partner/rimac-seguros": "member",
    }
    assert _roles(x, "programme/heforshe") == {"partner/backus": "member"}
    assert _roles(x, "programme/wrd")["partner/national-humanitarian-network--pe"] == "beneficiary"
    assert _roles(x, "programme/sistema-nacional-de-prevencion") == {
        "partner/secretaria-de-derechos-humanos--pe": "convener"
    }
    assert _roles(x, "programme/national-protection-system") == {
        "partner/ministry-of-justice--pe": "convener"
    }
    assert _roles(x, "programme/tejiendo-redes")["partner/gobierno-regional-de-cusco"] == (
        "beneficiary"
    )
    assert _roles(x, "programme/weaving-networks")["partner/ministry-of-labour--pe"] == (
        "beneficiary"
    )


def test_the_bodies_an_alliance_is_made_of_are_its_members(write_report):
    x = _extract(
        write_report,
        "La Alianza por los Cuidados, integrada por el Ministerio de Trabajo y la Sociedad "
        "Nacional de Industrias, presentó una propuesta.\n\n"
        "The Care Alliance, made up of the Ministry of Labour, UNICEF and ILO, presented a "
        "proposal.",
    )
    assert set(_roles(x, "programme/alianza-por-los-cuidados").values()) == {"member"}
    assert set(_roles(x, "programme/care-alliance").values()) == {"member"}
    assert len(_roles(x, "programme/care-alliance")) == 3
    # Co-members are not shown acting together.
    assert not _links(x, "collaboratesWith")


def test_a_programme_that_frames_the_clause_holds_every_name_of_it(write_report):
    x = _extract(
        write_report,
        "En Lima, la estrategia Alerta Acoso, liderada por el Ministerio de la Mujer en el marco "
        "del programa Ciudades Seguras, amplió su sistema de denuncias.\n\n"
        "In Cusco, the Safe Ride strategy, led by the Ministry of Transport as part of the Safe "
        "Streets programme, expanded its reporting system.\n\n"
        "The HeForShe campaign, led by the Ministry of Labour, and the #LineaMorada campaign, led "
        "by UNICEF, reached a million people.",
    )
    partners = _links(x, "hasPartner")
    ministry = "partner/ministerio-de-la-mujer--pe"
    assert {s for s, o in partners if o == ministry} == {
        "programme/alerta-acoso",
        "programme/safe-cities",
    }
    assert {s for s, o in partners if o == "partner/ministry-of-transport--pe"} == {
        "programme/safe-ride",
        "programme/safe-streets",
    }
    # Without a frame, each name stays with the programme nearest before it.
    assert {s for s, o in partners if o == "partner/unicef"} == {"programme/lineamorada"}


def test_a_part_of_those_named_or_the_participants_carry_the_programme_on(write_report):
    x = _extract(
        write_report,
        "Women entrepreneurs in Piura increased their sales through the Emprende Mujer programme. "
        "Heavy rains hit the northern coast in March. "
        "312 of them accessed credit through an agreement with the Banco de la Nación.\n\n"
        "El programa Tejiendo Redes, financiado por la KOICA, apoyó a 300 productoras en Cusco. "
        "Las lluvias de marzo afectaron la costa norte. "
        "Las participantes obtuvieron créditos en Puno.",
    )
    partners = _links(x, "hasPartner")
    assert ("programme/emprende-mujer", "partner/banco-de-la-nacion") in partners
    assert ("programme/tejiendo-redes", "place/pe-pun") in _links(x, "operatesIn")


def test_a_border_landmark_or_the_country_migrants_come_from_is_no_place_of_the_work(write_report):
    x = _extract(
        write_report,
        "Under the LEAP programme, migrant women from Venezuela received legal advice in Tumbes. "
        "HIAS Peru also ran mobile units in Zarumilla, on the border with Ecuador.\n\n"
        "En el marco del programa Juntas, las mujeres migrantes procedentes de Colombia "
        "recibieron asesoría en Tacna. "
        "La Misión Scalabriniana abrió un albergue en Puno, en la frontera con Bolivia.",
    )
    places = {p for _, p in _links(x, "operatesIn")} | {p for _, p in _links(x, "activeIn")}
    assert {"place/pe-tum", "place/pe-tac", "place/pe-pun"} <= places
    assert not {p for p in places if p in {"place/ve", "place/ec", "place/co", "place/bo"}}


def test_an_agreement_reached_with_someone_is_acting_together(write_report):
    x = _extract(
        write_report,
        "The Ministry of Women agreed with UNDP to extend the Seal to 26 regional offices.\n\n"
        "El Ministerio de Trabajo acordó un plan de trabajo con la OIT en Lima.\n\n"
        "The Ministry of Health signed a memorandum of understanding with UNICEF in Cusco.",
    )
    together = _links(x, "collaboratesWith")
    assert ("partner/ministry-of-women--pe", "partner/undp") in together
    assert ("partner/ministerio-de-trabajo--pe", "partner/ilo") in together
    assert ("partner/ministry-of-health--pe", "partner/unicef") in together


def test_a_programme_named_in_other_capitals_in_the_sentence_is_no_discourse_link(bundled):
    """The bundled report names the gazetteer's "UNiTE" as "UNITE" ("a UNITE video in
    collaboration with Tik Tok's office"): the sentence names the programme, so TikTok's part in
    it is explicit, not carried over from the sentence before. And every discourse link anywhere
    in the report has a sentence without its programme's acronym, in any capitals."""
    import re

    from kg.extract.gazetteer import fold
    from kg.extract.matcher import is_acronym

    extraction = extract_report(bundled)
    tiktok = {
        p.activity: p for p in extraction.participations if p.organisation == "partner/tiktok"
    }
    unite = tiktok["programme/unite"]
    assert not unite.discourse
    assert len(unite.evidence) == 1 and "a UNITE video" in unite.evidence[0].text
    link = _links(extraction, "hasPartner")[("programme/unite", "partner/tiktok")]
    assert link.discourse is False
    for link in extraction.participations:
        entity = extraction.entities.get(link.activity)
        if not link.discourse or entity is None:
            continue
        acronyms = {fold(n).upper() for n in (entity.label, *entity.aliases) if is_acronym(n)}
        sentences = [set(re.findall(r"\w+", fold(s.text).upper())) for s in link.evidence]
        assert any(not acronyms & words for words in sentences), (link, acronyms)


def test_a_partner_is_not_linked_to_the_reports_own_country(write_report):
    # Every partner of a Peru report works in Peru: "activeIn Peru" says nothing, while a region
    # or a city it works in does, and a programme still operates in the country it covers.
    x = _extract(
        write_report,
        "The Food and Agriculture Organization, present in every region of Peru, trained 200 "
        "rural women in Puno. The ATENEA initiative assessed women's political participation "
        "in Peru with the National Jury of Elections.",
    )
    active = _links(x, "activeIn")
    fao = "partner/fao"
    assert (fao, "place/pe-pun") in active
    assert all(place != "place/pe" for _, place in active)
    assert ("programme/atenea", "place/pe") in _links(x, "operatesIn")


def test_the_humanitarian_country_team_is_one_partner_in_either_language(write_report):
    # A coordination body of the UN system (IASC), curated with its Spanish name.
    x = _extract(
        write_report,
        "UN Women co-led the gender group of the Humanitarian Country Team with UNFPA. "
        "La Oficina apoyó al Equipo Humanitario de País en su plan de respuesta.",
    )
    hct = x.entities["partner/hct"]
    assert hct.label == "Humanitarian Country Team"
    assert {m.surface for m in x.mentions if m.entity == "partner/hct"} == {
        "Humanitarian Country Team",
        "Equipo Humanitario de País",
    }


def test_a_savings_bank_named_after_its_town_is_a_partner_not_a_place(write_report):
    # Peru's municipal savings banks carry their town's name ("Caja Arequipa"): the bank is the
    # partner, and its town is not a place the report names.
    x = _extract(
        write_report,
        "Through an agreement between CARE Peru and Caja Arequipa, 312 women accessed credit.",
    )
    bank = [k for k, e in x.entities.items() if e.label == "Caja Arequipa"]
    assert bank and x.entities[bank[0]].kind == "private-sector"
    assert all(x.entities[m.entity].type != "place" for m in x.mentions if m.surface == "Arequipa")
    assert [m.surface for m in x.mentions if m.entity == bank[0]] == ["Caja Arequipa"]


def test_a_spanish_word_for_support_does_not_carry_a_programme_on(write_report):
    # "apoyó" and "el apoyo técnico" share a stem, as "supported" and "the support" do, and
    # name no programme's work: the next sentence, with its own actors, is about something
    # else. Accented stopwords ("según") count once the text is folded.
    x = _extract(
        write_report,
        "El programa Mujeres Rurales del Sur apoyó a 620 productoras de Puno. Según el "
        "Instituto Nacional de Estadística e Informática, el 41% de ellas no tiene ingresos, una "
        "brecha que el programa busca reducir. En Lima, la Universidad Nacional Mayor de San "
        "Marcos publicó una encuesta del uso del tiempo, con el apoyo técnico de ONU Mujeres.",
    )
    programme = next(k for k, e in x.entities.items() if e.label == "Mujeres Rurales del Sur")
    partners = {p for s, p in _links(x, "hasPartner") if s == programme}
    places = {p for s, p in _links(x, "operatesIn") if s == programme}
    assert "place/pe-pun" in places
    assert "place/pe-lim" not in places
    assert not any("universidad" in p for p in partners), partners


def test_a_new_subject_after_and_acts_in_its_own_places(write_report):
    # ", and the X trained ... in Y": X opens a clause of its own and acts in Y, in either
    # language; the organisations before the comma neither act in Y nor with X.
    x = _extract(
        write_report,
        "The Ministry of Health and the Ombudsman's Office reviewed the protocol, and the "
        "Manuela Ramos Movement trained 90 promoters in Ayacucho. ONU Mujeres coordinó la mesa "
        "con el Ministerio de Cultura, y la Federación de Mujeres Campesinas formó a 40 "
        "lideresas en Puno.",
    )
    active = _links(x, "activeIn")
    assert ("partner/manuela-ramos-movement", "place/pe-aya") in active
    health, movement = "partner/ministry-of-health--pe", "partner/manuela-ramos-movement"
    assert ("partner/ministry-of-health--pe", "place/pe-aya") not in active
    together = _links(x, "collaboratesWith")
    assert (health, "partner/ombudsman-s-office--pe") in together
    assert (health, movement) not in together
    places_of = {(s, p) for s, p in active if p == "place/pe-pun"}
    assert any("federacion" in s for s, _ in places_of), active
    assert not any("ministerio-de-cultura" in s for s, _ in places_of), active


def test_natural_regions_are_places_but_not_inside_a_programme_name(write_report):
    # Curated natural regions (data/gazetteer/places.csv): the Amazon, the Chaco, the
    # Altiplano, the Dry Corridor, in English and Spanish; a region in a programme's name is the
    # programme's, not a place the report names.
    x = _extract(
        write_report,
        "The drought affected 9,000 families in the Chaco and the Altiplano. La sequía afectó "
        "al Corredor Seco y a la Amazonía. El programa Mujeres Productoras del Chaco apoyó a "
        "620 productoras.",
    )
    regions = {m.surface for m in x.mentions if x.entities[m.entity].kind == "region"}
    assert regions == {"Chaco", "Altiplano", "Corredor Seco", "Amazonía"}
    chaco = [m for m in x.mentions if m.entity == "place/region-gran-chaco"]
    assert len(chaco) == 1


def test_a_parent_body_named_inside_its_units_name_is_a_partner_that_does_not_act(write_report):
    # "X of the Y": Y is a partner of the outcome, named inside X's name; X is who acts. The
    # office of a post ("Oficina de la Coordinadora Residente") names no body of the post.
    x = _extract(
        write_report,
        "The Commission on Women and Gender Equality of the Chamber of Deputies approved the "
        "bill in Cusco. La Oficina de la Coordinadora Residente convocó a las agencias.",
    )
    labels = {e.label for e in x.entities.values()}
    assert {
        "Chamber of Deputies",
        "Commission on Women and Gender Equality of the Chamber of Deputies",
    } <= labels
    assert "Coordinadora Residente" not in labels
    chamber = next(k for k, e in x.entities.items() if e.label == "Chamber of Deputies")
    assert ("outcome/XM-DAC-41146-PER_D_1.1", chamber) in _links(x, "involvesPartner")
    assert all(chamber not in pair for pair in _links(x, "activeIn"))
    assert all(chamber not in pair for pair in _links(x, "collaboratesWith"))


def test_a_subject_that_co_finances_or_co_funds_is_a_funder(write_report):
    """ "The Inter-American Development Bank co-financed the platform" (the UNFPA Chile test
    report) read the bank as an implementer: the funding verbs had no co- forms."""
    x = _extract(
        write_report,
        "The Inter-American Development Bank co-financed the digital platform of the Spotlight "
        "Initiative.\n\n"
        "The European Union co-funded the Spotlight Initiative in Cusco.\n\n"
        "El Banco Mundial cofinanció la Iniciativa Spotlight en Puno.",
    )
    roles = _roles(x, SPOTLIGHT)
    assert roles["partner/iadb"] == "funder"
    assert roles["partner/european-union"] == "funder"
    assert roles["partner/world-bank"] == "funder"
