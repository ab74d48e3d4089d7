"""Component styles resolved when first asked for (``widgets/lazy_components.py``).

What a widget reads for any of its component classes, after any change a selector
can see, is what Textual resolves for it at that moment; and a first frame resolves
fewer than the widget declares.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.dom import DOMNode

from briefreader.core.brief import Brief
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.textual_private import attach_virtual, component_styles, styles_rules
from briefreader.tui.widgets.lazy_components import LazyComponents


def _fresh(widget: LazyComponents, name: str) -> dict[str, Any]:
    """The component's rules as Textual resolves them now."""
    virtual = DOMNode(classes=name)
    attach_virtual(virtual, widget)
    widget.app.stylesheet.apply(virtual, animate=False)
    return dict(styles_rules(virtual.styles.base))


def _lazy_widgets(app: BriefReaderApp) -> list[LazyComponents]:
    found = [w for w in app.screen.walk_children() if isinstance(w, LazyComponents)]
    assert {type(w).__name__ for w in found} >= {
        "AnnotatedArticleView",
        "EntryList",
        "OutlineTree",
        "NotesPane",
    }
    return found


def _check_all(app: BriefReaderApp, step: str) -> None:
    for widget in _lazy_widgets(app):
        for name in sorted(widget.declared_components()):
            read = widget.get_component_styles(name)
            assert dict(styles_rules(read.base)) == _fresh(widget, name), (step, widget, name)


async def test_a_first_frame_resolves_fewer_than_declared(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        article = app.query_one("#article", LazyComponents)
        resolved = set(component_styles(article))
        assert resolved and resolved < article.declared_components()
        with pytest.raises(KeyError):
            article.get_component_styles("no-such-component")


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_what_is_read_is_what_textual_resolves_now(brief: Brief, theme: str) -> None:
    app = BriefReaderApp(brief, theme=theme)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        _check_all(app, "start")  # every component now asked for: all resolved at restyles
        await pilot.press("tab")
        await pilot.pause()
        _check_all(app, "tab")
        await pilot.press("tab", "tab")
        await pilot.pause()
        _check_all(app, "tabs")
        app.theme = "textual-light" if theme == "textual-dark" else "textual-dark"
        await pilot.pause()
        _check_all(app, "theme")
        await pilot.resize_terminal(90, 30)  # narrow: tabbed panes, other layout classes
        await pilot.pause()
        _check_all(app, "narrow")


async def test_asked_late_after_changes_is_current(brief: Brief) -> None:
    """A component first asked for after focus and theme changes gets today's styles."""
    app = BriefReaderApp(brief)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        app.theme = "textual-light"
        await pilot.pause()
        for widget in _lazy_widgets(app):
            unasked = sorted(widget.declared_components() - set(component_styles(widget)))
            for name in unasked:
                assert dict(styles_rules(widget.get_component_styles(name).base)) == _fresh(
                    widget, name
                )
