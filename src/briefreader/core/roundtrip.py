"""Edit a brief's YAML in place, keeping everything the author wrote.

Reviewing suggestions (accept, drop, edit, merge, add) changes only the entries
concerned: a round-trip YAML parser (``ruamel.yaml``) keeps key order, comments,
quoting and block scalars of everything else byte for byte. Every save is
validated with :func:`~briefreader.core.loader.check_brief` on a temporary file
next to the brief and then moved over it atomically; a save that would make the
brief invalid raises :class:`~briefreader.core.errors.BriefError` and leaves the
file as it was.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .brief import ACTOR_KINDS, STANCES, SUGGESTED
from .errors import BriefError

LISTS = ("glossary", "actors", "outline")
WRITER_WIDTH = 100  # core.writer.brief_yaml's line width
GENERATED_MARK = "# Imported by briefreader"
ROLE_UNKNOWN = "role not given in the text"


_SEQ_RE = re.compile(r"^[A-Za-z_]+:[ \t]*\n( *)- ", re.MULTILINE)


def _yaml(text: str = "") -> Any:
    """A round-trip YAML that indents lists the way ``text`` does (``- `` at column 0
    under a key, or indented by 2)."""
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    # wrap where the file wraps: the import writer's 100 columns (its files say so in the
    # first line), else never shorter than the author's longest line
    generated = text.startswith(GENERATED_MARK)
    y.width = WRITER_WIDTH if generated else max([WRITER_WIDTH, *map(len, text.splitlines())])
    m = _SEQ_RE.search(text)
    offset = len(m.group(1)) if m else 2
    y.indent(mapping=2, sequence=offset + 2, offset=offset)
    return y


class BriefFile:
    """A brief YAML loaded for editing; :meth:`save` writes it back atomically."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            text = self.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise BriefError(str(self.path), f"cannot read: {exc}") from None
        try:
            self._rt = _yaml(text)
            # ruamel's round-trip constructor builds only mappings, sequences and scalars:
            # a ``!!python/...`` tag stays an inert tagged value (tests/unit/test_roundtrip_safe.py)
            self.data = self._rt.load(text)
        except Exception as exc:  # ruamel's errors have no common public base
            raise BriefError(str(self.path), f"not valid YAML: {exc}") from None
        if not hasattr(self.data, "get"):
            raise BriefError(str(self.path), "not a brief (expected a mapping)")

    # -- finding ------------------------------------------------------------------
    def _items(self, name: str) -> Any:
        from ruamel.yaml.comments import CommentedSeq

        items = self.data.get(name)
        if items is None:
            items = CommentedSeq()
            self.data[name] = items
        return items

    def find(self, entry_id: str) -> tuple[Any, int, Any]:
        """(the list holding it, its index, the mapping) for a glossary/actor/point id."""
        for name in LISTS:
            found = _find_in(self.data.get(name) or [], entry_id)
            if found is not None:
                return found
        raise BriefError(str(self.path), f"no entry with id {entry_id!r}")

    def ids(self) -> set[str]:
        out: set[str] = set()
        for name in (*LISTS, "cards", "cloze"):
            _collect_ids(self.data.get(name) or [], out)
        return out

    # -- review actions -------------------------------------------------------------
    def accept(self, entry_id: str) -> None:
        _, _, item = self.find(entry_id)
        _accept(item)

    def accept_all(self, entry_ids: Iterable[str]) -> None:
        for entry_id in entry_ids:
            self.accept(entry_id)

    def drop(self, entry_id: str) -> None:
        seq, index, _ = self.find(entry_id)
        del seq[index]

    def edit(
        self,
        entry_id: str,
        *,
        name: str | None = None,
        definition: str | None = None,
        kind: str | None = None,
    ) -> None:
        """Change the name, definition (description for actors) or kind of an entry.

        Changing a glossary term into an actor kind (or back) moves the entry to the
        other list, keeping its id, names, text and status."""
        seq, index, item = self.find(entry_id)
        if "title" in item:  # an outline point: title, summary and stance
            if kind is not None and kind not in STANCES:
                raise BriefError(str(self.path), f"stance must be reported or author, not {kind!r}")
            for key, value in (("title", name), ("summary", definition), ("stance", kind)):
                if value is not None:
                    item[key] = value.strip()
            return
        is_term = "term" in item
        if kind is not None and kind != "term" and kind not in ACTOR_KINDS:
            raise BriefError(str(self.path), f"unknown kind {kind!r}")
        if kind is not None and (kind == "term") != is_term:
            del seq[index]
            item = _as_actor(item, kind) if is_term else _as_term(item)
            self._items("glossary" if kind == "term" else "actors").append(item)
            is_term = kind == "term"
        elif kind is not None and not is_term:
            item["kind"] = kind
        if name is not None:
            item["term" if is_term else "name"] = name.strip()
        if definition is not None:
            item["definition" if is_term else "description"] = definition.strip()

    def merge(self, source_id: str, target_id: str) -> None:
        """Fold ``source`` into ``target``: its names become aliases; it is removed."""
        if source_id == target_id:
            raise BriefError(str(self.path), "cannot merge an entry into itself")
        _, _, target = self.find(target_id)
        seq, index, source = self.find(source_id)
        names = [source.get("term") or source.get("name"), *(source.get("aliases") or [])]
        own = {str(n).casefold() for n in _names(target)}
        new = [str(n) for n in names if n and str(n).casefold() not in own]
        if new:
            aliases = target.get("aliases")
            if aliases is None:
                at = list(target).index("term" if "term" in target else "name") + 1
                target.insert(at, "aliases", [*new])
            else:
                aliases.extend(new)
        del seq[index]

    # -- writing ------------------------------------------------------------------
    def dumps(self) -> str:
        out = io.StringIO()
        self._rt.dump(self.data, out)
        return out.getvalue()

    def save(self) -> None:
        """Validate and write atomically (raises BriefError if the result is invalid)."""
        write_checked(self.path, self.dumps())


def write_checked(path: Path, text: str) -> None:
    """Write a brief YAML atomically after ``briefreader check`` passes on it."""
    from .atomic import replacing
    from .loader import check_brief

    with replacing(path, prefix=f".{path.stem}.", suffix=".yaml") as tmp:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        result = check_brief(str(tmp), warnings=False)
        if result.errors:
            first = result.errors[0]
            raise BriefError(
                str(path), f"not saved, the result would be invalid: {first.message}", first.line
            )


def _find_in(seq: Any, entry_id: str) -> tuple[Any, int, Any] | None:
    for index, item in enumerate(seq):
        if not hasattr(item, "get"):
            continue
        if item.get("id") == entry_id:
            return seq, index, item
        children = item.get("children")
        if children:
            found = _find_in(children, entry_id)
            if found is not None:
                return found
    return None


def _collect_ids(seq: Any, out: set[str]) -> None:
    for item in seq:
        if hasattr(item, "get"):
            if item.get("id"):
                out.add(str(item["id"]))
            _collect_ids(item.get("children") or [], out)


def _names(item: Any) -> list[str]:
    return [str(item.get("term") or item.get("name") or ""), *map(str, item.get("aliases") or [])]


def _accept(item: Any) -> None:
    if item.get("status") == SUGGESTED:
        del item["status"]
    if "confidence" in item:
        del item["confidence"]
    if "stance" not in item and "title" in item:  # an outline point: its stance
        item["stance"] = "reported"
    for child in item.get("children") or []:
        _accept(child)


def _as_actor(item: Any, kind: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item["id"], "name": item["term"], "kind": kind}
    if item.get("aliases"):
        out["aliases"] = item["aliases"]
    out["role"] = ROLE_UNKNOWN
    out["description"] = item["definition"]
    for key in ("note", "status", "confidence"):
        if key in item:
            out[key] = item[key]
    return out


def _as_term(item: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item["id"], "term": item["name"]}
    if item.get("aliases"):
        out["aliases"] = item["aliases"]
    out["definition"] = item["description"]
    for key in ("note", "status", "confidence"):
        if key in item:
            out[key] = item[key]
    return out
