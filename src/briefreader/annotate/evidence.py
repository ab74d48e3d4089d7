"""Evidence about names gathered over the whole text, used by :class:`Annotator`.

* which words the text uses as one-word names (``alone``), which start many names
  (brand words: ``Mozilla`` in ``Mozilla Foundation``, ``Mozilla Firefox`` …);
* names inside Title Case text cut to the words running text confirms;
* a city named alone that is a word of a person's name in the text is that person.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from ..core.brief import Paragraph
from .headline import inside, trim_name, trim_shaped
from .lexicon import TITLES
from .runs import Candidate
from .text import CONNECTORS, STOP_CAPS, WORD_RE, Token, fold, strip_possessive


class NameEvidence:
    paragraphs: list[Paragraph]
    toks: dict[int, list[Token]]
    runs: dict[int, list[list[Token]]]
    confirmed: set[str]
    solo: dict[str, int]
    single: set[str]
    brands: set[str]

    @staticmethod
    def _name_tokens(name: str) -> list[str]:
        words = [w for w in fold(name.replace(",", " ")).split()]
        return [
            w
            for w in words
            if not (len(w) == 2 and w.endswith(".")) and w not in ("jr.", "sr.", "jr", "sr")
        ]

    def headline_name(self, c: Candidate, spans: Sequence[tuple[int, int]]) -> Candidate | None:
        """A name inside Title Case text keeps only the words running text confirms."""
        if c.place is not None or not inside(spans, c.start):
            return c
        found = list(WORD_RE.finditer(c.text))
        words = [m.group() for m in found]
        if c.shape in ("person", "surname") and c.role is None:
            keep = trim_name(words, self.confirmed)
            if keep == 0:
                return None
            end = found[keep - 1].end()
            shape = "person" if keep >= 2 else "surname"
            if keep == len(words):
                return c
            return Candidate(
                c.text[:end], shape, c.paragraph, c.start, c.start + end, c.confidence, c.role
            )
        if c.shape in ("organisation", "term", "place") and c.role is None:
            skip = trim_shaped(words, self.confirmed)
            if skip < 0:
                return None
            if skip == 0:
                return c
            begin = found[skip].start()
            return Candidate(
                c.text[begin:], c.shape, c.paragraph, c.start + begin, c.end, c.confidence
            )
        return c

    def alone(self) -> set[str]:
        """Words the text uses as a one-word name: alone in running text or after a title.

        Also finds brand words (``self.brands``): used alone twice or more and starting
        three or more different names (``Mozilla Foundation``, ``Mozilla Firefox``,
        ``Mozilla Persona``) — a word that starts names that way is not a given name."""
        out: set[str] = set()
        self.single: set[str] = set()  # words that make a one-word run somewhere
        solo: dict[str, int] = {}
        follow: dict[str, set[str]] = {}
        for p in self.paragraphs:
            for r in self.runs[p.n]:
                while r and (fold(r[0].text) in STOP_CAPS or r[0].text.lower() in CONNECTORS):
                    r = r[1:]
                if len(r) == 1:
                    self.single.add(fold(strip_possessive(r[0].text)))
                if len(r) == 1 and not r[0].sentence_start:
                    word = fold(strip_possessive(r[0].text))
                    out.add(word)
                    solo[word] = solo.get(word, 0) + 1
                elif len(r) >= 2 and fold(r[0].text) not in TITLES:
                    follow.setdefault(fold(r[0].text), set()).add(fold(r[1].text))
                for a, b in itertools.pairwise(r):
                    if fold(a.text) in TITLES and fold(b.text) not in TITLES:
                        out.add(fold(strip_possessive(b.text)))
        self.solo = solo
        self.brands = {w for w, f in follow.items() if solo.get(w, 0) >= 2 and len(f) >= 3}
        return out

    @staticmethod
    def given_names(candidates: list[Candidate]) -> list[Candidate]:
        """A city or capital named alone that is a word of a person's name in the same
        text (``Vladimir`` after ``Vladimir Putin``; ``Washington`` in a text by George
        Washington) is that person, not the place. States keep their name."""
        words = {
            w
            for c in candidates
            if c.shape == "person"
            for w in NameEvidence._name_tokens(c.text)
            if len(w) > 2
        }
        out = []
        for c in candidates:
            if (
                c.place is not None
                and c.place.form in ("place", "capital")
                and " " not in c.text
                and fold(c.text) in words
            ):
                c = Candidate(c.text, "surname", c.paragraph, c.start, c.end, 0.5)
            out.append(c)
        return out
