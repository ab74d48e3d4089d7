#!/usr/bin/env python3
"""Score the annotator against hand-written answer keys, article by article.

Prints, for each key file: per-article recall per category, precision and the people's
kind; then the misses (gold entries no suggestion names) and the wrong suggestions
(suggestions that are neither gold, other_terms nor optional), and the totals against
the issue-10 targets. Key files are looked up in tests/corpus/annotate/ unless a path is
given; an article's file is looked up in the key's ``texts`` folder (default: the key's
own folder), and a key's ``paragraphs: N`` limits the article to its first N paragraphs.

    python benchmarks/annotate_score.py [varied.yaml key.yaml ...] [--quiet]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from briefreader.annotate import suggest
from briefreader.annotate.model import Suggestion
from briefreader.annotate.score import (
    CATEGORIES,
    PEOPLE_KIND_TARGET,
    PRECISION_TARGET,
    TARGETS,
    Score,
    keyed_articles,
    score_article,
    total,
)
from briefreader.annotate.text import fold

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "annotate"
SHORT = {
    "acronyms": "acr",
    "people": "ppl",
    "places": "plc",
    "organisations": "org",
    "quoted": "quo",
}


def key_path(name: str) -> Path:
    path = Path(name)
    return path if path.is_file() else CORPUS / name


# The kinds a suggestion may have when it names a gold entry of a category; the score
# checks only people's kind, this lists the others (a product suggested as a person).
KINDS = {
    "acronyms": {"term", "organisation", "group", "state", "place"},
    "people": {"person"},
    "places": {"state", "place"},
    "organisations": {"organisation", "group"},
    "quoted": {"term"},
    "other_terms": {"term", "organisation", "group"},
}


def _fold(name: str) -> str:
    k = fold(name).replace(".", "").strip()
    return k[4:] if k.startswith("the ") else k


def wrong_kinds(entries: tuple[Suggestion, ...], key: Mapping[str, Any], label: str) -> list[str]:
    """Suggestions that name a gold entry but are of a kind the entry cannot have."""
    expected: dict[str, set[str]] = {}
    for category, kinds in KINDS.items():
        for item in key.get(category) or ():
            if isinstance(item, str):
                names = [item]
            else:
                names = [item.get("acronym") or item["name"], *item.get("aliases", ())]
            for n in names:
                expected.setdefault(_fold(str(n)), set()).update(kinds)
    out = []
    for s in entries:
        allowed = set().union(*(expected.get(_fold(n), set()) for n in s.names))
        if allowed and s.kind not in allowed:
            out.append(f"{label}: {s.kind}: {s.name} (expected {'/'.join(sorted(allowed))})")
    return out


def score_key(key_file: Path) -> tuple[list[tuple[str, Score]], list[str]]:
    out, kinds = [], []
    for name, article, key in keyed_articles(key_file):
        found = suggest(article, backend="rules")
        out.append((name, score_article(found.entries, key, name)))
        kinds += wrong_kinds(found.entries, key, name)
    return out, kinds


def _row(label: str, s: Score) -> str:
    cells = [f"{SHORT[c]} {s.found[c]:>2}/{s.total[c]:<2}" for c in CATEGORIES]
    prec = f"prec {s.correct:>3}/{s.suggested:<3} {s.precision:.2f}"
    return f"{label:<46} {'  '.join(cells)}  {prec}  kind {s.people_kind:.2f}"


def report(key_file: Path, *, quiet: bool = False) -> Score:
    scores, kinds = score_key(key_file)
    print(f"== {key_file.name}")
    for name, s in scores:
        print(_row(name, s))
    all_ = total(s for _, s in scores)
    print(_row("TOTAL", all_))
    figures = [f"{c} {all_.recall(c):.2f} (target {t})" for c, t in TARGETS.items()]
    figures += [f"precision {all_.precision:.2f} (target {PRECISION_TARGET})"]
    figures += [f"people's kind {all_.people_kind:.2f} (target {PEOPLE_KIND_TARGET})"]
    print("recall: " + "; ".join(figures))
    if all_.expansions_given:
        print(f"expansions right: {all_.expansions_right}/{all_.expansions_given}")
    if not quiet:
        print(f"-- misses ({len(all_.misses)})")
        for line in all_.misses:
            print("  " + line)
        print(f"-- wrong suggestions ({len(all_.wrong)})")
        for line in all_.wrong:
            print("  " + line)
        print(f"-- right name, wrong kind ({len(kinds)}; counted correct by the score)")
        for line in kinds:
            print("  " + line)
    print()
    return all_


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("keys", nargs="*", default=["varied.yaml"], help="answer-key files")
    parser.add_argument("--quiet", action="store_true", help="figures only")
    args = parser.parse_args(argv)
    for name in args.keys:
        report(key_path(name), quiet=args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
