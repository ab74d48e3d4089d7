"""`briefreader list` and `briefreader notes`: every brief with its progress; notes re-anchored."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from briefreader.cli import main
from briefreader.core.anchoring import make_anchor
from briefreader.core.loader import load_brief
from briefreader.core.state import State
from briefreader.study.annotations import Annotations
from briefreader.study.store import Store
from briefreader.study.user_cards import cloze_prompt

from ..seeding import record_review

ARTICLE = """A small test article

The Quad met in Tokyo in May. Its leaders agreed on a maritime plan.

Critics said the plan was vague. Supporters disagreed.
"""


def brief_yaml(slug: str, article: str) -> str:
    return (
        f"format: 1\nslug: {slug}\narticle: {article}\n"
        "metadata:\n  title: Test brief\n  source: Test Wire\n  date: '2024-05-02'\n"
    )


def make_briefs(home: Path) -> tuple[Path, Path]:
    briefs = home / "briefs"
    imported = briefs / "imported-one"
    imported.mkdir(parents=True)
    (imported / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (imported / "brief.yaml").write_text(brief_yaml("imported-one", "article.txt"), "utf-8")
    (briefs / "loose.txt").write_text(ARTICLE, encoding="utf-8")
    (briefs / "loose.yaml").write_text(brief_yaml("loose", "loose.txt"), encoding="utf-8")
    return imported / "brief.yaml", imported / "article.txt"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_list_json_has_progress_for_every_origin(
    briefreader_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    yaml_path, _ = make_briefs(briefreader_home)
    brief = load_brief(yaml_path)
    state = State.load()
    state.positions["imported-one"] = 2
    state.save()
    now = datetime.now(UTC)
    with Store.open() as store:
        notes = Annotations(store)
        gap = make_anchor(brief.paragraphs, 1, 14, 19)
        prompt = cloze_prompt(brief.paragraphs[0].text, (0, 29), (14, 19))
        cid = notes.add_card("imported-one", gap, prompt)
        record_review(
            store,
            "imported-one",
            f"user.{cid}",
            fsrs_id=1,
            reviewed=now - timedelta(days=1),
            due=now - timedelta(hours=1),
            stability=4.0,
        )
    rows = json.loads(run_cli(capsys, "list", "--json"))
    by_slug = {r["slug"]: r for r in rows}
    assert [r["origin"] for r in rows] == ["bundled", "imported", "folder"]
    one = by_slug["imported-one"]
    assert one["title"] == "Test brief" and one["source"] == "Test Wire"
    assert one["date"] == "2024-05-02" and one["paragraphs"] == 2 and one["last_read"] == 2
    assert one["cards"] == 1 and one["due"] == 1 and one["new"] == 0
    assert 0 < one["mastery"] <= 1
    assert by_slug["loose"]["last_read"] is None and by_slug["loose"]["cards"] == 0
    bundled = by_slug["nato-asian-pacific-expansion"]
    assert bundled["new"] == bundled["cards"] > 0 and bundled["mastery"] == 0
    text = run_cli(capsys, "list")
    assert "imported-one                  [imported]  Test brief" in text
    assert "¶ 2/2  1 due, 0 new" in text and "1 brief has cards due" in text


def test_notes_lists_and_reports_lost_after_edit(
    briefreader_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    yaml_path, article = make_briefs(briefreader_home)
    brief = load_brief(yaml_path)
    with Store.open() as store:
        notes = Annotations(store)
        keep = notes.add_highlight("imported-one", make_anchor(brief.paragraphs, 2, 0, 32))
        notes.set_note(keep, "vague how?")
        notes.add_highlight("imported-one", make_anchor(brief.paragraphs, 1, 30, 67), note="x")
    article.write_text(ARTICLE.replace("Its leaders agreed on a maritime plan.", "Nothing."))
    assert article.read_text().count("maritime") == 0
    (group,) = json.loads(run_cli(capsys, "notes", "--json"))
    assert group["brief"] == "imported-one" and group["title"] == "Test brief"
    first, second = group["highlights"]
    assert first["quote"] == "Critics said the plan was vague." and first["status"] == "exact"
    assert first["note"] == "vague how?"
    assert second["status"] == "lost" and second["note"] == "x"  # reported, not dropped
    text = run_cli(capsys, "notes", str(yaml_path))
    assert "¶ 2  “Critics said the plan was vague.”" in text and "note: vague how?" in text
    assert "can no longer be placed" in text


def test_notes_when_empty(capsys: pytest.CaptureFixture[str]) -> None:
    assert "no highlights" in run_cli(capsys, "notes")
    assert json.loads(run_cli(capsys, "notes", "--json")) == []


def test_cards_json_lists_user_cards(
    briefreader_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    yaml_path, _ = make_briefs(briefreader_home)
    assert all(
        c["source"] != "user"
        for c in json.loads(run_cli(capsys, "cards", str(yaml_path), "--json"))
    )
    brief = load_brief(yaml_path)
    with Store.open() as store:
        gap = make_anchor(brief.paragraphs, 1, 16, 21)
        prompt = cloze_prompt(brief.paragraphs[0].text, (0, 29), (16, 21))
        cid = Annotations(store).add_card("imported-one", gap, prompt)
    cards = json.loads(run_cli(capsys, "cards", str(yaml_path), "--json"))
    (mine,) = [c for c in cards if c["source"] == "user"]
    assert mine["id"] == f"user.{cid}" and mine["answer"] == "Tokyo"
    assert mine["prompt"] == "The Quad met in [...] in May."


def test_plain_launch_opens_the_last_brief_read(
    briefreader_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from briefreader.core.last_brief import last_brief

    warnings: list[str] = []
    assert last_brief(warnings.append).slug == "nato-asian-pacific-expansion"  # first launch
    yaml_path, article = make_briefs(briefreader_home)
    state = State.load()
    state.last_brief = str(yaml_path)
    state.save()
    assert State.load().last_brief == str(yaml_path)
    assert last_brief(warnings.append).slug == "imported-one" and warnings == []
    article.unlink()  # no longer loads: the bundled brief, with one line saying why
    assert last_brief(warnings.append).slug == "nato-asian-pacific-expansion"
    assert len(warnings) == 1 and "opening the bundled brief instead" in warnings[0]
    yaml_path.unlink()  # gone: the bundled brief, quietly
    assert last_brief(warnings.append).slug == "nato-asian-pacific-expansion"
    assert len(warnings) == 1
