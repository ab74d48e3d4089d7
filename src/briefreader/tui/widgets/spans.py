"""Highlight state of the article view: named span layers, keyed by paragraph number.

Pure (no Textual). A *layer* is a name and, per paragraph number, ``(start, end)``
offsets into that paragraph's text; every layer paints with the component class
``<prefix><name>`` and layers are painted in :attr:`SpanLayers.order` (later ones
win on conflicting attributes). The mention layer is special only in where its
data comes from: the cross-reference index's own shape (paragraph → mentions,
plus entry id → kind), converted lazily, one paragraph at a time, when drawn.

**Adding a layer** (a sentence cursor, the user's highlights, notes): give its
name a place in ``order`` (``SpanLayers(..., order=...)``, or
``ArticleView.LAYER_ORDER``), declare the component class
``article-view--<name>`` with a style, and call ``set_layer(name, spans)``. The
call returns the paragraphs whose spans changed, so the view repaints only those.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import accumulate, islice, pairwise
from operator import itemgetter
from typing import Generic, Protocol, TypeVar

from .wrap import grapheme_starts, is_narrow

__all__ = ["DEFAULT_ORDER", "MENTION", "SpanIndex", "SpanLayers", "cut"]

Span = tuple[int, int]
T = TypeVar("T")
_first = itemgetter(0)

MENTION = "mention"
DEFAULT_ORDER = (MENTION, "selected", "search", "search-current", "xref-focus")
"""Paint order: mentions < selected entry < search matches < current match < focused ref."""


class MentionLike(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def entry_id(self) -> str: ...


def cut(text: str, spans: Sequence[tuple[int, int, T]]) -> list[tuple[int, int, tuple[T, ...]]]:
    """Cut a line at the edges of ``spans`` (line offsets), never inside a grapheme.

    Returns ``(start, end, payloads)`` pieces covering ``text``; ``payloads`` are
    those of the spans overlapping the piece, in the order given.
    """
    n = len(text)
    cuts = {0, n}
    for start, end, _payload in spans:
        cuts.update((min(max(start, 0), n), min(max(end, 0), n)))
    if not is_narrow(text):  # a grapheme cut in two would not measure the same
        starts = grapheme_starts(text)
        cuts = {starts[bisect_right(starts, c) - 1] if c < n else c for c in cuts}
    return [
        (a, b, tuple(p for s, e, p in spans if s < b and e > a)) for a, b in pairwise(sorted(cuts))
    ]


class SpanIndex(Generic[T]):
    """Spans of one paragraph, sorted, for fast "which spans overlap [a, b)" queries."""

    __slots__ = ("_max_ends", "_spans", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int, T]]) -> None:
        self._spans = sorted((s for s in spans if s[1] > s[0]), key=_first)
        self._starts = [s[0] for s in self._spans]
        self._max_ends = list(accumulate((s[1] for s in self._spans), max))

    def overlapping(self, start: int, end: int) -> Iterator[tuple[int, int, T]]:
        lo = bisect_right(self._max_ends, start)
        hi = bisect_right(self._starts, end - 1)
        for span in islice(self._spans, lo, hi):
            if span[1] > start:
                yield span


def _changed(old: Mapping[int, Sequence[Span]], new: Mapping[int, Sequence[Span]]) -> set[int]:
    return {n for n in old.keys() | new.keys() if list(old.get(n, ())) != list(new.get(n, ()))}


class SpanLayers:
    """Every highlight layer of one document, in paint order (see the module docstring)."""

    def __init__(
        self, prefix: str, kinds: Sequence[str], order: Sequence[str] = DEFAULT_ORDER
    ) -> None:
        self.prefix, self.kinds = prefix, frozenset(kinds)
        self.order = tuple(order)
        self._spans: dict[str, Mapping[int, Sequence[Span]]] = {name: {} for name in self.order}
        self._indexes: dict[str, dict[int, SpanIndex[str]]] = {name: {} for name in self.order}
        # the mention layer: the index's shape, converted per paragraph when first drawn
        self._mention_source: Mapping[int, Sequence[MentionLike]] = {}
        self._kind_of: Mapping[str, str] = {}
        self._mention_spans: Mapping[int, Sequence[tuple[int, int, str]]] | None = None

    # -- generic layers ------------------------------------------------------------------
    def layer(self, name: str) -> Mapping[int, Sequence[Span]]:
        """What was last given to :meth:`set_layer` for ``name``."""
        return self._spans[name]

    def set_layer(self, name: str, spans: Mapping[int, Sequence[Span]]) -> set[int]:
        """Replace a layer; returns the paragraph numbers whose spans changed."""
        if name not in self._spans:
            raise KeyError(f"unknown span layer {name!r} (known: {', '.join(self.order)})")
        old = self._spans[name]
        self._spans[name] = dict(spans)
        changed = _changed(old, spans)
        index = self._indexes[name]
        style = self.prefix + name
        for n in changed:
            index.pop(n, None)
            if spans.get(n):
                index[n] = SpanIndex((s, e, style) for s, e in spans[n])
        return changed

    def _single(self, name: str) -> tuple[int, int, int] | None:
        for n, spans in self._spans[name].items():
            for start, end in spans:
                return (n, start, end)
        return None

    def set_single(self, name: str, span: tuple[int, int, int] | None) -> set[int]:
        """A layer of at most one span, given as ``(paragraph, start, end)``."""
        return self.set_layer(name, {span[0]: [(span[1], span[2])]} if span else {})

    # -- the mention layer ----------------------------------------------------------------
    def set_mention_index(
        self, by_paragraph: Mapping[int, Sequence[MentionLike]], kind_of: Mapping[str, str]
    ) -> set[int]:
        """Mentions in the index's own shape: paragraph → mentions, entry id → kind."""
        changed = set(self._mention_source) | set(by_paragraph)
        self._mention_source, self._kind_of = by_paragraph, kind_of
        self._mention_spans = None
        self._indexes[MENTION] = {}
        return changed

    def set_mentions(self, spans: Mapping[int, Sequence[tuple[int, int, str]]]) -> set[int]:
        """Mentions as paragraph → ``(start, end, kind)``; unknown kinds are ignored."""
        changed = set(self._mention_source) | set(spans)
        self._mention_source, self._kind_of = {}, {}
        self._mention_spans = dict(spans)
        self._indexes[MENTION] = {
            n: SpanIndex((s, e, self.prefix + k) for s, e, k in items if k in self.kinds)
            for n, items in spans.items()
        }
        return changed

    @property
    def mentions(self) -> Mapping[int, Sequence[tuple[int, int, str]]]:
        if self._mention_spans is not None:
            return self._mention_spans
        kind = self._kind_of
        return {
            n: [(m.start, m.end, kind.get(m.entry_id, "")) for m in ms]
            for n, ms in self._mention_source.items()
        }

    def _mention_index(self, n: int) -> SpanIndex[str] | None:
        index = self._indexes[MENTION]
        found = index.get(n)
        if found is None and n in self._mention_source:
            kind, kinds, prefix = self._kind_of, self.kinds, self.prefix
            found = index[n] = SpanIndex(
                (m.start, m.end, prefix + k)
                for m in self._mention_source[n]
                if (k := kind.get(m.entry_id, "")) in kinds
            )
        return found

    # -- the built-in layers, by name --------------------------------------------------
    @property
    def selected(self) -> Mapping[int, Sequence[Span]]:
        return self._spans["selected"]

    def set_selected(self, spans: Mapping[int, Sequence[Span]]) -> set[int]:
        return self.set_layer("selected", spans)

    @property
    def search(self) -> Mapping[int, Sequence[Span]]:
        return self._spans["search"]

    @property
    def search_current(self) -> tuple[int, int, int] | None:
        return self._single("search-current")

    def set_search(
        self, spans: Mapping[int, Sequence[Span]], current: tuple[int, int, int] | None
    ) -> set[int]:
        return self.set_layer("search", spans) | self.set_single("search-current", current)

    @property
    def focused(self) -> tuple[int, int, int] | None:
        return self._single("xref-focus")

    @focused.setter
    def focused(self, span: tuple[int, int, int] | None) -> None:
        self.set_single("xref-focus", span)

    # -- drawing ------------------------------------------------------------------------
    def line_spans(self, n: int, start: int, end: int) -> list[tuple[int, int, str]]:
        """Spans of every layer overlapping ``[start, end)`` of paragraph ``n``, line-local."""
        found: list[tuple[int, int, str]] = []
        for name in self.order:
            index = self._mention_index(n) if name == MENTION else self._indexes[name].get(n)
            if index is not None:
                found.extend(index.overlapping(start, end))
        return [(max(s, start) - start, min(e, end) - start, name) for s, e, name in found]
