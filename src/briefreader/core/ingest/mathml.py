"""MathML -> one line of text a reader can follow: ``x_1,…,x_N``, ``σ_i^2``,
``(a+b)/(2N)``, ``∑_(k≠i) q_ik``, ``√(x)``.

trafilatura drops ``<math>``, which leaves holes in the sentences of any page with
formulas ("Given a set of objects , t-SNE computes"). A subscript is written ``_``, a
superscript ``^``, a fraction ``/``, a root ``√``, and a part longer than one letter or
number goes in parentheses; relations at the top level (``=``, ``≤``, ``∈`` ...) get a
space either side. Annotations (the TeX source) are not read.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["linear"]

_RELATIONS = frozenset("=≠<>≤≥≈≡∈∉⊂⊆→←↔⇒⇔∼≃∝")
_INVISIBLE = str.maketrans("", "", "\u2061\u2062\u2063\u2064")  # function application etc.
_SKIP = frozenset({"annotation", "annotation-xml", "mphantom", "none", "mprescripts"})
_TOKENS = frozenset({"mi", "mn", "mo", "mtext", "ms"})
_BIG = frozenset("∑∏∐∫∬∭∮⋃⋂⋁⋀⨁⨂")
# one letter or number, a word, or one with a plain script: x, 10, exp, x_i, p_(j|i), σ_i^2
_SIMPLE = re.compile(r"[^\W_]+(?:_(?:[^\W_]+|\([^()]*\)))?(?:\^(?:[^\W_]+|\([^()]*\)))?")


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _group(text: str, *, strict: bool = False) -> str:
    """A script, numerator or denominator: bare if it is one letter/number (or, for
    scripts, letters and digits: ``p_ij``), else in parentheses. ``strict`` (fractions):
    bare only if it is one letter, a number, or one with a plain script."""
    if len(text) <= 1 or text.isdigit():
        return text
    if strict:
        return text if _SIMPLE.fullmatch(text) and not text[0].isdigit() else f"({text})"
    if text.isalnum():
        return text
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        return text
    return f"({text})"


def _children(node: Any) -> list[Any]:
    return [c for c in node if _local(c.tag) and _local(c.tag) not in _SKIP]


def _text(node: Any, top: bool) -> str:
    tag = _local(node.tag)
    if tag in _SKIP or not tag:
        return ""
    if tag in _TOKENS:
        token = " ".join("".join(node.itertext()).split()).translate(_INVISIBLE)
        if tag == "mo" and top and token in _RELATIONS:
            return f" {token} "
        return token
    if tag == "mspace":
        return " "
    kids = _children(node)
    if tag == "semantics":  # the presentation is the first child; annotations follow
        return _text(kids[0], top) if kids else ""
    if tag in ("math", "mrow", "mstyle", "mpadded", "menclose", "merror", "mtd"):
        return _row(kids, top and tag != "mtd")
    parts = [_text(k, False) for k in kids]
    big = " " if kids and parts[0] in _BIG else ""  # ∑_(k≠i) q_ik, not ∑_(k≠i)q_ik
    if tag in ("msub", "munder") and len(kids) == 2:
        return f"{parts[0]}_{_group(parts[1])}{big}"
    if tag in ("msup", "mover") and len(kids) == 2:
        return f"{parts[0]}^{_group(parts[1])}"
    if tag in ("msubsup", "munderover") and len(kids) == 3:
        return f"{parts[0]}_{_group(parts[1])}^{_group(parts[2])}{big}"
    if tag == "mfrac" and len(kids) == 2:
        return f"{_group(parts[0], strict=True)}/{_group(parts[1], strict=True)}"
    if tag == "msqrt":
        return "√" + _group("".join(parts))
    if tag == "mroot" and len(kids) == 2:
        return f"{_group(parts[1])}√{_group(parts[0])}"
    if tag == "mfenced":
        opening, closing = str(node.get("open", "(")), str(node.get("close", ")"))
        return opening + str(node.get("separators", ","))[:1].join(parts) + closing
    if tag == "mtable":
        return "; ".join(parts)
    if tag in ("mtr", "mlabeledtr"):
        return ", ".join(parts)
    return "".join(parts)


def _operator(node: Any) -> bool:
    """A visible operator (not the invisible "function application" after ``log``)."""
    return _local(node.tag) == "mo" and bool("".join(node.itertext()).translate(_INVISIBLE).strip())


def _is_fraction(node: Any) -> bool:
    """A fraction, or a row (style) holding only one."""
    tag = _local(node.tag)
    if tag == "mfrac":
        return True
    kids = _children(node)
    return tag in ("mrow", "mstyle") and len(kids) == 1 and _is_fraction(kids[0])


def _row(kids: list[Any], top: bool) -> str:
    """Children side by side. A fraction next to something that is not an operator goes
    in parentheses (``log(p/q)``, not ``logp/q``); a function name after a letter or a
    closing parenthesis gets a space (``p_ij log``)."""
    out = ""
    for i, kid in enumerate(kids):
        piece = _text(kid, top)
        tag = _local(kid.tag)
        if _is_fraction(kid) and len(kids) > 1:
            before = kids[i - 1] if i else None
            after = kids[i + 1] if i + 1 < len(kids) else None
            if any(k is not None and not _operator(k) for k in (before, after)):
                piece = f"({piece})"
        if tag == "mi" and ((len(piece) > 1 and out[-1:].isalnum()) or out[-1:] == ")"):
            piece = " " + piece
        out += piece
    return out


def linear(math: Any) -> str:
    """The ``<math>`` element ``math`` as one line of text (spaces squeezed)."""
    return " ".join(_text(math, True).split())
