"""Names written in capitals after initials: signature lines of proclamations and
letters (``Wm. M. EVARTS, Secretary of State.``). The capitalised word is a surname,
not an acronym; a title after the comma is the role."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .runs import Candidate
from .text import Token

_ROLE_RE = re.compile(r",\s+((?:[A-Z][\w.’'-]*)(?:\s+(?:of|for|the|and|[A-Z][\w.’'-]*))*)")


def _initial(tok: Token) -> bool:
    return len(tok.text) == 2 and tok.text[0].isupper() and tok.text.endswith(".")


def _abbreviated(text: str, tok: Token) -> bool:
    """An initial (``M.``) or an abbreviated given name (``Wm.``, ``Chas.``)."""
    t = tok.text.rstrip(".")
    return _initial(tok) or (
        text[tok.start + len(t) : tok.start + len(t) + 1] == "."
        and t[0].isupper()
        and t[1:].islower()
        and 2 <= len(t) <= 4
    )


def caps_names(text: str, n: int, toks: Sequence[Token]) -> list[Candidate]:
    """Person and surname candidates for ``<initials> SURNAME`` in one paragraph."""
    out: list[Candidate] = []
    for i, t in enumerate(toks):
        if not (t.is_upper and t.text.isalpha() and len(t.text) >= 3 and i > 0):
            continue
        j = i
        while (
            j > 0
            and (_abbreviated(text, toks[j - 1]) or (toks[j - 1].is_upper and j < i))
            and text[toks[j - 1].end : toks[j].start].strip(".") == " "
        ):
            j -= 1  # "Wm. M. EVARTS", "RUTHERFORD B. HAYES"
        if j == i or not any(_initial(x) for x in toks[j:i]):
            continue
        m = _ROLE_RE.match(text, t.end)
        role = m.group(1).rstrip(".") if m else None
        start, end = toks[j].start, t.end
        out.append(Candidate(text[start:end], "person", n, start, end, 0.7, role=role))
        out.append(Candidate(t.text, "surname", n, t.start, t.end, 0.7, role=role))
        for x in toks[j:i]:
            if x.is_upper:  # a given name in capitals: not an acronym either
                out.append(Candidate(x.text, "given", n, x.start, x.end, 0.0))
    return out


def positions(candidates: Sequence[Candidate]) -> set[tuple[int, int]]:
    """(paragraph, start) of the capitalised names: not acronyms."""
    return {(c.paragraph, c.start) for c in candidates if c.shape in ("surname", "given")}
