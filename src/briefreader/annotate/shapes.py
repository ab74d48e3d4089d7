"""Shape rules shared by the :class:`~briefreader.annotate.runs.Scanner`: what a
capitalised run's head word says it is (an organisation, a place, a named term), the
gazetteer lookup over a run, and the small word tests they use (plurals, numerals,
ordinals, name endings)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .acronyms import ROMAN_RE
from .gazetteer import Place, lookup
from .lexicon import (
    NUMBER_WORDS,
    ORDINALS,
    ORG_HEADS,
    ORG_PREFIX_HEADS,
    PEOPLE_NOUNS,
    PLACE_HEADS,
    PLACE_PREFIX_HEADS,
    TERM_HEADS,
    TITLES,
    WEAK_TITLES,
    common_words,
)
from .text import CONNECTORS, Token, fold, strip_possessive

MAX_GAZ_WORDS = 7


@dataclass(frozen=True, slots=True)
class Candidate:
    """A surface form at ``paragraph``/``start``..``end`` and what it looks like."""

    text: str
    shape: str  # person | surname | place | state | organisation | term | acronym
    paragraph: int
    start: int
    end: int
    confidence: float
    role: str | None = None
    place: Place | None = None


def _clean(word: str) -> str:
    return strip_possessive(word)


def _singular(word: str) -> str:
    w = fold(_clean(word))
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


TERM_PREFIX_HEADS = frozenset(("charter", "treaty", "convention", "declaration", "constitution"))
EVENTS = frozenset(("session", "meeting", "sitting", "congress"))
_CAMEL_RE = re.compile(r"[a-z][A-Z]")
_NAME_PREFIX_RE = re.compile(r"(?:Mc|Mac|O'|O’|D'|D’|De|Di|Da|Du|La|Le|Van|Von|Fitz)[A-Z][a-z]+$")
_NOT_NAME_ENDINGS = ("ed", "ly", "ing", "tion", "ment", "ness", "ity", "ive", "ial", "ous")


def _not_name_ending(word: str) -> bool:
    """``Meeting``, ``Building``, ``Security``: an English word's ending (but
    ``Jinping``, ``Xiaoping`` and ``Kennedy`` are names: not common words)."""
    w = fold(_clean(word))
    return w.endswith(_NOT_NAME_ENDINGS) and (w in common_words() or len(w) > 12)


def _possessive(word: str) -> bool:
    return strip_possessive(word) != word


def _people_of(run: list[Token], p: int) -> bool:
    """``Leaders of``, ``Citizens of``, ``Principles of``: a plural noun for people (or
    another plural English word) before ``of`` does not start a name."""
    word = fold(_clean(run[p].text))
    one = _singular(run[p].text)
    return (
        one != word
        and (one in TITLES or one in PEOPLE_NOUNS or word in common_words())
        and run[p + 1].text.lower() == "of"
    )


def numeral(word: str) -> bool:
    """A Roman numeral of two letters or more (``II``, ``XIV``) or a number word
    (``Two``): the end of ``World War II``, ``Elizabeth II``, ``Louis XIV``."""
    w = _clean(word)
    return (len(w) >= 2 and bool(ROMAN_RE.match(w))) or (
        w[:1].isupper() and w.lower() in NUMBER_WORDS
    )


def ordinal(word: str) -> bool:
    """``First``, ``Second`` … before a name (``First World War``)."""
    w = word.lower()
    return w in ORDINALS and ORDINALS[w] > 0 and not w.endswith("ly")


class ShapeRules:
    """Head-word shapes of a run (organisation, place, term) and gazetteer spans."""

    def is_title(self, word: str) -> bool:
        return fold(_clean(word)) in TITLES

    def _span(self, text: str, run: list[Token], i: int, j: int) -> tuple[str, int, int]:
        start, end = run[i].start, run[j - 1].start + len(_clean(run[j - 1].text))
        return text[start:end], start, end

    def _gazetteer(self, text: str, run: list[Token], i: int) -> tuple[int, Place | None]:
        for j in range(min(len(run), i + MAX_GAZ_WORDS), i, -1):
            if run[j - 1].text.lower() in CONNECTORS:
                continue
            surface, _, _ = self._span(text, run, i, j)
            place = lookup(surface)
            if place is not None:
                return j, place
        return i, None

    def _shaped(
        self, text: str, n: int, run: list[Token], i: int
    ) -> tuple[int, list[Candidate]] | None:
        """``... Ministry``/``Ministry of ...``, ``... Sea``/``Gulf of ...``, ``... Summit``."""
        first = fold(_clean(run[i].text))
        for p in (i, i + 1):  # "Leaders of the G7", "Fellow Citizens of the Senate"
            if p + 2 < len(run) and _people_of(run, p):
                q = p + 2
                while q < len(run) - 1 and run[q].text.lower() == "the":
                    q += 1
                found = self._shaped(text, n, run, q)
                return found if found is not None else (q, [])
        if first in TERM_PREFIX_HEADS and i + 2 < len(run) and run[i + 1].text.lower() == "of":
            j = len(run)  # "Charter of the United Nations", "Treaty of Versailles"
            for q in range(i + 1, len(run)):
                if _possessive(run[q].text):
                    j = q + 1
                    break
            surface, start, end = self._span(text, run, i, j)
            return j, [Candidate(surface, "term", n, start, end, 0.75)]
        if first in ORG_PREFIX_HEADS or first in PLACE_PREFIX_HEADS:
            j = len(run)
            for q in range(i + 1, len(run)):
                if _possessive(run[q].text):
                    j = q + 1
                    break
            if first in PLACE_PREFIX_HEADS and first in ("camp", "mount", "fort", "cape", "lake"):
                j = min(j, i + 2)
            if (j - i >= 2 and run[i + 1].text.lower() in ("of", "for")) or (
                first in PLACE_PREFIX_HEADS
                and j - i >= 2
                and first in ("camp", "mount", "fort", "cape", "lake")
            ):
                shape = "organisation" if first in ORG_PREFIX_HEADS else "place"
                surface, start, end = self._span(text, run, i, j)
                return j, [Candidate(surface, shape, n, start, end, 0.8)]
        heads = ((ORG_HEADS, "organisation"), (PLACE_HEADS, "place"), (TERM_HEADS, "term"))

        def head(tok: Token) -> str | None:
            last = _singular(tok.text)
            return next(
                (sh for words, sh in heads if last in words or fold(_clean(tok.text)) in words),
                None,
            )

        stop = len(run)
        seen_head = False
        for q in range(i, len(run)):
            if run[q].text.lower() in ("and", "&") and seen_head and self._second_name(run, q + 1):
                stop = q  # "Amazon Summit and Amazon Dialogues": two names
                break
            seen_head = seen_head or (q > i and head(run[q]) is not None)
            if _possessive(run[q].text):
                stop = q + 1
                break
        for j in range(stop, i + 1, -1):
            kind = head(run[j - 1])
            if kind is None or (
                self._only_titles(run, i, j - 1)
                # "Executive Department", "Executive Office": one title word + an org word
                and not (kind == "organisation" and j - 1 - i == 1)
            ):
                continue
            if run[j - 1].text.lower() in CONNECTORS:
                continue
            # extend over "of X" (Council of Europe, Ministry of Defense of Japan)
            k = j
            if k < len(run) and numeral(run[k].text) and not _possessive(run[k - 1].text):
                k += 1  # "World War II", "World War Two"
            if (
                k + 1 < len(run)
                and run[k].text.lower() in ("of", "for")
                and not _possessive(run[j - 1].text)
            ):
                k = stop if stop > j else len(run)
                for q in range(j, k):
                    if _possessive(run[q].text):
                        k = q + 1
                        break
            if kind == "organisation":
                for q in range(i, j - 2):
                    is_event = head(run[q]) == "term" or _singular(run[q].text) in EVENTS
                    if not is_event:
                        continue
                    if run[q + 1].text.lower() in ("on", "to"):
                        # "Executive Order on … Technologies": the order, not a company
                        surface, start, end = self._span(text, run, i, q + 1)
                        return k, [Candidate(surface, "term", n, start, end, 0.75)]
                    if run[q + 1].text.lower() == "of":  # "Special Session of the UN …"
                        o = q + 2
                        while o < k - 1 and run[o].text.lower() == "the":
                            o += 1
                        i = o
                        break
            surface, start, end = self._span(text, run, i, k)
            extra = self._inner_places(text, n, run, j, k)
            of_org = any(
                head(run[q]) == "organisation" and run[q + 1].text.lower() in ("of", "for")
                for q in range(i + 1, j - 1)
            )
            if kind == "term" and of_org:  # "Institute of International Strategy"
                kind = "organisation"
            elif kind == "term":  # "UN Security Council Resolutions": the council too
                for q in range(j - 1, i + 1, -1):
                    if head(run[q - 1]) == "organisation":
                        org, o_start, o_end = self._span(text, run, i, q)
                        extra.append(Candidate(org, "organisation", n, o_start, o_end, 0.7))
                        break
            return k, [Candidate(surface, kind, n, start, end, 0.75), *extra]
        return None

    def _second_name(self, run: list[Token], q: int) -> bool:
        """Does a new name start at ``q`` (``… and Japan's Keio University``)?"""
        rest = []
        for t in run[q:]:
            rest.append(t)
            if _possessive(t.text):
                break
        words = ORG_HEADS | PLACE_HEADS | TERM_HEADS | ORG_PREFIX_HEADS
        return any(_singular(t.text) in words or fold(_clean(t.text)) in words for t in rest) or (
            q < len(run) and lookup(_clean(run[q].text)) is not None
        )

    def _inner_places(self, text: str, n: int, run: list[Token], j: int, k: int) -> list[Candidate]:
        """States and places named after ``of`` in a longer name (… Region of Hong Kong)."""
        out = []
        q = j
        while q < k:
            e, place = self._gazetteer(text, run, q)
            if place is not None:
                surface, start, end = self._span(text, run, q, e)
                out.append(Candidate(surface, place.kind, n, start, end, 0.8, place=place))
                q = e
            else:
                q += 1
        return out

    def _only_titles(self, run: list[Token], i: int, j: int) -> bool:
        """``Prime Minister``: strong titles only (``Security Council`` is a name)."""
        return all(
            self.is_title(t.text) and fold(_clean(t.text)) not in WEAK_TITLES for t in run[i:j]
        )
