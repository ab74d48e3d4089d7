"""The bulk matcher's fast path (core/xref_words.py): whole words after spaces, with
paragraphs holding a longer name's anchor matched again by the general path. Every
result is compared with the brute-force reference and with the per-paragraph path,
and each test checks which path ran."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefreader.core import xref, xref_bulk, xref_trie, xref_words
from tests.unit.test_xref import PROPS, Entries, reference_find

# ASCII, and non-ASCII characters that are not word characters (the fast path's texts)
ALPHABET = "aAbBnNoOsS  ,.-'()+*/_0123\u00a0\t\n\u2019\u2014\u201c\u201d#"
WORDS = ["ab", "AB", "Ab", "nos", "NOS", "bob", "a_b", "s0", "ban", "BAN", "o"]


class Spy:
    """Counts the fast path's scans and the general path's (re)scans."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.fast = self.general = 0
        self.redone: list[int] = []  # texts in each general scan
        real_find, real_spans = xref_words.WordScan.find, xref_bulk.BulkScanner._spans

        def find(scan: xref_words.WordScan, *args: str) -> object:
            self.fast += 1
            return real_find(scan, *args)

        def spans(scanner: xref_bulk.BulkScanner, text: str) -> object:
            self.general += 1
            self.redone.append(text.count(xref_bulk.SEP) + 1)
            return real_spans(scanner, text)

        monkeypatch.setattr(xref_words.WordScan, "find", find)
        monkeypatch.setattr(xref_bulk.BulkScanner, "_spans", spans)


def check(texts: list[str], entries: Entries) -> list[list[tuple[int, int, tuple[str, ...]]]]:
    matcher = xref.Matcher(entries)
    one_pass = matcher.find_many(texts, bulk=True)
    assert one_pass == [reference_find(t, entries) for t in texts]
    assert one_pass == matcher.find_many(texts, bulk=False)
    joined, lengths = xref_bulk.SEP.join(texts), list(map(len, texts))
    columns = matcher._bulk.find_matches(joined, lengths, matcher._ids_of)
    assert columns == xref_bulk.Matches.of(one_pass)
    assert columns.split() == one_pass
    each: set[tuple[bool, str]] = set()
    for text in texts:
        each |= matcher.names_found(text)
    assert matcher.names_found_many(texts, bulk=True) == each
    return one_pass


text_st = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(alphabet=ALPHABET, max_size=3)), max_size=25
).map(" ".join)


@PROPS
@given(
    st.lists(text_st, min_size=1, max_size=4),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=6),
    st.randoms(use_true_random=False),
)
def test_property_fast_path_equals_the_reference(
    texts: list[str], words: list[str], rnd: random.Random
) -> None:
    """Single-word names (some case-sensitive), plus names cut from the texts (several
    words, punctuation inside, at paragraph edges): the fast path, and the general
    path again for the paragraphs where a longer name's anchor is."""
    names = list(words)
    for text in texts:
        if rnd.random() < 0.5 and text:
            i = rnd.randrange(len(text))
            cut = text[i : i + rnd.randint(2, 12)]
            if any(ch.isalnum() for ch in cut) and cut.strip():
                names.append(cut)
    entries: Entries = [(f"e{k % 4}", [n]) for k, n in enumerate(names)]
    with pytest.MonkeyPatch.context() as mp:
        spy = Spy(mp)
        check(texts, entries)
    assert spy.fast == 3  # find_many, find_matches and names_found_many, each one pass


@pytest.mark.parametrize(
    ("texts", "names", "again"),
    [
        # a longer name around another: the paragraphs with its anchor (its longest
        # word) matched again, the others not
        (["the European Union and the Union", "a Union", "none"], ["European Union", "Union"], 1),
        (["European", "a Union", "Europeans", "European  Union"], ["European Union", "Union"], 2),
        (["Shangri-La, Shangri", "La"], ["Shangri-La", "Shangri", "La"], 1),
        (["U.S. and US and us", "USA"], ["U.S.", "US", "us"], 1),
        # case-sensitive and insensitive names on one word: one mention per entry
        (["US us Us uS", "US."], ["US", "us"], 0),
        (["NATO Nato nato"], ["NATO"], 0),
        # quotes, dashes and no-break spaces are spaces to the fast path
        (["\u201cBabrerk\u201d\u2014Babrerk\u2019s Babrerk\u00a0x"], ["babrerk"], 0),
        (["Babrerk", "", "xBabrerk Babrerk_ Babrerk"], ["babrerk"], 0),  # edges, empty text
    ],
)
def test_fast_path_cases(
    texts: list[str], names: list[str], again: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(monkeypatch)
    entries: Entries = [(f"e{i}", [n]) for i, n in enumerate(names)]
    matcher = xref.Matcher(entries)
    assert matcher.find_many(texts, bulk=True) == [reference_find(t, entries) for t in texts]
    assert (spy.fast, spy.redone) == (1, [again] if again else [])  # those with an anchor


def test_the_general_path_where_the_fast_one_cannot_go(monkeypatch: pytest.MonkeyPatch) -> None:
    spy = Spy(monkeypatch)
    check(["Café Babrerk", "x"], [("e1", ["babrerk"])])  # a word character outside ASCII
    assert (spy.fast, spy.general) == (0, 3)  # find_many, find_matches, names_found_many
    check(["the caf\u00e9"], [("e1", ["café"])])
    assert (spy.fast, spy.general) == (0, 6)
    # a name without any word character would have no anchor (the index ignores such
    # names, see xref.alias_problem; the scanner still refuses to go without one)
    assert not xref_words.WordScan([(False, "#"), (False, "AB")]).usable
    assert xref_words.WordScan([(False, "C++"), (False, "AB")]).anchors == {"C"}


@given(st.text(alphabet=ALPHABET + "xyzXYZ", max_size=80))
def test_spaced_keeps_offsets(text: str) -> None:
    spaced = xref_words.spaced(text)
    assert spaced is not None and len(spaced) == len(text)
    for ch, new in zip(text, spaced, strict=True):
        assert new == (ch.upper() if xref_trie.is_word(ch) else " ")
    assert xref_words.spaced("Straße") is None  # a non-ASCII word character
