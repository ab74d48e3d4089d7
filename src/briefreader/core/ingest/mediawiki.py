"""Pages made by MediaWiki (Wikipedia and every other MediaWiki wiki): what the wiki
itself marks as not the article goes before trafilatura reads the page.

MediaWiki tags its furniture with stable classes: ``[edit]`` links
(``mw-editsection``), citation marks (``sup.reference``), what is hidden in print
(``noprint``: "[citation needed]", portal boxes, ...), the reference list, navigation
boxes, the infobox and sidebars, hatnotes ("For other uses, see ..."), the table of
contents, image frames and their captions. Left in, they read as the text: headings end
in ``[edit]``, sentences in ``[12][13]``, the article opens with the infobox's rows
("Founded | 1998") and closes with a hundred reference items, whose names and titles
the annotator then offers as actors. Citation marks go the way EPUB note references go
(see :mod:`.html`).

Only pages that say they come from MediaWiki are touched: the generator ``<meta>``, or
its content wrapper (``mw-parser-output``) or body class (``mediawiki``) for saved pages
that lost the ``<meta>``. Other sites' ``class="reference"`` means nothing here.

Formulas, which trafilatura would drop and leave holes for ("objects , t-SNE"), become
one line of text first (:mod:`.mathml`): "objects x_1,…,x_N, t-SNE".
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["drop_empty_sections", "formulas_as_text", "is_mediawiki", "strip_furniture"]

# Elements with one of these class tokens are not the article (and neither is anything
# inside them). ``reference`` only on ``sup`` (the mark, not the list's ``span`` text).
_FURNITURE = frozenset(
    {
        "mw-editsection",
        "noprint",
        "mw-cite-backlink",
        "reflist",
        "references",
        "mw-references-wrap",
        "refbegin",
        "navbox",
        "vertical-navbox",
        "sidebar",
        "infobox",
        "hatnote",
        "toc",
        "vector-toc",
        "mw-jump-link",
        "shortdescription",
        "metadata",
        "ambox",
        "portal",
        "portalbox",
        "authority-control",
        "catlinks",
        "printfooter",
        "mw-empty-elt",
        "thumb",
        "gallery",
        "mw-indicators",
    }
)


def _tokens(node: Any) -> set[str]:
    value = node.get("class")
    return set(value.split()) if isinstance(value, str) else set()


def is_mediawiki(root: Any) -> bool:
    """Whether the page says MediaWiki made it."""
    for meta in root.iter("meta"):
        name, content = (meta.get("name") or "").casefold(), meta.get("content") or ""
        if name == "generator" and content.startswith("MediaWiki"):
            return True
    body = root.find("body")
    if body is not None and "mediawiki" in _tokens(body):
        return True
    return bool(root.xpath('//*[contains(concat(" ", @class, " "), " mw-parser-output ")]'))


def strip_furniture(root: Any) -> int:
    """Drop the wiki's furniture from ``root`` (in place), keeping the text that follows
    each dropped element; the number of elements dropped."""
    doomed = []
    for node in root.iter():
        if not isinstance(node.tag, str) or node.tag in ("html", "body"):
            continue  # comments, processing instructions; never the page itself
        tokens = _tokens(node)
        if tokens & _FURNITURE or (node.tag == "sup" and "reference" in tokens):
            doomed.append(node)
    for node in reversed(doomed):  # inner ones first: each drop leaves the others valid
        node.drop_tree()  # lxml.html: the tail text stays in place
    return len(doomed)


_MATH = '//span[contains(concat(" ", @class, " "), " mwe-math-element ")]'
_DISPLAYSTYLE = re.compile(r"^\{\\displaystyle\s*(.*)\}$", re.S)


def formulas_as_text(root: Any) -> None:
    """Each formula (its MathML, else the TeX of its fallback image) as text in its place."""
    from .mathml import linear

    for span in root.xpath(_MATH):
        maths = span.xpath('.//*[local-name()="math"]')
        if maths:
            text = linear(maths[0])
        else:
            alt = next((img.get("alt") or "" for img in span.iter("img")), "")
            text = " ".join(_DISPLAYSTYLE.sub(r"\1", alt.strip()).split())
        _replace_with_text(span, text)


def _replace_with_text(node: Any, text: str) -> None:
    text += node.tail or ""
    parent, before = node.getparent(), node.getprevious()
    if parent is None:
        return
    if before is not None:
        before.tail = (before.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(node)


def drop_empty_sections(kinds_levels: list[tuple[str, int]]) -> list[bool]:
    """Which blocks to keep: a heading whose section is empty (the next block is a heading
    of the same or a higher level, or there is none) goes, as the "References" heading
    does once its list is gone. ``kinds_levels`` is each block's kind and level."""
    keep = [True] * len(kinds_levels)
    following: tuple[str, int] | None = None  # the next kept block
    for i in range(len(kinds_levels) - 1, -1, -1):
        kind, level = kinds_levels[i]
        if kind == "heading" and (
            following is None or (following[0] == "heading" and following[1] <= level)
        ):
            keep[i] = False
            continue
        following = (kind, level)
    return keep
