"""The shape check of a brief read from a cache: :func:`valid_brief` tells whether an
unpickled value is a :class:`~.brief.Brief` of the model's shape all the way down --
each field of its declared type (checkers made once per type hint from the model's
annotations) and every string free of control characters (collected during the check
and searched at once). Used by :mod:`.brief_cache` and :mod:`.load_ahead`; it imports
neither.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import threading
import types
import typing
from collections import deque
from itertools import filterfalse, repeat
from operator import itemgetter
from typing import Any

from . import brief as model
from .brief import Brief
from .text import has_controls

__all__ = ["MODEL_CLASSES", "made_from_columns", "valid_brief"]

MODEL_CLASSES = (
    model.Paragraph,
    model.Dropped,
    model.Metadata,
    model.Article,
    model.Anchor,
    model.Term,
    model.Actor,
    model.OutlinePoint,
    model.Card,
    model.Cloze,
    model.Brief,
)
"""The model's classes: all a cached brief may be made of (besides ``datetime``)."""

Check = typing.Callable[[Any], bool]
_CHECKS: dict[Any, Check] = {}


_STRINGS: list[str] = []  # the strings seen by the check running now (searched at once)
_CHECKING = threading.Lock()


def _clean_str(value: Any) -> bool:
    if type(value) is not str:
        return False
    _STRINGS.append(value)
    return True


def _checker(hint: Any) -> Check:
    """A function telling whether a value is of type ``hint`` (made once per hint)."""
    if hint in _CHECKS:
        return _CHECKS[hint]
    _CHECKS[hint] = lambda v: _CHECKS[hint](v)  # recursive hints (OutlinePoint's children)
    check = _make_checker(hint)
    _CHECKS[hint] = check
    return check


def _make_checker(hint: Any) -> Check:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    simple = {bool: bool, int: int, type(None): type(None), _dt.datetime: _dt.datetime}
    if hint is str:
        return _clean_str
    if hint in simple:
        kind = simple[hint]
        return lambda v: type(v) is kind
    if hint is float:
        return lambda v: type(v) in (float, int)
    if origin is typing.Literal:
        allowed = frozenset(args)
        return lambda v: type(v) is str and v in allowed
    if origin in (typing.Union, types.UnionType):
        options = [_checker(h) for h in args if h is not type(None)]
        if len(options) == 1 and len(args) == 2:  # X | None, the usual one
            only = options[0]
            return lambda v: v is None or only(v)
        options = [_checker(h) for h in args]
        return lambda v: any(c(v) for c in options)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if isinstance(args[0], type) and dataclasses.is_dataclass(args[0]):
            return _many_checker(args[0])  # a long text has ~10^4 paragraphs: by column
        item = _checker(args[0])
        return lambda v: type(v) is tuple and all(map(item, v))
    if origin is tuple:
        items = [_checker(h) for h in args]
        return lambda v: (
            type(v) is tuple
            and len(v) == len(items)
            and all(c(x) for c, x in zip(items, v, strict=True))
        )
    if origin is dict:
        key, item = (_checker(h) for h in args)
        return lambda v: type(v) is dict and all(key(k) and item(x) for k, x in v.items())
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _fields_checker(hint)
    return lambda v: False  # a hint this check does not know: refuse rather than trust


def _fields_checker(cls: type) -> Check:
    """A model class's check: exactly its fields, each of its declared type. The
    ``str`` and ``str | None`` fields and those of one exact type are checked inline
    (most of the model's fields: a call less each), the others by their checkers."""
    hints = _type_hints()[cls]
    names = set(hints)
    strs, optional_strs, exact, others = [], [], [], []
    simple = (bool, int, type(None), _dt.datetime)
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        if hint is str:
            strs.append(f.name)
        elif hint == str | None:
            optional_strs.append(f.name)
        elif hint in simple:
            exact.append((f.name, hint))
        else:
            others.append((f.name, _checker(hint)))
    strings = _STRINGS

    def check_fields(v: Any) -> bool:
        if type(v) is not cls:
            return False
        values = v.__dict__
        if values.keys() != names:
            return False
        for name in strs:
            text = values[name]
            if type(text) is not str:
                return False
            strings.append(text)
        for name in optional_strs:
            text = values[name]
            if text is not None:
                if type(text) is not str:
                    return False
                strings.append(text)
        for name, kind in exact:
            if type(values[name]) is not kind:
                return False
        return all(check(values[name]) for name, check in others)

    return check_fields


_HINTS: dict[type, dict[str, Any]] = {}


def _type_hints() -> dict[type, dict[str, Any]]:
    """Each model class's field types, as ``typing.get_type_hints(cls, vars(model))``
    gives them, but evaluated in one go: the model's annotations are strings (``from
    __future__ import annotations``) and get_type_hints compiles each one apart (~60:
    most of a check's cost at start-up); here they are one expression, compiled once."""
    if not _HINTS:
        names = [[f.name for f in dataclasses.fields(cls)] for cls in MODEL_CLASSES]
        types = [[f.type for f in dataclasses.fields(cls)] for cls in MODEL_CLASSES]
        if all(isinstance(t, str) for row in types for t in row):
            source = "(" + "".join("(" + "".join(f"{t}," for t in row) + ")," for row in types)
            values = eval(source + ")", vars(model))  # the model's own annotations, not data
        else:  # pragma: no cover - annotations not strings (no __future__ import)
            values = [tuple(typing.get_type_hints(c, vars(model)).values()) for c in MODEL_CLASSES]
        for cls, row, evaluated in zip(MODEL_CLASSES, names, values, strict=True):
            _HINTS[cls] = dict(zip(row, evaluated, strict=True))
    return _HINTS


def _collect(strings: typing.Iterable[str]) -> bool:
    _STRINGS.extend(strings)
    return True


def _many_checker(cls: type) -> Check:
    """``tuple[cls, ...]``'s check for a model class, a field at a time over all the
    items (the same checks as one item at a time): each pass runs in C
    (``set(map(type, column))``), where a loop over a long text's ~10^4 paragraphs in
    Python cost ~20 ms."""
    hints = _type_hints()[cls]
    order = tuple(f.name for f in dataclasses.fields(cls))
    size = len(order)
    fields = itemgetter(*order)
    columns_ok = [_column_checker(hints[name]) for name in order]

    def check(v: Any) -> bool:
        if type(v) is not tuple:
            return False
        if not v:
            return True
        if set(map(type, v)) != {cls}:
            return False
        values = list(map(vars, v))
        if set(map(len, values)) != {size}:  # with all the names below: exactly its fields
            return False
        try:
            rows = list(map(fields, values))
        except KeyError:
            return False
        columns = zip(*rows, strict=True) if size > 1 else [rows]
        return all(ok(column) for ok, column in zip(columns_ok, columns, strict=True))

    return check


def _column_checker(hint: Any) -> Check:
    """A function telling whether every value of a column is of type ``hint``."""
    simple = {bool: bool, int: int, type(None): type(None), _dt.datetime: _dt.datetime}
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is str:
        return lambda c: set(map(type, c)) == {str} and _collect(c)
    if hint == str | None:
        return lambda c: set(map(type, c)) <= {str, type(None)} and _collect(filter(None, c))
    if hint in simple:
        kinds = {simple[hint]}
        return lambda c: set(map(type, c)) == kinds
    if origin is typing.Literal and all(type(a) is str for a in args):
        allowed = frozenset(args)
        return lambda c: set(map(type, c)) == {str} and allowed.issuperset(c)
    item = _checker(hint)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:  # most are empty
        return lambda c: set(map(type, c)) == {tuple} and all(map(item, filter(None, c)))
    return lambda c: all(map(item, c))


def valid_brief(value: object) -> bool:
    """Whether ``value`` is a :class:`Brief` of the model's shape, every string clean."""
    return _clean(lambda: _checker(Brief)(value))


def made_from_columns(cls: type, columns: object) -> tuple[Any, ...] | None:
    """``tuple[cls, ...]`` for a model class, made from its fields' columns (a tuple per
    field, in field order, all as long), or None unless every value is of its field's
    type and every string clean -- the checks :func:`valid_brief` makes of such a tuple,
    a column at a time. Each object is then made by its class's ``__init__`` (a
    :func:`~.frozen.frozen` one stores the fields and nothing else) or, for a class
    with a ``__post_init__``, as unpickling makes one (``__new__``, then its
    ``__dict__``): its shape holds by construction, so nothing made is walked again
    (10^4 paragraphs: ~25 ms less than unpickling and checking the objects)."""
    order = tuple(f.name for f in dataclasses.fields(cls))
    if not (type(columns) is tuple and len(columns) == len(order)):
        return None
    if set(map(type, columns)) != {tuple} or len(set(map(len, columns))) > 1:
        return None
    if not columns[0]:
        return ()
    hints = _type_hints()[cls]
    checks = [_column_checker(hints[name]) for name in order]
    if not _clean(lambda: all(ok(c) for ok, c in zip(checks, columns, strict=True))):
        return None
    if not hasattr(cls, "__post_init__"):  # its __init__ only stores the fields: ~2x faster
        return tuple(map(cls, *columns))
    new = typing.cast(typing.Callable[[type], Any], cls.__new__)  # (object.__new__)
    made = list(map(new, repeat(cls, len(columns[0]))))
    values = map(dict, map(zip, repeat(order), zip(*columns, strict=True)))
    deque(map(object.__setattr__, made, repeat("__dict__"), values), maxlen=0)
    return tuple(made)


def _clean(check: typing.Callable[[], bool]) -> bool:
    """``check()`` (which collects strings) and every string it collected clean."""
    with _CHECKING:
        _STRINGS.clear()
        try:
            if not check():
                return False
            # apart: one non-ASCII definition would make the whole text's join wide
            # (4 bytes a character: ~4x the encoding and searching)
            narrow = "\n".join(filter(str.isascii, _STRINGS))
            return not has_controls(narrow) and not has_controls(
                "\n".join(filterfalse(str.isascii, _STRINGS))
            )
        finally:
            _STRINGS.clear()
