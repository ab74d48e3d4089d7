"""Pins the private Textual internals the reader relies on (see ``tui/textual_private.py``).

An upgrade of Textual that renames or reshapes one of them fails here, by name, instead
of as a stale line on screen. The cached scrollbar renderer is checked against
Textual's own (Rich) rendering of the same scrollbar.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping

import pytest
from rich.style import Style as RichStyle
from textual._compositor import Compositor
from textual.app import App, ComposeResult
from textual.cache import LRUCache
from textual.css.model import Selector, SelectorType
from textual.css.styles import Styles
from textual.css.stylesheet import Stylesheet
from textual.geometry import Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, RichVisual, Visual
from textual.widget import Widget
from textual.widgets import OptionList, Tabs, Tree
from textual.widgets.option_list import Option

from briefreader.tui import textual_private as private
from briefreader.tui.widgets.scrollbar_render import CachedScrollBarRender


class _Parts(App[None]):
    def compose(self) -> ComposeResult:
        tree: Tree[str] = Tree("root")
        tree.root.add_leaf("a", "a")
        tree.root.expand()
        yield tree
        yield OptionList(Option("one", id="one"), Option("two", id="two"))


async def test_the_private_internals_are_there() -> None:
    app = _Parts()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        tree = app.query_one(Tree)
        cache = private.tree_line_cache(tree)
        assert isinstance(cache, LRUCache)
        assert cache.keys() and all(isinstance(k[0], int) for k in cache.keys())  # noqa: SIM118
        strip = private.tree_render_line(tree, 0, 0, tree.size.width, tree.rich_style)
        assert isinstance(strip, Strip) and strip.cell_length == tree.size.width

        options = app.query_one(OptionList)
        rendered = private.option_render_cache(options)
        assert isinstance(rendered, LRUCache)
        assert rendered.keys() and all(isinstance(k[0], Option) for k in rendered.keys())  # noqa: SIM118
        lines = private.option_lines(options)
        assert isinstance(lines, Mapping) and lines[1] == 1
        option = options.get_option_at_index(0)
        private.set_option_prompt(option, "uno")
        assert option.prompt == "uno"

        assert isinstance(private.component_styles(options), dict)
        private.mark_dirty(options)
        assert options._dirty_regions  # the flag refresh() sets
        assert isinstance(tree, ScrollView)
        private.scroll_update(tree, Size(40, 10))


def record_frames(app: App[None]) -> list[set[Widget]]:
    """The widgets drawn in each frame the app writes from now on (appended as drawn)."""
    frames: list[set[Widget]] = []
    display = app._display

    def recorded(screen: object, update: object) -> None:
        if update is not None:
            frames.append(set(app.screen._dirty_widgets))
        display(screen, update)  # type: ignore[arg-type]

    app._display = recorded  # type: ignore[method-assign,assignment]
    return frames


async def test_draw_now_draws_a_repaint_in_a_frame_at_once() -> None:
    app = _Parts()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        options = app.query_one(OptionList)
        frames = record_frames(app)
        assert private.draw_now(app.screen)  # nothing to draw: no frame
        assert frames == []
        options.highlighted = 1  # repaints the list (refresh: an update on its idle)
        assert private.draw_now(app.screen)
        assert frames == [{options}]  # drawn now, not on the next tick
        assert not options._repaint_required and not options._repaint_regions
        await pilot.pause()
        assert len(frames) == 1  # and not again
        options.styles.height = 3  # a layout: left to the screen's own update
        options.refresh(layout=True)
        assert not private.draw_now(app.screen)


class _Scrolling(App[None]):
    CSS = "#long { height: 8; }"

    def compose(self) -> ComposeResult:
        yield OptionList(*(Option(f"option {n}") for n in range(30)), id="long")
        yield OptionList(Option("one"), Option("two"), id="short")


async def test_draw_now_does_not_wait_for_a_scrollbars_layout() -> None:
    """A scrollbar restyled (a layout that moves nothing) does not hold back a repaint
    of another widget; any other widget's layout still does."""
    app = _Scrolling()
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        long, short = app.query_one("#long", OptionList), app.query_one("#short", OptionList)
        scrollbar = long.vertical_scrollbar
        assert long.show_vertical_scrollbar and scrollbar in app.screen._compositor.visible_widgets
        frames = record_frames(app)
        scrollbar.refresh(layout=True)  # as a restyle asks
        assert scrollbar._layout_required
        short.highlighted = 1
        assert private.draw_now(app.screen)
        assert frames and short in frames[0]  # drawn at once (the scrollbar with it)
        await pilot.pause()
        assert not scrollbar._layout_required  # the layout followed as usual
        short.refresh(layout=True)  # a widget's own layout: left to the screen's update
        short.highlighted = 0
        assert not private.draw_now(app.screen)


def test_a_virtual_node_attaches_to_its_widget() -> None:
    """``attach_virtual`` (``LazyComponents``): the node's parent, and so its CSS path."""
    from textual.dom import DOMNode

    parent, node = DOMNode(), DOMNode(classes="x")
    private.attach_virtual(node, parent)
    assert node.parent is parent and node.css_path_nodes[-2:] == [parent, node]


def test_the_parsed_rules_internals_are_there() -> None:
    """What ``css_cache`` reads of a parsed rule, and that a stylesheet's parse goes
    through ``_parse_rules`` (the method ``CachedStylesheet`` overrides)."""
    from briefreader.tui.css_cache import CachedStylesheet

    stylesheet = CachedStylesheet(variables={})
    stylesheet.add_source("Screen.-x > #a { width: 3; }", ("", "t"))
    rule = stylesheet.rules[0]
    assert stylesheet.store.used  # Stylesheet.parse called the override
    assert private.styles_rules(rule.styles)["width"].value == 3
    assert isinstance(private.styles_updates(rule.styles), int)
    assert private.styles_rules(Styles(None, {"width": None})) == {"width": None}  # type: ignore[typeddict-item]
    for kind in SelectorType:
        selector = Selector("a", type=kind)
        check = private.selector_check(selector)
        assert getattr(check, "args", None) == ("a",)  # partial(<check of the type>, name)
    assert {s.type for s in rule.selector_set[0].selectors} == {
        SelectorType.TYPE,
        SelectorType.CLASS,
        SelectorType.ID,
    }


@pytest.mark.parametrize(
    ("cls", "name", "params"),
    [
        (Widget, "_size_updated", ["size", "virtual_size", "container_size", "layout"]),
        (Widget, "_get_component_classes", []),
        (Tabs, "_highlight_active", ["animate"]),
        (
            Stylesheet,
            "_parse_rules",
            ["css", "read_from", "is_default_rules", "tie_breaker", "scope"],
        ),
        (OptionList, "_move_page", ["direction"]),  # wrapped by tui/textual_fixes.py
        (OptionList, "_get_option_render", ["option", "style"]),
        (Compositor, "render_partial_update", []),  # lean_updates
        (Compositor, "_get_renders", ["crop"]),
        (Screen, "_on_timer_update", []),  # draw_now
    ],
)
def test_overridden_private_methods_keep_their_signature(
    cls: type, name: str, params: list[str]
) -> None:
    method = getattr(cls, name)
    assert list(inspect.signature(method).parameters)[1:] == params


@pytest.mark.parametrize(
    ("vertical", "width", "height", "virtual", "window", "position"),
    [
        (True, 2, 38, 120, 38, 0),
        (True, 2, 38, 120, 38, 41.375),
        (True, 1, 8, 30, 8, 22),
        (True, 2, 10, 10, 10, 0),  # no thumb: all fits
        (False, 50, 1, 200, 50, 75.5),
    ],
)
async def test_cached_scrollbar_lines_equal_textuals(
    vertical: bool, width: int, height: int, virtual: int, window: int, position: float
) -> None:
    app = _Parts()
    async with app.run_test(size=(60, 40)):
        widget = app.query_one(Tree)
        style = RichStyle(color="#808080", bgcolor="#202020")
        base = Style.from_rich_style(RichStyle(bgcolor="#101010", color="#ffffff"))
        options = RenderOptions(widget._get_style, widget.styles)  # type: ignore[arg-type]
        thickness = width if vertical else height
        ours = CachedScrollBarRender(
            virtual, window, position, thickness, vertical, style
        ).render_strips(width, height, base, options)
        theirs = RichVisual(
            widget, ScrollBarRender(virtual, window, position, thickness, vertical, style)
        ).render_strips(width, height, base, options)
        assert isinstance(CachedScrollBarRender(), Visual)
        assert [list(s) for s in ours] == [list(s) for s in theirs]
