"""Issue 7.1, 7.2, 7.11: every parsed YAML scalar is cleaned, file names are shown
escaped, articles outside the brief's folder are named."""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefreader.cli import cmd_check
from briefreader.cmds import list as list_cmd
from briefreader.core.brief import Brief
from briefreader.core.export import brief_to_json
from briefreader.core.loader import MAX_REPLACED_REPORTS, check_brief, load_brief
from briefreader.core.text import CONTROL_RE
from briefreader.tui.screens.about import about_content, article_label

from .payloads import ARTICLE, FILE_NAME, MARKUP, leaks, write_brief


def strings(value: object) -> Iterator[str]:
    """Every str inside a brief (dataclasses, tuples, dicts), recursively."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name not in ("path", "article_path"):
                yield from strings(getattr(value, f.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from strings(item)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(k)
            yield from strings(v)


def test_no_field_keeps_a_control_character(tmp_path: Path) -> None:
    result = check_brief(write_brief(tmp_path, "b.yaml", in_quotes=True))
    assert result.errors == []
    brief = result.brief
    assert brief is not None
    found = list(strings(brief))
    assert len(found) > 40
    assert [s for s in found if CONTROL_RE.search(s)] == []
    assert brief.cloze[0].plain.startswith("leaders met in Madrid ␛]0;PWN0␇")
    assert brief.outline[0].anchors[1].quote is not None  # the payload quote matched
    assert sum(MARKUP in s for s in found) > 20  # markup is kept, as text


def test_show_json_carries_no_control_characters(tmp_path: Path) -> None:
    brief = load_brief(write_brief(tmp_path, "b.yaml", in_quotes=True))
    text = json.dumps(brief_to_json(brief), ensure_ascii=True)  # \\u escapes, decoded below
    assert leaks(json.dumps(json.loads(text), ensure_ascii=False)) == []
    assert [s for s in strings(json.loads(text)) if CONTROL_RE.search(s)] == []


def _check_lines(tmp_path: Path, yaml_text: str) -> list[str]:
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "b.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    return [
        str(d).replace(f"{tmp_path}/", "")
        for d in check_brief(path).diagnostics
        if "control character" in d.message
    ]


def test_check_names_each_replaced_character_with_line_and_column(tmp_path: Path) -> None:
    yaml_text = (
        "format: 1\n"
        "article: article.txt\n"
        "metadata:\n"
        '  title: "T\\e]0;x\\a é\\x9b\\u202e\\U000E0041\\N"\n'
        "  about: 'raw\x1bhere'\n"
        '  "sou\\x7frce": x\n'
    )
    assert _check_lines(tmp_path, yaml_text) == [
        "b.yaml:4:12: warning: control character U+001B replaced with '␛'",
        "b.yaml:4:18: warning: control character U+0007 replaced with '␇'",
        "b.yaml:4:22: warning: control character U+009B replaced with '\ufffd'",
        "b.yaml:4:26: warning: control character U+202E replaced with '\ufffd'",
        "b.yaml:4:32: warning: control character U+E0041 replaced with '\ufffd'",
        "b.yaml:4:42: warning: control character U+0085 replaced with '\ufffd'",
        "b.yaml:5:14: warning: control character U+001B replaced with '␛'",
        "b.yaml:6:7: warning: control character U+007F replaced with '␡'",
    ]


def test_many_replaced_characters_are_counted_not_listed(tmp_path: Path) -> None:
    many = "\\e" * (MAX_REPLACED_REPORTS + 7)
    lines = _check_lines(tmp_path, f'format: 1\narticle: article.txt\nslug: "{many}"\n')
    assert len(lines) == MAX_REPLACED_REPORTS + 1
    assert lines[-1].endswith("and 7 more control character(s) replaced")


def test_ids_and_keys_are_cleaned_before_validation(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "b.yaml"
    path.write_text('format: 1\narticle: article.txt\nslug: "a\\eb"\n', encoding="utf-8")
    [error] = check_brief(path).errors
    assert "'a␛b' must be lowercase" in error.message


# -- file names and paths (7.2) ------------------------------------------------------


def test_check_ok_line_escapes_the_file_name(tmp_path: Path) -> None:
    path = write_brief(tmp_path)
    out = io.StringIO()
    assert cmd_check([str(path)], False, out) == 0
    ok = [line for line in out.getvalue().splitlines() if ": ok (" in line]
    assert ok == [ok[0]] and "evil\\x1b]0;PWNFILE\\x07.yaml: ok (" in ok[0]
    assert leaks(out.getvalue()) == [] and "\x1b" not in out.getvalue()


@pytest.mark.parametrize("as_json", [False, True])
def test_list_escapes_file_names(briefreader_home: Path, as_json: bool) -> None:
    write_brief(briefreader_home / "briefs")
    out = io.StringIO()
    assert list_cmd.run(argparse.Namespace(json=as_json), out) == 0
    text = json.dumps(json.loads(out.getvalue())) if as_json else out.getvalue()
    assert "\x1b" not in text and "\\u001b" not in text
    # the row names the brief by a slug made of the file name (escaped or slugified)
    assert "evil\\\\x1b]0;PWNFILE" in text or "evil-0-pwnfile" in text


def test_about_escapes_the_article_file_name(tmp_path: Path) -> None:
    name = "a\x1b]0;T\x07.txt"
    (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    brief = load_brief(tmp_path / name)
    assert article_label(brief) == "a\\x1b]0;T\\x07.txt"
    assert "\x1b" not in about_content(brief).plain


# -- articles outside the brief's folder (7.11) -------------------------------------------


def _outside(tmp_path: Path, target: str) -> tuple[list[str], Brief | None]:
    path = tmp_path / "b.yaml"
    path.write_text(f"format: 1\narticle: {target}\n", encoding="utf-8")
    result = check_brief(path)
    return [d.message for d in result.warnings if "outside" in d.message], result.brief


def test_article_outside_the_folder_is_warned_and_named(tmp_path: Path) -> None:
    ups = "../" * len(tmp_path.parts)
    [warning], brief = _outside(tmp_path, f"{ups}etc/passwd")
    assert warning == f"article '{ups}etc/passwd' is outside the brief's folder (/etc/passwd)"
    assert brief is not None
    assert article_label(brief) == "/etc/passwd (outside the brief's folder)"
    if os.path.exists("/proc/self/status"):
        [warning], _ = _outside(tmp_path, "/proc/self/status")
        assert "is outside the brief's folder" in warning


def test_symlink_leaving_the_folder_is_warned(tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "a.txt").write_text(ARTICLE, encoding="utf-8")
    folder = tmp_path / "brief"
    folder.mkdir()
    (folder / "a.txt").symlink_to(other / "a.txt")
    [warning], _ = _outside(folder, "a.txt")
    assert str(other / "a.txt") in warning


def test_article_inside_the_folder_is_fine(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    warnings, brief = _outside(tmp_path, "sub/a.txt")
    assert warnings == [] and brief is not None
    assert article_label(brief) == "a.txt"


def test_file_name_constant_has_escape() -> None:
    assert "\x1b" in FILE_NAME
