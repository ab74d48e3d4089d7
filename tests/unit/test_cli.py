"""The command line, run as a user runs it: a real subprocess, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefreader import __version__

from ..conftest import BUNDLED, SEED


def run(
    *args: str, cwd: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefreader", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        input=stdin,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def test_version_and_help() -> None:
    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"briefreader {__version__}"
    out = run("--help")
    assert out.returncode == 0
    for word in ("open", "check", "list", "show"):
        assert word in out.stdout


def test_check_bundled_brief_has_no_warnings() -> None:
    out = run("check", str(BUNDLED))
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.startswith(f"{BUNDLED}: ok (11 paragraphs, ")
    assert "warning" not in out.stdout


def test_check_reports_errors_with_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\narticle: x.txt\nglosary: []\n", encoding="utf-8")
    out = run("check", str(bad))
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    assert f"{bad}:2:10: error: article 'x.txt': " in lines[0]
    assert lines[1] == (
        f"{bad}:3:1: error: unknown key 'glosary' in the brief (did you mean 'glossary'?)"
    )
    assert "Traceback" not in out.stderr


def test_list_shows_bundled_and_user_briefs(tmp_path: Path, briefreader_home: Path) -> None:
    user = briefreader_home / "briefs"
    user.mkdir()
    (user / "mine.txt").write_text("ignored: not yaml", encoding="utf-8")
    (user / "broken.yaml").write_text("format: [\n", encoding="utf-8")
    out = run("list", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert rows[0]["slug"] == "nato-asian-pacific-expansion"
    assert rows[0]["origin"] == "bundled"
    assert rows[0]["title"] == "Three challenges to NATO's Asian Pacific expansion"
    assert [r["slug"] for r in rows[1:]] == ["broken"]
    assert rows[1]["error"].startswith(str(user / "broken.yaml") + ":2:1: error: YAML syntax")
    text = run("list")
    assert "nato-asian-pacific-expansion  [bundled]  Three challenges" in text.stdout


def test_show_json_shape_default_brief(tmp_path: Path) -> None:
    out = run("show", "--json", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) >= {
        "slug",
        "title",
        "metadata",
        "paragraphs",
        "glossary",
        "actors",
        "outline",
        "cards",
    }
    assert data["metadata"]["published"] == "2023-02-07T17:10:24"
    assert data["metadata"]["author"] == "Zhong Feiteng"
    assert [p["kind"] for p in data["paragraphs"]] == ["body"] * 9 + ["bio", "note"]
    assert [p["n"] for p in data["paragraphs"] if p["truncated"]] == [4]
    texts = {p["n"]: p["text"] for p in data["paragraphs"]}
    header = {data["metadata"]["author"], data["metadata"]["editor"]}
    for entry in data["glossary"] + data["actors"]:
        # people named only in the header (byline, editor line) have no mentions in the body
        assert entry["mentions"] or entry.get("name") in header, entry["id"]
        for m in entry["mentions"]:
            assert set(m) == {"paragraph", "start", "end"}
            assert 0 <= m["start"] < m["end"] <= len(texts[m["paragraph"]])
    for card in data["cards"]:
        assert card["evidence"] and all(n in texts for n in card["evidence"])


def test_show_bare_article_and_slug(tmp_path: Path) -> None:
    out = run("show", "--json", str(SEED))
    assert out.returncode == 0
    data = json.loads(out.stdout)
    assert data["cards"] == []
    assert data["actors"] and data["glossary"]  # a bare article: the annotator's suggestions
    assert all(e["suggested"] for e in [*data["glossary"], *data["actors"]])
    assert len(data["paragraphs"]) == 11
    by_slug = run("show", "--json", "nato-asian-pacific-expansion")
    assert json.loads(by_slug.stdout)["slug"] == "nato-asian-pacific-expansion"


def test_show_text_marks_truncation() -> None:
    out = run("show")
    assert out.returncode == 0
    assert "[4] In the meantime" in out.stdout
    assert "[source text truncated here]" in out.stdout


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: (d / "empty.txt", (d / "empty.txt").write_bytes(b""))[0], "empty file"),
        (lambda d: (d / "bin.txt", (d / "bin.txt").write_bytes(b"a\x00b"))[0], "nul byte"),
    ],
)
def test_bad_inputs_one_line_error(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    target = make(tmp_path)
    for args in (("show", str(target)), ("check", str(target))):
        out = run(*args)
        assert out.returncode == 1
        text = (out.stderr + out.stdout).strip()
        assert "Traceback" not in text
        assert len(text.splitlines()) == 1, text
        assert str(target) in text and message in text.lower(), text


def test_dev_zero_does_not_hang() -> None:
    out = run("show", "/dev/zero")
    assert out.returncode == 1
    assert "/dev/zero" in out.stderr and "Traceback" not in out.stderr


def test_unknown_slug() -> None:
    out = run("show", "no-such-brief")
    assert out.returncode == 1
    assert out.stderr.startswith("briefreader: no-such-brief: error: no such brief")


def test_usage_error_exit_2() -> None:
    out = run("frobnicate")
    assert out.returncode == 2
    assert "invalid choice" in out.stderr


@pytest.mark.parametrize("args", [("--theme", "no-such-theme"), ("open", "--theme", "nope")])
def test_unknown_theme_is_a_one_line_error(args: tuple[str, ...]) -> None:
    out = run(*args)
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1
    assert "--theme: error: unknown theme" in out.stderr and "textual-light" in out.stderr


def test_open_missing_file_fails_before_the_reader(tmp_path: Path) -> None:
    out = run("open", str(tmp_path / "nope.yaml"))
    assert out.returncode == 1
    assert out.stderr.strip() == f"briefreader: {tmp_path / 'nope.yaml'}: error: no such file"


def test_stats_json_and_table(briefreader_home: Path) -> None:
    out = run("stats", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["slug"] == "nato-asian-pacific-expansion"
    assert data["reviews_total"] == 0 and data["due_now"] == 0
    assert data["new_count"] == data["cards"] > 100
    assert "challenge-values" in data["mastery"]
    table = run("stats")
    assert table.returncode == 0
    assert "Mastery per outline point" in table.stdout


def test_stats_with_a_corrupt_store_is_one_line_and_recovers(briefreader_home: Path) -> None:
    (briefreader_home / "progress.sqlite3").write_bytes(b"this is not sqlite" * 100)
    out = run("stats", "--json")
    assert out.returncode == 0
    assert out.stderr.count("\n") == 1 and "corrupt" in out.stderr
    assert any(p.name.startswith("progress.sqlite3.corrupt-") for p in briefreader_home.iterdir())


def test_stats_refuses_a_newer_store(briefreader_home: Path) -> None:
    import sqlite3

    from briefreader.study.store import APPLICATION_ID

    db = sqlite3.connect(briefreader_home / "progress.sqlite3")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 99")
    db.execute("CREATE TABLE x (a)")
    db.commit()
    db.close()
    before = (briefreader_home / "progress.sqlite3").read_bytes()
    out = run("stats")
    assert out.returncode == 1
    assert "newer than this briefreader understands" in out.stderr
    assert out.stderr.count("\n") == 1
    assert (briefreader_home / "progress.sqlite3").read_bytes() == before


def test_bad_new_per_day() -> None:
    out = run("quiz", "--new-per-day", "-3")
    assert out.returncode == 1
    assert (
        out.stderr.strip()
        == "briefreader: --new-per-day: error: must be a whole number from 0 to 9999"
    )


def test_debug_logs_to_the_data_directory(briefreader_home: Path) -> None:
    log = briefreader_home / "briefreader.log"
    assert run("list").returncode == 0
    assert not log.exists()  # nothing worth logging: no file
    assert run("--debug", "list").returncode == 0
    assert f"briefreader {__version__}: list" in log.read_text(encoding="utf-8")
    out = run("--debug", "show", "no-such-brief")
    assert out.returncode == 1 and len(out.stderr.splitlines()) == 1  # the terminal: one line
    assert "no such brief" in log.read_text(encoding="utf-8")
