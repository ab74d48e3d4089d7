"""``briefreader export`` as a user runs it: default file names, stdout, errors."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

SLUG = "nato-asian-pacific-expansion"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefreader", "export", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("apkg", f"{SLUG}.apkg"),
        ("csv", f"{SLUG}.csv"),
        ("md", f"{SLUG}.md"),
        ("highlights-csv", f"{SLUG}.highlights.csv"),
    ],
)
def test_default_output_is_named_after_the_brief(tmp_path: Path, fmt: str, name: str) -> None:
    out = run("--format", fmt, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"wrote {name} (")
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temporary file left
    assert (tmp_path / name).stat().st_mode & 0o044  # readable like any new file
    if fmt == "apkg":
        with zipfile.ZipFile(tmp_path / name) as package:
            assert "collection.anki2" in package.namelist()


def test_stdout_and_explicit_output(tmp_path: Path) -> None:
    out = run(SLUG, "-f", "csv", "-o", "-", cwd=tmp_path)
    assert out.returncode == 0 and out.stderr == ""
    assert next(csv.reader(io.StringIO(out.stdout)))[0] == "id"
    assert list(tmp_path.iterdir()) == []
    out = run("-f", "tsv", "-o", "sub/deck.txt", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "sub" / "deck.txt").read_text(encoding="utf-8").startswith("#separator:tab")
    (tmp_path / "dir").mkdir()
    assert run("-f", "md", "-o", "dir", cwd=tmp_path).returncode == 0
    assert (tmp_path / "dir" / f"{SLUG}.md").is_file()


def test_errors_are_one_line(tmp_path: Path) -> None:
    out = run("-f", "apkg", "-o", "-", cwd=tmp_path)
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.strip().splitlines() == [
        "briefreader: -: error: apkg is a binary format: give a file with --output"
    ]
    (tmp_path / "file").write_text("x", encoding="utf-8")
    out = run("-f", "csv", "-o", "file/deck.csv", cwd=tmp_path)
    assert out.returncode == 1 and len(out.stderr.strip().splitlines()) == 1
    assert "file/deck.csv" in out.stderr and "Traceback" not in out.stderr
    out = run("no-such-brief", "-f", "csv", cwd=tmp_path)
    assert out.returncode == 1 and "no such brief" in out.stderr
    out = run("-f", "pdf", cwd=tmp_path)
    assert out.returncode == 2 and "invalid choice" in out.stderr


def test_highlights_and_notes_from_the_store(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from briefreader.core.anchoring import make_anchor
    from briefreader.core.loader import load_brief
    from briefreader.core.paths import resolve
    from briefreader.study.annotations import Annotations
    from briefreader.study.store import Store

    brief = load_brief(resolve(None))
    text = brief.paragraphs[0].text
    start = text.index("NATO Secretary General")
    anchor = make_anchor(brief.paragraphs, 1, start, start + len("NATO Secretary General"))
    with Store.open() as store:
        notes = Annotations(store)
        notes.add_highlight(
            SLUG, anchor, note="His title then", at=datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
        )
        notes.add_highlight(
            SLUG, make_anchor(brief.paragraphs, 6, 0, 0), note="Thesis", kind="paragraph"
        )
        card_id = notes.add_card(SLUG, anchor, "His title: ___")
    out = run("-f", "highlights-csv", "-o", "-", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["Highlight"], r["Note"], r["Location"]) for r in rows] == [
        ("NATO Secretary General", "His title then", "1"),
        (brief.paragraphs[5].text, "Thesis", "6"),
    ]
    assert rows[0]["Date"] == "2026-11-30 09:00:00"
    sheet = run("-f", "md", "-o", "-", cwd=tmp_path).stdout
    assert "## Highlights and notes" in sheet and "> NATO Secretary General (¶1)" in sheet
    table = run("-f", "csv", "-o", "-", cwd=tmp_path).stdout
    mine = [r for r in csv.DictReader(io.StringIO(table)) if r["id"] == f"user.{card_id}"]
    assert len(mine) == 1 and mine[0]["answer"] == "NATO Secretary General"  # the user's card


def test_no_store_no_highlights_and_no_store_created(tmp_path: Path) -> None:
    out = run("-f", "highlights-csv", "-o", "-", cwd=tmp_path)
    assert out.returncode == 0 and out.stdout.count("\n") == 1  # the header only
    assert not (Path(os.environ["BRIEFREADER_HOME"]) / "progress.sqlite3").exists()
