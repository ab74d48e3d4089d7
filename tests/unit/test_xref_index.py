"""The index's columns: views made on first use equal the eager ones, and the bytes
the index child sends (core/index_rows.py) decode to the same index or to nothing."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import product
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefreader.core import index_rows
from briefreader.core.brief import Article, Brief, Metadata, Paragraph, Term
from briefreader.core.xref import Index, Mention, index_brief

IDS = ("a", "b", "c", "d")


def reference(mentions: Sequence[Mention], ids: Sequence[str]) -> dict[str, object]:
    """The views as the eager index built them (sorted mentions, grouped twice)."""
    ordered = sorted(mentions, key=lambda m: (m.paragraph, m.start, m.entry_id))
    keys = dict.fromkeys(ids) | dict.fromkeys(m.entry_id for m in ordered)
    by_entry = {k: tuple(m for m in ordered if m.entry_id == k) for k in keys}
    by_paragraph: dict[int, tuple[Mention, ...]] = {}
    for m in ordered:
        by_paragraph[m.paragraph] = (*by_paragraph.get(m.paragraph, ()), m)
    return {"mentions": tuple(ordered), "by_entry": by_entry, "by_paragraph": by_paragraph}


def same_views(index: Index, expected: dict[str, object]) -> None:
    by_entry = expected["by_entry"]
    by_paragraph = expected["by_paragraph"]
    assert isinstance(by_entry, dict) and isinstance(by_paragraph, dict)
    assert list(index.by_entry) == list(by_entry)
    assert list(index.by_paragraph) == sorted(by_paragraph)
    assert len(index.by_paragraph) == len(by_paragraph)
    for entry_id, ms in by_entry.items():  # cold: each made on its own
        assert index.mentions_of(entry_id) == ms
        assert index.paragraphs_of(entry_id) == tuple(m.paragraph for m in ms)
        assert index.count_of(entry_id) == len(ms)
        assert entry_id in index.by_entry
    for n, ms in by_paragraph.items():
        assert index.by_paragraph[n] == ms and n in index.by_paragraph
        assert index.entries_in(n) == tuple(dict.fromkeys(m.entry_id for m in ms))
        for offset in {m.start for m in ms} | {m.end - 1 for m in ms} | {m.end for m in ms}:
            assert index.at(n, offset) == tuple(
                m for m in ms if m.start <= offset < m.end and m.start == _first(ms, offset)
            )
    assert index.mentions == expected["mentions"]  # and all at once
    assert dict(index.by_entry) == by_entry and dict(index.by_paragraph) == by_paragraph
    for missing in (-1, 10**6):
        assert missing not in index.by_paragraph and index.by_paragraph.get(missing) is None
        assert index.entries_in(missing) == () and index.at(missing, 0) == ()
    assert "zz" not in index.by_entry and index.mentions_of("zz") == ()
    assert index.paragraphs_of("zz") == () and index.count_of("zz") == 0


def _first(ms: Sequence[Mention], offset: int) -> int:
    """The start of the last span starting at or before ``offset`` (what ``at`` finds)."""
    return max((m.start for m in ms if m.start <= offset), default=-1)


mention = st.builds(
    Mention,
    st.integers(1, 6),
    st.integers(0, 40),
    st.integers(1, 8),
    st.sampled_from((*IDS, "x")),
).map(lambda m: m._replace(end=m.start + m.end))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mention, max_size=40, unique=True), st.lists(st.sampled_from(IDS), unique=True))
def test_the_views_are_the_eager_ones(mentions: list[Mention], ids: list[str]) -> None:
    expected = reference(mentions, ids)
    same_views(Index.from_mentions(mentions, ids), expected)
    assert hash(Index.from_mentions(mentions, ids)) == hash(Index.from_mentions(mentions, ids))


def brief_for(lengths: Sequence[int], numbers: Sequence[int] | None = None) -> Brief:
    numbers = numbers or range(1, len(lengths) + 1)
    paragraphs = tuple(
        Paragraph(n, "body", "x" * length) for n, length in zip(numbers, lengths, strict=True)
    )
    terms = tuple(Term(i, i.upper(), f"about {i}") for i in IDS)
    return Brief(slug="t", article=Article(Metadata(title="t"), paragraphs), glossary=terms)


@st.composite
def brief_and_mentions(draw: st.DrawFn) -> tuple[Brief, list[Mention]]:
    lengths = draw(st.lists(st.integers(1, 30), min_size=1, max_size=8))
    numbers = draw(st.permutations(range(1, len(lengths) + 1)))
    brief = brief_for(lengths, numbers)
    length = {p.n: len(p.text) for p in brief.paragraphs}
    found = set()
    for _ in range(draw(st.integers(0, 30))):
        n = draw(st.sampled_from(sorted(length)))
        start = draw(st.integers(0, length[n] - 1))
        end = draw(st.integers(start + 1, length[n]))
        found.add(Mention(n, start, end, draw(st.sampled_from(IDS))))
    return brief, sorted(found)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(brief_and_mentions())
def test_decoded_rows_are_the_same_index(case: tuple[Brief, list[Mention]]) -> None:
    brief, mentions = case
    eager = Index.from_mentions(mentions, IDS)
    data = index_rows.encode_index(brief, eager)
    decoded = index_rows.decode(brief, data)
    assert decoded is not None and decoded == eager
    same_views(index_rows.decode(brief, data) or eager, reference(mentions, IDS))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(brief_and_mentions(), st.data())
def test_damaged_rows_are_refused_or_still_fit_the_brief(
    case: tuple[Brief, list[Mention]], data: st.DataObject
) -> None:
    brief, mentions = case
    words = array("I", index_rows.encode_index(brief, Index.from_mentions(mentions, IDS)))
    i = data.draw(st.integers(0, len(words) - 1))
    words[i] = data.draw(
        st.one_of(st.integers(0, 40), st.sampled_from([2**31 - 1, 2**31, 2**32 - 1]))
    )
    decoded = index_rows.decode(brief, words.tobytes())
    if decoded is None:
        return
    length = {p.n: len(p.text) for p in brief.paragraphs}
    for m in decoded.mentions:  # whatever it says, it fits: no span or entry out of range
        assert 0 <= m.start < m.end <= length[m.paragraph] and m.entry_id in IDS
    for entry_id in IDS:
        assert len(decoded.mentions_of(entry_id)) == len(decoded.paragraphs_of(entry_id))
        for m in decoded.mentions_of(entry_id):
            assert 0 <= m.start < m.end <= length[m.paragraph]
        assert all(n in length for n in decoded.paragraphs_of(entry_id))


def test_rows_of_a_brief_with_a_repeated_paragraph_number_are_refused() -> None:
    brief = brief_for([5, 5], [1, 1])
    assert index_rows.encode_index(brief, index_brief(brief)) == b""
    good = brief_for([5, 5])
    assert index_rows.decode(brief, index_rows.encode_index(good, index_brief(good))) is None


def test_the_lazy_views_behave_as_mappings() -> None:
    """by_paragraph (paragraphs with mentions) and by_entry (every entry id): the
    Mapping protocol as a dict of the same items has it, cold and after access."""
    b2, a5, b5 = Mention(2, 0, 2, "b"), Mention(5, 1, 3, "a"), Mention(5, 4, 6, "b")
    index = Index.from_mentions([b5, a5, b2], ("c", "a", "b"))
    by_paragraph, by_entry = index.by_paragraph, index.by_entry
    assert len(by_paragraph) == 2 and list(by_paragraph) == [2, 5]
    assert len(by_entry) == 3 and list(by_entry) == ["c", "a", "b"]  # the ids' order
    loose: tuple[Any, Any] = (by_paragraph, by_entry)  # keys of any type
    for view, missing in product(loose, (3, -1, "2", "zz", 2.0, None, True)):
        assert missing not in view and view.get(missing) is None
        assert view.get(missing, ()) == ()
        with pytest.raises(KeyError):
            view[missing]
    assert 5 in by_paragraph and "c" in by_entry and by_entry["c"] == ()
    for _ in range(2):  # cold, then made and kept
        assert by_paragraph.get(5) == (a5, b5) and by_paragraph[2] == (b2,)
        assert by_entry.get("b") == (b2, b5) and by_entry["a"] == (a5,)
        assert by_paragraph == {2: (b2,), 5: (a5, b5)} and by_paragraph != {2: (b2,)}
        assert by_entry == {"c": (), "a": (a5,), "b": (b2, b5)}
        assert dict(by_paragraph.items()) == {2: (b2,), 5: (a5, b5)}
        assert list(by_entry.keys()) == ["c", "a", "b"]
        assert repr(by_paragraph) == repr({2: (b2,), 5: (a5, b5)})
    assert loose[0] != loose[1] and Index.from_mentions([]).by_paragraph == {}


def test_an_index_is_immutable_and_pickles() -> None:
    import pickle

    index = Index.from_mentions([Mention(1, 0, 2, "a"), Mention(2, 1, 3, "b")], IDS)
    with pytest.raises(AttributeError):
        index.by_entry = {}
    with pytest.raises(TypeError):
        index.by_paragraph[3] = ()  # type: ignore[index]
    assert pickle.loads(pickle.dumps(index)) == index
    assert "Mention(paragraph=1" in repr(index)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(
            st.tuples(
                st.integers(0, 30),
                st.integers(1, 5),
                st.lists(st.sampled_from((*IDS, "x")), min_size=1, max_size=2, unique=True),
            ),
            max_size=5,
        ),
        max_size=6,
    ),
    st.lists(st.sampled_from(IDS), unique=True),
)
def test_columns_of_the_matchers_columns_are_the_same(
    found: list[list[tuple[int, int, list[str]]]], ids: list[str]
) -> None:
    from briefreader.core.xref_bulk import Matches
    from briefreader.core.xref_index import columns_of, columns_of_matches

    spans = [[(s, s + length, tuple(sorted(e))) for s, length, e in texts] for texts in found]
    numbers = list(range(1, len(spans) + 1))
    expected = columns_of(numbers, spans, ids)
    assert columns_of_matches(numbers, Matches.of(spans), ids) == expected
