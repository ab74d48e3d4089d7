"""Parse cleaned plain text into an :class:`~briefreader.core.brief.Article`.

The text is split into paragraphs -- runs of non-blank lines; a paragraph's text
is its lines, stripped of spaces/tabs at both ends, joined by one space. A line is
blank when it holds only whitespace (spaces, tabs, or other Unicode spaces such as
NBSP); inside a non-blank line every character is kept, NBSP included.

A header at the top is recognised and not numbered: a title (a single line of at
most 200 characters), metadata paragraphs (``Source``/``Editor``/``Time``/
``Author``/``Date``/``Published``/``Title`` label lines each followed by a value
line, or ``Label: value`` lines) and a ``By <author>`` byline. Trailing web
boilerplate (``Related News``, ``Continue...``, ``Read more``, ``Share``,
``Editor: NAME`` ...) is dropped from the end only.

The remaining paragraphs are numbered 1..N in document order, each of kind
``bio`` (``(The author is ...)``), ``note`` (``Editor's note: ...``) or ``body``.
A body paragraph of prose that stops mid-sentence is flagged ``truncated`` --
shown as it is, never repaired.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from .brief import Article, Metadata, Paragraph, ParagraphKind
from .errors import BriefError
from .text import MAX_ARTICLE_BYTES, clean_controls, load_text

__all__ = ["humanize_stem", "load_article", "parse_article", "parse_published"]

MAX_TITLE_CHARS = 200
MAX_HEADER_PARAGRAPHS = 8
MAX_META_VALUE_CHARS = 200
MAX_BYLINE_CHARS = 100
MAX_BYLINE_WORDS = 10
MIN_TRUNCATED_WORDS = 8

_LABELS = {
    "source": "source",
    "editor": "editor",
    "author": "author",
    "time": "published",
    "date": "published",
    "published": "published",
    "title": "title",
}
_LABEL_RE = re.compile(r"(?i)(source|editor|author|time|date|published|title)\s*[:：]?")
_LABEL_VALUE_RE = re.compile(
    r"(?i)(source|editor|author|time|date|published|title)\s*[:：]\s*(\S.*)"
)
_BYLINE_RE = re.compile(r"(?:By|BY|by)\s+(\S.*)")
_ISO_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?"
)
_BIO_RE = re.compile(r"(?is)\(\s*the\s+(?:author|writer)s?\b.*\)\W*")
_NOTE_RE = re.compile(r"(?i)editor['’‘`]?s\s+note\s*[:：]")
_TRAILING_EDITOR_RE = re.compile(r"(?i)(?:editor|editors|edited by)\s*[:：]\s*(\S.{0,79})")
_BOILERPLATE = frozenset(
    {
        "related news",
        "related articles",
        "related stories",
        "related content",
        "related",
        "continue",
        "continue reading",
        "read more",
        "share",
        "share this",
        "share this article",
        "advertisement",
    }
)
_BOILERPLATE_STRIP = " \t\u00a0.…:>»›→-–—|"
_CONTINUES = frozenset(",%&/+")
_BLANK_STRIP = " \t"
# One or more blank lines (only whitespace, NBSP included) between two line ends.
_BLANK_LINES_RE = re.compile(r"\n(?:[^\S\n]*\n)+")


def _paragraph_lines(text: str) -> list[list[str]]:
    """Runs of non-blank lines, each line stripped of spaces/tabs."""
    paragraphs: list[list[str]] = []
    for chunk in _BLANK_LINES_RE.split(text):
        if "\n" not in chunk:  # the common case: a one-line paragraph
            line = chunk.strip(_BLANK_STRIP)
            if line and not line.isspace():
                paragraphs.append([line])
            continue
        lines = [line.strip(_BLANK_STRIP) for line in chunk.split("\n")]
        lines = [line for line in lines if line and not line.isspace()]
        if lines:  # blank lines can only be left at the text's two ends
            paragraphs.append(lines)
    return paragraphs


def parse_published(value: str) -> datetime | None:
    """An ISO-like date or date-time as a naive datetime (wall-clock time as
    written; any UTC offset is dropped), else None."""
    value = value.strip()
    if not _ISO_RE.fullmatch(value):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=None)


def _metadata_pairs(lines: list[str]) -> list[tuple[str, str]] | None:
    """The (field, value) pairs if every line of the paragraph is metadata."""
    pairs: list[tuple[str, str]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if len(line) > MAX_META_VALUE_CHARS:
            return None
        label = _LABEL_RE.fullmatch(line)
        if label is not None:
            if i + 1 >= len(lines) or len(lines[i + 1]) > MAX_META_VALUE_CHARS:
                return None
            pairs.append((_LABELS[label.group(1).lower()], lines[i + 1]))
            i += 2
            continue
        match = _LABEL_VALUE_RE.fullmatch(line)
        if match is None:
            return None
        pairs.append((_LABELS[match.group(1).lower()], match.group(2).strip()))
        i += 1
    return pairs


def _byline(lines: list[str]) -> str | None:
    if len(lines) != 1 or len(lines[0]) > MAX_BYLINE_CHARS:
        return None
    match = _BYLINE_RE.fullmatch(lines[0])
    if match is None or lines[0].endswith("."):
        return None
    author = match.group(1).strip()
    # "By the river" is a title, not a byline: a name starts with a capital.
    if not author[:1].isupper() or len(author.split()) > MAX_BYLINE_WORDS:
        return None
    return author


def _is_title(lines: list[str], *, header_follows: bool) -> bool:
    if len(lines) != 1 or len(lines[0]) > MAX_TITLE_CHARS or _paragraph_kind(lines[0]) != "body":
        return False
    # Without a metadata block after it, a line ending like a sentence is body text.
    return header_follows or lines[0].rstrip()[-1] not in ".,;:"


def _header_kind(lines: list[str]) -> bool:
    return _metadata_pairs(lines) is not None or _byline(lines) is not None


def _boilerplate_key(text: str) -> str:
    if len(text) > 40:
        return ""
    return " ".join(text.strip(_BOILERPLATE_STRIP).split()).casefold()


def _paragraph_kind(text: str) -> ParagraphKind:
    head = text.lstrip()
    if head[:1] not in ("(", "E", "e"):
        return "body"
    if head.startswith("(") and _BIO_RE.fullmatch(head.rstrip()):
        return "bio"
    if _NOTE_RE.match(head):
        return "note"
    return "body"


def _is_truncated(text: str) -> bool:
    """Prose that stops mid-sentence: ends in a letter, digit, comma, dash,
    opening bracket or quote, and has at least MIN_TRUNCATED_WORDS words."""
    end = text.rstrip()
    if not end:
        return False
    last = end[-1]
    if not (
        last.isalnum() or last in _CONTINUES or unicodedata.category(last) in ("Pd", "Ps", "Pi")
    ):
        return False
    return len(end.split(maxsplit=MIN_TRUNCATED_WORDS)) >= MIN_TRUNCATED_WORDS


def parse_article(
    text: str,
    *,
    fallback_title: str,
    notices: Iterable[str] = (),
    path: str | os.PathLike[str] = "<text>",
) -> Article:
    """Parse cleaned text (see :func:`~briefreader.core.text.load_text`).

    ``fallback_title`` is used when the text has no title line; ``path`` only
    names the source in errors. Raises :class:`BriefError` ``no paragraphs`` when
    nothing but a header (or nothing at all) is left.
    """
    paras = _paragraph_lines(text)
    fields: dict[str, str] = {}

    def take(pairs: Iterable[tuple[str, str]]) -> None:
        for field, value in pairs:
            fields.setdefault(field, value)

    # -- header: [title] then metadata / byline paragraphs --------------------
    start = 0
    limit = min(len(paras), MAX_HEADER_PARAGRAPHS)
    title: str | None = None
    if paras and not _header_kind(paras[0]):
        follows = len(paras) > 1 and _header_kind(paras[1])
        if _is_title(paras[0], header_follows=follows):
            title = paras[0][0]
            start = 1
    while start < limit:
        pairs = _metadata_pairs(paras[start])
        if pairs is not None:
            take(pairs)
        elif (author := _byline(paras[start])) is not None:
            take([("author", author)])
        else:
            break
        start += 1

    # -- trailing boilerplate, from the end only ------------------------------
    end = len(paras)
    while end > start:
        lines = paras[end - 1]
        joined = " ".join(lines)
        if _boilerplate_key(joined) in _BOILERPLATE:
            end -= 1
            continue
        editor = _TRAILING_EDITOR_RE.fullmatch(joined) if len(lines) == 1 else None
        if editor is not None and not editor.group(1).rstrip().endswith("."):
            take([("editor", editor.group(1).strip())])
            end -= 1
            continue
        break

    if end <= start:
        raise BriefError(path, "no paragraphs")

    paragraphs: list[Paragraph] = []
    for n, lines in enumerate(paras[start:end], 1):
        body = " ".join(lines)
        kind = _paragraph_kind(body)
        paragraphs.append(Paragraph(n, kind, body, kind == "body" and _is_truncated(body)))

    published_text = fields.get("published")
    metadata = Metadata(
        title=fields.get("title") or title or fallback_title,
        source=fields.get("source"),
        editor=fields.get("editor"),
        published=parse_published(published_text) if published_text else None,
        published_text=published_text,
        author=fields.get("author"),
    )
    return Article(metadata, tuple(paragraphs), tuple(notices))


def humanize_stem(stem: str) -> str:
    """A file-name stem as a title: ``nato-asian_pacific`` -> ``Nato asian pacific``."""
    words = " ".join(re.sub(r"[-_]+", " ", stem).split())
    words, _ = clean_controls(words)
    return words[:1].upper() + words[1:] if words else "Untitled"


def load_article(path: str | os.PathLike[str], *, max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
    """Read ``path`` with :func:`load_text` and parse it; errors are BriefErrors."""
    text, notices = load_text(path, max_bytes=max_bytes)
    stem = Path(path).name
    if stem.lower().endswith(".txt"):
        stem = stem[:-4]
    return parse_article(
        text, fallback_title=humanize_stem(stem), notices=notices, path=os.fspath(path)
    )
