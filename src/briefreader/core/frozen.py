"""``@frozen``: a frozen dataclass, as ``@dataclass(frozen=True)`` makes it, for less
start-up.

Python 3.11's ``dataclass`` writes the source of six methods for each frozen class
(``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``,
``__delattr__``) and compiles each with ``exec``: ~5 ms of CPU for the model's eleven
classes, at every start, before anything is read. Here the class is still made a
dataclass by ``dataclass`` itself (fields, ``fields()``, ``replace()``,
``__match_args__``, pickling: all as before), but

* ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__`` and ``__delattr__`` are
  shared functions that read the class's field names (compiled once, in this
  module's bytecode), giving exactly what the generated ones give; and
* ``__init__`` is generated as ``dataclass`` would (the same parameters, defaults,
  default factories and ``__post_init__`` call), but only when the class is first
  instantiated: a brief read from a cache is unpickled, which calls no ``__init__``.

Supported: what the model uses -- fields with or without a default or a
``default_factory``, ``field(compare=..., hash=..., repr=...)``, ``__post_init__``.
Not supported (refused when the class is made): ``init=False`` fields, ``kw_only``,
``InitVar``, inheriting from another dataclass.
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

__all__ = ["frozen"]

T = TypeVar("T")
_FrozenError = dataclasses.FrozenInstanceError


def _key(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving the tuple of these attributes (what the generated code builds)."""
    if len(names) == 1:
        (name,) = names
        return lambda obj: (getattr(obj, name),)
    if not names:
        return lambda obj: ()
    return attrgetter(*names)


def _setattr(self: object, name: str, value: object) -> None:
    raise _FrozenError(f"cannot assign to field {name!r}")


def _delattr(self: object, name: str) -> None:
    raise _FrozenError(f"cannot delete field {name!r}")


def _methods(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> dict[str, Any]:
    compared = _key(tuple(f.name for f in fields if f.compare))
    hashed = _key(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))
    shown = tuple(f.name for f in fields if f.repr)

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        inside = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({inside})"

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init = _make_init(cls, fields)  # once: then the class has the real one
        cls.__init__ = init  # type: ignore[misc]
        init(self, *args, **kwargs)

    return {
        "__eq__": __eq__,
        "__hash__": __hash__,
        "__repr__": __repr__,
        "__setattr__": _setattr,
        "__delattr__": _delattr,
        "__init__": __init__,
    }


def _make_init(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """``__init__`` as ``dataclass(frozen=True)`` writes it, compiled now."""
    params, body = ["self"], []
    scope: dict[str, Any] = {"_set": object.__setattr__, "_FACTORY": _FACTORY}
    # Fields that no descriptor on the class owns are written straight into the
    # instance's dict: what ``object.__setattr__`` does for them, at half the cost
    # (10^4 paragraphs of a long text: ~12 ms less).
    direct = not any(hasattr(type(getattr(cls, f.name, None)), "__set__") for f in fields)
    if direct and fields:
        body.append("    _d = self.__dict__")
    for f in fields:
        value = f.name
        if f.default is not dataclasses.MISSING:
            scope[f"_dflt_{f.name}"] = f.default
            params.append(f"{f.name}=_dflt_{f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            scope[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_FACTORY")
            value = f"_factory_{f.name}() if {f.name} is _FACTORY else {f.name}"
        else:
            params.append(f.name)
        if direct:
            body.append(f"    _d[{f.name!r}] = {value}")
        else:
            body.append(f"    _set(self, {f.name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source = f"def __init__({', '.join(params)}):\n" + "\n".join(body or ["    pass"])
    exec(source, scope)  # (our own source, made from the field names)
    init: Callable[..., None] = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = {f.name: f.type for f in fields} | {"return": None}
    return init


class _Factory:
    def __repr__(self) -> str:
        return "<factory>"  # what inspect.signature shows, as for a dataclass


_FACTORY = _Factory()


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen(cls: type[T]) -> type[T]:
    """Make ``cls`` a frozen dataclass (see the module docstring)."""
    if any(dataclasses.is_dataclass(base) for base in cls.__mro__[1:]):
        raise TypeError(f"{cls.__qualname__}: @frozen does not inherit dataclasses")
    if not cls.__doc__:  # dataclass would build one from inspect.signature (slow)
        cls.__doc__ = cls.__name__
    made = dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
    fields = dataclasses.fields(made)  # type: ignore[arg-type]
    own = vars(made)
    for f in fields:
        if not f.init or f.kw_only:
            raise TypeError(f"{cls.__qualname__}.{f.name}: @frozen supports plain fields only")
    for name, method in _methods(made, fields).items():
        if name in own:
            raise TypeError(f"{cls.__qualname__} defines {name}: not with @frozen")
        if method not in (_setattr, _delattr):  # (those two are shared by every class)
            method.__qualname__ = f"{cls.__qualname__}.{name}"
            method.__module__ = made.__module__
        type.__setattr__(made, name, method)
    return made
