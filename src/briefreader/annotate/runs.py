"""Capitalised runs of a paragraph and what shape each part of a run has.

A run is a maximal stretch of capitalised words (and connectors such as ``of``/``the``
between them) inside one sentence, with only spaces between the words. A
:class:`Scanner` cuts each run into candidate mentions: a person after a title or
in a name shape, a state or place from the gazetteer or a place shape word, an
organisation from its shape word, a named term (a declaration, summit, strategy…),
or a single word that may turn out to be a surname mentioned alone.
"""

from __future__ import annotations

from .acronyms import is_acronym
from .gazetteer import Place, lookup
from .lexicon import (
    COMPASS,
    HONORIFICS,
    INSTITUTIONS,
    NUMBER_WORDS,
    ORG_HEADS,
    PARTICLES,
    PLACE_HEADS,
    TERM_HEADS,
    TITLES,
    WEAK_TITLES,
    common_words,
)
from .shapes import (
    _CAMEL_RE,
    _NAME_PREFIX_RE,
    MAX_GAZ_WORDS,
    Candidate,
    ShapeRules,
    _clean,
    _not_name_ending,
    _possessive,
    numeral,
    ordinal,
)
from .text import CONNECTORS, STOP_CAPS, Token, fold

__all__ = ["MAX_GAZ_WORDS", "Candidate", "Scanner", "build_runs"]


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


class Scanner(ShapeRules):
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
