"""The annotator against the varied answer key (tests/corpus/annotate/varied.yaml).

The texts are files of the ingest corpus of different kinds, eras and publishers (a
speech of 1789, a proclamation of 1879, a message to Congress of 1957, a multilateral
statement in Markdown, an encyclopedia page in HTML, a speech transcript of 2023),
opened through the same ingest reader as the app and annotated by hand before the
annotator was run on them. Same targets as tests/unit/test_annotate_corpus.py.
``python benchmarks/annotate_score.py varied.yaml`` prints the figures, the misses and
the wrong suggestions per article.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from briefreader.annotate.score import (
    CATEGORIES,
    PEOPLE_KIND_TARGET,
    PRECISION_TARGET,
    TARGETS,
    keyed_article,
    read_key,
    score_key,
)
from briefreader.annotate.text import fold
from briefreader.core.article import load_article

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "annotate"
KEY = CORPUS / "varied.yaml"


def test_the_varied_key_lists_six_ingest_files_with_provenance() -> None:
    texts, keyed = read_key(KEY)
    assert texts.name == "ingest"
    manifest = yaml.safe_load((texts / "manifest.yaml").read_text(encoding="utf-8"))
    listed = {entry["file"]: entry for entry in manifest}
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    assert len(keyed) >= 6
    for name, key in keyed.items():
        assert (texts / name).is_file(), name
        assert listed[name]["source"] and listed[name]["licence"], name
        assert name in sources, name
        assert set(key) >= set(CATEGORIES) | {"other_terms", "optional"}, name
    kinds = {Path(name).suffix for name in keyed}
    assert {".txt", ".md", ".html"} <= kinds


def test_a_limited_article_is_cut_where_the_key_says() -> None:
    texts, keyed = read_key(KEY)
    for name, key in keyed.items():
        if key.get("paragraphs") is not None:
            assert len(load_article(texts / name).paragraphs) > int(key["paragraphs"])


def _folded(text: str) -> str:
    return fold(text).replace(".", "")


def test_every_name_in_the_key_is_in_the_text_the_annotator_sees() -> None:
    texts, keyed = read_key(KEY)
    for name, key in keyed.items():
        article = keyed_article(texts, name, key)
        meta = article.metadata
        seen = _folded(
            " ".join([meta.title, meta.author or "", *(p.text for p in article.paragraphs)])
        )
        for category in (*CATEGORIES, "other_terms", "optional"):
            for item in key[category]:
                if isinstance(item, str):
                    names = [item]
                else:
                    names = [item.get("acronym") or item["name"], *item.get("aliases", ())]
                    names += [item["expansion"]] if item.get("expansion") else []
                for n in names:
                    assert _folded(str(n)) in seen, (name, category, n)


def test_varied_recall_and_precision_meet_the_targets() -> None:
    # The annotator's rules were tuned on this key (issue 10, second round): it must keep
    # meeting the targets. The honest figure is heldout-varied.yaml's.
    score = score_key(KEY)
    for category, target in TARGETS.items():
        assert score.recall(category) >= target, (category, score.misses)
    assert score.precision >= PRECISION_TARGET, score.wrong
    assert score.people_kind >= PEOPLE_KIND_TARGET
