"""index_rows.consistent: the child's grouping by entry (order, entry counts, entry
paragraphs) checked against its mentions, off the critical path; a payload that
decode() lets through (every value in range) but whose grouping is forged is caught,
and the reader's derived data ends with the index built here."""

from __future__ import annotations

from array import array

import pytest
from hypothesis import HealthCheck, given, settings

from briefreader.core import index_ahead, index_rows
from briefreader.core.brief import Article, Brief, Metadata, Paragraph, Term
from briefreader.core.loader import load_brief
from briefreader.core.paths import resolve
from briefreader.core.xref import Index, Mention, index_brief
from briefreader.study.derived import BriefData

from .test_xref_index import IDS, brief_and_mentions

# Three paragraphs, entries a b c d (numbers 0-3) named Al, Bo, Cy, Di. In index
# order the mentions are 0: p1 a, 1: p1 b, 2: p2 a, 3: p2 c, 4: p3 b, 5: p3 a; so by
# entry (a: 0 2 5, b: 1 4, c: 3, d: none) order is 0 2 5 1 4 3 and the entry
# paragraphs 1 2 3 1 3 2.
MENTIONS = [
    Mention(1, 0, 2, "a"),
    Mention(1, 3, 5, "b"),
    Mention(2, 0, 2, "a"),
    Mention(2, 4, 6, "c"),
    Mention(3, 1, 3, "b"),
    Mention(3, 5, 7, "a"),
]
ENTRY_COUNTS, ORDER, WHERE = [3, 2, 1, 0], [0, 2, 5, 1, 4, 3], [1, 2, 3, 1, 3, 2]


TEXTS = ("Al Bo met.", "Al, Cy too.", " Bo, Al left.")


def fixture() -> tuple[Brief, Index, array[int]]:
    """The brief, its index (built here) and that index as the child sends it."""
    paragraphs = tuple(Paragraph(n, "body", text) for n, text in enumerate(TEXTS, 1))
    names = dict(zip(IDS, ("Al", "Bo", "Cy", "Di"), strict=True))
    terms = tuple(Term(i, name, f"about {name}") for i, name in names.items())
    brief = Brief(slug="t", article=Article(Metadata(title="t"), paragraphs), glossary=terms)
    index = index_brief(brief)
    assert index == Index.from_mentions(MENTIONS, IDS)
    return brief, index, array("I", index_rows.encode_index(brief, index))


def columns(words: array[int]) -> dict[str, slice]:
    """Where each column of the payload is (see index_rows' docstring)."""
    _, n, p, e = words[:4]
    at, found = 4, {}
    for name, size in zip(
        ("counts", "starts", "ends", "numbers", "entry_counts", "order", "where"),
        (p, n, n, n, e, n, n),
        strict=True,
    ):
        found[name] = slice(at, at + size)
        at += size
    return found


def forged(**changes: list[int]) -> tuple[Brief, Index]:
    """The fixture's payload with some per-entry columns replaced, decoded: decode()
    takes it (every value in range, every sum right) and its spans are the real ones."""
    brief, real, words = fixture()
    where = columns(words)
    assert words[where["entry_counts"]].tolist() == ENTRY_COUNTS
    assert words[where["order"]].tolist() == ORDER and words[where["where"]].tolist() == WHERE
    for name, values in changes.items():
        words[where[name]] = array("I", values)
    index = index_rows.decode(brief, words.tobytes())
    assert index is not None and index == real  # (equal: the same mentions)
    return brief, index


def test_the_real_grouping_is_consistent() -> None:
    brief, real, words = fixture()
    decoded = index_rows.decode(brief, words.tobytes())
    assert decoded is not None
    assert index_rows.consistent(decoded) and index_rows.consistent(real)
    assert index_rows.consistent(Index.from_mentions([], IDS))
    assert index_rows.consistent(Index.from_mentions(MENTIONS[:1], IDS))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(brief_and_mentions())
def test_every_real_index_is_consistent(case: tuple[Brief, list[Mention]]) -> None:
    brief, mentions = case
    built = Index.from_mentions(mentions, IDS)
    assert index_rows.consistent(built)
    decoded = index_rows.decode(brief, index_rows.encode_index(brief, built))
    assert decoded is not None and index_rows.consistent(decoded)


def test_the_bundled_briefs_index_is_consistent() -> None:
    brief = load_brief(resolve(None))
    index = index_brief(brief)
    assert len(index.mentions) > 50 and index_rows.consistent(index)
    decoded = index_rows.decode(brief, index_rows.encode_index(brief, index))
    assert decoded is not None and index_rows.consistent(decoded)


FORGERIES = {
    # mentions 0 (a) and 1 (b), both in paragraph 1, swapped between their groups
    "swapped across entries": {"order": [1, 2, 5, 0, 4, 3]},
    # one mention moved from a's count to b's: the sums still right
    "entry counts off, sums right": {"entry_counts": [2, 3, 1, 0]},
    # a's first mention said to be in paragraph 2 (a real paragraph, not its own)
    "a real but wrong paragraph": {"where": [2, 2, 3, 1, 3, 2]},
    # mention 2 twice in a's group (and 5 never), paragraphs as they would be
    "a duplicate in a group": {"order": [0, 2, 2, 1, 4, 3], "where": [1, 2, 2, 1, 3, 2]},
    # mention 1 (b) in b's group and again in c's (and 3 never)
    "a duplicate across groups": {"order": [0, 2, 5, 1, 4, 1], "where": [1, 2, 3, 1, 3, 1]},
    # a's mentions not in index order
    "out of order in a group": {"order": [2, 0, 5, 1, 4, 3], "where": [2, 1, 3, 1, 3, 2]},
}


@pytest.mark.parametrize("changes", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_forged_grouping_is_not_consistent(changes: dict[str, list[int]]) -> None:
    _, index = forged(**changes)
    assert not index_rows.consistent(index)


class FakeChild:
    """Stands for index_ahead.Pending, handing over a forged index."""

    def __init__(self, index: Index) -> None:
        self.index = index

    def ready(self) -> bool:
        return True

    def result(self, timeout: float | None = None) -> Index | None:
        return self.index


def test_a_forged_index_from_the_child_is_replaced_by_one_built_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    brief, bad = forged(entry_counts=[2, 3, 1, 0])
    assert bad.count_of("a") == 2  # what the panes would have shown
    monkeypatch.setattr(index_ahead, "take", lambda b: FakeChild(bad) if b is brief else None)
    data = BriefData(brief)
    assert not data.index_unchecked  # (not taken yet)
    assert data.index is bad and data.index_unchecked  # adopted at once, checked later
    rebuilt = data.checked_index()
    assert rebuilt is not None and data.index is rebuilt and not data.index_unchecked
    assert index_rows.consistent(rebuilt) and rebuilt == index_brief(brief)
    assert [rebuilt.count_of(e) for e in IDS] == [3, 2, 1, 0]
    assert rebuilt.paragraphs_of("a") == (1, 2, 3)
    assert data.checked_index() is None  # once


def test_a_real_index_from_the_child_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    brief, _, words = fixture()
    decoded = index_rows.decode(brief, words.tobytes())
    assert decoded is not None
    monkeypatch.setattr(index_ahead, "take", lambda b: FakeChild(decoded) if b is brief else None)
    data = BriefData(brief)
    assert data.index is decoded and data.checked_index() is None and data.index is decoded
    assert BriefData(brief).checked_index() is None  # built here: nothing to check
