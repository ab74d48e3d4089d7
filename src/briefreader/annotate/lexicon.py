"""Word lists the rules use: titles, organisation and place shape words, known acronyms.

These are closed-class words of English news text (not names): they say what shape
a capitalised run has, never which entity it is.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

from .text import words


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Common lower-case English words (``data/common_words.txt.gz``, from SCOWL)."""
    path = resources.files("briefreader.annotate.data") / "common_words.txt.gz"
    return frozenset(gzip.decompress(path.read_bytes()).decode("utf-8").split())


# Titles before a person's name (single words; multi-word titles are runs of these)
TITLES = words(
    "president vice prime minister secretary general chancellor premier king queen prince "
    "princess emperor empress pope sheikh emir sultan crown deputy foreign defense defence "
    "finance interior state minister's ministers senator sen. rep. representative congressman "
    "congresswoman speaker governor gov. mayor ambassador envoy special spokesperson spokesman "
    "spokeswoman advisor adviser national security coordinator director chief commander admiral "
    "adm. colonel col. lieutenant lt. major maj. captain capt. sergeant sgt. senior colonel "
    "marshal brigadier chairman chairwoman chair leader justice judge attorney mr. mr ms. ms "
    "mrs. mrs dr. dr professor prof. sir lord lady dame madam first lady administrator "
    "commissioner undersecretary under assistant principal press officer official head "
    "executive councillor councilor counsellor counselor high representative resident "
    "coordinator chargé d'affaires consul minister-president vice-president vice-chairman co- "
    "chair member delegate senior affairs homeland ceo cto cfo coo co-founder founder"
)
# Words that may be in a title but do not make one on their own
WEAK_TITLES = words(
    "vice foreign defense defence finance interior state national security special senior "
    "deputy first under assistant principal press high resident crown chief member affairs "
    "homeland"
)
HONORIFICS = words("mr mr. ms ms. mrs mrs. dr dr. sir madam")
PARTICLES = words("da de do dos das di del della van von der den bin ibn al el la le du")

ORG_HEADS = words(
    "ministry department council institute university college fund command news agency "
    "organization organisation committee commission corporation bank administration programme "
    "program office forces force army navy marines party parliament congress senate assembly "
    "union alliance association foundation center centre academy company inc inc. ltd ltd. co. "
    "court police service bureau authority secretariat league coalition board federation group "
    "times post daily online network radio television tv press herald tribune journal guard "
    "guards directorate cabinet government embassy mission consulate legislature diet duma "
    "knesset school society institution observatory laboratory lab corps brigade division fleet "
    "ministry's airlines bloc movement front house soviet "
    # company words: "Sun Microsystems", "Netscape Communications", "Gawker Media"
    "software labs networks communications media entertainment motors systems technologies "
    "industries holdings enterprises solutions pharmaceuticals airways microsystems corp "
    "corp. llc plc gmbh"
)
# Plural nouns for people: "Members of the Council" is the council's members, not a name
PEOPLE_NOUNS = words(
    "citizen member leader people representative delegate official friend colleague "
    "partner ally worker employee staff student resident soldier veteran supporter"
)
# Compass words: "Western European", "Mid East", "Northern Syria" are never names
COMPASS = words(
    "north south east west northern southern eastern western central mid far near northeast "
    "northwest southeast southwest northeastern northwestern southeastern southwestern upper "
    "lower greater"
)
ORG_PREFIX_HEADS = words(
    "ministry department university college institute office bank council embassy mission court "
    "house bureau academy"
)
PLACE_HEADS = words(
    "sea ocean strait straits gulf bay peninsula island islands isle river canal channel "
    "mountains mountain desert lake valley plateau basin coast reef shoal shoals archipelago "
    "region province prefecture oblast county square airport base hemisphere territory "
    # venues and buildings: "the Royal Castle", "Wembley Stadium"
    "castle palace cathedral abbey mosque shrine tower bridge stadium arena hotel building plant "
    "station harbour harbor avenue boulevard plaza monument memorial cemetery"
)
PLACE_PREFIX_HEADS = words("gulf sea strait bay lake mount camp fort cape port isle")
TERM_HEADS = words(
    "declaration treaty agreement act accord initiative strategy concept doctrine plan "
    "principles charter convention protocol resolution summit dialogue dialogues partnership "
    "framework communique communiqué statement order report conference forum war operation "
    "exercise exercises talks process deal compact vision pact policy law bill day"
)
# Acronyms of organisations that news text rarely expands
KNOWN_ORGS = words(
    "NATO UN EU ASEAN WHO IMF WTO OPEC AU OSCE IAEA NSC FBI CIA NSA OECD APEC SCO BRICS UNSC "
    "UNDP UNICEF UNHCR UNESCO ICC ICJ IOC FIFA PLA CPC CCP KMT DPP LDP SDF JSDF USFK "
    "USINDOPACOM INDOPACOM DOD DOJ DHS USAID EPA FDA NASA ECB NAFTA G7 G20 WFP FAO ILO IMO ICAO "
    "PIF DFC USTR OPCW NGO NGOS BBC CNN AP AFP REUTERS"
)
KNOWN_GROUPS = words("AUKUS QUAD IP4 AP4 G7 G20 BRICS P5")
ORDINALS = {
    "first": 1,
    "firstly": 1,
    "second": 2,
    "secondly": 2,
    "third": 3,
    "thirdly": 3,
    "fourth": 4,
    "fourthly": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "finally": 0,
    "lastly": 0,
}
NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
# Institutions named by one word (or a fixed pair) in news text
INSTITUTIONS = words(
    "congress senate parliament treasury pentagon kremlin bundestag duma knesset politburo"
)
