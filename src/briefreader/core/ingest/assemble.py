"""The last step every reader shares: blocks -> :class:`~briefreader.core.brief.Article`.

Every reader is called the same way, ``read_<format>(contents, source)``, where the
:class:`Source` says what is known besides the contents (the file's name, a title
to fall back on, notices from decoding it, the lines the brief keeps). A reader
turns its format into :class:`Block` s (text plus a kind) and header fields;
:func:`finish` then applies the same rules to all of them: boilerplate anywhere
(recorded in ``Article.dropped``, unless the brief keeps the line), ``bio``/``note``
kinds, the truncation rule, numbering and the metadata.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from ..brief import (
    STRUCTURAL_KINDS,
    Article,
    Dropped,
    Metadata,
    Paragraph,
    ParagraphKind,
    StyleName,
)
from ..errors import BriefError
from ..frozen import frozen
from ..text import clean_controls
from ..words import squash
from .boilerplate import boilerplate_reason, fold, is_related_marker
from .dates import parse_date
from .kinds import paragraph_kind

__all__ = ["Block", "Source", "cut_off", "finish", "keep_set"]

MIN_TRUNCATED_WORDS = 8
_CLOSERS = frozenset('.!?。！？"”’»:;')
MAX_RELATED_WORDS = 16
_CUT_MARKS = ("[…]", "[...]", "(…)", "(...)", "[truncated]", "(truncated)", "[cut]")
_CLOSED_WORDS = (
    "a an the and or but nor of to in on at by for from with into onto upon about after "
    "before as than that which who whom whose when where while because if though although "
    "since until unless whether its their his her our your my is are was were be been being "
    "has have had will would shall should can could may might must not also so such this "
    "these those very more most between against during without within among over under"
)
_CLOSED = frozenset(_CLOSED_WORDS.split())


@dataclass
class Block:
    text: str
    kind: ParagraphKind = "body"
    level: int = 0
    styles: tuple[tuple[int, int, StyleName], ...] = ()
    marked_cut: bool = False  # the source itself marks this paragraph as cut
    boilerplate_rules: bool = True  # False for a table row: its "|" is not a tag list


@frozen
class Source:
    """What a reader is given besides the file's contents."""

    path: str
    """The file's name (errors name it)."""
    fallback_title: str
    """The title when the file gives none (from the file name)."""
    notices: tuple[str, ...] = ()
    """What decoding the file changed (encoding, control characters), for the user."""
    keep: frozenset[str] = frozenset()
    """The folded keys (:func:`keep_set`) of dropped lines the brief keeps."""


def keep_set(keep: Iterable[str]) -> frozenset[str]:
    """The folded keys of the lines a brief asks to keep."""
    return frozenset(fold(line) for line in keep if line.strip())


def cut_off(text: str, *, last: bool) -> bool:
    """Whether the document cuts this paragraph off (see the README, "Articles")."""
    if text[-1:] in _CLOSERS:  # the common case, without a copy
        return False
    end = text.rstrip(" \t\u00a0")
    if not end:
        return False
    final = end[-1]
    if final in _CLOSERS:  # the common case: a sentence ends here
        return False
    if end.endswith(_CUT_MARKS):
        return True
    if len(end.split(maxsplit=MIN_TRUNCATED_WORDS)) < MIN_TRUNCATED_WORDS:
        return False
    if unicodedata.category(final) == "Pd":
        # "inter-" stops mid-word; "I —" is speech breaking off, not a cut
        return len(end) > 1 and end[-2].isalpha() and final == "-"
    word = end.rsplit(maxsplit=1)[-1]
    if final.isalpha() and word.lower() in _CLOSED and word.islower():
        return True  # "... was released after"
    if not last:
        return False
    return final.isalnum() or final in ",&/+" or unicodedata.category(final) in ("Ps", "Pi")


def _drop_related_tail(blocks: list[Block], dropped: list[Dropped], keep: Collection[str]) -> None:
    """``Related News`` near the end and the short link lines after it."""
    for i in range(len(blocks) - 1, max(-1, len(blocks) - 30), -1):
        if is_related_marker(blocks[i].text) and fold(blocks[i].text) not in keep:
            tail = blocks[i + 1 :]
            if all(len(b.text.split()) <= MAX_RELATED_WORDS for b in tail):
                dropped.extend(Dropped(b.text, "related links") for b in blocks[i:])
                del blocks[i:]
            return


def finish(
    blocks: list[Block],
    source: Source,
    *,
    fields: dict[str, str],
    headline: str | None,
    fmt: str,
    dropped: Iterable[Dropped] = (),
    rules: bool = True,
) -> Article:
    """Apply the shared rules to ``blocks`` and build the Article.

    ``fields`` holds header values (``title``, ``source``, ``editor``,
    ``author``, ``author_role``, ``published``, ``url``, ``site``);
    ``rules=False`` (text cleaned already, e.g. an imported brief) keeps every block.
    """
    keep = source.keep
    title = _clean(fields.get("title") or headline or source.fallback_title)
    out_dropped = list(dropped)
    sites = {fold(v) for k in ("source", "site") if (v := fields.get(k)) and len(v) <= 80}
    blocks = list(blocks)
    if rules:
        _drop_related_tail(blocks, out_dropped, keep)
    kept: list[Block] = []
    for block in blocks:
        if not block.text or block.text.isspace():  # (no stripped copy of each text)
            continue
        reason = None
        if rules and block.boilerplate_rules and block.kind != "standfirst":
            reason = boilerplate_reason(block.text, title=title, site_names=sites)
        if reason is not None and fold(block.text) not in keep:
            out_dropped.append(Dropped(block.text, reason))
            continue
        kept.append(block)
    if keep:
        out_dropped = [d for d in out_dropped if fold(d.text) not in keep]
    bodies = [i for i, b in enumerate(kept) if b.kind == "body"]
    last_body = bodies[-1] if bodies and bodies[-1] == len(kept) - 1 else -1
    paragraphs: list[Paragraph] = []
    for n, block in enumerate(kept, 1):
        kind = block.kind
        if kind == "body":
            kind = paragraph_kind(block.text)
        truncated = (
            kind not in STRUCTURAL_KINDS
            and kind == "body"
            and (block.marked_cut or cut_off(block.text, last=n - 1 == last_body))
        )
        paragraphs.append(Paragraph(n, kind, block.text, truncated, block.level, block.styles))
    if not paragraphs:
        raise BriefError(source.path, "no paragraphs")
    published_text = fields.get("published")
    metadata = Metadata(
        title=title,
        source=_opt(fields.get("source") or fields.get("site")),
        editor=_opt(fields.get("editor")),
        published=parse_date(published_text) if published_text else None,
        published_text=_opt(published_text),
        author=_opt(fields.get("author")),
        url=_opt(fields.get("url")),
        author_role=_opt(fields.get("author_role")),
    )
    return Article(metadata, tuple(paragraphs), source.notices, tuple(out_dropped), fmt)


def _clean(value: str) -> str:
    return squash(clean_controls(value)[0])


def _opt(value: str | None) -> str | None:
    return _clean(value) or None if value else None
