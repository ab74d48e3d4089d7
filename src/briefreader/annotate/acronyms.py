"""Acronyms and their expansions: Schwartz–Hearst and the forms news text uses.

* ``Expansion (ACR)`` and ``ACR (Expansion)``: Schwartz & Hearst (2003), "A simple
  algorithm for identifying abbreviation definitions in biomedical text".
* a member list in parentheses, ``AP4 (ROK, Japan, Australia and New Zealand)``:
  the list is the definition;
* the expansion elsewhere in running text (``North Atlantic Treaty Organization`` …
  ``NATO``): a capitalised run whose initials are the acronym;
* dotted forms: ``U.S.`` is ``US``.

Not acronyms: document references such as ``TIP0013``, Roman numerals, single
capitals, words of all-caps headlines (the caller skips those paragraphs), time
zones and clock abbreviations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .text import words

PAREN_RE = re.compile(r"\(([^()]{1,160})\)")
ROMAN_RE = re.compile(r"(?=[MDCLXVI])M{0,3}(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})\Z")
DOC_REF_RE = re.compile(r"[A-Z]{2,}[-_]?\d{3,}[A-Z]?\Z")
NOT_ACRONYMS = words(
    "AM PM EDT EST CDT CST MDT MST PDT PST GMT UTC BST CET CEST JST KST HKT OK TBD ET PT Q A.M P.M"
)
_LIST_SPLIT_RE = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
CONNECT = frozenset({"of", "the", "and", "for", "on", "in", "to", "&", "de", "du", "des", "a"})


def bare(short: str) -> str:
    """``U.S.`` -> ``US``: the acronym without dots."""
    return short.replace(".", "")


def is_acronym(word: str) -> bool:
    """At least two capital letters, no lower-case letter except a plural ``s``, 2-10
    characters, not a Roman numeral, a document reference or a clock/zone word."""
    w = word.rstrip(".") if word.count(".") <= 1 else word
    if w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    core = bare(w)
    if not 2 <= len(core) <= 10 or not core[0].isalnum():
        return False
    uppers = sum(ch.isupper() for ch in core)
    digits = any(ch.isdigit() for ch in core)
    if digits and ("-" in w or not core[0].isupper()):
        return False  # F-16, 5G: designations, not acronyms
    if (
        uppers < (1 if digits else 2)
        or any(ch.islower() for ch in core)
        or not core.replace("-", "").isalnum()
    ):
        return False
    if core in NOT_ACRONYMS or DOC_REF_RE.match(core) or ROMAN_RE.match(core):
        return False
    return not core.isdigit()


def written(word: str) -> str:
    """An acronym as written, without trailing punctuation or a plural ``s``."""
    w = word.rstrip(",;:")
    if w.endswith("s") and w[:-1].replace(".", "").isupper():
        w = w[:-1]
    return w


def normalise_acronym(word: str) -> str:
    """The form an acronym is keyed by: dots kept off, a plural ``s`` dropped."""
    w = word.rstrip(".") if word.count(".") <= 1 else word
    if w.endswith("s") and not w.endswith("ss") and w[:-1].isupper():
        w = w[:-1]
    return bare(w)


_DIGIT_WORDS = {
    "2": "two",
    "3": "three",
    "4": "four",
    "5": "five",
    "6": "six",
    "7": "seven",
    "8": "eight",
}
_POSSESSIVE_END_RE = re.compile(r"(?<=\w)(?:['’]s|(?<=s)['’])$")


def best_long_form(short: str, long: str) -> str | None:
    """Schwartz–Hearst: the shortest suffix of ``long`` whose characters contain the
    short form's in order, its first character starting a word. A final single digit
    may stand for a number word (``G7`` = ``Group of Seven``)."""
    found = _best_long_form(bare(short), long)
    m = re.fullmatch(r"([A-Z]+)(\d)", bare(short))
    if found is None and m and m.group(2) in _DIGIT_WORDS:
        number = _DIGIT_WORDS[m.group(2)]
        found = _best_long_form(m.group(1) + number[0].upper(), long)
        if found is not None and found.split()[-1].lower() != number:
            found = None
    return found


def _best_long_form(sf: str, long: str) -> str | None:
    s, i = len(sf) - 1, len(long) - 1
    while s >= 0:
        c = sf[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while i >= 0 and (long[i].lower() != c or (s == 0 and i > 0 and long[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start = (
        max(long.rfind(" ", 0, i + 1), long.rfind("\u201c", 0, i + 1), long.rfind('"', 0, i + 1))
        + 1
    )
    found = long[start:].strip(" \"“”‘’'")
    return found or None


def _valid_pair(short: str, long: str) -> bool:
    sf = bare(short)
    words = long.split()
    if len(long) <= len(sf) or sf.lower() in (w.lower() for w in words):
        return False
    if len(words) > min(len(sf) + 5, len(sf) * 2):
        return False
    # every capitalised content word of the expansion should start with a letter of it
    initials = [w[0].lower() for w in words if w[0].isupper()]
    letters = sf.lower()
    return words[0][0].lower() == letters[0] and all(ch in letters for ch in initials[:1])


@dataclass(frozen=True)
class Expansion:
    short: str  # as written (``U.S.``), possessive and plural stripped
    long: str | None  # the expansion as written in the text
    members: str | None = None  # a member list given in parentheses
    paragraph: int = 0


def in_parentheses(text: str, paragraph: int) -> list[Expansion]:
    """Both Schwartz–Hearst forms and member lists in one paragraph."""
    out: list[Expansion] = []
    for m in PAREN_RE.finditer(text):
        inside = m.group(1).strip()
        before = text[: m.start()].rstrip()
        words_inside = inside.split()
        if len(words_inside) <= 2 and is_acronym(words_inside[0].rstrip(",;")):
            short = normalise_acronym(words_inside[0].rstrip(",;"))
            window = before.split()[-min(len(short) + 5, len(short) * 2) :]
            # "the International Atomic Energy Agency’s (IAEA)": the name without the ’s
            candidate = _POSSESSIVE_END_RE.sub("", " ".join(window))
            long = best_long_form(short, candidate)
            if long and _valid_pair(short, long):
                out.append(Expansion(written(words_inside[0]), long, None, paragraph))
            continue
        prev = before.split()[-1] if before.split() else ""
        prev = prev.rstrip(",;:")
        if prev and is_acronym(prev) and len(words_inside) >= 2:
            short = normalise_acronym(prev)
            long = best_long_form(short, inside)
            if long and long == inside.strip(' "“”') and _valid_pair(short, long):
                out.append(Expansion(written(prev), long, None, paragraph))
            elif _LIST_SPLIT_RE.search(inside) and len(_LIST_SPLIT_RE.split(inside)) >= 2:
                out.append(Expansion(written(prev), None, inside, paragraph))
    return out


def expansion_in_runs(short: str, runs: Iterable[str]) -> str | None:
    """A capitalised run (``North Atlantic Treaty Organization``) whose initials spell
    the acronym; the shortest such contiguous stretch of a run."""
    target = bare(short).upper()
    if not target.isalpha() or len(target) < 2:
        return None
    for run in runs:
        words = run.split()
        for i in range(len(words)):
            if not words[i][:1].isupper() or words[i].lower() in CONNECT:
                continue
            letters = ""
            for j in range(i, len(words)):
                w = words[j]
                if w.lower() in CONNECT:
                    continue
                if not w[:1].isupper() or w.isupper():
                    break
                letters += w[0]
                if letters == target:
                    nxt = words[j + 1] if j + 1 < len(words) else ""
                    if nxt[:1].isupper() and not nxt.isupper():
                        break  # "Lesser General" of "Lesser General Public License": a part
                    return " ".join(words[i : j + 1])
                if not target.startswith(letters):
                    break
    return None
