"""A small, strict YAML reader for briefs.

Even PyYAML's safe loader is silently wrong for hand-written data (``NO`` becomes
``False``, ``3.10`` becomes ``3.1``, duplicate keys overwrite each other), and its
full loader constructs arbitrary objects. So we never let PyYAML construct anything:
we read the *event stream* of its safe parser (``CSafeLoader``, libyaml, when
available) and build
a tiny tree of :class:`Scalar`, :class:`Seq` and :class:`Map` nodes that remember
where they came from. Every scalar stays the exact text the author wrote; the
schema layer decides what a field means.

Refused here, each with a located :class:`~briefreader.core.errors.BriefError`:
syntax errors, explicit tags other than ``!!str`` (so ``!!python/...`` is never
constructed or executed), anchors and aliases (so alias bombs cannot expand),
duplicate keys (naming both lines), non-scalar keys, nesting deeper than
:data:`MAX_DEPTH`, more than one document.

Every scalar (keys included) is cleaned *after* parsing with the same rules as
article text (:func:`~briefreader.core.text.clean_controls`), because YAML
double-quoted escapes (``"\\e]0;x\\a"``, ``"\\x9b"``, ``"\\u202e"``) create control
characters the raw-file cleaning never saw. No node carries a control character;
each replaced one is reported in ``replaced`` with its exact source position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import BriefError
from .frozen import frozen
from .text import CONTROL_TABLE, clean_controls
from .words import squash

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64
MAX_NODES = 1_000_000  # a brief of 10,000 terms and 10,000 cards has ~340,000 nodes
STR_TAG = "tag:yaml.org,2002:str"
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})


def short(value: str, limit: int = 60) -> str:
    """``value`` quoted for an error message, cut to ``limit`` characters."""
    flat = squash(value)
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return repr(flat)


@frozen
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Scalar:
    value: str
    mark: Mark
    plain: bool  # written without quotes or block style

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in NULL_WORDS


@dataclass
class Seq:
    items: list[Node]
    mark: Mark


@dataclass
class Map:
    mark: Mark
    pairs: list[tuple[Scalar, Node]] = field(default_factory=list)

    def get(self, key: str) -> Node | None:
        for k, v in self.pairs:
            if k.value == key:
                return v
        return None

    def keys(self) -> list[str]:
        return [k.value for k, _ in self.pairs]


Node = Scalar | Seq | Map


@frozen
class Replaced:
    """A control character that scalar cleaning replaced, and where it was written."""

    mark: Mark
    char: str


# Double-quoted escapes (YAML 1.1/1.2): the character each single-letter escape means.
_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
    "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
    "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def _escaped_controls(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(source index, character) of each escape in the double-quoted scalar
    ``text[start:end]`` that decodes to a character :func:`clean_controls` replaces."""
    found: list[tuple[int, str]] = []
    i = start + 1  # after the opening quote
    while i < end:
        if text[i] != "\\":
            i += 1
            continue
        letter = text[i + 1 : i + 2]
        width = _HEX_ESCAPES.get(letter)
        if width is not None:
            try:
                char = chr(int(text[i + 2 : i + 2 + width], 16))
            except ValueError:
                char = ""
            step = 2 + width
        else:
            char, step = _ESCAPES.get(letter, ""), 2
        if char and ord(char) in CONTROL_TABLE:
            found.append((i, char))
        i += step
    return found


def _mark(event: Any) -> Mark:
    m = event.start_mark
    return Mark(m.line + 1, m.column + 1)


def mark_at(text: str, index: int) -> Mark:
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return Mark(line, col)


def _yaml_error(path: str, text: str, exc: BaseException) -> BriefError:
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{exc.context}: {problem}"
        return BriefError(path, f"YAML syntax: {problem}", mark.line + 1, mark.column + 1)
    if isinstance(exc, yaml.reader.ReaderError):
        where = mark_at(text, exc.position)
        char = exc.character
        what = f"U+{ord(char):04X}" if isinstance(char, str) else repr(char)
        return BriefError(path, f"{exc.reason} ({what})", where.line, where.column)
    return BriefError(path, f"YAML could not be read: {type(exc).__name__}")


_SCALAR = yaml.ScalarEvent
_ALLOWED_TAGS = frozenset({None, STR_TAG, "!"})  # no tag, ``!!str`` or ``!``: never constructed
_PLAIN_STYLES = frozenset({None, ""})
_CLOSING = frozenset({yaml.SequenceEndEvent, yaml.MappingEndEvent})


class _Builder:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.replaced: list[Replaced] = []
        self.stack: list[Seq | Map] = []
        self.pending_key: list[Scalar | None] = []
        self.first_seen: list[dict[str, Scalar]] = []
        self.root: Node | None = None
        self.nodes = 0
        self.documents = 0

    def fail(self, message: str, mark: Mark) -> BriefError:
        return BriefError(self.path, message, mark.line, mark.column)

    def check_event(self, event: Any) -> None:
        mark = _mark(event)
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent):
            raise self.fail(
                f"YAML aliases (*{anchor}) are not allowed in a brief; write the value out", mark
            )
        if anchor is not None:
            raise self.fail(f"YAML anchors (&{anchor}) are not allowed in a brief", mark)
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _ALLOWED_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise self.fail(
                f"YAML tag {short(shown)} is not allowed (tags are never constructed)", mark
            )

    def add(self, node: Node) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(f"too many YAML nodes (over {MAX_NODES})", node.mark)
        if not self.stack:
            self.root = node
            return
        parent = self.stack[-1]
        if isinstance(parent, Seq):
            parent.items.append(node)
            return
        key = self.pending_key[-1]
        if key is None:
            if not isinstance(node, Scalar):
                raise self.fail("mapping keys must be plain text", node.mark)
            seen = self.first_seen[-1]
            if node.value in seen:
                first = seen[node.value]
                raise self.fail(
                    f"duplicate key {short(node.value)} (first defined at line {first.mark.line})",
                    node.mark,
                )
            seen[node.value] = node
            self.pending_key[-1] = node
        else:
            parent.pairs.append((key, node))
            self.pending_key[-1] = None

    def open(self, node: Seq | Map) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(f"YAML nested deeper than {MAX_DEPTH} levels", node.mark)
        self.add(node)
        self.stack.append(node)
        self.pending_key.append(None)
        self.first_seen.append({})

    def close(self) -> None:
        self.stack.pop()
        self.pending_key.pop()
        self.first_seen.pop()

    def clean(self, event: Any, mark: Mark) -> str:
        """The scalar's value with control characters replaced (each one recorded)."""
        value, count = clean_controls(event.value)
        if not count:
            return str(value)
        found: list[tuple[int, str]] = []
        if event.style == '"':
            found = _escaped_controls(self.text, event.start_mark.index, event.end_mark.index)
        for index, char in found[:count]:
            self.replaced.append(Replaced(mark_at(self.text, index), char))
        if len(found) < count:  # not from an escape we located: use the scalar's start
            chars = [c for c in event.value if ord(c) in CONTROL_TABLE]
            self.replaced.extend(Replaced(mark, c) for c in chars[len(found) :])
        return str(value)

    def feed(self, event: Any) -> None:
        kind = type(event)
        if kind is _SCALAR:  # (first: a brief is mostly scalars)
            if event.anchor is not None or event.tag not in _ALLOWED_TAGS:
                self.check_event(event)  # (raises: anchors and other tags are refused)
            mark = _mark(event)
            plain = event.tag is None and event.style in _PLAIN_STYLES
            self.add(Scalar(self.clean(event, mark), mark, plain))
            return
        if kind in _CLOSING:
            self.close()
            return
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self.fail("a brief is one YAML document; found a second '---'", _mark(event))
            return
        if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
            return
        self.check_event(event)
        mark = _mark(event)
        if isinstance(event, yaml.SequenceStartEvent):
            self.open(Seq([], mark))
        elif isinstance(event, yaml.MappingStartEvent):
            self.open(Map(mark))


def parse_yaml(text: str, path: str, replaced: list[Replaced] | None = None) -> Node | None:
    """Parse ``text`` into a node tree, or raise a located :class:`BriefError`.

    Returns ``None`` for an empty document. Scalars are cleaned of control
    characters; each replaced one is appended to ``replaced`` when given.
    """
    builder = _Builder(path, text)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except BriefError:
        raise
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError, UnicodeError) as exc:
        raise _yaml_error(path, text, exc) from None
    if replaced is not None:
        replaced.extend(builder.replaced)
    return builder.root
