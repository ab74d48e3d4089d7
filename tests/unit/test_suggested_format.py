"""The brief format's suggestions: status/confidence, kind place, unset stance, JSON, cards."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefreader.cli import main
from briefreader.core.brief import Actor
from briefreader.core.loader import check_brief, load_brief
from briefreader.study.cards import build_deck

from ..conftest import SEED

HEADER = "format: 1\narticle: article.txt\n"


def write(tmp_path: Path, body: str) -> Path:
    shutil.copyfile(SEED, tmp_path / "article.txt")
    path = tmp_path / "b.yaml"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


SUGGESTED = """\
glossary:
  - id: ap4
    term: AP4
    definition: d
    status: suggested
    confidence: 0.8
  - id: nato-summit
    term: Madrid summit
    definition: a summit
actors:
  - id: camp
    name: Mediterranean Sea
    kind: place
    role: place
    description: A sea.
    status: suggested
  - id: nato
    name: NATO
    kind: organisation
    role: alliance
    description: d
  - id: japan
    name: Japan
    kind: state
    role: state
    description: d
  - id: china
    name: China
    kind: state
    role: state
    description: d
  - id: rok
    name: ROK
    kind: state
    role: state
    description: d
outline:
  - id: pt
    title: A draft point
    summary: From the text.
    anchors: [{paragraph: 2}]
    status: suggested
"""


def test_suggestions_load_with_status_confidence_place_and_unset_stance(tmp_path: Path) -> None:
    result = check_brief(write(tmp_path, SUGGESTED))
    assert not result.errors
    brief = result.brief
    assert brief is not None
    ap4 = brief.entry("ap4")
    assert ap4 is not None and ap4.suggested and ap4.confidence == 0.8
    summit = brief.entry("nato-summit")
    assert summit is not None and not summit.suggested
    camp = brief.entry("camp")
    assert isinstance(camp, Actor) and camp.kind == "place"
    assert brief.outline[0].stance == "unset" and brief.outline[0].suggested


def test_bad_status_and_confidence_are_located_errors(tmp_path: Path) -> None:
    body = (
        "glossary:\n  - id: a\n    term: AP4\n    definition: d\n    status: maybe\n"
        "    confidence: 2\n"
    )
    errors = [str(d) for d in check_brief(write(tmp_path, body)).errors]
    assert errors == [
        f"{tmp_path / 'b.yaml'}:7:13: error: glossary entry status must be 'suggested' "
        "(or left out once accepted), not 'maybe'",
        f"{tmp_path / 'b.yaml'}:8:17: error: glossary entry confidence must be a number "
        "from 0 to 1",
    ]


def test_an_accepted_point_still_needs_a_stance(tmp_path: Path) -> None:
    body = "outline:\n  - id: pt\n    title: t\n    summary: s\n    anchors: [{paragraph: 2}]\n"
    (error,) = check_brief(write(tmp_path, body)).errors
    assert "missing required key 'stance'" in error.message


def test_show_json_adds_suggested_and_confidence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, SUGGESTED)
    assert main(["show", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["glossary"][0]["suggested"] is True
    assert data["glossary"][0]["confidence"] == 0.8
    assert data["glossary"][1]["suggested"] is False
    assert data["actors"][0]["kind"] == "place"
    assert data["outline"][0]["suggested"] is True and data["outline"][0]["stance"] == "unset"


def test_suggestions_make_no_cards_until_accepted(tmp_path: Path) -> None:
    brief = load_brief(write(tmp_path, SUGGESTED))
    ids = {c.id for c in build_deck(brief)}
    assert not any(".ap4" in i or ".camp" in i for i in ids)
    assert any(".nato-summit" in i for i in ids)
    accepted = SUGGESTED.replace("    status: suggested\n    confidence: 0.8\n", "")
    brief = load_brief(write(tmp_path, accepted))
    assert any(".ap4" in i for i in {c.id for c in build_deck(brief)})
