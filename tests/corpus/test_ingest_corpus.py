"""The whole ingest corpus: every fixture reads, has provenance, and scores well."""

from __future__ import annotations

import pytest

from .ingest_scoring import CORPUS, Score, by_format, manifest, report, score

FIXTURE_SUFFIXES = (".txt", ".md", ".html", ".pdf", ".epub")


def test_every_fixture_has_provenance_and_licence() -> None:
    entries = manifest()
    listed = {e["file"] for e in entries}
    on_disk = {p.name for p in CORPUS.iterdir() if p.suffix in FIXTURE_SUFFIXES}
    assert listed == on_disk
    assert len(entries) >= 20
    for entry in entries:
        assert entry["source"] and entry["licence"] and entry["shape"], entry["file"]
        assert entry["expected"].get("title"), entry["file"]


@pytest.fixture(scope="module")
def scores() -> list[Score]:
    return [score(entry)[0] for entry in manifest()]


def test_corpus_accuracy(scores: list[Score], capsys: pytest.CaptureFixture[str]) -> None:
    table = by_format(scores)
    assert set(table) == {"text", "markdown", "html", "pdf", "epub"}
    with capsys.disabled():
        print("\n" + report(scores))
    passed = sum(ok for _, ok, _ in table.values())
    total = sum(n for _, _, n in table.values())
    assert passed / total >= 0.9
    for fmt, (_, ok, n) in table.items():
        assert ok / n >= 0.75, fmt


def test_titles_are_never_wrong_on_the_corpus(scores: list[Score]) -> None:
    assert [s.file for s in scores if not s.checks["title"]] == []
