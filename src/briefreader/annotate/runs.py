"""Capitalised runs of a paragraph and what shape each part of a run has.

A run is a maximal stretch of capitalised words (and connectors such as ``of``/``the``
between them) inside one sentence, with only spaces between the words. A
:class:`Scanner` cuts each run into candidate mentions: a person after a title or
in a name shape, a state or place from the gazetteer or a place shape word, an
organisation from its shape word, a named term (a declaration, summit, strategy…),
or a single word that may turn out to be a surname mentioned alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .acronyms import ROMAN_RE, is_acronym
from .gazetteer import Place, lookup
from .lexicon import (
    COMPASS,
    HONORIFICS,
    INSTITUTIONS,
    NUMBER_WORDS,
    ORDINALS,
    ORG_HEADS,
    ORG_PREFIX_HEADS,
    PARTICLES,
    PEOPLE_NOUNS,
    PLACE_HEADS,
    PLACE_PREFIX_HEADS,
    TERM_HEADS,
    TITLES,
    WEAK_TITLES,
    common_words,
)
from .text import CONNECTORS, STOP_CAPS, Token, fold, strip_possessive

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


def build_runs(text: str, toks: list[Token]) -> list[list[Token]]:
    runs: list[list[Token]] = []
    current: list[Token] = []
    for i, tok in enumerate(toks):
        gap_ok = bool(current) and text[current[-1].end : tok.start].strip() == ""
        lower = tok.text.lower()
        if tok.is_cap or is_acronym(tok.text):
            if current and (not gap_ok or tok.sentence_start):
                runs.append(current)
                current = []
            current.append(tok)
        elif lower in CONNECTORS and current and gap_ok and i + 1 < len(toks):
            nxt = toks[i + 1]
            if lower in ("of", "for", "on") and nxt.text.lower() == "the" and i + 2 < len(toks):
                # "Department of the Treasury" (but "X and the Y" are two names)
                nxt = toks[i + 2]
            if (nxt.is_cap or lower in PARTICLES) and text[tok.end : nxt.start].strip(
                " " + "".join(CONNECTORS)
            ) == "":
                current.append(tok)
            else:
                runs.append(current)
                current = []
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    out = []
    for run in runs:
        while run and run[-1].text.lower() in CONNECTORS:
            run = run[:-1]
        if run:
            out.append(run)
    return out


class Scanner:
    """Cuts runs into candidates; ``lower`` is the document's lower-case vocabulary."""

    def __init__(
        self, lower: set[str], alone: set[str] | None = None, brands: set[str] | None = None
    ) -> None:
        self.lower = lower
        self.alone = alone or set()  # words the text also uses as a one-word name
        self.brands = brands or set()  # words that start many names (Mozilla)

    # -- word tests -------------------------------------------------------------
    def common(self, word: str) -> bool:
        w = fold(_clean(word))
        return w in STOP_CAPS or w in self.lower

    def is_title(self, word: str) -> bool:
        return fold(_clean(word)) in TITLES

    def name_like(self, tok: Token) -> bool:
        w = _clean(tok.text)
        f = fold(w)
        if (
            not w[:1].isupper()
            or tok.is_upper
            or not w.replace("-", "").replace("'", "").replace("’", "").replace(".", "").isalpha()
        ):
            return False
        if len(w) == 2 and w.endswith("."):
            return True  # an initial: Joseph R. Biden
        if _CAMEL_RE.search(w) and not _NAME_PREFIX_RE.match(w):
            return False  # "OpenOffice", "SeaMonkey": a product, not a name
        if f in TITLES or f in ORG_HEADS or f in PLACE_HEADS or f in TERM_HEADS:
            return False
        if f in NUMBER_WORDS or f == "one":
            return False  # "Alcatel One Touch": a number word is never part of a name
        return not (f in STOP_CAPS or f in self.lower)

    # -- scanning -----------------------------------------------------------------
    def scan(self, text: str, n: int, run: list[Token]) -> list[Candidate]:
        out: list[Candidate] = []
        lead: Token | None = None  # the word stripped just before the run's rest
        # leading function words and common words at a sentence start
        while run and (
            fold(run[0].text) in STOP_CAPS
            or run[0].text.lower() in CONNECTORS
            or (
                run[0].sentence_start
                and self.common(run[0].text)
                and not self.is_title(run[0].text)
                and lookup(_clean(run[0].text)) is None
            )
            or self._adverb_before_name(run)
        ):
            lead, run = run[0], run[1:]
        i = 0
        self._skipped = False
        while i < len(run):
            j, found = self._at(text, n, run, i)
            out.extend(found)
            # "Joe Hewitt and Blake Ross": after "and" a new name may start
            self._skipped = not found and run[i].text.lower() not in ("and", "&")
            i = max(j, i + 1)
        if (
            lead is not None
            and ordinal(lead.text)
            and out
            and out[0].start == run[0].start
            and out[0].shape in ("term", "organisation")
            and text[lead.end : run[0].start] == " "
        ):  # "the First World War", "the Second Vatican Council"
            c = out[0]
            out[0] = Candidate(
                text[lead.start : c.end], c.shape, n, lead.start, c.end, c.confidence, c.role
            )
        return out

    def _adverb_before_name(self, run: list[Token]) -> bool:
        """``Thankfully Zelenskyy``, ``Represent Mozilla``: a sentence-initial English
        adverb before a word the text uses alone as a name, or any English word before a
        brand word."""
        w = fold(_clean(run[0].text))
        nxt = fold(_clean(run[1].text)) if len(run) >= 2 else ""
        return (
            run[0].sentence_start
            and len(run) >= 2
            and w in common_words()
            and ((w.endswith("ly") and nxt in self.alone) or nxt in self.brands)
        )

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

    def _at(self, text: str, n: int, run: list[Token], i: int) -> tuple[int, list[Candidate]]:
        tok = run[i]
        word = _clean(tok.text)
        low = fold(word)
        if low in CONNECTORS or low in STOP_CAPS:
            return i + 1, []
        j, place = self._gazetteer(text, run, i)
        if place is not None and (j == len(run) or run[j].text.lower() in ("and", "&")):
            surface, start, end = self._span(text, run, i, j)
            return j, [Candidate(surface, place.kind, n, start, end, 0.9, place=place)]
        if (
            i + 1 < len(run)
            and self.is_title(run[i + 1].text)
            and not _possessive(tok.text)
            and (is_acronym(word) or lookup(word) is not None)
        ):  # "NATO Secretary General Jens Stoltenberg", "Japanese Prime Minister ..."
            j, found = self._titled(text, n, run, i + 1, lead=i)
            if found:
                place = lookup(word)
                if place is not None:
                    end = tok.start + len(word)
                    found.insert(
                        0, Candidate(word, place.kind, n, tok.start, end, 0.9, place=place)
                    )
                return j, found
        # organisation / place / term shapes with a head word later in the run
        shaped = self._shaped(text, n, run, i)
        if shaped is not None:
            return shaped
        j, place = self._gazetteer(text, run, i)
        if place is not None and not self._given_name(run, i, j, place):
            surface, start, end = self._span(text, run, i, j)
            return j, [Candidate(surface, place.kind, n, start, end, 0.9, place=place)]
        if is_acronym(tok.text) and not self.is_title(word):  # "CEO Sam Yagan": a title
            return i + 1, []  # acronyms are collected separately
        if low in COMPASS:
            return self._compass(text, n, run, i)
        if self.is_title(word) or low in HONORIFICS:
            return self._titled(text, n, run, i)
        k = i
        while (
            k < len(run)
            and (k == i or self._surname_or_not_place(text, run, i, k))
            and (
                self.name_like(run[k])
                or (
                    run[k].text.lower() in PARTICLES
                    and k + 1 < len(run)
                    and self.name_like(run[k + 1])
                    and k > i
                )
            )
        ):
            k += 1
            if _possessive(run[k - 1].text):
                break
        if k > i and k < len(run) and numeral(run[k].text) and not _possessive(run[k - 1].text):
            k += 1  # "Louis XIV", "Elizabeth II"
        if (
            2 <= k - i <= 5
            and not (i > 0 and self._skipped)
            and not _not_name_ending(run[k - 1].text)
        ):
            surface, start, end = self._span(text, run, i, k)
            return k, [Candidate(surface, "person", n, start, end, 0.6)]
        if k - i == 1 or (k == i and _CAMEL_RE.search(word) and word.isalpha()):
            k = i + 1  # a one-word name ("OkCupid" too: it may be used alone again)
            surface, start, end = self._span(text, run, i, k)
            return k, [Candidate(surface, "surname", n, start, end, 0.4)]
        if fold(word) in INSTITUTIONS and not tok.sentence_start:
            surface, start, end = self._span(text, run, i, i + 1)
            return i + 1, [Candidate(surface, "organisation", n, start, end, 0.7)]
        return i + 1, []

    def _surname_or_not_place(self, text: str, run: list[Token], i: int, k: int) -> bool:
        """May the name starting at ``i`` go on over ``run[k]``? Not over a gazetteer
        hit, except a one-word city or capital right after a given name that is no
        place itself (``George Washington``, ``Jack London``)."""
        j, place = self._gazetteer(text, run, k)
        if place is None:
            return True
        return (
            k == i + 1
            and j == k + 1
            and place.form in ("place", "capital")
            and " " not in self._span(text, run, k, j)[0]
        )

    def _compass(self, text: str, n: int, run: list[Token], i: int) -> tuple[int, list[Candidate]]:
        """``Mid East``, ``Far East``: compass words together are a region; before
        anything else (``Western European``, ``Northern Syria``) the compass word is
        dropped and the rest read on its own."""
        j = i
        while j < len(run) and fold(_clean(run[j].text)) in COMPASS:
            j += 1
        if j - i >= 2 and (j == len(run) or not self.name_like(run[j])):
            surface, start, end = self._span(text, run, i, j)
            return j, [Candidate(surface, "place", n, start, end, 0.7)]
        return i + 1, []

    def _given_name(self, run: list[Token], i: int, j: int, place: Place) -> bool:
        """A one-word city or region that is a given name here: ``Vladimir Putin``,
        ``Paris Hilton`` — directly followed by a surname-shaped word that the text also
        uses alone as a name, or that is no English word while the city is never named
        alone (never a state's own name: ``Japan`` is not a given name)."""
        if place.form not in ("place", "capital") or j != i + 1 or j >= len(run):
            return False
        nxt = run[j]
        word = fold(_clean(nxt.text))
        also = lookup(_clean(nxt.text))
        return (
            self.name_like(nxt)
            and word != fold(_clean(run[i].text))
            # "George Washington": both are cities, but a capital never starts a name
            and (also is None or (also.form in ("place", "capital") and place.form == "place"))
            and (
                word in self.alone  # "Putin" is used alone too
                # or: an uncommon word after a city the text never names alone
                or (
                    also is None
                    and fold(_clean(run[i].text)) not in self.alone
                    and (
                        word not in common_words()
                        # "Mary Smith"; but not "Berlin Wall" (a capital), "Dallas Cowboys"
                        or (place.form == "place" and not word.endswith("s"))
                    )
                )
            )
            and not (j + 1 < len(run) and run[j + 1].text.lower() in CONNECTORS)
        )

    def _title_follows(self, run: list[Token], j: int) -> bool:
        return j < len(run) and self.is_title(run[j].text)

    def _titled(
        self, text: str, n: int, run: list[Token], i: int, lead: int | None = None
    ) -> tuple[int, list[Candidate]]:
        """Title words (``Prime Minister``), then a name: a person with that role.

        ``lead`` is where a qualifier before the title starts (``NATO``, ``Japanese``);
        ``Special Envoy for Yemen Tim Lenderking`` keeps ``for Yemen`` in the role."""
        k = i
        strong = False
        while k < len(run):
            if self.is_title(run[k].text) or run[k].text.lower() in HONORIFICS:
                if fold(_clean(run[k].text)) not in WEAK_TITLES:
                    strong = True
                k += 1
                continue
            if run[k].text.lower() in ("for", "of") and k > i and k + 1 < len(run):
                q, place = self._gazetteer(text, run, k + 1)
                if place is not None and q < len(run) and self.name_like(run[q]):
                    k = q
                    continue
                if self.is_title(run[k + 1].text):  # "Secretary of State", "… of Defense"
                    k += 1
                    continue
            break
        role_end = k
        if lead is not None:
            i = lead
        m = k
        while m < len(run) and (
            self.name_like(run[m])
            or (run[m].text.lower() in PARTICLES and m + 1 < len(run) and m > k)
        ):
            m += 1
            if _possessive(run[m - 1].text):
                break
        if m > k and m < len(run) and numeral(run[m].text) and not _possessive(run[m - 1].text):
            m += 1  # "King Charles III"
        if not strong or m == k or m - k > 5:
            return max(k, i + 1), []
        role, _, _ = self._span(text, run, i, role_end)
        surface, start, end = self._span(text, run, k, m)
        # a trailing ", Jr." belongs to the name
        tail = text[end : end + 6]
        if tail.startswith((", Jr.", ", Sr.")):
            end += 5
            surface = text[start:end]
        cand = Candidate(
            surface, "person" if m - k >= 2 else "surname", n, start, end, 0.9, role=role
        )
        # "President Yoon Suk Yeol of the Republic of Korea": the role goes on
        if m < len(run) and run[m].text.lower() == "of":
            q = m + 1
            while q < len(run) and run[q].text.lower() in ("the",):
                q += 1
            if q < len(run):
                j, place = self._gazetteer(text, run, q)
                if place is not None:
                    _, _, place_end = self._span(text, run, q, j)
                    where = text[run[m].start : place_end]  # "of the Republic of Korea"
                    cand = Candidate(
                        cand.text, cand.shape, n, start, end, 0.9, role=f"{role} {where}"
                    )
        return m, [cand]

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
