"""The reader's panes: layouts by width, tabs, focus between panes, side panes shown or not.

Three layouts, by the screen's width (``HORIZONTAL_BREAKPOINTS``): ``-wide``
(at least :data:`WIDE` cells: the article and the side panes side by side),
``-narrow`` (at least :data:`NARROW`: the side panes tabbed beside the article)
and ``-tiny`` (the side area opens over the article; a selected entry's
definition opens as a sheet over the text). The tabs are built only once the
screen is narrower than :data:`WIDE`.

``tab``/``shift+tab`` cycle the panes (:data:`PANES`, the details pane only when
it shows something), ``1``-``4`` focus one, ``s`` hides the side panes (wide and
narrow, remembered in the app state) or opens the side area (tiny). Each side pane
is its list itself, its title drawn in its top border (:func:`pane_title`); the
focused one's takes the accent. The screen lays itself out once per size, predicts
the scrollbars before the first layout (:mod:`..first_layout`) and styles them after
the first paint, not on the first Tab.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.containers import Vertical
from textual.content import Content
from textual.events import Resize, ScreenResume
from textual.widget import Widget

from ..first_layout import presize_scrollbars
from ..widgets.details import DetailsPane
from .reader_state import ReaderState

if TYPE_CHECKING:  # Textual's Tabs: imported when the tabs are built (narrower than WIDE)
    from textual.widgets import Tabs

PANES = ("article", "glossary", "actors", "outline", "details-pane")
WIDE = 120
NARROW = 80


class ReaderLayout(ReaderState):
    """The reader's pane layout and focus (a base of :class:`~.reader.ReaderScreen`)."""

    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (declared on Screen as an instance attribute)
        (0, "-tiny"),
        (NARROW, "-narrow"),
        (WIDE, "-wide"),
    ]
    AUTO_FOCUS = "#article"  # focused on resume (focusing in on_mount restyles it twice)
    SIDE_TABS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("glossary", "Glossary"),
        ("actors", "Actors"),
        ("outline", "Outline"),
    )
    """The side panes (the lists ``#<name>``, each a pane) with their tab labels, in order."""
    _resumed = False

    def _initial_layout(self, width: int) -> None:
        """The breakpoint class for ``width`` (the same one ``HORIZONTAL_BREAKPOINTS`` sets)."""
        mode = "-wide" if width >= WIDE else "-narrow" if width >= NARROW else "-tiny"
        self.set_class(True, mode)

    def make_tabs(self) -> Tabs:
        """The side area's tabs: only built once the screen is narrower than WIDE."""
        from textual.widgets import Tab

        from ..widgets.side_tabs import SideTabs

        tabs = [Tab(label, id=f"tab-{name}") for name, label in self.SIDE_TABS]
        return SideTabs(*tabs, active=f"tab-{self.active_tab}", id="side-tabs")

    def pane_of(self, widget: Widget | None) -> str | None:
        while widget is not None:
            if widget.id in PANES:
                return widget.id
            widget = widget.parent if isinstance(widget.parent, Widget) else None
        return None

    def _presize_scrollbars(self) -> None:
        """Scrollbars predicted before the first layout (see :mod:`..first_layout`)."""
        article = self.article
        size = self.app.size
        presize_scrollbars(
            size,
            main_rows=size.height - 2,  # the header and the footer: a row each
            article=article,
            article_texts=(p.text for p in self.brief.paragraphs),
            article_gutter=article.gutter_cells,
            max_measure=article.max_measure,
            side=self.query_one("#side"),
        )

    def _style_scrollbars(self) -> None:
        """Style the panes' scrollbars now, after the first paint: Textual styles a
        scrollbar on its widget's first restyle, i.e. the first Tab to or from each pane,
        and that costs a layout pass of the whole screen each time. Again after a tab
        switch (a pane shown for the first time); styled ones are left alone."""
        stylesheet = self.app.stylesheet
        for widget in self.query(Widget):
            if widget.is_scrollable and widget.show_vertical_scrollbar:
                scrollbar = widget.vertical_scrollbar
                if not scrollbar.styles.base.has_rule("scrollbar_size_vertical"):
                    stylesheet.apply(scrollbar)

    def on_screen_resume(self, event: ScreenResume) -> None:
        """The first resume follows the mount, which styled every widget: Textual would
        restyle them all again (component classes too), for nothing."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_resize(self, event: Resize) -> None:
        if event.size == self._compositor.size and self._compositor.root is self:
            # Already laid out at this size: Textual would lay out and repaint every
            # widget again (at start-up it is sent this size three times).
            event.prevent_default()
        bare = self.query_one("#side").has_class("-bare")
        if event.size.width < WIDE and not bare and not self.query("#side-tabs"):
            self.query_one("#side", Vertical).mount(self.make_tabs(), before=0)
        if event.size.width >= NARROW:
            self.sheet_open = False
        elif self.selected is not None and not self.side_open:
            self.sheet_open = True

    def watch_active_tab(self, name: str) -> None:
        for pane, _label in self.SIDE_TABS:
            self.query_one(f"#{pane}").set_class(pane == name, "-active")
        self.call_after_refresh(self._style_scrollbars)  # the pane now shown
        found = self.query("#side-tabs")
        if found:
            from textual.widgets import Tabs

            for tabs in found.results(Tabs):
                if tabs.active != f"tab-{name}":
                    tabs.active = f"tab-{name}"

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tabs.id != "side-tabs":  # (as ``@on(Tabs.TabActivated, "#side-tabs")``)
            return
        if event.tab.id:
            self.active_tab = event.tab.id.removeprefix("tab-")

    # -- actions ----------------------------------------------------------------------------
    def action_focus_pane(self, name: str) -> None:
        if name in dict(self.SIDE_TABS):
            if self.tiny:
                self.side_open = True
                self.sheet_open = False
            self.side_hidden = False
            if not self.has_class("-wide"):
                self.active_tab = name
        elif name == "article" and self.tiny:
            self.side_open = False
        self.pane_widget(name).focus()

    def action_cycle_pane(self, delta: int) -> None:
        current = self.pane_of(self.focused) or "article"
        order = [p for p in PANES if p != "details-pane" or self.query_one(DetailsPane).shown]
        if self.tiny and not self.side_open:
            order = ["article"] + (["details-pane"] if self.sheet_open else [])
        i = order.index(current) if current in order else 0
        target = order[(i + delta) % len(order)]
        if target == "details-pane":
            self.query_one(DetailsPane).focus()
        else:
            self.action_focus_pane(target)

    def action_toggle_side(self) -> None:
        if self.tiny:
            self.side_open = not self.side_open
            if self.side_open:
                self.sheet_open = False
            else:
                self.article.focus()
        else:
            self.side_hidden = not self.side_hidden
            self.state.side_hidden = self.side_hidden  # remembered
            self.save_state()
            if self.side_hidden:
                self.article.focus()


def pane_title(label: str, legend: str | None = None) -> Content:
    """A side pane's title, drawn in its top border: the label in bold, then the legend
    (plain text, never markup)."""
    title = Content.styled(label, "bold")
    return title + Content("  " + legend) if legend else title
