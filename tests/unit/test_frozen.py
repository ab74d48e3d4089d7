"""``@frozen`` classes behave exactly like ``@dataclass(frozen=True)`` ones."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from dataclasses import dataclass, field

import pytest

from briefreader.core import brief as model
from briefreader.core.frozen import frozen


@frozen
class Made:
    """A doc."""

    a: int
    b: str = "x"
    seen: list[int] = field(default_factory=list, compare=False, repr=False)
    c: tuple[int, ...] = field(default=(), hash=False)

    def __post_init__(self) -> None:
        self.seen.append(self.a)


@dataclass(frozen=True)
class Made2:
    """A doc."""

    a: int
    b: str = "x"
    seen: list[int] = field(default_factory=list, compare=False, repr=False)
    c: tuple[int, ...] = field(default=(), hash=False)

    def __post_init__(self) -> None:
        self.seen.append(self.a)


@frozen
class Point:
    x: int
    y: int = 0


@frozen
class One:
    only: str


@frozen
class Node:
    name: str
    children: tuple[Node, ...] = ()


def test_the_same_as_a_frozen_dataclass() -> None:
    made: list[tuple[Made, Made2]] = [
        (Made(1), Made2(1)),
        (Made(1, "y"), Made2(1, "y")),
        (Made(a=2, c=(3,)), Made2(a=2, c=(3,))),
    ]
    for ours, theirs in made:
        assert repr(ours) == repr(theirs).replace("Made2", "Made")
        assert hash(ours) == hash(theirs)
        assert ours.seen == theirs.seen  # __post_init__ ran, the factory made a new list
        other: object = theirs
        assert ours == dataclasses.replace(ours) and ours != other  # another class: unequal
    assert Made(1, c=(1,)) != Made(1, c=(2,)) and hash(Made(1, c=(1,))) == hash(Made(1, c=(2,)))
    assert Made(1, seen=[5]) == Made(1, seen=[6])  # compare=False
    assert Made(1).seen is not Made(1).seen
    with pytest.raises(TypeError):
        Made()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Made(1, "y", [], (), 5)  # type: ignore[call-arg]
    assert [f.name for f in dataclasses.fields(Made)] == ["a", "b", "seen", "c"]
    assert Made.__match_args__ == Made2.__match_args__
    assert dataclasses.is_dataclass(Made) and Made.__doc__ == "A doc."
    sig = str(inspect.signature(Made)).replace("Made2", "Made")
    assert sig == str(inspect.signature(Made2)).replace("Made2", "Made")  # (made by now)


def test_frozen_hashable_comparable_and_recursive_repr() -> None:
    p = Point(1, 2)
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'x'"):
        p.x = 3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'x'"):
        del p.x
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.other = 1  # type: ignore[attr-defined]
    assert {Point(1, 2), Point(1, 2), Point(2, 1)} == {Point(1, 2), Point(2, 1)}
    pair: object = (1, 0)
    assert (Point(1) == pair) is False and Point(1).__eq__(pair) is NotImplemented
    assert (
        One("a") == One("a")
        and hash(One("a")) == hash(("a",))
        and repr(One("a")) == "One(only='a')"
    )
    tree = Node("root", (Node("leaf"),))
    assert repr(tree) == "Node(name='root', children=(Node(name='leaf', children=()),))"
    assert dataclasses.replace(tree, name="other") == Node("other", (Node("leaf"),))
    assert pickle.loads(pickle.dumps(tree)) == tree and copy.deepcopy(tree) == tree
    match tree:
        case Node(name, children):
            assert (name, len(children)) == ("root", 1)


def test_the_model_classes_compare_hash_and_pickle_as_before() -> None:
    para = model.Paragraph(1, "body", "Text.", styles=((0, 4, "bold"),))
    assert repr(para) == (
        "Paragraph(n=1, kind='body', text='Text.', truncated=False, level=0, "
        "styles=((0, 4, 'bold'),))"
    )
    assert hash(para) == hash((1, "body", "Text.", False, 0, ((0, 4, "bold"),)))
    meta = model.Metadata("T")
    brief = model.Brief("s", model.Article(meta, (para,)), glossary=(model.Term("t", "T", "d"),))
    assert brief.entry("t") == brief.glossary[0]  # __post_init__
    assert "_by_id" not in repr(brief) and brief == brief.evolve()
    assert pickle.loads(pickle.dumps(brief)) == brief
    with pytest.raises(dataclasses.FrozenInstanceError):
        brief.slug = "other"  # type: ignore[misc]


def test_what_frozen_does_not_support_is_refused() -> None:
    with pytest.raises(TypeError):

        @frozen
        class Own:
            a: int

            def __eq__(self, other: object) -> bool:
                return True

            __hash__ = object.__hash__

    with pytest.raises(TypeError):

        @frozen
        class KwOnly:
            a: int = field(kw_only=True)

    with pytest.raises(TypeError):

        @frozen
        class Child(Made2):
            d: int = 0


class _Logged:
    """A data descriptor: a class with one keeps ``object.__setattr__`` in its __init__."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = "_" + name

    def __get__(self, obj: object, owner: type | None = None) -> object:
        return self if obj is None else getattr(obj, self.name)

    def __set__(self, obj: object, value: int) -> None:
        object.__setattr__(obj, self.name, value * 2)


def test_init_fills_the_instance_dict_in_field_order() -> None:
    made, theirs = Made(1, "y", c=(2,)), Made2(1, "y", c=(2,))
    assert list(vars(made)) == list(vars(theirs)) == ["a", "b", "seen", "c"]
    assert vars(made) == vars(theirs)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.a = 2  # type: ignore[misc]


def test_a_field_a_descriptor_owns_is_set_through_it() -> None:
    @frozen
    class Doubled:
        x: int = _Logged()  # type: ignore[assignment]

    @dataclass(frozen=True)
    class Doubled2:
        x: int = _Logged()  # type: ignore[assignment]

    assert Doubled(4).x == Doubled2(4).x == 8  # (the descriptor ran, as for a dataclass)
