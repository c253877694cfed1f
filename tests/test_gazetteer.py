"""Curated names and places: subdivision forms, city head names, stop-list, folding."""

from kg.extract import gazetteer


def test_fold_keeps_offsets():
    text = "Nariño, Bogotá and Juárez"
    assert len(gazetteer.fold(text)) == len(text)
    assert gazetteer.fold(text) == "Narino, Bogota and Juarez"


def test_subdivisions_of_any_country_with_type_forms():
    mexico = {e.label: e for e in gazetteer.subdivisions("MX")}
    assert "State of México" in mexico["México"].aliases
    assert mexico["Coahuila"].aliases and "Coahuila de Zaragoza" in mexico["Coahuila"].aliases
    colombia = {e.label: e for e in gazetteer.subdivisions("CO")}
    assert "Cauca Department" in colombia["Cauca"].aliases


def test_cities_have_geonames_ids_coordinates_and_head_names():
    cities = {e.label: e for e in gazetteer.cities("MX")}
    ecatepec = cities["Ecatepec de Morelos"]
    assert "Ecatepec" in ecatepec.aliases
    assert dict(ecatepec.identifiers)["geonames"].isdigit()
    assert ecatepec.latitude and ecatepec.longitude
    assert "Juchitán" in cities["Heroica Ciudad de Juchitán de Zaragoza"].aliases
    # GeoNames names some cities after their patron saint ("Santa Cruz de Barahona"); reports
    # use the place after "de", an alternate name GeoNames lists, unless it names a subdivision.
    dominican = {e.label: e for e in gazetteer.cities("DO")}
    assert "Barahona" in dominican["Santa Cruz de Barahona"].aliases
    assert "Higüey" in dominican["Salvaleón de Higüey"].aliases
    colombia = {e.label: e for e in gazetteer.cities("CO")}
    assert "Antioquia" not in colombia["Santa Fe de Antioquia"].aliases


def test_city_names_that_are_common_words_are_left_out():
    labels = {e.label for e in gazetteer.cities("CO")}
    assert "Medellín" in labels
    assert not {"Fundación", "Florida", "Soledad", "Turbo"} & labels


def test_curated_files_have_a_source_for_every_row():
    import csv
    from importlib import resources

    for name in ("partners.csv", "programmes.csv", "places.csv"):
        text = resources.files("kg.data").joinpath("gazetteer", name).read_text(encoding="utf-8")
        rows = list(csv.DictReader(text.splitlines()))
        assert rows and all(r["source"].startswith("https://") for r in rows), name
        assert len({r["key"] for r in rows}) == len(rows), name


def test_curated_subdivision_ids_name_the_same_place_as_their_iso_code():
    """Each row of subdivisions.csv names a first-level ISO 3166-2 subdivision, under a name
    that pycountry's name for that code holds, with a source and a well-formed id."""
    import pycountry

    rows = gazetteer.curated_subdivisions()
    assert rows
    for code, row in rows.items():
        sub = pycountry.subdivisions.get(code=code)
        assert sub is not None and sub.parent_code is None, code
        first = gazetteer.fold(row["name"].split()[0]).casefold()
        assert first in gazetteer.fold(sub.name).casefold(), (code, row["name"], sub.name)
        assert row["source"].startswith("https://"), code
        assert row["geonames"].isdigit() or row["wikidata"].startswith("Q"), code
    oaxaca = {e.key: e for e in gazetteer.subdivisions("MX")}["place/mx-oax"]
    assert ("geonames", "3522509") in oaxaca.identifiers


def test_the_main_country_is_the_one_named_most_and_a_tie_names_none():
    assert gazetteer.main_country("Work in Peru and México. In Mexico City, Mexico...") == (
        "Mexico",
        "MX",
    )
    assert gazetteer.main_country("Colombia and Peru signed.") == (None, None)
    assert gazetteer.main_country("No country here.") == (None, None)


def test_a_report_whose_title_names_no_country_still_finds_its_states(tmp_path):
    """Without a title naming the country, states were looked up for no country: Oaxaca was
    lost. The country the text names most stands in, and kg says so."""
    from kg.pipeline import extract_report

    report = tmp_path / "plain.txt"
    report.write_text(
        "The Spotlight Initiative, led by INMUJERES, trained officials in Oaxaca, Mexico.\n"
    )
    extraction = extract_report(report)
    places = {e.label for e in extraction.entities.values() if e.type == "place"}
    assert {"Mexico", "Oaxaca"} <= places
    assert extraction.document.country_code == "MX"
    assert any("kg takes Mexico" in w for w in extraction.document.warnings)


def test_un_women_programmes_are_known_by_their_spanish_names():
    from kg.extract.gazetteer import PROGRAMME, curated

    by_name = {n: e.key for e in curated(PROGRAMME) for n in (e.label, *e.aliases)}
    assert by_name["Principios para el Empoderamiento de las Mujeres"] == (
        "programme/womens-empowerment-principles"
    )
    assert by_name["16 Días de Activismo"] == "programme/orange-the-world"
    assert by_name["Ciudades y Espacios Públicos Seguros"] == "programme/safe-cities"
    assert by_name["Ganar-Ganar"] == "programme/win-win"


def test_countries_are_known_by_their_spanish_names_but_not_by_a_city_s():
    from kg.extract.gazetteer import countries

    names = {n: e.key for e in countries() for n in (e.label, *e.aliases)}
    assert names["Estados Unidos"] == "place/us"
    assert names["Reino Unido"] == "place/gb"
    assert names["Países Bajos"] == "place/nl"
    assert "Granada" not in names  # a city of Spain and Nicaragua before it is Grenada
    assert not any(", " in n and n.split(", ")[1][:1].islower() for n in names)


def test_a_city_is_found_by_an_alternate_name_or_a_common_word_name():
    from kg.extract.gazetteer import city_named

    nueva_loja = city_named("Lago Agrio", "EC")
    assert nueva_loja is not None and nueva_loja.label == "Nueva Loja"
    sucre = city_named("Sucre", "BO")
    assert sucre is not None and sucre.key == "place/geonames-3903987"
    assert city_named("Sucre", None) is None
    assert city_named("Nowhere At All", "BO") is None
