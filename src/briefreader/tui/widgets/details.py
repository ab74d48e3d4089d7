"""Details of the selected glossary term, actor or outline point.

Everything shown comes from the brief file and is treated as data: the text is
assembled as :class:`~textual.content.Content` from plain strings, never parsed
as markup.  It wraps to the widget's width like any ``Static``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar, Literal

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...core.brief import Entry, EntryKind, OutlinePoint, Stance, Term

__all__ = [
    "KIND_WORDS",
    "STANCE_WORDS",
    "DetailsPane",
    "EntryDetails",
    "entry_content",
    "mentions_text",
    "paragraphs_text",
    "point_content",
]

KIND_WORDS: Mapping[EntryKind, str] = {
    "term": "Glossary term",
    "person": "Person",
    "state": "State",
    "place": "Place",
    "organisation": "Organisation",
    "group": "Group",
}
STANCE_WORDS: Mapping[Stance, str] = {
    "reported": "Reported fact",
    "author": "The author's claim",
    "unset": "Stance not set yet",
}

_Part = str | Content | tuple[str, str]

NAME = "bold"
KIND = "italic"
LABEL = "bold"
MENTIONS = "dim"
STANCE = "italic"


MAX_LISTED = 24


def paragraphs_text(paragraphs: Sequence[int]) -> str:
    """``"¶ 1, 5, 7"`` for the distinct paragraphs, sorted; ``""`` if none.

    Long lists stop after :data:`MAX_LISTED` numbers: ``"¶ 1, 2, … (+380 more)"``.
    """
    distinct = sorted(set(paragraphs))
    if not distinct:
        return ""
    shown = ", ".join(str(p) for p in distinct[:MAX_LISTED])
    rest = len(distinct) - MAX_LISTED
    return f"¶ {shown}" + (f", … (+{rest} more paragraphs)" if rest > 0 else "")


def mentions_text(mentions: Sequence[int], byline: int = 0, *, counted: bool = True) -> str:
    """``"Mentioned in ¶ 1, 5, 7 (9×)"`` from one paragraph number per mention;
    mentions in the header come first, as ``byline``. ``counted=False``: the text's
    mentions are not counted yet (a long text's index is still being built)."""
    if not counted:
        head = f"Mentioned in the byline ({byline}×); " if byline else ""
        return f"{head}counting the mentions in the text…"
    total = len(mentions) + byline
    if not total:
        return "Not found in the text."
    where = ", ".join(x for x in ("byline" if byline else "", paragraphs_text(mentions)) if x)
    return f"Mentioned in {where} ({total}×)"


def _labelled(label: str, text: str) -> Content:
    return Content.assemble((label, LABEL), " ", text)


def _blocks(*blocks: Content | None) -> Content:
    return Content("\n\n").join(b for b in blocks if b is not None)


def entry_content(
    entry: Entry, mentions: Sequence[int], byline: int = 0, *, counted: bool = True
) -> Content:
    """The details of a term or actor, with ``mentions`` = one paragraph per mention
    (``counted=False``: not counted yet, see :func:`mentions_text`)."""
    if isinstance(entry, Term):
        name, kind_line, body = entry.term, KIND_WORDS["term"], entry.definition
    else:
        name = entry.name
        kind_line = (
            f"{KIND_WORDS[entry.kind]} · {entry.role}" if entry.role else KIND_WORDS[entry.kind]
        )
        body = entry.description
    head: list[_Part] = [
        (name, NAME),
        "\n",
        (kind_line, KIND),
    ]
    if entry.aliases:
        head += ["\n", _labelled("Also:", ", ".join(entry.aliases))]
    return _blocks(
        Content.assemble(*head),
        _suggestion_line(entry.confidence) if entry.suggested else None,
        Content(body) if body else None,
        _labelled("Since then:", entry.note) if entry.note else None,
        Content.styled(mentions_text(mentions, byline, counted=counted), MENTIONS),
    )


def _suggestion_line(confidence: float | None) -> Content:
    """A suggestion's status and review keys (see :mod:`briefreader.tui.review`)."""
    sure = f" (confidence {confidence:.2f})" if confidence is not None else ""
    return Content.styled(
        f"Suggested{sure}: y accept · d drop · e edit · M merge · Y accept the pane", MENTIONS
    )


def point_content(point: OutlinePoint) -> Content:
    """The details of an outline point: title, stance in words, summary, paragraphs."""
    where = paragraphs_text(point.paragraphs) or "No anchored paragraph."
    return _blocks(
        Content.assemble(
            (point.title, NAME),
            "\n",
            (STANCE_WORDS[point.stance], STANCE),
        ),
        Content(point.summary) if point.summary else None,
        _suggestion_line(point.confidence) if point.suggested else None,
        Content.styled(where, MENTIONS),
    )


class EntryDetails(Static):
    """Shows one entry or outline point; see :meth:`show_entry` / :meth:`show_point`.

    Styles are plain (bold, italic, dim) rather than component classes: each
    component class costs a stylesheet pass whenever the widget is restyled.
    """

    DEFAULT_CSS = """
    EntryDetails { height: auto; }
    """

    def __init__(
        self,
        placeholder: str = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Args:
        placeholder: Plain text shown when nothing is selected.
        """
        self._placeholder = Content(placeholder)
        self._shown: tuple[Literal["entry", "point"], str] | None = None
        super().__init__(self._placeholder, name=name, id=id, classes=classes, markup=False)

    @property
    def shown(self) -> tuple[Literal["entry", "point"], str] | None:
        """``("entry", id)``, ``("point", id)`` or ``None`` when cleared."""
        return self._shown

    def show_entry(
        self, entry: Entry, mentions: Sequence[int], *, byline: int = 0, counted: bool = True
    ) -> None:
        """Show a term or actor; ``mentions`` holds one paragraph number per mention,
        ``byline`` the number of mentions in the header; ``counted=False`` while the
        text's mentions are not counted yet."""
        self._shown = ("entry", entry.id)
        self.update(entry_content(entry, mentions, byline, counted=counted))

    def show_point(self, point: OutlinePoint) -> None:
        """Show an outline point."""
        self._shown = ("point", point.id)
        self.update(point_content(point))

    def clear(self) -> None:
        """Show the placeholder again."""
        self._shown = None
        self.update(self._placeholder)


class DetailsPane(VerticalScroll):
    """The scrollable, focusable box around :class:`EntryDetails` (Tab reaches it;
    j/k, arrows, page keys and the wheel scroll it). Hidden (``-empty``) until shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
        Binding("space", "page_down", "Page down", show=False),
        Binding("b", "page_up", "Page up", show=False),
    ]

    @property
    def shown(self) -> bool:
        return not self.has_class("-empty")

    def show(self) -> None:
        self.border_title = "tab: scroll here · esc: clear"
        self.remove_class("-empty")
        self.scroll_home(animate=False)

    def hide(self) -> None:
        self.add_class("-empty")
