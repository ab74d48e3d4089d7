"""Score suggestions against a hand-written answer key (recall per category, precision).

Used by the corpus tests and the benchmark; the key format is described at the top of
``tests/corpus/annotate/key.yaml``. :func:`read_key` reads a key file (its articles
are files in the key's ``texts`` folder, by default the key's own);
:func:`keyed_articles` opens each article as the annotator sees it (through the
app's ingest path, cut to its first ``paragraphs: N`` when the key says so);
:func:`score_key` scores the rules' suggestions for all of them.
:data:`TARGETS` are issue 10's recall targets, with :data:`PRECISION_TARGET` and
:data:`PEOPLE_KIND_TARGET`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import Suggestion
from .text import fold

if TYPE_CHECKING:
    from ..core.brief import Article

CATEGORIES = ("acronyms", "people", "places", "organisations", "quoted")
TARGETS = {"acronyms": 0.9, "people": 0.85, "places": 0.85, "organisations": 0.6, "quoted": 0.7}
PRECISION_TARGET = 0.8
PEOPLE_KIND_TARGET = 0.9
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


def read_key(key_file: Path) -> tuple[Path, dict[str, Any]]:
    """(the folder of the key's texts, its articles: file name -> key) of a key file."""
    import yaml

    data: dict[str, Any] = yaml.safe_load(key_file.read_text(encoding="utf-8"))
    texts = (key_file.parent / str(data.get("texts") or ".")).resolve()
    articles: dict[str, Any] = data["articles"]
    return texts, articles


def keyed_article(texts: Path, name: str, key: Mapping[str, Any]) -> Article:
    """The article ``name`` as the annotator sees it (cut where the key says)."""
    from ..core.article import load_article

    article = load_article(texts / name)  # the app's ingest path (.txt, .md, .html)
    if key.get("paragraphs") is not None:
        kept = article.paragraphs[: int(key["paragraphs"])]
        article = dataclasses.replace(article, paragraphs=kept)
    return article


def keyed_articles(key_file: Path) -> Iterator[tuple[str, Article, Mapping[str, Any]]]:
    """(file name, article as the annotator sees it, its key) for every keyed article."""
    texts, articles = read_key(key_file)
    for name, key in articles.items():
        yield name, keyed_article(texts, name, key), key


def score_key(key_file: Path) -> Score:
    """The rules' suggestions for every article of ``key_file``, scored together."""
    from . import suggest

    scores = []
    for name, article, key in keyed_articles(key_file):
        found = suggest(article, backend="rules")
        scores.append(score_article(found.entries, key, name))
    return total(scores)
