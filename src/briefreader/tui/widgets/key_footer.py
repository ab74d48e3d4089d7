"""A one-line footer of the active key bindings, drawn as a single Content.

Textual's ``Footer`` builds one widget per key and rebuilds them after every focus
change, which is most of the reader's start-up styling work and paints the keys a
frame late. This footer reads the same source — ``screen.active_bindings``, i.e.
the declared ``Binding``s with ``show=True`` — and renders them in the same frame.
A click on a key runs its action on the node that declared it.
"""

from __future__ import annotations

from textual import events
from textual.binding import ActiveBinding, Binding
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static


class KeyFooter(Static):
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._hits: list[tuple[int, int, ActiveBinding]] = []
        self._shown_content: Content | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.refresh_keys()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: object) -> None:
        if self.is_attached:
            self.refresh_keys()

    def shown(self) -> list[ActiveBinding]:
        """The bindings to show: one per action, in declaration order, palette last."""
        seen: set[str] = set()
        out: list[ActiveBinding] = []
        palette: ActiveBinding | None = None
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if binding.action in ("command_palette", "app.command_palette"):
                palette = active
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            out.append(active)
        return [*out, palette] if palette is not None else out

    def _key_display(self, binding: Binding) -> str:
        """The key as shown; a screen may narrow it to what applies now through a
        ``key_display_for(binding)`` method (the quiz: "1-2/a-b" on a two-option card)."""
        narrow = getattr(self.screen, "key_display_for", None)
        shown = narrow(binding) if callable(narrow) else None
        return shown if isinstance(shown, str) else self.app.get_key_display(binding)

    def refresh_keys(self) -> None:
        parts: list[Content] = []
        self._hits = []
        x = 0
        for active in self.shown():
            binding = active.binding
            key = self._key_display(binding)
            description = binding.description or binding.action
            piece = Content.assemble(
                (f" {key} ", "bold $footer-key-foreground"),
                (f"{description} ", "" if active.enabled else "dim"),
            )
            self._hits.append((x, x + piece.cell_length, active))
            x += piece.cell_length
            parts.append(piece)
        content = Content("").join(parts)
        if content != self._shown_content:
            self._shown_content = content
            self.refresh()  # a repaint only: Static.update() would re-lay the screen out

    def render(self) -> Content:
        return self._shown_content or Content("")

    def on_click(self, event: events.Click) -> None:
        for start, end, active in self._hits:
            if start <= event.x < end and active.enabled:
                node = active.node
                target = node if isinstance(node, Widget) else None
                self.run_worker(
                    self.app.run_action(active.binding.action, target or node),
                    exclusive=False,
                )
                event.stop()
                return
