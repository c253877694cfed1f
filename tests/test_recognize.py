"""Organisation- and programme-shaped names, cue lists, distributed heads."""

from kg.extract.recognize import candidates, distributed_spans, head_of, is_own, parent_body
from kg.extract.resolve import resolve


def _names(text, places=frozenset()):
    return {(c.names[0], c.type, c.kind) for c in candidates([text], places)}


def test_head_before_the_first_preposition_decides_type_and_kind():
    assert head_of("Ministry of Finance") == ("partner", "government")
    assert head_of("National Program for Equality between Women and Men")[0] == "programme"
    assert head_of("Universidad de los Andes") == ("partner", "academia")
    assert head_of("Global Alliance for Care") == ("programme", "alliance")
    assert head_of("General Law of Women's Access") is None


def test_english_and_spanish_organisation_names():
    names = _names(
        "The Secretaría de las Mujeres del Estado and the Swedish Embassy met the Fundación "
        "Plan, while the National Office did not."
    )
    labels = {n for n, _, _ in names}
    assert {"Secretaría de las Mujeres del Estado", "Swedish Embassy", "Fundación Plan"} <= labels
    assert "National Office" not in labels


def test_and_joins_one_name_or_separates_two():
    labels = {
        n
        for n, _, _ in _names(
            "The Secretariat for Risk Management and Civil Protection and the National Search "
            "Commission met."
        )
    }
    assert "Secretariat for Risk Management and Civil Protection" in labels
    assert "National Search Commission" in labels


def test_cue_lists_take_acronyms_and_names():
    names = _names("A campaign led by UN Women in collaboration with the RCO, ILO and FAO.")
    assert {n for n, _, _ in names} == {"RCO", "ILO", "FAO"}


def test_places_and_the_reporting_organisation_are_not_partners():
    names = _names("in collaboration with Mexico and UN Women", frozenset({"mexico"}))
    assert names == set()
    assert is_own("UN Women Country Office") and is_own("Regional Office")


def test_distributed_heads():
    text = "The Ministries of National Defense, the Navy and Public Security met."
    assert [(text[a:b], n) for a, b, n in distributed_spans(text)] == [
        ("Ministries of National Defense", "Ministry of National Defense"),
        ("Navy", "Ministry of the Navy"),
        ("Public Security", "Ministry of Public Security"),
    ]


def test_brackets_after_words_that_are_not_names():
    names = _names("The (Defensoría del Pueblo) met. In (INER) and the (see below). Jointly (X Y)")
    assert names == {("Defensoría del Pueblo", "partner", "government")}


def test_a_name_stops_before_in_and_a_place_within_a_country():
    places = frozenset({"oaxaca", "colombia"})
    labels = {n for n, _, _ in _names("UNDP joined the Spotlight Initiative in Oaxaca.", places)}
    assert "Spotlight Initiative" in labels
    assert not any("Oaxaca" in label for label in labels)
    country = {n for n, _, _ in _names("The UN Verification Mission in Colombia met.", places)}
    assert "UN Verification Mission in Colombia" in country


def test_capitals_that_fold_unusually_are_no_crash():
    assert distributed_spans("The MİNİSTRİES of Labour and Health met.") == []


def test_what_is_not_an_organisation_is_modelled_as_what_it_is(write_report):
    """A data bank is a system (a programme-like thing), not a partner; a numbered sitting of a
    legislature is the legislature; kinds come from the whole name or stay empty."""
    from kg.pipeline import extract_report

    x = extract_report(
        write_report(
            "# Progress in Mexico country in 2023\n\nOUTCOME XM-DAC-41146-MEX_D_1.1\n\n"
            "By 2025, women are safe.\n\n"
            "The Spotlight Initiative strengthened the National Bank of Data and Information on "
            "Cases of Violence against Women (BANAVIM). The LXI Congress Legislature of the State "
            "of Mexico approved 17 laws, and the Congress of the State of Mexico held hearings. "
            "The National Association of Banks (ABM) joined the Women's Empowerment Principles. "
            "As ordered by the Inter-American Court of Human Rights, the Expert Group for the "
            "Innovation of Time Use Surveys of the United Nations Statistics Division met.\n"
        )
    )
    by_label = {e.label: e for e in x.entities.values()}
    bank = next(e for e in x.entities.values() if "BANAVIM" in e.aliases)
    assert (bank.type, bank.kind) == ("programme", "system")
    congress = [e for e in x.entities.values() if "Congress" in e.label]
    assert [c.label for c in congress] == ["Congress of the State of Mexico"]
    assert "LXI Congress Legislature of the State of Mexico" in congress[0].aliases
    assert by_label["National Association of Banks"].kind == "private-sector"
    assert by_label["Inter-American Court of Human Rights"].kind == "international"
    expert = next(e for e in x.entities.values() if e.label.startswith("Expert Group"))
    assert expert.kind == "un-agency"


def _labels(text: str) -> set[str]:
    return {n for n, _, _ in _names(text)}


def test_the_last_item_of_a_cue_list_is_split_where_and_joins_two_names():
    spanish = _labels(
        "A la Alianza se adhirieron Nestlé Ecuador, Unilever Andina, Maruri Grey y McCann "
        "Ecuador, que se comprometieron a eliminar los estereotipos."
    )
    assert {"Maruri Grey", "McCann Ecuador"} <= spanish
    assert "Maruri Grey y McCann Ecuador" not in spanish
    listed = _labels(
        "Veintidós empresas, entre ellas Banco Pichincha, Produbanco, Corporación Favorita y "
        "Holcim Ecuador, firmaron los Principios."
    )
    assert {"Corporación Favorita", "Holcim Ecuador"} <= listed
    assert "Corporación Favorita y Holcim Ecuador" not in listed
    english = _labels(
        "Companies such as Danone, Unilever, Kellogg Company and Kimberly Clark, signed them."
    )
    assert {"Kellogg Company", "Kimberly Clark"} <= english


def test_and_inside_a_bodys_remit_keeps_one_name():
    # "Comisión de Justicia y Estructura del Estado": the commission's remit, not two bodies.
    commission = _labels(
        "ONU Mujeres brindó asistencia técnica a la Comisión de Justicia y Estructura del Estado "
        "de la Asamblea Nacional."
    )
    assert "Comisión de Justicia" not in commission
    assert "Estructura del Estado de la Asamblea Nacional" not in commission
    assert "Comisión de Justicia y Estructura del Estado de la Asamblea Nacional" in commission
    workers = _labels(
        "ONU Mujeres brindó asistencia a la Comisión de los Derechos de los Trabajadores y la "
        "Seguridad Social de la Asamblea Nacional para el debate."
    )
    assert any(n.startswith("Comisión de los Derechos de los Trabajadores y la") for n in workers)
    assert not any(n.startswith("Seguridad Social") for n in workers)
    centre = _labels(
        "El Centro Ecuatoriano para la Promoción y Acción de la Mujer formó a 150 promotoras."
    )
    assert "Centro Ecuatoriano para la Promoción y Acción de la Mujer" in centre
    english = _labels("UN Women supported the Commission on Justice and Human Rights.")
    assert "Commission on Justice and Human Rights" in english


def test_a_month_after_in_ends_a_name():
    assert _labels("UN Women supported the Ministry of Health in May 2022.") == {
        "Ministry of Health"
    }
    assert _labels("El Ministerio de Salud en Mayo firmó el acuerdo.") == {"Ministerio de Salud"}


def test_a_body_of_a_parent_body_names_the_parent_too():
    found = _labels(
        "ONU Mujeres apoyó a la Comisión de Justicia y Estructura del Estado de la Asamblea "
        "Nacional."
    )
    assert "Asamblea Nacional" in found
    english = _labels("UN Women briefed the Gender Equality Commission of the National Assembly.")
    assert {"Gender Equality Commission of the National Assembly", "National Assembly"} <= english


def test_and_still_separates_two_bodies_after_a_remit():
    found = _labels(
        "ONU Mujeres trabajó con la Comisión de Justicia y el Ministerio de Gobierno, y con la "
        "Secretaría de las Mujeres y la Fiscalía General del Estado."
    )
    assert {"Comisión de Justicia", "Ministerio de Gobierno"} <= found
    assert {"Secretaría de las Mujeres", "Fiscalía General del Estado"} <= found
    english = _labels(
        "UN Women worked with the Ministry of Health and the National Institute of Statistics."
    )
    assert {"Ministry of Health", "National Institute of Statistics"} <= english


def test_a_sentence_opening_preposition_is_not_part_of_a_name():
    assert "Fundación ALDEA" in _labels("Según la Fundación ALDEA, hubo 332 muertes violentas.")


def test_a_remit_that_ends_in_a_country_keeps_one_name():
    found = _labels(
        "UN Women supported the National Organisation of Andean and Amazonian Indigenous Women "
        "of Peru in its assembly."
    )
    assert "National Organisation of Andean and Amazonian Indigenous Women of Peru" in found


def test_a_remit_never_takes_in_the_reporting_organisation_or_an_acronym():
    found = _labels("The Alliance, convened by the Lima Chamber of Commerce and UN Women, met.")
    assert "Lima Chamber of Commerce" in found
    assert not any("UN Women" in name for name in found)
    # The reporting organisation's own sections stay one name, and are left out.
    assert not _labels("The Office worked with UN Women's Research and Data Section.")


def test_a_listed_name_takes_del_and_las_whole():
    found = _labels(
        "Welcomed 23 new member companies, among them Backus, Belcorp and Telefónica del Perú."
    )
    assert "Telefónica del Perú" in found and "Telefónica" not in found


def test_a_list_of_names_that_signs_or_joins_names_organisations():
    found = _labels(
        "Alicorp, BBVA Peru, Interbank and Ransa signed the Women's Empowerment Principles."
    )
    assert {"Alicorp", "BBVA Peru", "Interbank", "Ransa"} <= found
    spanish = _labels("En 2022, Pronaca, Tonicorp y Grupo Difare firmaron los Principios.")
    assert {"Pronaca", "Tonicorp", "Grupo Difare"} <= spanish
    joined = _labels(
        "La campaña ÚNETE, a la que se sumaron este año Banco Guayaquil, Movistar y "
        "Teleamazonas, iluminó edificios."
    )
    assert {"Movistar", "Teleamazonas"} <= joined


def test_people_and_places_that_sign_are_not_organisations():
    found = _labels("The President, the Minister and the Governor signed the decree.")
    assert not found & {"President", "Minister", "Governor"}
    places = frozenset({"mexico", "guatemala", "honduras"})
    listed = {c.names[0] for c in candidates(["Mexico, Guatemala and Honduras signed it."], places)}
    assert not listed
    assert not _labels("Alicorp and Ransa signed it.")  # two bare names: nothing says what


def test_spanish_cues_introduce_lists_as_english_ones_do():
    found = _labels(
        "El proyecto, implementado por ONU Mujeres y HIAS Ecuador con el apoyo financiero del "
        "Gobierno de Canadá, abrió dos centros."
    )
    assert {"HIAS Ecuador", "Gobierno de Canadá"} <= found
    led = _labels(
        "La campaña, liderada por Plan Internacional junto con Kallpa, llegó a 40 escuelas."
    )
    assert {"Plan Internacional", "Kallpa"} <= led


def test_vice_ministries_are_bodies():
    found = _labels(
        "The Vice-Ministry of Equal Opportunities met with the Viceministerio de Justicia Indígena."
    )
    assert "Vice-Ministry of Equal Opportunities" in found
    assert "Viceministerio de Justicia Indígena" in found


def test_a_remit_list_inside_a_body_s_name_stays_one_name():
    # English and Spanish, as a subject, in a signing list, after a cue and in a definition.
    cases = {
        "The Ministry of Labour, Employment and Social Security and the Ministry of Agriculture, "
        "Livestock and Food signed an agreement.": {
            "Ministry of Labour, Employment and Social Security",
            "Ministry of Agriculture, Livestock and Food",
        },
        "The Bureau of Population, Refugees and Migration (PRM) funded two shelters.": {
            "Bureau of Population, Refugees and Migration"
        },
        "El Ministerio de Trabajo, Empleo y Previsión Social y el Ministerio de Vivienda, "
        "Ordenamiento Territorial y Medio Ambiente firmaron un convenio.": {
            "Ministerio de Trabajo, Empleo y Previsión Social",
            "Ministerio de Vivienda, Ordenamiento Territorial y Medio Ambiente",
        },
        "Se trabajó en coordinación con la Secretaría de Cultura, Recreación y Deporte.": {
            "Secretaría de Cultura, Recreación y Deporte"
        },
    }
    for text, expected in cases.items():
        assert {c.names[0] for c in candidates([text], frozenset())} == expected, text
    text = "The Bureau of Population, Refugees and Migration (PRM) met."
    defined = candidates([text], frozenset())
    assert ("Bureau of Population, Refugees and Migration", "PRM") in {c.names for c in defined}


def test_a_list_of_bodies_or_places_after_a_body_is_not_its_remit():
    places = frozenset({"oaxaca", "chiapas"})
    text = "in collaboration with the Institute of Women, UNDP and ILO."
    labels = {n for n, _, _ in _names(text)}
    assert labels == {"Institute of Women", "UNDP", "ILO"}
    labels = {n for n, _, _ in _names("with the Ministry of Health, Oaxaca and Chiapas.", places)}
    assert labels == {"Ministry of Health"}
    labels = {n for n, _, _ in _names("junto con la Secretaría de Salud, el PNUD y la OIT.")}
    assert "Secretaría de Salud" in labels and not any("," in n for n in labels)


def test_the_powers_of_a_state_are_bodies():
    cases = {
        "El Poder Judicial abrió juzgados y el Poder Legislativo aprobó el presupuesto.": {
            "Poder Judicial",
            "Poder Legislativo",
        },
        "El Órgano Judicial y el Organismo Ejecutivo firmaron; la Función Judicial también.": {
            "Órgano Judicial",
            "Organismo Ejecutivo",
            "Función Judicial",
        },
        "The Judicial Branch opened two courts and the Legislative Branch approved them.": {
            "Judicial Branch",
            "Legislative Branch",
        },
        "El Ministerio Público y el Poder Judicial del Estado de Oaxaca firmaron.": {
            "Ministerio Público",
            "Poder Judicial del Estado de Oaxaca",
        },
    }
    for text, expected in cases.items():
        assert {n for n, _, _ in _names(text)} == expected, text
    assert _names("The power of the judicial branch is limited.") == set()


def test_a_national_congress_is_named_but_a_state_congress_is_not():
    assert {n for n, _, _ in _names("En marzo, el Congreso Nacional aprobó la ley.")} == {
        "Congreso Nacional"
    }
    assert {n for n, _, _ in _names("The National Congress and the Fiscalía General met.")} == {
        "National Congress",
        "Fiscalía General",
    }
    assert _names("The State Congress approved it, as the Federal Judiciary did.") == set()
    # "Secretaría de Estado" is a kind of body, not the name of one.
    assert _names("La Secretaría de Estado aprobó el plan.") == set()


def test_companies_named_once_by_a_signing_or_joining_verb():
    cases = {
        "The WEPs were signed by Pantaleon, Cementos Progreso S.A. and Agroamerica Ltd. in May.": {
            "Pantaleon",
            "Cementos Progreso S.A.",
            "Agroamerica Ltd.",
        },
        "Los Principios fueron firmados por Telefónica, Natura y Almacenes Simán S.A. de C.V. en "
        "junio.": {"Telefónica", "Natura", "Almacenes Simán S.A. de C.V."},
        "The UNiTE campaign, joined this year by Entel, Red Uno and Unitel, lit buildings.": {
            "Entel",
            "Red Uno",
            "Unitel",
        },
        "The Alliance welcomed nine new members, among them Entel and PIL Andina.": {
            "Entel",
            "PIL Andina",
        },
        "ONU Mujeres se alió con Danone para formar a 400 emprendedoras.": {"Danone"},
        "A safety audit of the cable car network operated by Mi Teleférico was completed.": {
            "Mi Teleférico"
        },
    }
    for text, expected in cases.items():
        entities = resolve(candidates([text], frozenset()), [])
        assert {e.label for e in entities} - {"UNiTE", "WEPs"} == expected, text


def test_a_legal_form_or_a_role_word_says_a_company_or_a_medium():
    names = _names("Grupo Bimbo, S.A.B. de C.V. y Alicorp S.A.A. firmaron el convenio.")
    assert ("Alicorp S.A.A.", "partner", "private-sector") in names
    assert ("Grupo Bimbo, S.A.B. de C.V.", "partner", "private-sector") in names
    names = _names("UN Women worked with the company Danone and the newspaper El Tiempo.")
    assert {("Danone", "partner", "private-sector"), ("El Tiempo", "partner", "media")} <= names
    labels = {n for n, _, _ in _names("Claro, Televicentro y el diario La Prensa se sumaron.")}
    assert labels == {"Claro", "Televicentro", "La Prensa"}


def test_a_one_word_name_beside_an_organisation_after_a_place():
    text = "La Cámara de Comercio e Industrias de Atlántida y Tigo acompañaron a 450 mujeres."
    labels = {n for n, _, _ in _names(text, frozenset({"atlantida"}))}
    assert labels == {"Cámara de Comercio e Industrias de Atlántida", "Tigo"}


def test_capitalised_sentence_openers_are_not_partners():
    for text in (
        "Overall, companies stepped up.",
        "Training reached 300 women entrepreneurs.",
        "Participants came from the north.",
        "Asimismo, el sector privado se comprometió con la igualdad.",
        "Gracias a ello, las lideresas presentaron una agenda común.",
        "Durante el año, las empresas firmaron los principios.",
        "The agreement was signed by the parties in May.",
    ):
        assert _names(text) == set(), text


def _programmes(text, places=frozenset()):
    return {c.names for c in candidates([text], places) if c.type == "programme"}


def test_programme_titles_keep_their_lower_case_words():
    cases = {
        "Durante el año, el programa Mujeres que Deciden formó a 120 lideresas.": {
            ("Mujeres que Deciden",)
        },
        "El programa Mujeres Resilientes ante Desastres, financiado por KOICA, apoyó a COPECO.": {
            ("Mujeres Resilientes ante Desastres",)
        },
        "El programa conjunto Mujeres Rurales Resilientes llegó a 2.000 mujeres.": {
            ("Mujeres Rurales Resilientes",)
        },
        "El proyecto Juntas en el Camino abrió dos centros.": {("Juntas en el Camino",)},
        "Tigo vendió a través de la plataforma Compra Mujer Hondureña.": {
            ("Compra Mujer Hondureña",)
        },
        "ONU Mujeres formó a 400 emprendedoras del programa Ganar-Ganar: la igualdad de género es "
        "un buen negocio.": {
            ("Ganar-Ganar: la igualdad de género es un buen negocio", "Ganar-Ganar")
        },
        "Training reached 300 women under the Win-Win: Gender Equality Means Good Business "
        "programme.": {
            (
                "Win-Win: Gender Equality Means Good Business",
                "Win-Win: Gender Equality Means Good Business programme",
            )
        },
        "The Vidas Libres joint programme supported the Office.": {
            ("Vidas Libres", "Vidas Libres programme")
        },
        "The Women in Politics programme trained 300 candidates.": {
            ("Women in Politics", "Women in Politics programme")
        },
        "Under the Joint Programme on Accelerating Progress towards the Economic Empowerment of "
        "Rural Women, 1,850 women increased their income.": {
            (
                "Joint Programme on Accelerating Progress towards the Economic Empowerment of "
                "Rural Women",
            )
        },
    }
    for text, expected in cases.items():
        assert _programmes(text) == expected, text


def test_a_title_stops_before_a_place_a_month_a_verb_or_a_clause():
    places = frozenset({"choloma"})
    assert _programmes("El programa Ciudad Mujer en Choloma atendió a 300 mujeres.", places) == {
        ("Ciudad Mujer",)
    }
    assert _programmes("El programa Ciudad Mujer amplió su módulo.") == {("Ciudad Mujer",)}
    assert _programmes("The programme Win-Win in May reached 300 women.") == {("Win-Win",)}
    # A colon followed by a clause with figures is no subtitle.
    assert _programmes("El programa Ciudad Mujer: la institución atendió a 5.000 mujeres.") == {
        ("Ciudad Mujer",)
    }
    # A bare head word after a cue is a short reference, not a name.
    assert _programmes("Con el apoyo de la Iniciativa, el Ministerio formó a 30 juezas.") == set()


def test_schools_of_leadership_are_programmes_named_by_their_quoted_title():
    names = candidates(
        [
            'La Escuela de Liderazgo Político "Mujeres que Deciden", implementada por el NDI, '
            "formó a 340 lideresas.",
            '230 young women completed the School of Leadership "Warmi Ñan".',
            "Candidates took part in the School of Political Leadership run with NDI.",
        ],
        frozenset(),
    )
    programmes = {c.names[0] for c in names if c.type == "programme"}
    assert {"Mujeres que Deciden", "Warmi Ñan", "School of Political Leadership"} <= programmes
    assert not any(c.type == "partner" and "School" in c.names[0] for c in names)
    assert not any(c.type == "partner" and "Escuela" in c.names[0] for c in names)
    programmes = [e for e in resolve(names, []) if e.type == "programme"]
    assert len(programmes) == 3
    for name in ("Mujeres que Deciden", "Warmi Ñan", "School of Political Leadership"):
        assert any(name in (e.label, *e.aliases) for e in programmes), name


def _places(text, places=frozenset()):
    return {c.names[0] for c in candidates([text], places) if c.type == "place"}


def test_small_places_named_after_the_word_for_what_they_are():
    assert _places(
        "In the municipalities of San Juan La Laguna and Todos Santos Cuchumatán, and in the "
        "town of Concepción Chiquirichapa, promoters were trained."
    ) == {"San Juan La Laguna", "Todos Santos Cuchumatán", "Concepción Chiquirichapa"}
    assert _places(
        "En los municipios de Tepecoyo y Jayaque se formaron promotoras, y mujeres de la ciudad "
        "de Nahuizalco participaron."
    ) == {"Tepecoyo", "Jayaque", "Nahuizalco"}
    assert _places(
        "Las agendas fueron presentadas ante las corporaciones municipales de Yamaranguila y "
        "Intibucá, and to the municipal councils of Comalapa and Tecpán."
    ) == {"Yamaranguila", "Intibucá", "Comalapa", "Tecpán"}
    # The capitalised "Municipality of X" is the municipal government, not the cue of a place.
    assert _places("The Municipality of Santa Catarina Palopó approved an ordinance.") == set()
    assert _places("La Alcaldía Municipal de Suchitoto aprobó una ordenanza.") == set()
    # Known places, bodies and months are not new places.
    assert _places("in the city of Oaxaca in May", frozenset({"oaxaca"})) == set()
    assert _places("the city of Ministry of Health officials") == set()


def test_unknown_items_of_a_list_of_known_places_are_places():
    known = frozenset({"tarija", "trinidad", "cobija", "danli", "santa cruz de la sierra"})
    assert _places("Hearings were held in Sucre, Tarija, Trinidad and Cobija.", known) == {"Sucre"}
    assert _places("En Nacaome y Danlí, 380 productoras accedieron a créditos.", known) == {
        "Nacaome"
    }
    assert _places("Women in Santa Cruz de la Sierra and Desaguadero met.", known) == {
        "Desaguadero"
    }
    # The locative said again after "and" goes on with the list, in both languages.
    assert _places("Two spaces opened in San Vicente del Caguán and in Trinidad.", known) == {
        "San Vicente del Caguán"
    }
    assert _places("Se formaron fiscales en Tarija y en Los Alcarrizos.", known) == {
        "Los Alcarrizos"
    }
    # A list with no known place, or one misspelling a known place, adds none.
    assert _places("in Alpha, Beta and Gamma", known) == set()
    assert _places("in Tarija and Cobijo", known) == set()
    assert _places("in Tarija, UNDP and UN Women", known) == set()


def test_a_municipality_that_acts_is_a_partner_and_one_named_as_a_territory_is_not():
    places = frozenset({"san pedro sula", "la lima", "iztapalapa", "coahuila", "guayaquil"})
    for text, name in (
        (
            "El programa, implementado con la Municipalidad de San Pedro Sula, hizo una auditoría.",
            "Municipalidad de San Pedro Sula",
        ),
        ("La Municipalidad de La Lima aprobó un plan de respuesta.", "Municipalidad de La Lima"),
        (
            "Sus fondos permitieron que el Municipio de Guayaquil aprobara una ordenanza.",
            "Municipio de Guayaquil",
        ),
        ("The Municipality of Iztapalapa signed the agreement.", "Municipality of Iztapalapa"),
    ):
        assert (name, "partner", "government") in _names(text, places), text
    for text in (
        "Civil Society Organizations and the governments from the state of Coahuila and the "
        "Municipality of Iztapalapa now have a Program.",
        "Women in the Municipality of Iztapalapa met.",
        "En el Municipio de Guayaquil se formaron promotoras.",
    ):
        assert not any("Munici" in n for n, _, _ in _names(text, places)), text


def test_a_headless_name_joined_by_and_before_its_acronym_is_one_listed_partner():
    """ "Comunicación e Información de la Mujer (CIMAC)" after a cue is one partner with its
    acronym, not "Comunicación": a name whose words "e", "y" or "and" join, defined by the
    acronym in brackets right after it, is read whole, wherever it stands in the list."""
    cases = {
        "75 journalists took part, in collaboration with Comunicación e Información de la Mujer "
        "(CIMAC) and the Embassy of Sweden.": ("Comunicación e Información de la Mujer", "CIMAC"),
        "Se formaron 30 lideresas con el apoyo de ILO y Mujeres y Desarrollo Comunitario (MDC).": (
            "Mujeres y Desarrollo Comunitario",
            "MDC",
        ),
        "UN Women trained judges in collaboration with the RCO, FAO and Justice and Peace for "
        "Women (JPW).": ("Justice and Peace for Women", "JPW"),
    }
    for text, names in cases.items():
        found = {c.names: c.type for c in candidates([text], frozenset())}
        assert found.get(names) == "partner", (text, found)
        short = names[0].split()[0]
        assert (short,) not in found and not any(n[0] == short for n in found if n != names)
    listed = {c.names for c in candidates([list(cases)[2]], frozenset())}
    assert {("RCO",), ("FAO",)} <= listed


def test_an_acronyms_letters_in_the_tail_of_a_longer_name_do_not_cut_it():
    """The letters of AEAP are all in "Agencias de Publicidad" and those of PRM in "Refugees and
    Migration": neither tail is the list's last item, so the names stay whole."""
    texts = [
        "El capítulo fue convocado por ONU Mujeres y la Asociación Ecuatoriana de Agencias de "
        "Publicidad (AEAP).",
        "Shelters were funded by the United States Bureau of Population, Refugees and Migration "
        "(PRM).",
    ]
    for text in texts:
        names = {n for c in candidates([text], frozenset()) for n in c.names}
        assert not {"Agencias de Publicidad", "Refugees and Migration"} & names, names
        assert not {"Asociación Ecuatoriana", "United States Bureau"} & names, names


def test_a_preposition_said_again_after_and_starts_a_second_body():
    # "del X y del Y", "de la X y de la Y", "of the X and of the Y": two bodies, each with its
    # head word; a remit that goes on after "y de la" without a head word stays one name.
    for text, first, second in (
        (
            "Con el apoyo del Ministerio de la Mujer y del Ministerio de Trabajo, se formó a 450.",
            "Ministerio de la Mujer",
            "Ministerio de Trabajo",
        ),
        (
            "Lo aprobaron la Secretaría de la Niñez y de la Comisión de Presupuesto.",
            "Secretaría de la Niñez",
            "Comisión de Presupuesto",
        ),
        (
            "A protocol of the Ministry of Health and of the Electoral Institute was approved.",
            "Ministry of Health",
            "Electoral Institute",
        ),
    ):
        labels = {n for n, _, _ in _names(text)}
        assert {first, second} <= labels, text
        assert not any(" y de" in n or " and of" in n for n in labels), labels
    labels = {n for n, _, _ in _names("El Consejo Nacional de la Mujer y de la Familia aprobó.")}
    assert "Consejo Nacional de la Mujer y de la Familia" in labels


def test_national_red_cross_societies_are_partners():
    # Named as the IFRC names its national societies, with or without the nationality; the
    # movement's name inside another body's name is that body's.
    for text, name in (
        (
            "A este trabajo se unió la Cruz Roja Ecuatoriana, que distribuyó kits.",
            "Cruz Roja Ecuatoriana",
        ),
        ("The Honduran Red Cross delivered the kits in Choluteca.", "Honduran Red Cross"),
        ("The Red Cross Society of Panama opened two shelters.", "Red Cross Society of Panama"),
        ("Junto con la Cruz Roja, ONU Mujeres entregó kits.", "Cruz Roja"),
    ):
        assert (name, "partner", "civil-society") in _names(text), text
    labels = {n for n, _, _ in _names("El Comité Internacional de la Cruz Roja abrió una oficina.")}
    assert labels == {"Comité Internacional de la Cruz Roja"}


def test_a_spanish_name_goes_on_after_sin_and_before_an_english_head():
    # "sin" joins a Spanish name's words as "de" does; an English head word after a Spanish
    # name ("Casa de la Mujer Foundation") types it.
    assert ("Fundación Vida sin Violencia", "partner", "civil-society") in _names(
        "La Fundación Vida sin Violencia gestiona ambas casas."
    )
    assert ("Casa de la Mujer Foundation", "partner", "civil-society") in _names(
        "The Casa de la Mujer Foundation runs both spaces."
    )
    assert head_of("Casa de la Mujer Foundation") == ("partner", "civil-society")
    assert head_of("Day of the Girl Foundation") is None


def test_a_savings_bank_is_named_caja_and_its_town():
    places = frozenset({"piura", "arequipa"})
    assert ("Caja Piura", "partner", "private-sector") in _names(
        "An agreement between CARE Peru and Caja Piura gave credit to 312 women.", places
    )
    assert ("Caja Municipal de Arequipa", "partner", "private-sector") in _names(
        "La Caja Municipal de Arequipa otorgó créditos.", places
    )
    assert _names("La Caja de Herramientas para el Empoderamiento fue publicada.") == set()


def test_an_acronym_defines_the_name_after_and_the():
    # "X and the Y (Z)": the acronym's long form is the name after "and the" when a head word
    # opens it, and X stays a name of its own.
    text = (
        "Together with CARE Peru and the Ministry of the Environment (MINAM), the programme "
        "installed 48 water systems."
    )
    found = {c.names for c in candidates([text], frozenset({"peru"}))}
    assert ("Ministry of the Environment", "MINAM") in found, found
    assert ("CARE Peru",) in found
    assert not any("CARE Peru and" in n for names in found for n in names), found


def test_a_commissioner_with_a_remit_is_a_body_and_one_with_a_name_is_a_person():
    assert ("Comisionado Nacional para la Protección de Datos", "partner", None) in _names(
        "El Comisionado Nacional para la Protección de Datos firmó el convenio."
    )
    assert ("Federal Commissioner for Gender Equality", "partner", "government") in _names(
        "The Federal Commissioner for Gender Equality signed the agreement."
    )
    assert _names("Commissioner Ana López said the plan was ready.") == set()
    assert _names("La Comisionada María Pérez presentó el informe.") == set()


def test_a_quoted_name_after_an_organisation_completes_it():
    text = (
        'El Centro de Derechos de Mujeres "Berta Cáceres" acompañó a 90 defensoras. The '
        'Ministry of Health "Plan" unit and the campaign "Juntas" were not names.'
    )
    found = {c.names for c in candidates([text], frozenset())}
    assert (
        'Centro de Derechos de Mujeres "Berta Cáceres"',
        "Centro de Derechos de Mujeres",
    ) in found
    (entity,) = [e for e in resolve(candidates([text], frozenset()), []) if "Centro" in e.label]
    assert entity.label == 'Centro de Derechos de Mujeres "Berta Cáceres"'
    # A public body's name followed by a quoted word is not completed by it.
    assert not any('"Plan"' in n for names in found for n in names), found


def test_a_toponym_first_word_and_a_known_place_name_another_place():
    # "Puerto Lempira" is a town, not the department of Lempira; likewise "Nueva Ocotepeque" and
    # "San Marcos de Colón". A whole name the gazetteer knows, or no known place, adds none.
    known = frozenset({"lempira", "ocotepeque", "colon", "ciudad juarez", "juarez"})
    assert _places(
        "Lideresas de Puerto Lempira, Nueva Ocotepeque y San Marcos de Colón se formaron.", known
    ) == {"Puerto Lempira", "Nueva Ocotepeque", "San Marcos de Colón"}
    assert _places("Women in Ciudad Juárez met.", known) == set()
    assert _places("Women in San Cristóbal met.", known) == set()


def test_a_caucus_is_a_body_and_belongs_to_the_nearest_body_it_names():
    assert ("Bancada Femenina del Congreso Nacional", "partner", "government") in _names(
        "La Bancada Femenina del Congreso Nacional presentó la iniciativa."
    )
    assert ("Women's Caucus of the National Assembly", "partner", "government") in _names(
        "The Women's Caucus of the National Assembly held four hearings."
    )
    # "of the Republic" names no body: the caucus belongs to the Congress of the Republic.
    assert parent_body("Women's Caucus of the Congress of the Republic") == (
        "Congress of the Republic"
    )
    assert parent_body("Commission on Justice of the Chamber of Deputies") == "Chamber of Deputies"
    assert parent_body("Congress of the State of Mexico") is None
