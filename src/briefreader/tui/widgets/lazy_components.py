"""Component-class styles resolved when first asked for, not at every restyle.

Textual resolves every component class of a widget each time it styles the widget
(a virtual node and a stylesheet pass each: the article declares 27, an entry
list 11), although a first frame draws with fewer than half of them. A
:class:`LazyComponents` widget resolves, at each restyle, only the component
classes it has asked for so far; one it has not is resolved the first time it is
asked for (:meth:`get_component_styles`, which every Textual and briefreader read
of a component style goes through), the way Textual resolves it, against the DOM as
it is then — which is the DOM as of the widget's last restyle, since any change a
selector can see restyles the widget (and drops what was resolved before). The
styles are the same; a restyle compares (and repaints for) only the ones in use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.dom import DOMNode

from ..textual_private import attach_virtual, component_styles

if TYPE_CHECKING:
    from textual.css.styles import RenderStyles
    from textual.widget import Widget

    _Base = Widget
else:
    _Base = object  # a plain mixin: no CSS type of its own

__all__ = ["LazyComponents"]


class LazyComponents(_Base):
    """Mixin for a widget with component classes (see the module docstring)."""

    _components_asked: set[str] | None = None  # per instance, made on the first ask
    _components_styled = False  # the stylesheet has styled the widget at least once

    def declared_components(self) -> frozenset[str]:
        """Every component class the widget's classes declare (Textual's own set)."""
        declared: frozenset[str] = super()._get_component_classes()
        return declared

    def _get_component_classes(self) -> frozenset[str]:  # type: ignore[override]
        # overrides a private Textual method (see tui/textual_private.py): what the
        # stylesheet resolves when it styles the widget
        self._components_styled = True
        asked = self._components_asked
        if not asked:
            return frozenset()
        return self.declared_components() & asked

    def get_component_styles(self, *names: str) -> RenderStyles:
        if self._components_styled:
            resolved = component_styles(self)
            missing = [name for name in names if name not in resolved]
            if missing:
                declared = self.declared_components()
                asked = self._components_asked
                if asked is None:
                    asked = self._components_asked = set()
                stylesheet = self.app.stylesheet
                for name in missing:
                    if name in declared:  # else Textual's KeyError below
                        virtual = DOMNode(classes=name)  # as Textual resolves one
                        attach_virtual(virtual, self)
                        stylesheet.apply(virtual, animate=False)
                        resolved[name] = virtual.styles
                        asked.add(name)
        return super().get_component_styles(*names)
