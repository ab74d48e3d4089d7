"""Score suggestions against a hand-written answer key (recall per category, precision).

Used by the corpus test and the benchmark; the key format is described at the top of
``tests/corpus/annotate/key.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .model import Suggestion
from .text import fold

CATEGORIES = ("acronyms", "people", "places", "organisations", "quoted")
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")


def _key(name: str) -> str:
    k = fold(name).replace(".", "").strip()
    return k[4:] if k.startswith("the ") else k


@dataclass
class Score:
    found: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    correct: int = 0
    suggested: int = 0
    people_kind_right: int = 0
    people_found: int = 0
    expansions_right: int = 0
    expansions_given: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def recall(self, category: str) -> float:
        total = self.total[category]
        return self.found[category] / total if total else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.suggested if self.suggested else 1.0

    @property
    def people_kind(self) -> float:
        return self.people_kind_right / self.people_found if self.people_found else 1.0

    def add(self, other: Score) -> None:
        for c in CATEGORIES:
            self.found[c] += other.found[c]
            self.total[c] += other.total[c]
        self.correct += other.correct
        self.suggested += other.suggested
        self.people_kind_right += other.people_kind_right
        self.people_found += other.people_found
        self.expansions_right += other.expansions_right
        self.expansions_given += other.expansions_given
        self.misses += other.misses
        self.wrong += other.wrong


def _names(item: Mapping[str, Any]) -> list[str]:
    if "acronym" in item:
        acronym = str(item["acronym"])
        if _PLURAL_ACRONYM.fullmatch(acronym):  # HBCUs: the glossary entry is HBCU
            return [acronym, acronym[:-1]]
        return [acronym]
    return [str(item["name"]), *(str(a) for a in item.get("aliases") or ())]


def score_article(
    suggestions: Sequence[Suggestion], key: Mapping[str, Any], label: str = ""
) -> Score:
    score = Score()
    by_name: dict[str, Suggestion] = {}
    for s in suggestions:
        for n in s.names:
            by_name.setdefault(_key(n), s)
    gold_names: set[str] = set()
    for category in CATEGORIES:
        for item in key.get(category) or ():
            names = [_key(n) for n in _names(item)]
            gold_names.update(names)
            if category != "acronyms" and "aliases" in item:
                pass
            score.total[category] += 1
            hit = next((by_name[n] for n in names if n in by_name), None)
            if hit is None:
                score.misses.append(f"{label}: {category}: {names[0]}")
                continue
            score.found[category] += 1
            if category == "people":
                score.people_found += 1
                score.people_kind_right += hit.kind == "person"
            if category == "acronyms" and item.get("expansion"):
                score.expansions_given += 1
                score.expansions_right += _key(str(item["expansion"])) in {
                    _key(n) for n in hit.names
                } or _key(str(item["expansion"])) in _key(hit.definition)
    counted = {_key(str(n)) for n in key.get("other_terms") or ()}
    optional = {_key(str(n)) for n in key.get("optional") or ()}
    for s in suggestions:
        own = {_key(n) for n in s.names}
        if own & gold_names or own & counted:
            score.correct += 1
            score.suggested += 1
        elif own & optional:
            continue
        else:
            score.suggested += 1
            score.wrong.append(f"{label}: {s.kind}: {s.name}")
    return score


def total(scores: Iterable[Score]) -> Score:
    out = Score()
    for s in scores:
        out.add(s)
    return out
