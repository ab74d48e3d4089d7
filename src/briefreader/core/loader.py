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

from . import xref
from .article import load_article
from .brief import (
    ACTOR_KINDS,
    CLOZE_RE,
    STANCES,
    Actor,
    Anchor,
    Article,
    Brief,
    Card,
    Cloze,
    Metadata,
    OutlinePoint,
    Paragraph,
    Term,
    cloze_gap,
)
from .errors import BriefError
from .ingest.dates import parse_iso
from .ingest.sniff import SUFFIXES as ARTICLE_SUFFIXES
from .paths import article_outside
from .schema import Diagnostic, Reader, did_you_mean
from .text import CONTROL_RE, clean_controls, normalize_newlines, read_bytes
from .yamlsafe import Map, Node, Replaced, Scalar, mark_at, parse_yaml, short

MAX_YAML_BYTES = 4 * 1024 * 1024
FORMAT_VERSION = "1"
YAML_SUFFIXES = (".yaml", ".yml")
STATUS_KEYS = ("status", "confidence")  # a suggestion: ``status: suggested``, ``confidence: 0.9``
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
_FOLD_RE = re.compile(r"[\s\u00a0]+")
_QUOTE_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


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


class _BriefLoader:
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

    # -- entries ------------------------------------------------------------
    def new_id(self, node: Node | None, what: str) -> str | None:
        value = self.r.ident(node, f"{what} id")
        if value is None or node is None:
            return None
        first = self.ids.get(value)
        if first is not None:
            self.r.error(node, f"duplicate id {value!r} (first used at line {first.mark.line})")
            return None
        self.ids[value] = node
        return value

    def names(self, keys: dict[str, Node], name_key: str, what: str) -> tuple[str, ...]:
        node = keys.get(name_key)
        name = self.r.text(node, f"{what} {name_key}")
        aliases: list[str] = []
        alias_nodes = self.r.items(keys.get("aliases"), f"{what} aliases")
        for alias_node in alias_nodes:
            alias = self.r.text(alias_node, f"each of {what} aliases")
            if alias is not None:
                aliases.append(alias)
        for label, value, where in (
            (name_key, name, node),
            *(("alias", a, n) for a, n in zip(aliases, alias_nodes, strict=False)),
        ):
            if value is not None and (problem := xref.alias_problem(value)):
                self.r.error(where, f"{what} {label} {short(value, 30)}: {problem}")
        return tuple(x for x in (name, *aliases) if x is not None)

    def term(self, node: Node) -> Term | None:
        keys = self.r.mapping(
            node,
            "glossary entry",
            ("id", "term", "definition"),
            ("aliases", "note", *STATUS_KEYS),
        )
        if keys is None:
            return None
        entry_id = self.new_id(keys.get("id"), "glossary")
        names = self.names(keys, "term", "glossary")
        definition = self.r.text(keys.get("definition"), "definition")
        note = self.r.text(keys.get("note"), "note", required=False)
        suggested, confidence = self.r.status(keys, "glossary entry")
        if entry_id is None or definition is None or "term" not in keys or not names:
            return None
        return Term(entry_id, names[0], definition, names[1:], note, suggested, confidence)

    def actor(self, node: Node) -> Actor | None:
        keys = self.r.mapping(
            node,
            "actor",
            ("id", "name", "kind", "role", "description"),
            ("aliases", "note", *STATUS_KEYS),
        )
        if keys is None:
            return None
        entry_id = self.new_id(keys.get("id"), "actor")
        names = self.names(keys, "name", "actor")
        kind = self.r.choice(keys.get("kind"), "actor kind", ACTOR_KINDS)
        role = self.r.text(keys.get("role"), "role")
        description = self.r.text(keys.get("description"), "description")
        note = self.r.text(keys.get("note"), "note", required=False)
        suggested, confidence = self.r.status(keys, "actor")
        if None in (entry_id, kind, role, description) or "name" not in keys or not names:
            return None
        assert entry_id and kind and role and description
        return Actor(
            entry_id,
            names[0],
            kind,  # type: ignore[arg-type]
            role,
            description,
            names[1:],
            note,
            suggested,
            confidence,
        )

    # -- outline and cards --------------------------------------------------------
    def point(self, node: Node, depth: int = 0) -> OutlinePoint | None:
        suggested = isinstance(node, Map) and any(
            k.value == "status" and isinstance(v, Scalar) and v.value == "suggested"
            for k, v in node.pairs
        )
        required = ("id", "title", "summary", "anchors") + (() if suggested else ("stance",))
        keys = self.r.mapping(
            node,
            "outline point",
            required,
            ("children", "stance", *STATUS_KEYS) if suggested else ("children", *STATUS_KEYS),
        )
        if keys is None:
            return None
        point_id = self.new_id(keys.get("id"), "outline point")
        title = self.r.text(keys.get("title"), "title")
        summary = self.r.text(keys.get("summary"), "summary")
        stance = (
            self.r.choice(keys.get("stance"), "stance", STANCES)
            if "stance" in keys or not suggested
            else "unset"
        )
        _, confidence = self.r.status(keys, "outline point")
        anchors = self.anchors(keys.get("anchors"), "anchors")
        children = [
            c for n in self.r.items(keys.get("children"), "children") if (c := self.point(n))
        ]
        if None in (point_id, title, summary, stance) or anchors is None:
            return None
        assert point_id and title and summary and stance
        return OutlinePoint(
            point_id,
            title,
            summary,
            stance,  # type: ignore[arg-type]
            anchors,
            tuple(children),
            suggested,
            confidence,
        )

    def card(self, node: Node, points: set[str]) -> Card | None:
        keys = self.r.mapping(
            node,
            "card",
            ("id", "prompt", "answer", "evidence"),
            ("accept", "distractors", "point"),
        )
        if keys is None:
            return None
        card_id = self.new_id(keys.get("id"), "card")
        prompt = self.r.text(keys.get("prompt"), "prompt")
        answer = self.r.text(keys.get("answer"), "answer")
        accept = self.r.texts(keys.get("accept"), "accept")
        distractors = self.r.texts(keys.get("distractors"), "distractors")
        point = self.point_ref(keys, points, "card")
        if answer is not None:
            folded = answer.casefold()
            for d_node, d in zip(
                self.r.items(keys.get("distractors"), ""), distractors, strict=False
            ):
                if d.casefold() == folded:
                    self.r.error(d_node, "a distractor must differ from the answer")
        evidence = self.anchors(keys.get("evidence"), "evidence")
        if None in (card_id, prompt, answer) or evidence is None:
            return None
        assert card_id and prompt and answer
        return Card(card_id, prompt, answer, tuple(accept), tuple(distractors), evidence, point)

    def point_ref(self, keys: dict[str, Node], points: set[str], what: str) -> str | None:
        """The optional ``point:`` of a card or cloze sentence: an outline point id."""
        point = self.r.text(keys.get("point"), "point", required=False)
        if point is not None and point not in points:
            self.r.error(
                keys["point"],
                f"{what} point {short(point, 40)} is not an outline point id"
                + did_you_mean(point, sorted(points)),
            )
        return point

    def cloze(self, node: Node, points: set[str]) -> Cloze | None:
        keys = self.r.mapping(node, "cloze sentence", ("id", "text"), ("point",))
        if keys is None:
            return None
        cloze_id = self.new_id(keys.get("id"), "cloze")
        text = self.r.text(keys.get("text"), "cloze text")
        point = self.point_ref(keys, points, "cloze")
        if text is None or cloze_id is None:
            return None
        where = keys["text"]
        parsed = [(int(m.group(1)), cloze_gap(m.group(2))) for m in CLOZE_RE.finditer(text)]
        gaps = [(n, answer) for n, (answer, _) in parsed]
        accept = tuple((n, alt) for n, (_, alts) in parsed for alt in alts)
        plain = CLOZE_RE.sub(lambda m: cloze_gap(m.group(2))[0], text)
        if not gaps:
            self.r.error(where, "cloze text has no gaps; mark them like {{c1::30}}")
            return None
        if "{{" in plain or "}}" in plain or any(not answer for _, answer in gaps):
            self.r.error(where, "malformed cloze marker; write {{c1::answer}}")
            return None
        anchor = self.find_quote(plain, None, where) if self.article is not None else None
        if anchor is None:
            return None
        return Cloze(cloze_id, text, plain, tuple(gaps), anchor, point, accept)

    def anchors(self, node: Node | None, what: str) -> tuple[Anchor, ...] | None:
        if node is None:
            return None
        items = self.r.items(node, what)
        if not items:
            if not self.r.errors or self.r.errors[-1].line != node.mark.line:
                self.r.error(node, f"{what} needs at least one anchor (paragraph or quote)")
            return None
        out: list[Anchor] = []
        ok = True
        for item in items:
            anchor = self.anchor(item, what)
            if anchor is None:
                ok = False
            else:
                out.append(anchor)
        return tuple(out) if ok else None

    def anchor(self, node: Node, what: str) -> Anchor | None:
        if isinstance(node, Map) and not node.pairs:
            self.r.error(node, f"an anchor in {what} needs 'paragraph' or 'quote'")
            return None
        keys = self.r.mapping(node, f"anchor in {what}", (), ("paragraph", "quote"))
        if keys is None:
            return None
        if not keys:
            return None  # only unknown keys: already reported
        para_node, quote_node = keys.get("paragraph"), keys.get("quote")
        n = self.r.positive_int(para_node, "paragraph") if para_node is not None else None
        quote = self.r.text(quote_node, "quote") if quote_node is not None else None
        if (para_node is not None and n is None) or (quote_node is not None and quote is None):
            return None
        article = self.article
        if article is None:
            return None
        count = len(article.paragraphs)
        if n is not None and n > count:
            self.r.error(
                para_node, f"paragraph {n} does not exist (the article has {count} paragraphs)"
            )
            return None
        if quote is None:
            return Anchor(n) if n is not None else None
        return self.find_quote(quote, n, quote_node)

    def find_quote(self, quote: str, n: int | None, node: Node | None) -> Anchor | None:
        assert self.article is not None
        paragraphs = self.article.paragraphs if n is None else (self.article.paragraph(n),)
        hits = [(p.n, i) for p in paragraphs if (i := p.text.find(quote)) >= 0]
        if hits:
            if len(hits) > 1:
                where = ", ".join(str(h[0]) for h in hits)
                self.r.warning(
                    node,
                    f"quote {short(quote, 40)} occurs in paragraphs {where}; "
                    "add 'paragraph:' to choose (using the first)",
                )
            p, start = hits[0]
            return Anchor(p, start, start + len(quote), quote)
        scope = f"paragraph {n}" if n is not None else "the article"
        hint = ""
        folded = fold_quote(quote)
        near = [p.n for p in paragraphs if folded in fold_quote(p.text)]
        if near:
            hint = (
                f"; paragraph {near[0]} has it with different quote marks, dashes or spaces"
                " (copy it exactly)"
            )
        elif n is not None:
            other = [p.n for p in self.article.paragraphs if quote in p.text]
            if other:
                hint = f"; it is in paragraph {other[0]}"
        self.r.error(node, f"quote {short(quote, 50)} not found in {scope}{hint}")
        return None

    # -- cross-reference warnings -------------------------------------------------
    def check_names(self, brief: Brief, top: dict[str, Node]) -> None:
        entries = [(e.id, e.names) for e in brief.entries]
        meta = brief.metadata
        header = [  # the article's header (title, byline, source...) is text too
            Paragraph(0, "body", value)
            for value in (meta.title, meta.source, meta.editor, meta.author)
            if value
        ]
        for entry_id, name in xref.unmatched_names([*brief.paragraphs, *header], entries):
            where = self.ids.get(entry_id)
            entry = brief.entry(entry_id)
            what = "glossary term" if isinstance(entry, Term) else "actor"
            self.r.warning(
                where, f"{what} {entry_id!r}: {short(name, 40)} never occurs in the article text"
            )


def fold_quote(text: str) -> str:
    return _FOLD_RE.sub(" ", text.translate(_QUOTE_FOLD)).casefold()


def describe_value(node: Node) -> str:
    return short(node.value, 20) if isinstance(node, Scalar) else "of the wrong type"
