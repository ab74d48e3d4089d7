"""Reading article text safely: bounded reads, honest decoding, terminal-safe text.

* :func:`read_bytes` reads only regular files, never blocks on a FIFO or device
  and refuses files over a size cap.
* :func:`decode_text` accepts UTF-8 (with or without BOM), UTF-16/32 with a BOM,
  and, as a last resort, Windows-1252 that looks like text -- each non-UTF-8
  decode is reported as a notice; anything else is a :class:`BriefError`.
* :func:`normalize_newlines` turns ``\\r\\n`` and lone ``\\r`` into ``\\n``; nothing
  else is a line end here (never ``str.splitlines``).
* :func:`clean_controls` replaces characters that could drive or confuse a
  terminal with visible placeholders:

  ============================================  ===========================
  C0 controls except TAB and LF (incl. ESC,     Control Pictures U+2400+code
  BEL, NUL, VT, FF, CR)                         (ESC -> U+241B "␛")
  DEL U+007F                                    U+2421 "␡"
  C1 controls U+0080-U+009F (incl. NEL U+0085)  U+FFFD "�"
  Bidi embeddings/overrides U+202A-U+202E and   U+FFFD "�"
  isolates U+2066-U+2069
  Tag characters U+E0000-U+E007F                U+FFFD "�"
  LINE/PARAGRAPH SEPARATOR U+2028/U+2029        U+2424 "␤" (SYMBOL FOR NEWLINE)
  ============================================  ===========================

  Bidi *marks* (LRM U+200E, RLM U+200F, ALM U+061C) are kept: they carry no
  embedding state and cannot reorder the rest of a line. No placeholder is
  itself replaced, so cleaning is idempotent.
"""

from __future__ import annotations

import codecs
import functools
import os
import re
import stat

from .errors import BriefError

__all__ = [
    "MAX_ARTICLE_BYTES",
    "clean_controls",
    "decode_text",
    "load_text",
    "normalize_newlines",
    "read_bytes",
]

MAX_ARTICLE_BYTES = 32 * 1024 * 1024
_CHUNK = 1 << 20

C1_PLACEHOLDER = "\ufffd"
FORMAT_PLACEHOLDER = "\ufffd"  # bidi embeddings/overrides/isolates, tag characters
SEPARATOR_PLACEHOLDER = "\u2424"  # U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR


def _build_table() -> dict[int, str]:
    table = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)}
    table[0x7F] = "\u2421"
    table.update(dict.fromkeys(range(0x80, 0xA0), C1_PLACEHOLDER))
    table.update(dict.fromkeys((0x2028, 0x2029), SEPARATOR_PLACEHOLDER))
    for first, last in ((0x202A, 0x202E), (0x2066, 0x2069), (0xE0000, 0xE007F)):
        table.update(dict.fromkeys(range(first, last + 1), FORMAT_PLACEHOLDER))
    return table


#: code point -> placeholder, for every character :func:`clean_controls` replaces.
CONTROL_TABLE: dict[int, str] = _build_table()
CONTROL_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\U000e0000-\U000e007f]"
)
_FEW_DISTINCT = 8

_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 (little-endian)"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 (big-endian)"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 (little-endian)"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 (big-endian)"),
)


@functools.cache
def _cp1252_patterns() -> tuple[re.Pattern[bytes], re.Pattern[str]]:
    """(a well-formed UTF-8 multi-byte sequence: if the bytes contain one, they are
    UTF-8 with damage, not Windows-1252, and re-decoding them would mangle it; the odd
    controls), compiled only for a file that is not UTF-8."""
    multibyte = re.compile(
        rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
    )
    return multibyte, re.compile("[\x01-\x08\x0e-\x1f\x7f]")


_ASCII = bytes(range(0x80))


def _open_error(path: str, exc: OSError) -> BriefError:
    if isinstance(exc, FileNotFoundError):
        if os.path.islink(path):
            return BriefError(path, "broken symbolic link (its target does not exist)")
        return BriefError(path, "no such file")
    if isinstance(exc, PermissionError):
        return BriefError(path, "permission denied")
    if isinstance(exc, IsADirectoryError):
        return BriefError(path, "is a directory, not a file")
    if isinstance(exc, NotADirectoryError):
        return BriefError(path, "no such file (a parent in the path is not a directory)")
    reason = exc.strerror or type(exc).__name__
    return BriefError(path, f"cannot read: {reason[:1].lower()}{reason[1:]}")


def _check_regular(path: str, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise BriefError(path, "is a directory, not a file")
    for test, kind in _FILE_KINDS:
        if test(mode):
            raise BriefError(path, f"not a regular file ({kind})")
    raise BriefError(path, "not a regular file")


def _too_large(path: str, size: int | None, max_bytes: int) -> BriefError:
    got = f"{size:,} bytes" if size is not None else f"more than {max_bytes:,} bytes"
    return BriefError(path, f"file too large ({got}; the limit is {max_bytes:,} bytes)")


def read_bytes(path: str | os.PathLike[str], *, max_bytes: int) -> bytes:
    """The contents of the regular file ``path``, at most ``max_bytes`` long.

    Directories, FIFOs, devices and sockets are refused without reading (a FIFO
    is opened non-blocking, so this never waits for a writer); every failure is a
    :class:`BriefError` naming the path.
    """
    name = os.fspath(path)
    try:
        _check_regular(name, os.stat(name).st_mode)  # don't even open devices
        fd = os.open(name, _OPEN_FLAGS)
    except OSError as exc:
        raise _open_error(name, exc) from None
    except ValueError:  # embedded NUL in the path
        raise BriefError(name, "invalid path (contains a NUL character)") from None
    try:
        info = os.fstat(fd)
        _check_regular(name, info.st_mode)  # the file may have been swapped since stat()
        if info.st_size > max_bytes:
            raise _too_large(name, info.st_size, max_bytes)
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            chunk = os.read(fd, min(max_bytes + 1 - total, _CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise _too_large(name, None, max_bytes)
        return b"".join(chunks)
    except OSError as exc:
        raise _open_error(name, exc) from None
    finally:
        os.close(fd)


def _decode_with_bom(data: bytes, path: str) -> tuple[str, list[str]] | None:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                if codec == "utf-32-le" and data.startswith(codecs.BOM_UTF16_LE):
                    continue  # FF FE 00 00 may be UTF-16 starting with U+0000
                name = label.split()[0]
                raise BriefError(
                    path, f"not valid {name} (byte offset {exc.start + len(bom)})"
                ) from None
            if "\x00" in text:
                raise BriefError(
                    path,
                    f"not a text file (U+0000 at character {text.index(chr(0))} "
                    f"after decoding as {label})",
                )
            return text, [f"decoded as {label}, from its byte order mark"]
    return None


def _looks_like_cp1252_text(data: bytes, text: str) -> bool:
    multibyte, odd_controls = _cp1252_patterns()
    if multibyte.search(data):
        return False
    high = len(data.translate(None, _ASCII))  # bytes >= 0x80
    odd = len(odd_controls.findall(text))
    return high * 4 <= len(data) and odd * 100 <= len(text)


def decode_text(data: bytes, path: str | os.PathLike[str]) -> tuple[str, list[str]]:
    """Decode file bytes to text, returning ``(text, notices)``.

    UTF-8 (a BOM is stripped) needs no notice. UTF-16/32 with a BOM, and
    Windows-1252 that looks like text, are decoded with a notice saying so.
    Empty or whitespace-only data, NUL bytes and undecodable bytes raise
    :class:`BriefError`. Newlines and controls are left alone.
    """
    name = os.fspath(path)
    decoded = _decode_with_bom(data, name)
    if decoded is None:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise BriefError(name, f"not a text file (NUL byte at offset {nul})")
        skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
        try:
            decoded = data[skip:].decode("utf-8"), []
        except UnicodeDecodeError as exc:
            offset = exc.start + skip
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = None
            if text is None or not _looks_like_cp1252_text(data, text):
                raise BriefError(name, f"not valid UTF-8 (byte offset {offset})") from None
            notice = f"decoded as Windows-1252 (not valid UTF-8 at byte offset {offset})"
            decoded = text, [notice]
    if not decoded[0].strip():
        raise BriefError(name, "empty file")
    return decoded


def normalize_newlines(s: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; nothing else is touched."""
    if "\r" not in s:
        return s
    return s.replace("\r\n", "\n").replace("\r", "\n")


_ASCII_CLEAN = bytes([0x09, 0x0A, *range(0x20, 0x7F)])  # tab, line feed and the printable
_HIGH = bytes(range(0x80, 0x100))


def has_controls(s: str) -> bool:
    """Whether :data:`CONTROL_RE` matches anywhere in ``s``. A long text is checked
    with one ``bytes.translate`` (~10x faster than the expression): its UTF-8 bytes
    less every clean ASCII character leave its ASCII controls and its non-ASCII
    characters (whole UTF-8 sequences: every byte of one is 0x80 or more), usually
    few; the expression then searches those only."""
    if len(s) > 1024:
        rest = s.encode("utf-8", "surrogatepass").translate(None, _ASCII_CLEAN)
        if not rest:
            return False
        if rest.translate(None, _HIGH):  # an ASCII byte left: a control
            return True
        return CONTROL_RE.search(rest.decode("utf-8", "surrogatepass")) is not None
    return CONTROL_RE.search(s) is not None


def clean_controls(s: str) -> tuple[str, int]:
    """Replace terminal control characters with visible placeholders.

    Returns the cleaned text and how many characters were replaced. See the
    module docstring for the table. TAB and LF are kept.
    """
    if len(s) > 1024 and not has_controls(s):
        return s, 0  # the usual case for a long text, found faster
    match = CONTROL_RE.search(s)
    if match is None:
        return s, 0
    # Few distinct controls (the usual case): one fast str.replace per character.
    count = 0
    for _ in range(_FEW_DISTINCT):
        char = match.group()
        start = match.start()
        count += s.count(char, start)
        s = s.replace(char, CONTROL_TABLE[ord(char)])
        match = CONTROL_RE.search(s, start)
        if match is None:
            return s, count
    # Many distinct controls: one pass with a callback when they are sparse,
    # str.translate (slower per character, but flat) when they are dense.
    found = len(CONTROL_RE.findall(s, start))
    if found * 32 < len(s):
        return CONTROL_RE.sub(_placeholder, s), count + found
    return s.translate(CONTROL_TABLE), count + found


def _placeholder(match: re.Match[str]) -> str:
    return CONTROL_TABLE[ord(match.group())]


def load_text(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_ARTICLE_BYTES
) -> tuple[str, tuple[str, ...]]:
    """Read, decode, normalise newlines and clean controls: ``(text, notices)``."""
    data = read_bytes(path, max_bytes=max_bytes)
    text, notices = decode_text(data, path)
    text, replaced = clean_controls(normalize_newlines(text))
    if replaced:
        noun = "character" if replaced == 1 else "characters"
        notices.append(f"replaced {replaced} control {noun} with visible symbols")
    return text, tuple(notices)
