"""Review actions on a brief YAML: only the entry concerned changes; every save checks."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from briefreader.core.brief import Actor
from briefreader.core.errors import BriefError
from briefreader.core.loader import check_brief, load_brief
from briefreader.core.roundtrip import BriefFile

from ..conftest import BUNDLED, SEED

BRIEF = """\
# my notes on this brief -- keep me
format: 1
article: article.txt

glossary:
  - id: ap4   # the author's own comment
    term: AP4
    definition: >-
      NATO's four Asia-Pacific partners,
      folded over two lines.
  - id: nato-summit
    term: Madrid summit
    definition: "From the text: a summit."
    status: suggested
    confidence: 0.75

actors:
  - id: stoltenberg
    name: Jens Stoltenberg
    kind: person
    role: NATO Secretary General
    description: Head of NATO.
    status: suggested
    confidence: 0.9
  - id: stoltenberg-2
    name: Stoltenberg
    kind: person
    role: role not given in the text
    description: 'From the text: “Stoltenberg and Kishida met.”'
    status: suggested
    confidence: 0.6
  - id: japan
    name: Japan
    kind: state
    role: country
    description: A state.
    status: suggested

outline:
  - id: pt-three
    title: Three challenges
    summary: 'From the text: “NATO is faced with three challenges.”'
    anchors: [{paragraph: 7}]
    status: suggested
"""


@pytest.fixture
def brief_path(tmp_path: Path) -> Path:
    shutil.copyfile(SEED, tmp_path / "article.txt")
    path = tmp_path / "brief.yaml"
    path.write_text(BRIEF, encoding="utf-8")
    assert not check_brief(path).errors
    return path


def test_the_bundled_brief_round_trips_byte_for_byte(tmp_path: Path) -> None:
    copy = tmp_path / "b.yaml"
    shutil.copyfile(BUNDLED, copy)
    assert BriefFile(copy).dumps() == BUNDLED.read_text(encoding="utf-8")


def test_accept_removes_the_status_and_keeps_the_rest(brief_path: Path) -> None:
    f = BriefFile(brief_path)
    f.accept("nato-summit")
    f.save()
    text = brief_path.read_text(encoding="utf-8")
    assert "# my notes on this brief -- keep me" in text
    assert "  - id: ap4   # the author's own comment" in text
    assert "      folded over two lines." in text
    brief = load_brief(brief_path)
    summit = brief.entry("nato-summit")
    assert summit is not None and not summit.suggested and summit.confidence is None


def test_drop_edit_merge(brief_path: Path) -> None:
    f = BriefFile(brief_path)
    f.drop("japan")
    f.edit("stoltenberg", name="Jens Stoltenberg", definition="NATO's head in 2023.")
    f.merge("stoltenberg-2", "stoltenberg")
    f.save()
    brief = load_brief(brief_path)
    assert brief.entry("japan") is None and brief.entry("stoltenberg-2") is None
    jens = brief.entry("stoltenberg")
    assert isinstance(jens, Actor) and jens.names == ("Jens Stoltenberg", "Stoltenberg")
    assert jens.description == "NATO's head in 2023."
    assert not check_brief(brief_path).errors


def test_kind_change_moves_between_lists(brief_path: Path) -> None:
    f = BriefFile(brief_path)
    f.edit("nato-summit", kind="place")
    f.edit("japan", kind="term")
    f.save()
    brief = load_brief(brief_path)
    assert [a.id for a in brief.actors if a.kind == "place"] == ["nato-summit"]
    assert "japan" in [t.id for t in brief.glossary]


def test_accepting_a_point_sets_a_stance_and_editing_changes_it(brief_path: Path) -> None:
    f = BriefFile(brief_path)
    f.edit("pt-three", name="Three challenges to expansion", kind="author")
    f.accept("pt-three")
    f.save()
    (point,) = load_brief(brief_path).outline
    assert (point.title, point.stance, point.suggested) == (
        "Three challenges to expansion",
        "author",
        False,
    )


def test_an_invalid_result_is_not_saved(brief_path: Path) -> None:
    before = brief_path.read_text(encoding="utf-8")
    f = BriefFile(brief_path)
    f.edit("ap4", definition="   ")
    with pytest.raises(BriefError, match="not saved"):
        f.save()
    assert brief_path.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in brief_path.parent.iterdir()) == ["article.txt", "brief.yaml"]


def test_unknown_ids_and_self_merge_are_errors(brief_path: Path) -> None:
    f = BriefFile(brief_path)
    with pytest.raises(BriefError, match="no entry"):
        f.accept("nope")
    with pytest.raises(BriefError, match="itself"):
        f.merge("ap4", "ap4")


def test_an_imported_brief_keeps_its_layout(tmp_path: Path, briefreader_home: Path) -> None:
    from briefreader.annotate.importing import import_bare
    from briefreader.core.loader import load_brief as load

    article = tmp_path / "a.txt"
    shutil.copyfile(SEED, article)
    path = import_bare(load(article))
    before = path.read_text(encoding="utf-8").splitlines()
    brief = load_brief(path)
    first = next(e for e in brief.actors if e.suggested)
    f = BriefFile(path)
    f.accept(first.id)
    f.save()
    after = path.read_text(encoding="utf-8").splitlines()
    changes = [d for d in difflib.ndiff(before, after) if d[0] in "+-?"]
    assert [(d[0], d[2:].split(":")[0].strip()) for d in changes] == [
        ("-", "status"),
        ("-", "confidence"),
    ]
