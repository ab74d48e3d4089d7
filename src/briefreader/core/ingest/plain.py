"""Plain text -> Article: paragraphs, header, boilerplate (see the README, "Articles").

Paragraphs: blank lines separate paragraphs (a line of only whitespace, NBSP and
other Unicode spaces included, is blank). A text with no blank-line structure is
read line by line: one paragraph per line when its lines are long or end
sentences (wire copy, one verse per line), and hard-wrapped prose (lines of
40-100 columns that do not end sentences) is joined back into paragraphs, a
paragraph ending where a line ends a sentence although the next word would have
fitted on it, or where the next line is indented. Two trailing spaces (a
Markdown hard break) end a line, never a paragraph.
"""

from __future__ import annotations

import re

from ..brief import Article, Dropped
from .assemble import Block, Source, finish
from .boilerplate import fold
from .header import Line, read_header

__all__ = ["paragraph_lines", "read_plain", "split_chunk"]

_BLANK_STRIP = " \t"
_BLANK_LINES_RE = re.compile(r"\n(?:[^\S\n]*\n)+")
_SENTENCE_END = frozenset('.!?。！？:"”’)»')
_TRAILING_EDITOR_RE = re.compile(r"(?i)(?:editor|editors|edited by)\s*[:：]\s*(\S.{0,79})")
MIN_WRAP, MAX_WRAP, LONG_LINE = 40, 100, 110
MAX_HEADER_SCAN = 40  # lines handed to the header reader
_UNDERLINES = "=-~^"


def paragraph_lines(text: str) -> list[list[str]]:
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
        if lines:
            paragraphs.append(lines)
    return paragraphs


def _ends_sentence(line: str) -> bool:
    return line.rstrip()[-1:] in _SENTENCE_END


def split_chunk(lines: list[str], indents: list[bool]) -> list[list[str]]:
    """A run of lines with no blank line between them, as paragraphs of lines."""
    if len(lines) < 3:
        return [lines]
    lengths = sorted(len(line) for line in lines)
    median = lengths[len(lengths) // 2]
    enders = sum(_ends_sentence(line) for line in lines[:-1]) / (len(lines) - 1)
    width = lengths[int(len(lengths) * 0.9) - 1] if len(lengths) >= 10 else lengths[-1]
    wrapped = (
        MIN_WRAP <= width <= MAX_WRAP
        and sum(length >= 0.6 * width for length in lengths) >= 0.6 * len(lines)
        and enders < 0.5
    )
    if not wrapped:
        if median > LONG_LINE or enders >= 0.5 or median < MIN_WRAP:
            return [[line] for line in lines]
        return [lines]
    indented_text = sum(indents) > len(lines) // 2
    out: list[list[str]] = [[lines[0]]]
    for prev, line, indent in zip(lines, lines[1:], indents[1:], strict=False):
        first_word = line.split(maxsplit=1)[0]
        deliberate = _ends_sentence(prev) and len(prev) + 1 + len(first_word) <= width
        if deliberate or (indent and not indented_text):
            out.append([line])
        else:
            out[-1].append(line)
    return out


def _indented_lines(text: str) -> tuple[list[Line], list[bool]]:
    """Every non-blank line (and whether it is indented): for texts without blank lines."""
    lines: list[Line] = []
    indents: list[bool] = []
    blank = False
    for raw in text.split("\n"):
        line = raw.strip(_BLANK_STRIP)
        if not line or line.isspace():
            blank = True
            continue
        lines.append(Line(line, blank and bool(lines)))
        indents.append(raw[:1] in (" ", "\t", "\u3000"))
        blank = False
    return lines, indents


def _header_lines(chunks: list[list[str]]) -> list[Line]:
    """The first lines of a structured text, each knowing whether a blank line precedes it."""
    out: list[Line] = []
    for k, chunk in enumerate(chunks):
        for j, line in enumerate(chunk):
            out.append(Line(line, j == 0 and k > 0))
        if len(out) >= MAX_HEADER_SCAN:
            break
    return out


def _is_underlined(para: list[str]) -> bool:
    """A title line over a line of ``===`` or ``---`` (three or more)."""
    if len(para) != 2 or len(para[0]) > 120:
        return False
    under = para[1].strip()
    return len(under) >= 3 and under[0] in _UNDERLINES and under == under[0] * len(under)


def _chunks_covering(chunks: list[list[str]], n_lines: int) -> int:
    """How many leading chunks the first ``n_lines`` lines span (whole chunks)."""
    total = 0
    for k, chunk in enumerate(chunks):
        if total >= n_lines:
            return k
        total += len(chunk)
    return len(chunks)


def read_plain(text: str, source: Source, *, fmt: str = "text") -> Article:
    """Parse cleaned text (see :func:`briefreader.core.text.load_text`)."""
    keep = source.keep
    chunks = paragraph_lines(text)
    unstructured = len(chunks) <= 3 and sum(map(len, chunks)) >= 4
    if unstructured:
        lines, indents = _indented_lines(text)
    else:
        lines, indents = _header_lines(chunks), []
    head = read_header(lines, one_chunk=unstructured)
    fields = dict(head.fields)
    blocks: list[Block] = [Block(d.text) for d in head.dropped if fold(d.text) in keep]
    dropped: list[Dropped] = [d for d in head.dropped if fold(d.text) not in keep]
    if head.standfirst is not None:
        start, end = head.standfirst
        blocks.append(Block(" ".join(line.text for line in lines[start:end]), "standfirst"))
    body = [i for i in range(head.end, len(lines)) if i not in head.consumed]
    paras: list[list[str]] = []
    if unstructured:
        groups: list[list[int]] = []
        for i in body:
            if not groups or lines[i].after_blank:
                groups.append([])
            groups[-1].append(i)
        for group in groups:
            texts = [lines[i].text for i in group]
            paras.extend(split_chunk(texts, [indents[i] for i in group]))
    else:
        # the header's lines came from the first chunks: rebuild the rest of its chunk
        used = 0
        for chunk in chunks:
            if used >= len(lines):
                break
            start, used = used, used + len(chunk)
            rest = [lines[i].text for i in body if start <= i < used]
            if rest:
                paras.append(rest)
        paras.extend(chunks[_chunks_covering(chunks, len(lines)) :])
    # a trailing "Editor: NAME" line is the editor, not text
    while paras and len(paras[-1]) == 1:
        editor = _TRAILING_EDITOR_RE.fullmatch(paras[-1][0])
        if editor is None or editor.group(1).rstrip().endswith("."):
            break
        if "editor" in fields:
            dropped.append(Dropped(paras[-1][0], "second editor line"))
        fields.setdefault("editor", editor.group(1).strip())
        paras.pop()
    for para in paras:
        if _is_underlined(para):  # a setext/reST heading
            level = _UNDERLINES.index(para[1].strip()[0]) + 1
            blocks.append(Block(para[0], "heading", level))
            continue
        blocks.append(Block(" ".join(para)))
    return finish(blocks, source, fields=fields, headline=head.title, fmt=fmt, dropped=dropped)
