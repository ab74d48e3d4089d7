"""The entries of a brief YAML: glossary terms, actors, outline points, cards, cloze.

:class:`EntryReader` is the half of the loader (:mod:`.loader`) that turns each entry
node into the model, checking ids, names, anchors and quotes against the article
that the loader's other half has read; its diagnostics go to the same
:class:`~.schema.Reader`.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import xref
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
    OutlinePoint,
    Paragraph,
    Term,
    cloze_gap,
)
from .schema import Reader, did_you_mean
from .yamlsafe import Map, Node, Scalar, short

__all__ = ["STATUS_KEYS", "EntryReader", "describe_value", "fold_quote"]

STATUS_KEYS = ("status", "confidence")  # a suggestion: ``status: suggested``, ``confidence: 0.9``
_FOLD_RE = re.compile(r"[\s\u00a0]+")
_QUOTE_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


class EntryReader:
    """Reads entry nodes; the loader sets ``r``, ``ids``, ``article`` and ``warnings``."""

    path: Path
    warnings: bool
    r: Reader
    ids: dict[str, Node]
    article: Article | None

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
