"""The reader's incremental search: matches, the current match, ``n``/``N`` through them.

A base class of :class:`~.reader.ReaderScreen` (the search state is the screen's,
like the rest of the reader's state in :mod:`.reader_state`). The bar is mounted
the first time ``/`` is pressed. Its subtitle shows ``3/7`` or "no matches";
``n``/``N`` after closing the bar say where they are and when they wrap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.search import find_all, next_after
from ..widgets.key_footer import KeyFooter
from .reader_state import ReaderState

if TYPE_CHECKING:  # imported with the bar, on the first ``/`` (not for the first frame)
    from ..widgets.search_bar import SearchBar

Hit = tuple[int, int, int]


class ReaderSearch(ReaderState):
    def __init__(self) -> None:
        super().__init__()
        self.hits: list[Hit] = []
        self.hit_index: int | None = None

    @property
    def search_open(self) -> bool:
        found = self.query("#search")
        return bool(found) and found.first().has_class("-open")

    def search_bar(self) -> SearchBar:
        """The search bar, mounted the first time it is needed."""
        from ..widgets.search_bar import SearchBar

        found = self.query("#search")
        if found:
            bar = found.first()
            assert isinstance(bar, SearchBar)
            return bar
        bar = SearchBar(id="search")
        self.mount(bar, before=self.query_one(KeyFooter))
        return bar

    def action_search(self) -> None:
        bar = self.search_bar()
        bar.add_class("-open")
        self.call_after_refresh(bar.focus)

    def on_search_bar_query(self, event: SearchBar.Query) -> None:
        self.hits = find_all(self.brief.paragraphs, event.text)
        self.hit_index = next_after(self.hits, (self.article.cursor, -1), True)
        self.show_hits()
        bar = self.search_bar()
        if event.text and not self.hits:
            bar.border_subtitle = "no matches"
        self.refresh_bindings()

    def hit_position(self) -> str:
        return f"{(self.hit_index or 0) + 1}/{len(self.hits)}" if self.hits else ""

    def show_hits(self) -> None:
        spans: dict[int, list[tuple[int, int]]] = {}
        for p, start, end in self.hits:
            spans.setdefault(p, []).append((start, end))
        current = self.hits[self.hit_index] if self.hit_index is not None else None
        self.article.set_search(spans, current)
        if current is not None:
            self.jump(current[0], current[1])
        self.search_bar().border_subtitle = self.hit_position()

    def step_search(self, forward: bool) -> None:
        if not self.hits:
            return
        base = self.hit_index if self.hit_index is not None else -1
        self.hit_index = (base + (1 if forward else -1)) % len(self.hits)
        wrapped = (forward and self.hit_index == 0) or (
            not forward and self.hit_index == len(self.hits) - 1
        )
        self.show_hits()
        if not self.search_open:
            note = " (wrapped to the top)" if forward else " (wrapped to the end)"
            self.notify(f"Match {self.hit_position()}{note if wrapped else ''}", timeout=1.5)

    def on_search_bar_step(self, event: SearchBar.Step) -> None:
        self.step_search(event.forward)

    def on_search_bar_done(self) -> None:
        bar = self.search_bar()
        bar.remove_class("-open")
        self.article.focus()
        if not self.hits:
            if bar.value:
                self.notify(f"No matches for “{bar.value}”", timeout=2, markup=False)
            self.close_search()
        else:
            self.notify(f"{len(self.hits)} matches · n / N to move · Esc clears", timeout=2)

    def on_search_bar_closed(self) -> None:
        self.close_search()

    def close_search(self) -> None:
        bar = self.search_bar()
        bar.remove_class("-open")
        bar.value = ""
        bar.border_subtitle = ""
        self.hits, self.hit_index = [], None
        self.article.set_search({}, None)
        self.article.focus()
        self.refresh_bindings()
