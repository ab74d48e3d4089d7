"""Load a brief (YAML annotations + article text) into the :mod:`brief` model.

``check_brief(path)`` returns the brief (when it has no errors) and every
diagnostic; ``load_brief(path)`` returns the brief or raises one
:class:`BriefError` (a one-line, located message). A bare ``.txt`` article is a
brief with empty annotations.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from .article import load_article
from .brief import (
    Article,
    Brief,
    Metadata,
)
from .errors import BriefError
from .ingest.dates import parse_iso
from .ingest.sniff import SUFFIXES as ARTICLE_SUFFIXES
from .loader_entries import EntryReader, describe_value
from .paths import article_outside
from .schema import Diagnostic, Reader
from .text import CONTROL_RE, clean_controls, normalize_newlines, read_bytes
from .yamlsafe import Node, Replaced, mark_at, parse_yaml, short

MAX_YAML_BYTES = 4 * 1024 * 1024
FORMAT_VERSION = "1"
YAML_SUFFIXES = (".yaml", ".yml")
METADATA_KEYS = (
    "title",
    "source",
    "editor",
    "date",
    "author",
    "author_role",
    "url",
    "original_publication",
    "about",
)
#: ``check`` names at most this many replaced control characters, then counts the rest.
MAX_REPLACED_REPORTS = 50


@dataclass
class CheckResult:
    brief: Brief | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


def parse_datetime(value: str) -> datetime | None:
    """An ISO date or date-time (``2023-02-07``, ``2023-02-07 17:10:24``), else None.

    The one reading of ``Metadata.published`` wherever it comes from (a brief's
    ``date:``, an article's header): the wall-clock time as written, naive, any UTC
    offset dropped (:func:`briefreader.core.ingest.dates.parse_iso`)."""
    return parse_iso(value)


def slug_for(path: Path) -> str:
    stem = path.name
    if stem in ("brief.yaml", "brief.yml"):  # an imported brief: <slug>/brief.yaml
        stem = path.parent.name
    for suffix in (*YAML_SUFFIXES, *ARTICLE_SUFFIXES):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    slug = re.sub(r"[^a-z0-9._-]+", "-", stem.lower()).strip("-.")
    return slug or "brief"


def article_brief(path: Path) -> Brief:
    """A bare article as a brief with empty annotations (raises BriefError)."""
    article = load_article(path)
    return Brief(slug=slug_for(path), article=article, path=str(path), article_path=str(path))


def load_brief(path: str | os.PathLike[str]) -> Brief:
    """Load a brief YAML or a bare article; raise BriefError on the first error."""
    result = check_brief(path, warnings=False)
    if result.brief is None:
        first = result.errors[0] if result.errors else None
        if first is None:  # pragma: no cover - check_brief always explains a failure
            raise BriefError(str(path), "could not be loaded")
        raise BriefError(first.path, first.message, first.line, first.column)
    return result.brief


def check_brief(path: str | os.PathLike[str], *, warnings: bool = True) -> CheckResult:
    """Validate a brief YAML (or a bare article) and collect every diagnostic.

    ``warnings=False`` skips the checks that only produce warnings (names never
    found in the text), which cost a pass over the whole text: opening a brief
    does not need them.
    """
    p = Path(path)
    if p.suffix.lower() not in YAML_SUFFIXES:
        try:
            return CheckResult(article_brief(p))
        except BriefError as exc:
            return CheckResult(None, [_diag(exc)])
    return _BriefLoader(p, warnings=warnings).run()


def _diag(exc: BriefError) -> Diagnostic:
    return Diagnostic(exc.path, exc.line, exc.column, "error", exc.message)


def _read_yaml_text(path: Path) -> str:
    data = read_bytes(path, max_bytes=MAX_YAML_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BriefError(
            str(path), f"not valid UTF-8 (byte offset {exc.start})", line, column
        ) from None
    return normalize_newlines(text)


class _BriefLoader(EntryReader):
    """The brief's top level and its article; entries are read by :class:`EntryReader`."""

    def __init__(self, path: Path, *, warnings: bool = True) -> None:
        self.path = path
        self.warnings = warnings
        self.r = Reader(str(path))
        self.ids: dict[str, Node] = {}
        self.article: Article | None = None
        self.article_file: str | None = None

    def run(self) -> CheckResult:
        try:
            text = _read_yaml_text(self.path)
            # Raw controls first (the YAML parser refuses some), then every parsed scalar
            # (double-quoted escapes such as "\e" or "\x9b" make new ones).
            replaced = [
                Replaced(mark_at(text, m.start()), m.group()) for m in CONTROL_RE.finditer(text)
            ]
            cleaned, _ = clean_controls(text)
            root = parse_yaml(cleaned, str(self.path), replaced)
        except BriefError as exc:
            return CheckResult(None, [_diag(exc)])
        self.report_replaced(replaced)
        brief = self.brief(root)
        errors = self.r.errors
        ordered = sorted(self.r.diagnostics, key=lambda d: (d.line or 0, d.column or 0))
        return CheckResult(None if errors else brief, ordered)

    def report_replaced(self, replaced: list[Replaced]) -> None:
        """One warning per replaced control character (then one line for the rest)."""
        for item in replaced[:MAX_REPLACED_REPORTS]:
            code = ord(item.char)
            placeholder = clean_controls(item.char)[0]
            self.r.warning(
                item.mark, f"control character U+{code:04X} replaced with {placeholder!r}"
            )
        if len(replaced) > MAX_REPLACED_REPORTS:
            rest = len(replaced) - MAX_REPLACED_REPORTS
            last = replaced[MAX_REPLACED_REPORTS].mark
            self.r.warning(last, f"and {rest} more control character(s) replaced")

    # -- top level ------------------------------------------------------------
    def brief(self, root: Node | None) -> Brief | None:
        r = self.r
        if root is None:
            r.error(None, "empty brief: expected a mapping with 'format' and 'article'")
            return None
        top = r.mapping(
            root,
            "the brief",
            required=("format", "article"),
            optional=(
                "slug",
                "metadata",
                "keep",
                "glossary",
                "actors",
                "outline",
                "cards",
                "cloze",
            ),
        )
        if top is None:
            return None
        fmt = top.get("format")
        if fmt is not None and r.text(fmt, "format") not in (None, FORMAT_VERSION):
            r.error(fmt, f"unsupported format {describe_value(fmt)} (this version reads format 1)")
        slug = r.ident(top.get("slug"), "slug") if "slug" in top else slug_for(self.path)
        keep = r.texts(top.get("keep"), "keep") if "keep" in top else []
        article = self.load_article(top.get("article"), keep)
        self.article = article
        glossary = [t for n in r.items(top.get("glossary"), "glossary") if (t := self.term(n))]
        actors = [a for n in r.items(top.get("actors"), "actors") if (a := self.actor(n))]
        outline = [p for n in r.items(top.get("outline"), "outline") if (p := self.point(n))]
        points = {q.id for p in outline for q in p.walk()}
        cards = [c for n in r.items(top.get("cards"), "cards") if (c := self.card(n, points))]
        cloze = [z for n in r.items(top.get("cloze"), "cloze") if (z := self.cloze(n, points))]
        if article is None:
            return None
        metadata = self.metadata(top.get("metadata"), article.metadata)
        article = replace(article, metadata=metadata)
        brief = Brief(
            slug=slug or slug_for(self.path),
            article=article,
            glossary=tuple(glossary),
            actors=tuple(actors),
            outline=tuple(outline),
            cards=tuple(cards),
            cloze=tuple(cloze),
            path=str(self.path),
            article_path=self.article_file,
        )
        if self.warnings:
            self.check_names(brief, top)
        return brief

    def load_article(self, node: Node | None, keep: list[str]) -> Article | None:
        rel = self.r.text(node, "article")
        if rel is None or node is None:
            return None
        target = (self.path.parent / rel) if not os.path.isabs(rel) else Path(rel)
        self.article_file = str(target)
        if self.warnings and article_outside(self.path, target):
            real = os.path.realpath(target)
            self.r.warning(node, f"article {short(rel)} is outside the brief's folder ({real})")
        try:
            return load_article(target, keep=keep)
        except BriefError as exc:
            self.r.error(node, f"article {short(rel)}: {exc.message}")
            return None

    def metadata(self, node: Node | None, base: Metadata) -> Metadata:
        if node is None:
            return base
        keys = self.r.mapping(node, "metadata", required=(), optional=METADATA_KEYS)
        if not keys:
            return base
        values = {k: self.r.text(v, f"metadata {k}", required=False) for k, v in keys.items()}
        published, published_text = base.published, base.published_text
        if values.get("date"):
            published_text = values["date"]
            published = parse_datetime(published_text or "")
            if published is None:
                self.r.error(
                    keys["date"],
                    "metadata date must be an ISO date such as 2023-02-07 or 2023-02-07 17:10:24",
                )
        return replace(
            base,
            title=values.get("title") or base.title,
            source=values.get("source") or base.source,
            editor=values.get("editor") or base.editor,
            published=published,
            published_text=published_text,
            author=values.get("author") or base.author,
            author_role=values.get("author_role") or base.author_role,
            url=values.get("url") or base.url,
            original_publication=values.get("original_publication") or base.original_publication,
            about=values.get("about") or base.about,
        )
