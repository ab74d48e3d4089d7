#!/usr/bin/env python3
"""The baseline for benchmarks/tui_bench.py: a minimal Textual app (quits on ``q``).

Any Textual app pays this much to start and paint; briefreader's numbers are reported
relative to it, measured in the same run on the same machine. For ``keys``, every other
key press (``j``, ``space``, ``Tab``...) rewrites its one line of text: the framework's
floor for a key to reach the screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Key
from textual.widgets import Footer, Header, Static


class MinimalApp(App[None]):
    TITLE = "Minimal"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Minimal Textual app ready.", id="line")
        yield Footer()

    def on_key(self, event: Key) -> None:
        self.presses += 1
        self.query_one("#line", Static).update(f"Minimal Textual app ready. Key {self.presses}")

    presses = 0


if __name__ == "__main__":
    MinimalApp().run()
