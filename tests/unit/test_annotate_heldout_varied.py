"""The annotator against the held-out varied key (tests/corpus/annotate/heldout-varied.yaml).

Six files of the ingest corpus that nobody tunes the annotator on (1965 and 1991 press
conferences, a proclamation, a short readout, an encyclopedia article on an algorithm
that is mostly a negative case, a fact sheet), opened through the app's ingest path and
annotated by hand before the annotator was run on them. Same targets as
tests/unit/test_annotate_corpus.py. Run with ``-s`` (or
``python benchmarks/annotate_score.py heldout-varied.yaml``) to see per-category recall,
precision, people's kind, the misses and the wrong suggestions.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from briefreader.annotate.score import (
    CATEGORIES,
    PEOPLE_KIND_TARGET,
    PRECISION_TARGET,
    TARGETS,
    Score,
    read_key,
    score_key,
)
from briefreader.core.article import load_article

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "annotate"
KEY = CORPUS / "heldout-varied.yaml"


def _report(score: Score) -> str:
    lines = [f"{c}: {score.found[c]}/{score.total[c]} = {score.recall(c):.2f}" for c in CATEGORIES]
    lines.append(f"precision: {score.correct}/{score.suggested} = {score.precision:.2f}")
    lines.append(f"people's kind: {score.people_kind_right}/{score.people_found}")
    lines.append(f"misses ({len(score.misses)}):")
    lines += [f"  {m}" for m in score.misses]
    lines.append(f"wrong suggestions ({len(score.wrong)}):")
    lines += [f"  {w}" for w in score.wrong]
    return "\n".join(lines)


def test_the_heldout_key_lists_six_ingest_files_with_provenance() -> None:
    texts, keyed = read_key(KEY)
    assert texts.name == "ingest"
    manifest = yaml.safe_load((texts / "manifest.yaml").read_text(encoding="utf-8"))
    listed = {entry["file"]: entry for entry in manifest}
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    assert len(keyed) == 6
    for name, key in keyed.items():
        assert (texts / name).is_file(), name
        assert listed[name]["source"] and listed[name]["licence"], name
        assert name in sources, name
        assert set(key) >= set(CATEGORIES) | {"other_terms", "optional"}, name
    assert {Path(name).suffix for name in keyed} >= {".txt", ".md", ".html"}


def test_the_heldout_key_does_not_overlap_the_tuning_key() -> None:
    _, keyed = read_key(KEY)
    tuning = yaml.safe_load((CORPUS / "varied.yaml").read_text(encoding="utf-8"))
    assert not set(keyed) & set(tuning["articles"])


def test_every_gold_name_occurs_in_its_text() -> None:
    texts, keyed = read_key(KEY)
    for name, key in keyed.items():
        article = load_article(texts / name)
        body = " ".join(
            [article.title, str(article.metadata.author or "")]
            + [p.text for p in article.paragraphs]
        )
        body = " ".join(body.split()).casefold()  # NBSPs of the proclamation are spaces
        for category in CATEGORIES:
            for item in key[category] or ():
                forms = [item["acronym"]] if "acronym" in item else [item["name"]]
                for form in [*forms, *(item.get("aliases") or ())]:
                    assert str(form).casefold() in body, (name, category, form)


@pytest.mark.xfail(
    strict=False,
    reason="held-out: the annotator is not tuned on these texts (figures in the report)",
)
def test_heldout_varied_recall_and_precision_meet_the_targets() -> None:
    score = score_key(KEY)
    print(_report(score))
    for category, target in TARGETS.items():
        assert score.recall(category) >= target, (category, score.misses)
    assert score.precision >= PRECISION_TARGET, score.wrong
    assert score.people_kind >= PEOPLE_KIND_TARGET
