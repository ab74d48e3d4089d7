"""Parsed Textual CSS rules to bytes and back, safely (the format of ``css_cache``).

The bytes are a pickle of *plain data* only: tuples, lists, dicts, sets, strings,
numbers, and two of Textual's value classes that are immutable tuples (``Color``,
``Spacing``). A rule is written as a tuple of its fields, a selector's enums as
their values, a ``Scalar`` / ``ScalarOffset`` / layout as a tagged tuple. Reading
names nothing but those two classes (:class:`_Unpickler`), so a planted file can
neither run code nor reach an object it could alter (pickle's ``BUILD`` fails on
a tuple, a list or a dict); then :func:`loads` rebuilds the rule sets from that
data through Textual's own constructors, checking each field's type on the way
(anything else: :class:`Miss`). :func:`valid_rules` checks a list of rule sets has
the shape a parse gives (the tests use it on what :func:`loads` returns).
"""

from __future__ import annotations

import io
import pickle
from functools import partial
from typing import Any

from textual.color import Color
from textual.css.model import CombinatorType, RuleSet, Selector, SelectorSet, SelectorType
from textual.css.scalar import Scalar, ScalarOffset, Unit
from textual.css.styles import RulesMap, Styles
from textual.geometry import Spacing
from textual.layout import Layout
from textual.layouts.factory import LAYOUT_MAP, get_layout

from .textual_private import selector_check, styles_rules, styles_updates

__all__ = ["Entries", "Key", "Miss", "Raw", "dumps", "load_raw", "loads", "rebuild", "valid_rules"]

Key = tuple[str, bool, int, str]  # (css, is_default_rules, tie_breaker, scope)
Entries = dict[Key, list[RuleSet]]


class Miss(Exception):
    """The bytes cannot be used (a reason, for tests and debugging)."""


_SCALAR, _OFFSET, _LAYOUT = "\0scalar", "\0offset", "\0layout"  # tags of encoded values
_TAGS = frozenset((_SCALAR, _OFFSET, _LAYOUT))
_SIMPLE = frozenset((type(None), bool, int, float, str))
_NUMBERS = frozenset((type(None), bool, int, float))  # a Color's fields
_RULE_NAMES = frozenset(RulesMap.__annotations__) | {
    f"auto_{name}" for name in RulesMap.__annotations__
}  # a colour's `auto` flag
_FRESH_LAYOUTS: dict[type, Layout] = {cls: cls() for cls in LAYOUT_MAP.values()}  # as parsed
_UNITS = {unit.value: unit for unit in Unit}
_COMBINATORS = {c.value: c for c in CombinatorType}
_SELECTOR_TYPES = {t.value: t for t in SelectorType}


# -- writing ------------------------------------------------------------------------
def _plain_value(value: Any) -> Any:
    kind = type(value)
    if kind in _SIMPLE:
        return value
    if kind is Color or kind is Spacing:
        if not _valid_value(value):
            raise Miss(f"a {kind.__name__} of another shape")
        return value
    if kind is Scalar:
        return (_SCALAR, value.value, value.unit.value, value.percent_unit.value)
    if kind is ScalarOffset:
        return (_OFFSET, _plain_value(value.x), _plain_value(value.y))
    if kind is tuple:
        if value and value[0] in _TAGS:
            raise Miss("a tuple that reads as a tag")
        return tuple(_plain_value(v) for v in value)
    if kind is list:
        return [_plain_value(v) for v in value]
    fresh = _FRESH_LAYOUTS.get(kind)
    if fresh is not None and vars(value) == vars(fresh):
        return (_LAYOUT, value.name)
    raise Miss(f"a value of type {kind.__name__}")


def _plain_rule(rule: RuleSet) -> tuple[Any, ...]:
    styles = rule.styles
    if rule.errors or type(rule) is not RuleSet or type(styles) is not Styles:
        raise Miss("a rule with errors or of another kind")
    if styles.node is not None:
        raise Miss("styles of a node")
    sets = tuple(
        (
            tuple(
                (
                    s.name,
                    s.combinator.value,
                    s.type.value,
                    s.pseudo_classes,
                    s.specificity,
                    s.advance,
                )
                for s in selector_set.selectors
            ),
            selector_set.specificity,
        )
        for selector_set in rule.selector_set
    )
    declared = {name: _plain_value(v) for name, v in styles_rules(styles).items()}
    return (
        sets,
        declared,
        styles_updates(styles),
        styles.important,
        rule.is_default_rules,
        rule.tie_breaker,
        rule.selector_names,
        rule.pseudo_classes,
    )


def dumps(entries: Entries) -> bytes:
    """``entries`` as bytes (raises :class:`Miss` for anything :func:`loads` refuses)."""
    data = {key: [_plain_rule(rule) for rule in rules] for key, rules in entries.items()}
    return pickle.dumps(data, protocol=5)


# -- reading ------------------------------------------------------------------------
_ALLOWED = {(cls.__module__, cls.__qualname__): cls for cls in (Color, Spacing)}


class _Unpickler(pickle.Unpickler):
    """Names only ``Color`` and ``Spacing``; nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise Miss(f"names {module}.{name}") from None


def _is_set_of_str(value: Any) -> bool:
    return type(value) is set and (not value or all(type(v) is str for v in value))


def _is_specificity(value: Any) -> bool:
    return (
        type(value) is tuple
        and len(value) == 3
        and type(value[0]) is int
        and type(value[1]) is int
        and type(value[2]) is int
    )


def _value(value: Any) -> Any:
    kind = type(value)
    if kind in _SIMPLE:
        return value
    if kind is Color or kind is Spacing:
        if _valid_value(value):
            return value
    elif kind is tuple and value and value[0] in _TAGS:
        tag = value[0]
        if tag == _SCALAR and len(value) == 4 and type(value[1]) in (int, float):
            unit, percent_unit = _UNITS.get(value[2]), _UNITS.get(value[3])
            if unit is not None and percent_unit is not None:
                return Scalar(value[1], unit, percent_unit)
        elif tag == _OFFSET and len(value) == 3:
            x, y = _value(value[1]), _value(value[2])
            if type(x) is Scalar and type(y) is Scalar:
                return ScalarOffset(x, y)
        elif tag == _LAYOUT and len(value) == 2 and value[1] in LAYOUT_MAP:
            return get_layout(value[1])
    elif kind is tuple:
        return tuple(_value(v) for v in value)
    elif kind is list:
        return [_value(v) for v in value]
    raise Miss(f"a value of another shape ({kind.__name__})")


def _selector(data: Any) -> Selector:
    if type(data) is not tuple or len(data) != 6:
        raise Miss("a selector of another shape")
    name, combinator, kind, pseudo_classes, specificity, advance = data
    combinator, kind = _COMBINATORS.get(combinator), _SELECTOR_TYPES.get(kind)
    if not (
        type(name) is str
        and combinator is not None
        and kind is not None
        and _is_set_of_str(pseudo_classes)
        and _is_specificity(specificity)
        and type(advance) is int
    ):
        raise Miss("a selector of another shape")
    return Selector(name, combinator, kind, pseudo_classes, specificity, advance)


def _selector_set(data: Any) -> SelectorSet:
    if type(data) is not tuple or len(data) != 2 or type(data[0]) is not tuple or not data[0]:
        raise Miss("a selector set of another shape")
    selectors = [_selector(s) for s in data[0]]
    if not _is_specificity(data[1]):
        raise Miss("a selector set of another shape")
    advance = [s.advance for s in selectors]
    made = SelectorSet(selectors, data[1])
    if [s.advance for s in selectors] != advance:  # as the parse left them
        raise Miss("a selector set of another shape")
    return made


def _rule(data: Any) -> RuleSet:
    if type(data) is not tuple or len(data) != 8:
        raise Miss("a rule of another shape")
    sets, declared, updates, important, is_default, tie_breaker, names, pseudo = data
    if not (
        type(sets) is tuple
        and type(declared) is dict
        and type(updates) is int
        and _is_set_of_str(important)
        and type(is_default) is bool
        and type(tie_breaker) is int
        and _is_set_of_str(names)
        and _is_set_of_str(pseudo)
    ):
        raise Miss("a rule of another shape")
    if not declared.keys() <= _RULE_NAMES:  # style names only (all strings)
        raise Miss("a rule of another shape")
    rules = {k: v if type(v) in _SIMPLE else _value(v) for k, v in declared.items()}
    styles = Styles(None, rules, updates, important)  # type: ignore[arg-type]
    return RuleSet(
        [_selector_set(s) for s in sets], styles, [], is_default, tie_breaker, names, pseudo
    )


def _valid_key(key: Any) -> bool:
    return (
        type(key) is tuple
        and len(key) == 4
        and type(key[0]) is str
        and type(key[1]) is bool
        and type(key[2]) is int
        and type(key[3]) is str
    )


Raw = dict[Key, Any]  # entries as read, each rebuilt when first asked for


def load_raw(payload: bytes) -> Raw:
    """The entries ``payload`` holds, not yet rebuilt (raises :class:`Miss`)."""
    try:
        data = _Unpickler(io.BytesIO(payload)).load()
    except Miss:
        raise
    except Exception as exc:  # any damage inside: refused, never raised
        raise Miss(f"does not unpickle: {type(exc).__name__}") from None
    if type(data) is not dict or not all(
        _valid_key(k) and type(v) is list for k, v in data.items()
    ):
        raise Miss("not a mapping of entries")
    return data


def rebuild(raw: Any) -> list[RuleSet]:
    """One entry's rule sets, rebuilt and checked (raises :class:`Miss`)."""
    try:
        return [_rule(rule) for rule in raw]
    except Miss:
        raise
    except Exception as exc:
        raise Miss(f"does not rebuild: {type(exc).__name__}") from None


def loads(payload: bytes) -> Entries:
    """The entries ``payload`` holds, rebuilt (raises :class:`Miss` for anything else)."""
    return {key: rebuild(raw) for key, raw in load_raw(payload).items()}


# -- the shape check (tests) --------------------------------------------------------
def _valid_value(value: Any) -> bool:
    """A rule's value: plain data, or one of Textual's CSS value classes as parsed."""
    kind = type(value)
    if kind in _SIMPLE:
        return True
    if kind is tuple or kind is list:
        return all(_valid_value(v) for v in value)
    if kind is Color:
        return len(value) == 6 and all(type(v) in _NUMBERS for v in value)
    if kind is Scalar:
        return (
            len(value) == 3
            and type(value[0]) in (int, float)
            and type(value[1]) is Unit
            and type(value[2]) is Unit
        )
    if kind is ScalarOffset:
        return len(value) == 2 and all(type(v) is Scalar and _valid_value(v) for v in value)
    if kind is Spacing:
        return len(value) == 4 and all(type(v) is int for v in value)
    fresh = _FRESH_LAYOUTS.get(kind)
    return fresh is not None and vars(value) == vars(fresh)


_SELECTOR_FIELDS = frozenset(vars(Selector("x")))
_RULE_FIELDS = frozenset(vars(RuleSet()))
_STYLES_FIELDS = frozenset(vars(Styles()))
_CHECKS = {
    kind: getattr(selector_check(Selector("x", type=kind)), "func", None) for kind in SelectorType
}


def _valid_selector(selector: object) -> bool:
    if type(selector) is not Selector or vars(selector).keys() != _SELECTOR_FIELDS:
        return False
    check = selector_check(selector)
    return (
        type(check) is partial
        and check.func is _CHECKS.get(selector.type)
        and check.args == (selector.name,)
        and not check.keywords
    )


def valid_rules(rules: object) -> bool:
    """Whether ``rules`` is a list of rule sets of the shape a parse gives (no errors)."""
    if type(rules) is not list:
        return False
    for rule in rules:
        if type(rule) is not RuleSet or vars(rule).keys() != _RULE_FIELDS or rule.errors != []:
            return False
        styles = rule.styles
        if type(styles) is not Styles or vars(styles).keys() != _STYLES_FIELDS:
            return False
        declared = styles_rules(styles)
        if not (
            styles.node is None
            and all(k in _RULE_NAMES and _valid_value(v) for k, v in declared.items())
            and _is_set_of_str(rule.selector_names)
            and _is_set_of_str(rule.pseudo_classes)
            and all(
                type(s) is SelectorSet
                and _is_specificity(s.specificity)
                and s.selectors
                and all(_valid_selector(x) for x in s.selectors)
                for s in rule.selector_set
            )
        ):
            return False
    return True
