"""The private Textual internals the reader's fast repaints rely on, all in one place.

Checked against Textual 8.2.8 (:data:`CHECKED_AGAINST`); ``tests/ui/test_textual_private.py``
pins every one of them (it fails on an upgrade that renames or changes them) and
``tests/ui/test_repaint.py`` checks that what they are used for leaves the screen as a
full repaint draws it. Each exists because the public API does the same job only by
dropping far more than changed (a whole list's or tree's rendered lines) or in a frame
of its own:

* a :class:`~textual.widgets.Tree`'s rendered-line cache (``_line_cache``, keyed by
  ``(line, ...)``) and its line renderer (``_render_line``): the outline drops or swaps
  only the lines whose mark changed, and renders with a style computed once per repaint;
* an :class:`~textual.widgets.OptionList`'s rendered-option cache
  (``_option_render_cache``, keyed by ``(option, ...)``), its option → line map
  (``_index_to_line``) and ``Option._set_prompt``: an entry list re-marks one row without
  ``replace_option_prompt`` (which drops every option's lines and repaints the list);
* a widget's resolved component styles (``_component_styles``) and its dirty flag
  (``_set_dirty``, what ``refresh()`` marks without posting an update): focus restyles
  keep what focus cannot change, scrollbars repaint in the pane's frame;
* ``ScrollView._scroll_update``: the article shows its scrollbar in its first frame;
* a screen's update step (``Screen._on_timer_update``, its ``_dirty_widgets`` and a
  widget's ``_repaint_required`` / ``_layout_required`` / ``_scroll_required`` flags and
  its ``_repaint_regions``):
  the side panes' frame is drawn right after the text's (:func:`draw_now`), not on the
  update timer's next tick (16-33 ms later);
* a compositor's partial update (``Compositor.render_partial_update``, its
  ``_dirty_regions``, ``visible_widgets`` and ``_get_renders``): :func:`lean_updates`
  asks only the widgets a dirty region touches for their lines, and only the rows of the
  update, where Textual asks every widget whose container touches the box around all
  dirty regions for all its lines (the footer, the header, an unchanged pane);
* ``MessagePump._attach``: a component class's virtual node is attached to its
  widget (as Textual's stylesheet does) to resolve its styles when first asked for;
* a parsed rule's ``Styles._rules`` / ``_updates`` fields and a ``Selector``'s
  matching function (``_check``): ``css_cache`` writes parsed CSS and checks what it
  reads back has a parse's shape.

Overrides of private methods live with their widgets, each saying so:
``AnchoredScroll._size_updated``, ``FocusRestyle._get_component_classes``,
``SideTabs._highlight_active``, ``EntryList._get_option_render`` (an entry row drawn
straight to its strip, in Textual's cache under Textual's key),
``LazyComponents._get_component_classes`` and ``CachedStylesheet._parse_rules``
(``css_cache``: a source's rules from a cache file); the crash work-arounds in
``tui/textual_fixes.py`` wrap ``OptionList._move_page``. The same test checks that
Textual still has them, called the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.geometry import Region
from textual.scrollbar import ScrollBar

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from rich.style import Style
    from textual.cache import LRUCache
    from textual.css.model import Selector
    from textual.css.styles import RenderStyles, Styles
    from textual.dom import DOMNode
    from textual.geometry import Size
    from textual.screen import Screen
    from textual.scroll_view import ScrollView
    from textual.strip import Strip
    from textual.widget import Widget
    from textual.widgets import OptionList, Tree
    from textual.widgets.option_list import Option

__all__ = [
    "CHECKED_AGAINST",
    "attach_virtual",
    "component_styles",
    "draw_now",
    "lean_updates",
    "mark_dirty",
    "option_lines",
    "option_render_cache",
    "repaint_pending",
    "scroll_update",
    "selector_check",
    "set_option_prompt",
    "styles_rules",
    "styles_updates",
    "tree_line_cache",
    "tree_render_line",
]

CHECKED_AGAINST = "8.2.8"
"""The Textual version these internals were read in (``pyproject.toml`` pins ``textual>=8,<9``)."""


def tree_line_cache(tree: Tree[Any]) -> LRUCache[Any, Strip]:
    """The tree's rendered lines; key ``(line, hover, width, updates, pseudo, path)``."""
    cache: LRUCache[Any, Strip] = tree._line_cache
    return cache


def tree_render_line(tree: Tree[Any], y: int, x1: int, x2: int, style: Style) -> Strip:
    """Tree line ``y`` (of the whole tree, not the viewport), cells ``x1:x2``."""
    strip: Strip = tree._render_line(y, x1, x2, style)
    return strip


def option_render_cache(option_list: OptionList) -> LRUCache[Any, list[Strip]]:
    """The list's rendered options; key ``(option, style, padding)``."""
    cache: LRUCache[Any, list[Strip]] = option_list._option_render_cache
    return cache


def option_lines(option_list: OptionList) -> Mapping[int, int]:
    """Option index → its first line in the list."""
    lines: Mapping[int, int] = option_list._index_to_line
    return lines


def set_option_prompt(option: Option, prompt: Any) -> None:
    """Replace an option's prompt without repainting the list (the caller repaints)."""
    option._set_prompt(prompt)


def component_styles(widget: Widget) -> dict[str, RenderStyles]:
    """Component class → its resolved styles (filled lazily by Textual)."""
    styles: dict[str, RenderStyles] = widget._component_styles
    return styles


def mark_dirty(widget: Widget) -> None:
    """Mark the whole widget for repaint, as ``refresh()`` does, without its update
    message: it is drawn with the frame of whatever region already covers it."""
    widget._set_dirty()


def scroll_update(view: ScrollView, virtual_size: Size) -> None:
    """Update the scrollbars for a new virtual size now (not on the next layout)."""
    view._scroll_update(virtual_size)


def styles_rules(styles: Styles) -> dict[str, Any]:
    """A parsed rule's declarations: style name → value (the ``_rules`` field)."""
    rules: dict[str, Any] = styles._rules  # type: ignore[assignment]
    return rules


def styles_updates(styles: Styles) -> int:
    """A ``Styles``' change count (the ``_updates`` field; part of its equality)."""
    return styles._updates


def selector_check(selector: Selector) -> Callable[..., bool]:
    """A selector's matching function, ``partial(<check of its type>, name)``."""
    check: Callable[..., bool] = selector._check
    return check


def attach_virtual(node: DOMNode, parent: DOMNode) -> None:
    """Give a node a parent without mounting it (a component class's virtual node)."""
    node._attach(parent)


def draw_now(screen: Screen[Any]) -> bool:
    """Draw what the screen's visible widgets asked to repaint in a frame now, as the
    screen's update timer would on its next tick (Textual throttles frames to 60 a
    second: after a frame the next one waits one to two periods, 16-33 ms). ``False``
    (nothing drawn: the next tick draws it) if a widget or the screen needs more than a
    repaint (a layout, a scroll, a restyle), the screen is not the current one, or the
    app is batching updates.

    A scrollbar waiting for a layout does not hold the frame back: it is drawn where the
    current layout put it, and the layout follows on the screen's next tick as always.
    (After the first paint the reader styles the panes' scrollbars, which asks for a
    layout that moves nothing: the index of a long text, arriving in between, would
    wait ~30 ms for it.)"""
    if screen._layout_required or screen._scroll_required or screen._recompose_required:
        return False
    if not screen.is_current or screen.app._batch_count:
        return False
    repaint = []
    for widget in screen._compositor.visible_widgets:
        if widget._scroll_required or (
            widget._layout_required and not isinstance(widget, ScrollBar)
        ):
            return False
        if widget._refresh_styles_required or widget._recompose_required:
            return False
        if repaint_pending(widget):
            repaint.append(widget)
    if not repaint and not screen._dirty_widgets:
        return True
    for widget in repaint:  # (drawn here: no update message from the widget's idle)
        widget._repaint_required = False
    screen._dirty_widgets.update(repaint)
    screen._on_timer_update()
    return True


def repaint_pending(widget: Widget) -> bool:
    """Whether ``widget`` asked for a repaint not drawn yet (its update maybe posted)."""
    return bool(widget._repaint_required or widget._repaint_regions)


def lean_updates(screen: Screen[Any]) -> None:
    """Make the screen's partial updates render only what they write.

    Textual's ``render_partial_update`` takes the box around all dirty regions and asks
    every widget whose *container's* clip overlaps it for *all* its lines; then it writes
    only the dirty spans. Here a widget is asked only if its visible region overlaps a
    dirty region, and only for the rows of that box. What is written is the same: a row's
    span is written from the front-most widget under it, and a widget under a span
    overlaps that span's dirty region (``tests/ui/test_repaint.py`` replays the updates
    on a grid of cells and compares it with a full render). Full updates and
    ``render_strips`` are Textual's own."""
    compositor = screen._compositor
    partial_update = compositor.render_partial_update

    def lean_renders(
        dirty: list[Region], crop: Region | None = None
    ) -> Iterator[tuple[Region, Region, list[Strip]]]:
        assert crop is not None  # (a partial update always has its box)
        top, height = crop.y, crop.height
        for widget, (region, clip) in compositor.visible_widgets.items():
            visible = region.intersection(clip)
            if not any(visible.overlaps(area) for area in dirty):
                continue
            rows = visible.intersection(Region(visible.x, top, visible.width, height))
            if rows:
                x, y = rows.x - region.x, rows.y - region.y
                yield region, rows, widget.render_lines(Region(x, y, rows.width, rows.height))

    def render_partial_update() -> Any:
        dirty = list(compositor._dirty_regions)
        if not dirty:
            return partial_update()
        compositor._get_renders = partial(lean_renders, dirty)  # type: ignore[method-assign]
        try:
            return partial_update()
        finally:
            del compositor._get_renders  # Textual's own again

    compositor.render_partial_update = render_partial_update  # type: ignore[method-assign]
