"""Score briefreader's readers on the ingest corpus (tests/corpus/ingest/manifest.yaml).

Used by tests/corpus/test_ingest_corpus.py and benchmarks/ingest_bench.py. A field
scores 1 when the reader's value equals the manifest's; ``min_recall`` scores the
share of the page's own ``<p>`` paragraphs (read independently with lxml) that the
reader found (80% of a paragraph's words of four letters or more in one extracted
paragraph: formulas that the extractor leaves out do not make a paragraph missing).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefreader.core.brief import Article
from briefreader.core.ingest import load_source

CORPUS = Path(__file__).resolve().parent / "ingest"
MANIFEST = CORPUS / "manifest.yaml"


@dataclass
class Score:
    file: str
    format: str
    checks: dict[str, bool] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def manifest() -> list[dict[str, Any]]:
    entries = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(entries, list)
    return entries


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _words(text: str) -> set[str]:
    """Words of four letters or more: formulas and reference marks do not count."""
    return {w for w in re.findall(r"[^\W\d_]{4,}", text.casefold()) if w != "displaystyle"}


def _found(ref: set[str], paragraphs: list[set[str]]) -> bool:
    """The reference paragraph is there when most of its words are in one paragraph."""
    return not ref or any(len(ref & para) >= 0.8 * len(ref) for para in paragraphs)


def page_paragraphs(path: Path) -> list[str]:
    """The non-empty ``<p>`` texts of a Wikipedia page's content (the reference)."""
    import lxml.html  # type: ignore[import-untyped]

    root = lxml.html.parse(str(path)).getroot()
    content = root.xpath('//div[contains(@class,"mw-parser-output")]') or root.xpath(
        '//*[@id="mw-content-text"]'
    )
    scope = content[0] if content else root
    return [t for p in scope.iter("p") if len(t := _norm(p.text_content())) >= 40]


def score(entry: dict[str, Any]) -> tuple[Score, Article]:
    path = CORPUS / entry["file"]
    article = load_source(path)
    result = Score(entry["file"], article.format)
    expected = entry.get("expected", {})
    meta = article.metadata
    if "title" in expected:
        result.checks["title"] = meta.title == expected["title"]
    if "author" in expected:
        result.checks["author"] = meta.author == expected["author"]
    if "published" in expected:
        want = expected["published"]
        got = meta.published.date().isoformat() if meta.published else None
        result.checks["published"] = got == (str(want) if want is not None else None)
    if "paragraphs" in expected:
        result.checks["paragraphs"] = len(article.paragraphs) == expected["paragraphs"]
        if not result.checks["paragraphs"]:
            result.notes.append(f"{len(article.paragraphs)} paragraphs")
    if "truncated" in expected:
        got_cut = [p.n for p in article.paragraphs if p.truncated]
        result.checks["truncated"] = got_cut == expected["truncated"]
    else:
        result.checks["truncated"] = not any(p.truncated for p in article.paragraphs)
    if "min_recall" in expected:
        reference = page_paragraphs(path)
        found = [_words(p.text) for p in article.paragraphs]
        hits = sum(1 for ref in reference if _found(_words(ref), found))
        recall = hits / len(reference) if reference else 1.0
        result.checks["recall"] = recall >= expected["min_recall"]
        result.notes.append(f"recall {recall:.2f} of {len(reference)} <p>")
    for name, ok in result.checks.items():
        if not ok and name not in ("paragraphs", "recall"):
            got_value = {
                "title": meta.title,
                "author": meta.author,
                "published": meta.published_text,
                "truncated": [p.n for p in article.paragraphs if p.truncated],
            }.get(name)
            result.notes.append(f"{name}: got {got_value!r}")
    return result, article


def by_format(scores: list[Score]) -> dict[str, tuple[int, int, int]]:
    """format -> (files, checks passed, checks scored)."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for s in scores:
        row = table[s.format]
        row[0] += 1
        row[1] += sum(s.checks.values())
        row[2] += len(s.checks)
    return {k: (v[0], v[1], v[2]) for k, v in sorted(table.items())}


def report(scores: list[Score]) -> str:
    lines = ["| format | files | checks passed | accuracy |", "| --- | --- | --- | --- |"]
    total_ok = total = 0
    for fmt, (files, ok, n) in by_format(scores).items():
        lines.append(f"| {fmt} | {files} | {ok}/{n} | {ok / n:.0%} |")
        total_ok, total = total_ok + ok, total + n
    lines.append(f"| all | {len(scores)} | {total_ok}/{total} | {total_ok / total:.0%} |")
    misses = [f"- {s.file}: {'; '.join(s.notes)}" for s in scores if not all(s.checks.values())]
    return "\n".join([*lines, *(["", *misses] if misses else [])])
