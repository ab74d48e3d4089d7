"""Reading text safely: briefreader.core.text and briefreader.core.errors."""

from __future__ import annotations

import codecs
import os
import pickle
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefreader.core.errors import BriefError
from briefreader.core.text import (
    CONTROL_TABLE,
    clean_controls,
    decode_text,
    load_text,
    normalize_newlines,
    read_bytes,
)

FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\U000e0000-\U000e007f]"
)


def within(seconds: float, func: Callable[[], Any]) -> Any:
    """Run ``func`` in a daemon thread; fail (rather than hang) if it blocks."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = func()
        except BaseException as exc:
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        pytest.fail(f"call did not return within {seconds} s")
    if "error" in box:
        raise box["error"]
    return box.get("value")


def read_error(path: Path | str, max_bytes: int = 1000) -> str:
    with pytest.raises(BriefError) as info:
        within(5, lambda: read_bytes(path, max_bytes=max_bytes))
    rendered = str(info.value)
    assert "\n" not in rendered
    return rendered


def decode_error(data: bytes, path: str = "a.txt") -> str:
    with pytest.raises(BriefError) as info:
        decode_text(data, path)
    return str(info.value)


# -- BriefError ------------------------------------------------------------------


def test_error_rendering() -> None:
    assert str(BriefError("seeds/x.txt", "not a regular file")) == (
        "seeds/x.txt: error: not a regular file"
    )
    located = BriefError("b.yaml", "duplicate key 'id'", 3, 5)
    assert str(located) == "b.yaml:3:5: error: duplicate key 'id'"
    assert (located.path, located.message, located.line, located.column) == (
        "b.yaml",
        "duplicate key 'id'",
        3,
        5,
    )
    assert str(BriefError(Path("a") / "b.txt", "m", 7)) == f"a{os.sep}b.txt:7: error: m"


def test_error_is_one_terminal_safe_line() -> None:
    err = BriefError("evil\n\x1b[2Jname.txt", "line one\nline two\x07 \u202eRLO")
    assert str(err) == "evil\\n\\x1b[2Jname.txt: error: line one line two\\x07 \\u202eRLO"
    assert err.path == "evil\n\x1b[2Jname.txt"  # attributes keep the raw values


def test_error_pickles() -> None:
    err = pickle.loads(pickle.dumps(BriefError("p", "m", 1, 2)))
    assert (err.path, err.message, err.line, err.column) == ("p", "m", 1, 2)


# -- read_bytes ------------------------------------------------------------------


def test_read_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"hello")
    assert read_bytes(path, max_bytes=5) == b"hello"
    assert read_bytes(str(path), max_bytes=100) == b"hello"


def test_read_refuses_oversize_file(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 11)
    assert read_error(path, max_bytes=10) == (
        f"{path}: error: file too large (11 bytes; the limit is 10 bytes)"
    )
    path.write_bytes(b"x" * 40_000)
    assert "40,000 bytes; the limit is 10 bytes" in read_error(path, max_bytes=10)


def test_read_cap_holds_when_size_is_not_reported() -> None:
    proc = Path("/proc/self/status")  # a regular file whose st_size is 0
    if not proc.exists():
        pytest.skip("no /proc")
    assert read_error(proc, max_bytes=10) == (
        f"{proc}: error: file too large (more than 10 bytes; the limit is 10 bytes)"
    )


def test_read_missing(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    assert read_error(path) == f"{path}: error: no such file"
    inside = tmp_path / "file.txt"
    inside.write_text("x")
    assert read_error(inside / "x.txt") == (
        f"{inside / 'x.txt'}: error: no such file (a parent in the path is not a directory)"
    )


def test_read_directory(tmp_path: Path) -> None:
    assert read_error(tmp_path) == f"{tmp_path}: error: is a directory, not a file"


def test_read_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert read_error(link) == (f"{link}: error: broken symbolic link (its target does not exist)")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_read_fifo_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert read_error(fifo) == f"{fifo}: error: not a regular file (a named pipe)"


def test_read_fifo_swapped_in_after_stat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    regular = os.stat(__file__)
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: regular if p == str(fifo) else real_stat(p))
    # The non-blocking open succeeds without a writer; fstat then refuses it.
    assert read_error(fifo) == f"{fifo}: error: not a regular file (a named pipe)"


def test_read_dev_zero_does_not_hang() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    assert read_error("/dev/zero") == "/dev/zero: error: not a regular file (a character device)"


def test_read_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x")

    def deny(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", deny)
    assert read_error(path) == f"{path}: error: permission denied"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read a chmod 000 file"
)
def test_read_chmod_000(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x")
    path.chmod(0)
    try:
        assert read_error(path) == f"{path}: error: permission denied"
    finally:
        path.chmod(0o600)


def test_read_nul_in_path() -> None:
    assert read_error("a\x00b.txt") == "a\\x00b.txt: error: invalid path (contains a NUL character)"


# -- decode_text ------------------------------------------------------------------


def test_decode_utf8_with_and_without_bom() -> None:
    assert decode_text("naïve ’quote’\n".encode(), "a.txt") == ("naïve ’quote’\n", [])
    assert decode_text(codecs.BOM_UTF8 + b"hi", "a.txt") == ("hi", [])


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", codecs.BOM_UTF8, " \u00a0\n".encode()])
def test_decode_empty(data: bytes) -> None:
    assert decode_error(data) == "a.txt: error: empty file"


def test_decode_nul_byte() -> None:
    assert decode_error(b"abc\x00def") == "a.txt: error: not a text file (NUL byte at offset 3)"
    assert decode_error(b"a\x00b\x00c\x00", "x/y.txt") == (
        "x/y.txt: error: not a text file (NUL byte at offset 1)"
    )


def test_decode_invalid_utf8_reports_offset() -> None:
    # Valid UTF-8 before the damage: not re-read as Windows-1252 (that would mangle "é").
    assert decode_error("héllo ".encode() + b"\xff world") == (
        "a.txt: error: not valid UTF-8 (byte offset 7)"
    )
    assert decode_error(codecs.BOM_UTF8 + b"ab\xc3") == (
        "a.txt: error: not valid UTF-8 (byte offset 5)"
    )
    # cp1252 leaves 0x81, 0x8D, 0x8F, 0x90, 0x9D undefined.
    assert decode_error(b"abc \x81 def") == "a.txt: error: not valid UTF-8 (byte offset 4)"


def test_decode_binary_is_not_cp1252() -> None:
    undefined_in_cp1252 = b"\x81\x8d\x8f\x90\x9d"
    high = bytes(b for b in range(0x80, 0x100) if b not in undefined_in_cp1252)
    assert decode_error(high * 4 + b"plain") == "a.txt: error: not valid UTF-8 (byte offset 0)"
    assert decode_error(b"\x01\x02\x03\x04 caf\xe9") == (
        "a.txt: error: not valid UTF-8 (byte offset 8)"
    )


def test_decode_cp1252_with_notice() -> None:
    data = "The caf\u00e9 \u2019s \u201cbest\u201d \u2013 na\u00efve\n".encode("cp1252")
    text, notices = decode_text(data, "a.txt")
    assert text == "The caf\u00e9 \u2019s \u201cbest\u201d \u2013 na\u00efve\n"
    assert notices == ["decoded as Windows-1252 (not valid UTF-8 at byte offset 7)"]


@pytest.mark.parametrize(
    ("codec", "bom", "label"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16 (little-endian)"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "UTF-16 (big-endian)"),
        ("utf-32-le", codecs.BOM_UTF32_LE, "UTF-32 (little-endian)"),
        ("utf-32-be", codecs.BOM_UTF32_BE, "UTF-32 (big-endian)"),
    ],
)
def test_decode_utf16_utf32_with_bom(codec: str, bom: bytes, label: str) -> None:
    text, notices = decode_text(bom + "Titel\n\nÜber 𝄞 text".encode(codec), "a.txt")
    assert text == "Titel\n\nÜber 𝄞 text"
    assert notices == [f"decoded as {label}, from its byte order mark"]


def test_decode_bad_utf16() -> None:
    lone_surrogate = codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00\xd8" + b"c\x00"
    assert decode_error(lone_surrogate) == "a.txt: error: not valid UTF-16 (byte offset 6)"
    nul = codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le")
    assert decode_error(nul) == (
        "a.txt: error: not a text file (U+0000 at character 1 after decoding as "
        "UTF-16 (little-endian))"
    )


# -- normalize_newlines -------------------------------------------------------------


def test_normalize_newlines() -> None:
    assert normalize_newlines("a\r\nb\rc\nd\r\r\n") == "a\nb\nc\nd\n\n"
    keep = "a\u2028b\u2029c\x85d\x0be\x0cf"
    assert normalize_newlines(keep) == keep


@given(st.text(alphabet=st.sampled_from("ab\r\n\u2028\x85 ")))
def test_normalize_never_leaves_cr(s: str) -> None:
    out = normalize_newlines(s)
    assert "\r" not in out
    assert out.count("\n") == s.count("\n") + s.count("\r") - s.count("\r\n")
    assert normalize_newlines(out) == out


# -- clean_controls -------------------------------------------------------------------


def test_clean_terminal_sequences() -> None:
    dirty = "a\x1b[31mred\x1b[0m \x1b]52;c;aGk=\x07 \x9b2J bell\x07 del\x7f nul\x00"
    clean, count = clean_controls(dirty)
    assert clean == (
        "a\u241b[31mred\u241b[0m \u241b]52;c;aGk=\u2407 \ufffd2J bell\u2407 del\u2421 nul\u2400"
    )
    assert count == 8


def test_clean_bidi_tags_separators() -> None:
    clean, count = clean_controls("x\u202etxt.exe\u2066y\u2069 \U000e0041\U000e007f z")
    assert clean == "x\ufffdtxt.exe\ufffdy\ufffd \ufffd\ufffd z"
    assert count == 5
    assert clean_controls("a\u2028b\u2029c\x85d\x0be\x0cf") == (
        "a\u2424b\u2424c\ufffdd\u240be\u240cf",
        5,
    )


def test_clean_keeps_text_tabs_newlines_and_marks() -> None:
    keep = "tab\there\nnew line \u200e\u200f\u061c NBSP\u00a0 ’é𝄞 \ufeff"
    assert clean_controls(keep) == (keep, 0)


def test_clean_many_distinct_controls_sparse_and_dense() -> None:
    every = "".join(chr(c) for c in CONTROL_TABLE)
    sparse = ("plain prose " * 400 + every) * 3
    dense = every * 50
    for s in (sparse, dense):
        clean, count = clean_controls(s)
        assert clean == s.translate(CONTROL_TABLE)
        assert count == len(FORBIDDEN.findall(s))
        assert not FORBIDDEN.search(clean)


CONTROLISH = st.characters(
    codec="utf-8",
    categories=("Cc", "Cf", "Zl", "Zp", "Ll", "Zs", "Po"),
)


@given(st.text(CONTROLISH))
def test_clean_properties(s: str) -> None:
    clean, count = clean_controls(s)
    assert not FORBIDDEN.search(clean)
    assert count == len(FORBIDDEN.findall(s))
    assert len(clean) == len(s)
    assert clean_controls(clean) == (clean, 0)  # idempotent
    assert clean.count("\n") == s.count("\n") and clean.count("\t") == s.count("\t")


def test_clean_is_fast_on_4mb() -> None:
    prose = "The NATO head’s visit, in brief — “a test”.\n\n" * 90_000
    dirty = prose.replace("visit", "\x1b[1mvisit\x1b[0m")
    for s in (prose, dirty):
        start = time.perf_counter()
        clean_controls(s)
        assert time.perf_counter() - start < 1.0  # ~0.05 s here; generous for slow CI


# -- load_text ------------------------------------------------------------------------


def test_load_text_pipeline(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Title\r\n\r\nA \x1b[2Jline\rB\x07\r\n")
    assert load_text(path) == (
        "Title\n\nA \u241b[2Jline\nB\u2407\n",
        ("replaced 2 control characters with visible symbols",),
    )
    path.write_bytes(("caf\u00e9 \x1b" + " and more plain text" * 5).encode("cp1252"))
    assert load_text(path) == (
        "caf\u00e9 \u241b" + " and more plain text" * 5,
        (
            "decoded as Windows-1252 (not valid UTF-8 at byte offset 3)",
            "replaced 1 control character with visible symbols",
        ),
    )


def test_load_text_errors_name_the_path(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 20)
    with pytest.raises(BriefError, match=r"a\.txt: error: file too large \(20 bytes"):
        load_text(path, max_bytes=10)
    path.write_bytes(b"\n\n")
    with pytest.raises(BriefError) as info:
        load_text(path)
    assert str(info.value) == f"{path}: error: empty file"
