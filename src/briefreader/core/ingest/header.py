"""The header at the top of a plain-text article: headline, labelled fields, byline, date.

:func:`read_header` walks the first lines of a text (each line knows whether a
blank line came before it) and stops at the first line that is not header. It
recognises, at the top only:

* a headline: the first line, when it is headline-shaped (see :func:`is_headline`);
* labelled fields in every common form -- ``Source`` on one line and the value on
  the next, ``Label: value``, ``label:value``, several on one line
  (``Source:Ministry of National Defense Editor:Zhang Tao 2017-06-30 00:55:12``)
  and ``Author: X / Source: Y``;
* the same block with its labels stripped: a source line and an editor line
  right above a date line;
* bylines: ``By X``, ``by X at EVENT`` and long ones (``By Senior Colonel Wu Qian,
  Director General of ...`` -> author ``Wu Qian``, the rest kept as the role);
* date lines with bullets or a "last updated" label (several languages);
* a standfirst: the paragraph between the headline and a byline or field.

Body lines are never looked at: a label-colon line after the first body line
(``Question:``, ``Date: ...``) is text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..brief import Dropped
from ..frozen import frozen
from .boilerplate import boilerplate_reason, fold
from .dates import date_line, parse_date

__all__ = ["Header", "Line", "byline", "is_headline", "labelled", "read_header"]

MAX_TITLE_CHARS = 200
MAX_HEADER_LINES = 24
MAX_VALUE_CHARS = 200
MAX_STANDFIRST_WORDS = 70

_LABELS = {
    "source": "source",
    "sources": "source",
    "from": "source",
    "editor": "editor",
    "editors": "editor",
    "edited by": "editor",
    "author": "author",
    "authors": "author",
    "writer": "author",
    "written by": "author",
    "reporter": "author",
    "speaker": "author",
    "president": "author",
    "presenter": "author",
    "witness": "author",
    "time": "published",
    "date": "published",
    "published": "published",
    "posted": "published",
    "updated": "published",
    "last updated": "published",
    "title": "title",
    "headline": "title",
    "subject": "title",
    "created": "published",
    "url": "url",
    "来源": "source",
    "作者": "author",
    "记者": "author",
    "编辑": "editor",
    "责任编辑": "editor",
    "时间": "published",
    "发布时间": "published",
    "日期": "published",
}
_FIELD_LINE_RE = re.compile(r"([A-Z][A-Za-z]*(?:[- ][A-Za-z]+){0,2})\s*:\s*(\S.*)?")
_EMAIL_RE = re.compile(r"\s*<[^<>@\s]+@[^<>\s]+>")
_LABEL_ALT = "|".join(sorted((re.escape(k) for k in _LABELS), key=len, reverse=True))
_LABEL_ALONE_RE = re.compile(rf"(?i)({_LABEL_ALT})\s*[:：]?")
_LABEL_AT_RE = re.compile(rf"(?i)(?:^|(?<=[\s/|,;(]))({_LABEL_ALT})\s*[:：]\s*")
_TRAILING_DATE_RE = re.compile(
    r"^(.*?\S)\s+(\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?|\d{4}年\d{1,2}月\d{1,2}日.*)$"
)
_BYLINE_RE = re.compile(r"(By|BY|by)\s+(\S.*)")
_TITLES = (
    "senior colonel|colonel|lieutenant colonel|lieutenant general|major general|general|"
    "admiral|rear admiral|vice admiral|captain|major|lieutenant|sergeant|commander|"
    "dr|prof|professor|mr|mrs|ms|mx|sir|dame|lord|lady|ambassador|rev|reverend|hon|"
    "president|vice president|prime minister|minister|secretary|senator|representative|"
    "governor|mayor|judge|justice|chancellor"
)
_TITLE_PREFIX_RE = re.compile(rf"(?i)^(?:(?:{_TITLES})\.?\s+)+")
_NAME_WORD_RE = re.compile(r"[A-Z\u00c0-\u024f][\w.'’-]*|(?:de|da|van|von|der|bin|al|le|la|du|y)")
_SENTENCE_END = ".!?。！？"
_LABEL_LINE_RE = re.compile(r"([A-Z][\w'’-]*(?: [\w'’-]+)?)\s*:\s+(\S.*)")
_SEPARATORS = " \t/|,;"


@frozen
class Line:
    """One non-blank line of the text (stripped) and whether a blank line precedes it."""

    text: str
    after_blank: bool = False


@dataclass
class Header:
    title: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    consumed: set[int] = field(default_factory=set)  # line indices used by the header
    standfirst: tuple[int, int] | None = None  # line range [start, end) of the standfirst
    dropped: list[Dropped] = field(default_factory=list)
    end: int = 0  # the first line index after the header

    def take(self, name: str, value: str) -> None:
        value = value.strip(_SEPARATORS)
        if value:
            self.fields.setdefault(name, value)


def labelled(line: str) -> list[tuple[str, str]] | None:
    """The ``(field, value)`` pairs of a line made only of ``Label: value`` parts."""
    if len(line) > MAX_VALUE_CHARS * 2:
        return None
    starts = list(_LABEL_AT_RE.finditer(line))
    if not starts or line[: starts[0].start()].strip(" \t•·-"):
        return None
    pairs: list[tuple[str, str]] = []
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(line)
        name = _LABELS[match.group(1).casefold()]
        value = line[match.end() : end].strip(_SEPARATORS)
        if not value or len(value) > MAX_VALUE_CHARS:
            return None
        if (
            name == "published"
            and parse_date(value) is None
            and not any(c.isdigit() for c in value)
        ):
            return None  # "Date: the meeting ..." is text
        if name != "published" and (dated := _TRAILING_DATE_RE.match(value)):
            pairs.append((name, dated.group(1)))
            pairs.append(("published", dated.group(2)))
            continue
        if value[-1:] == "." and len(value.split()) > 6:
            return None  # a sentence, not a value
        pairs.append((name, value))
    return pairs


def byline(line: str) -> tuple[str, str | None] | None:
    """``(author, role)`` when ``line`` is a byline."""
    match = _BYLINE_RE.fullmatch(line.strip())
    if match is None or len(line) > 300:
        return None
    rest = match.group(2).strip()
    role: str | None = None
    if match.group(1) == "by" and " at " in rest:
        rest, event = rest.split(" at ", 1)
        role = "at " + event.strip()
    elif "," in rest:
        rest, role = (part.strip() for part in rest.split(",", 1))
    elif rest.endswith("."):
        return None
    name = _TITLE_PREFIX_RE.sub("", rest).strip()
    words = name.replace(" and ", " , ").replace("&", ",").split()
    words = [w for w in words if w != ","]
    if not words or len(words) > 8 or not name[:1].isupper():
        return None
    if not all(_NAME_WORD_RE.fullmatch(w.strip(",")) for w in words):
        return None
    return name, role or None


def is_headline(text: str) -> bool:
    """One line that reads like a headline, not a sentence, a tag line or a note."""
    text = text.strip()
    if not text or len(text) > MAX_TITLE_CHARS or text[-1] in ".,;:":
        return False
    if text.startswith("(") or fold(text).startswith(("editor's note", "editor’s note")):
        return False
    label = _LABEL_LINE_RE.fullmatch(text)
    if label is not None and len(label.group(2).split()) <= 5:
        return False  # "President: Dwight D. Eisenhower" is a label line, not a headline
    return boilerplate_reason(text) is None


def _site_names(lines: list[Line]) -> set[str]:
    """The values of ``Source:`` fields near the top (a line equal to one is the site's name)."""
    names: set[str] = set()
    for k, line in enumerate(lines):
        alone = _LABEL_ALONE_RE.fullmatch(line.text)
        if alone and _LABELS[alone.group(1).casefold()] == "source" and k + 1 < len(lines):
            names.add(fold(lines[k + 1].text))
        for name, value in labelled(line.text) or ():
            if name == "source":
                names.add(fold(value))
    return names


def _field_line(lines: list[Line], i: int) -> tuple[list[tuple[str, str]], int] | None:
    """Header fields at line ``i`` and how many lines they take."""
    text = lines[i].text
    alone = _LABEL_ALONE_RE.fullmatch(text)
    if (
        alone is not None
        and i + 1 < len(lines)
        and not lines[i + 1].after_blank
        and len(lines[i + 1].text) <= MAX_VALUE_CHARS
    ):
        return [(_LABELS[alone.group(1).casefold()], lines[i + 1].text)], 2
    pairs = labelled(text)
    if pairs is not None:
        return pairs, 1
    by = byline(text)
    if by is not None:
        out = [("author", by[0])]
        if by[1]:
            out.append(("author_role", by[1]))
        return out, 1
    dated = date_line(text)
    if dated is not None:
        return [("published", dated[0])], 1
    return None


def _short_field(text: str) -> bool:
    return len(text) <= 60 and len(text.split()) <= 8 and text[-1:] not in _SENTENCE_END + ",;:"


def _unlabelled_block(lines: list[Line], i: int) -> list[tuple[str, str]] | None:
    """``source`` [``editor``] lines right above a date line (labels stripped)."""
    for size in (2, 1):
        j = i + size
        if j >= len(lines) or not all(_short_field(lines[k].text) for k in range(i, j)):
            continue
        if date_line(lines[j].text) is None:
            continue
        if any(labelled(lines[k].text) or byline(lines[k].text) for k in range(i, j)):
            continue
        names = ["source", "editor"][:size]
        return [*((n, lines[i + k].text) for k, n in enumerate(names)), ("published", "")]
    return None


def _chunk_end(lines: list[Line], i: int) -> int:
    j = i + 1
    while j < len(lines) and not lines[j].after_blank:
        j += 1
    return j


def _field_block(lines: list[Line], head: Header) -> int:
    """An RFC 822-style block of ``Key: value`` lines at the very top (a PEP, an
    e-mail): known keys become fields, the others are listed as dropped."""
    end = _chunk_end(lines, 0)
    if end < 3 or end > MAX_HEADER_LINES:
        return 0
    matches = [_FIELD_LINE_RE.fullmatch(line.text) for line in lines[:end]]
    if not matches[0] or sum(m is not None for m in matches) < 0.75 * end:
        return 0
    pairs: list[list[str]] = []
    for line, match in zip(lines[:end], matches, strict=True):
        if match is not None:
            pairs.append([match.group(1), match.group(2) or ""])
        else:
            pairs[-1][1] = f"{pairs[-1][1]} {line.text}".strip()
    for key, value in pairs:
        name = _LABELS.get(key.casefold())
        value = _EMAIL_RE.sub("", value).strip(_SEPARATORS)
        if name is None or not value:
            head.dropped.append(Dropped(f"{key}: {value}".strip(), "header field"))
        else:
            head.take(name, value)
    head.consumed.update(range(end))
    return end


def read_header(lines: list[Line], *, one_chunk: bool, want_title: bool = True) -> Header:
    """Read the header at the top of ``lines`` (see the module docstring).

    ``one_chunk`` says the text has no blank lines, so the headline may share
    its chunk with the body; ``want_title=False`` (the title is known from
    front matter or a heading) reads fields only.
    """
    head = Header()
    n = min(len(lines), MAX_HEADER_LINES)
    i = _field_block(lines, head)
    if i:
        want_title = want_title and "title" not in head.fields
    sites = _site_names(lines[:n])
    # boilerplate lines above the headline (category tags, a domain, the site's name)
    while i < n and (reason := boilerplate_reason(lines[i].text, site_names=sites)) is not None:
        head.dropped.append(Dropped(lines[i].text, reason))
        head.consumed.add(i)
        i += 1
    if want_title and i < n and _field_line(lines, i) is None and is_headline(lines[i].text):
        single = i + 1 >= len(lines) or lines[i + 1].after_blank
        nxt = _field_line(lines, i + 1) if i + 1 < len(lines) else None
        starts_upper = i + 1 < len(lines) and lines[i + 1].text[:1].isupper()
        if single or nxt is not None or (one_chunk and starts_upper):
            head.title = lines[i].text
            head.consumed.add(i)
            i += 1
    seen_field = False
    while i < n:
        found = _field_line(lines, i)
        if found is None and (block := _unlabelled_block(lines, i)) is not None:
            size = len(block) - 1
            for name, value in block[:-1]:
                head.take(name, value)
            dated = date_line(lines[i + size].text)
            assert dated is not None
            head.take("published", dated[0])
            head.consumed.update(range(i, i + size + 1))
            i += size + 1
            seen_field = True
            continue
        if found is not None:
            pairs, used = found
            for name, value in pairs:
                head.take(name, value)
            head.consumed.update(range(i, i + used))
            i += used
            seen_field = True
            continue
        reason = boilerplate_reason(lines[i].text, title=head.title)
        if reason is not None and reason != "headline repeated":
            head.dropped.append(Dropped(lines[i].text, reason))
            head.consumed.add(i)
            i += 1
            continue
        if (
            (head.title is not None or not want_title)
            and not seen_field
            and head.standfirst is None
        ):
            end = _chunk_end(lines, i) if not one_chunk else i + 1
            text = " ".join(line.text for line in lines[i:end])
            follows = end < len(lines) and _field_line(lines, end) is not None
            if follows and text[-1:] in _SENTENCE_END and len(text.split()) <= MAX_STANDFIRST_WORDS:
                head.standfirst = (i, end)
                i = end
                continue
        break
    head.end = i
    return head
