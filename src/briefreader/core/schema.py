"""Typed reading of yamlsafe nodes, collecting located diagnostics.

The brief loader asks a :class:`Reader` for "a mapping with these keys", "a text",
"a list of texts", "a positive integer"; each question either returns a value or
records a compiler-style diagnostic and returns ``None``. Nothing here raises on
bad input, so ``briefreader check`` can report every problem in one run.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Literal

from .errors import one_line
from .frozen import frozen
from .yamlsafe import Map, Mark, Node, Scalar, Seq, short

Severity = Literal["error", "warning"]
ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}\Z")
POSITIVE_INT_RE = re.compile(r"[1-9][0-9]{0,8}\Z")


@frozen
class Diagnostic:
    path: str
    line: int | None
    column: int | None
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = one_line(self.path)
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: {self.severity}: {one_line(self.message, breaks_as_spaces=True)}"


def describe(node: Node) -> str:
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    return "empty" if node.is_null else f"the text {short(node.value, 30)}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    # -- reporting ---------------------------------------------------------
    def report(self, where: Node | Mark | None, severity: Severity, message: str) -> None:
        mark = where if isinstance(where, Mark) else where.mark if where is not None else None
        line, column = (mark.line, mark.column) if mark else (1, 1)
        self.diagnostics.append(Diagnostic(self.path, line, column, severity, message))

    def error(self, where: Node | Mark | None, message: str) -> None:
        self.report(where, "error", message)

    def warning(self, where: Node | Mark | None, message: str) -> None:
        self.report(where, "warning", message)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    # -- shapes -------------------------------------------------------------
    def mapping(
        self,
        node: Node,
        what: str,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> dict[str, Node] | None:
        """The keys of a mapping node, after checking unknown and missing keys."""
        if not isinstance(node, Map):
            self.error(node, f"{what} must be a mapping, not {describe(node)}")
            return None
        required = tuple(required)
        allowed = (*required, *optional)
        out: dict[str, Node] = {}
        for key, value in node.pairs:
            if key.value not in allowed:
                self.error(
                    key,
                    f"unknown key {short(key.value, 40)} in {what}"
                    f"{did_you_mean(key.value, allowed)}",
                )
                continue
            out[key.value] = value
        for key_name in required:
            if key_name not in out:
                self.error(node, f"{what} is missing required key {key_name!r}")
        return out

    def items(self, node: Node | None, what: str) -> list[Node]:
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return []
        if not isinstance(node, Seq):
            self.error(node, f"{what} must be a list, not {describe(node)}")
            return []
        return node.items

    def text(self, node: Node | None, what: str, *, required: bool = True) -> str | None:
        if node is None:
            return None  # missing keys are reported by mapping()
        if not isinstance(node, Scalar):
            self.error(node, f"{what} must be text, not {describe(node)}")
            return None
        if node.is_null or not node.value.strip():
            if required:
                self.error(node, f"{what} must not be empty")
            return None
        return node.value.strip()

    def texts(self, node: Node | None, what: str) -> list[str]:
        out: list[str] = []
        for item in self.items(node, what):
            value = self.text(item, f"each of {what}")
            if value is not None:
                out.append(value)
        return out

    def choice(self, node: Node | None, what: str, choices: tuple[str, ...]) -> str | None:
        value = self.text(node, what)
        if value is None or node is None:
            return None
        if value not in choices:
            self.error(
                node,
                f"{what} must be one of {', '.join(choices)}, not {short(value, 30)}"
                f"{did_you_mean(value, choices)}",
            )
            return None
        return value

    def status(self, keys: dict[str, Node], what: str) -> tuple[bool, float | None]:
        """The optional ``status: suggested`` and ``confidence: 0..1`` of an entry or point."""
        suggested = False
        node = keys.get("status")
        if node is not None:
            value = self.text(node, f"{what} status")
            if value is not None and value != "suggested":
                self.error(
                    node,
                    f"{what} status must be 'suggested' (or left out once accepted), "
                    f"not {short(value, 30)}",
                )
            suggested = value == "suggested"
        confidence: float | None = None
        node = keys.get("confidence")
        if node is not None:
            raw = self.text(node, f"{what} confidence")
            try:
                confidence = float(raw) if raw is not None else None
            except ValueError:
                confidence = None
            if raw is not None and (confidence is None or not 0.0 <= confidence <= 1.0):
                self.error(node, f"{what} confidence must be a number from 0 to 1")
                confidence = None
        return suggested, confidence

    def positive_int(self, node: Node | None, what: str) -> int | None:
        if node is None:
            return None
        if isinstance(node, Scalar) and node.plain and POSITIVE_INT_RE.match(node.value):
            return int(node.value)
        self.error(
            node, f"{what} must be a positive whole number (1, 2, ...), not {describe(node)}"
        )
        return None

    def ident(self, node: Node | None, what: str) -> str | None:
        value = self.text(node, what)
        if value is None or node is None:
            return None
        if not ID_RE.match(value):
            self.error(
                node,
                f"{what} {short(value, 40)} must be lowercase letters, digits, '.', '-' or '_' "
                "(at most 64, starting with a letter or digit)",
            )
            return None
        return value
