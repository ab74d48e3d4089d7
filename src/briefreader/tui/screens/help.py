"""The help screen: every key, by pane (from :func:`..keys.key_groups`), and a legend."""

from __future__ import annotations

import textwrap
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keys import key_groups
from ..widgets.key_footer import KeyFooter

LEGEND = (
    ("Kinds (glossary, actors)", "T term · P person · S state · O organisation · G group"),
    ("Stance (outline)", "R a fact the piece reports · A the author's own claim"),
    ("Marks", "• mentioned / anchored in the current paragraph · ○◔◑◕● mastery"),
    ("Strips", "··▂▄▆█ where in the text an entry is mentioned, start to end"),
)
KEYS_WIDTH = 16
DESCRIPTION_WIDTH = 20
TOOLTIP_WIDTH = 40  # the box is 90 wide: keys, description, then the tooltip wrapped


def help_content() -> Content:
    parts: list[Content] = [Content.styled("Keys\n", "bold")]
    for title, group in key_groups():
        if not group:
            continue
        parts.append(Content.styled(f"\n{title}\n", "bold $accent"))
        for row in group:
            keys = " / ".join(row.keys)
            indent = " " * (KEYS_WIDTH + DESCRIPTION_WIDTH + 4)
            tip = textwrap.wrap(row.tooltip, TOOLTIP_WIDTH) if row.tooltip else []
            line = Content.assemble(
                (f"  {keys:<{KEYS_WIDTH}} ", "bold"),
                f"{row.description:<{DESCRIPTION_WIDTH}} ",
                ((f"\n{indent}").join(tip), "dim"),
                "\n",
            )
            parts.append(line)
    parts.append(Content.styled("\nLegend\n", "bold $accent"))
    for label, text in LEGEND:
        parts.append(
            Content.assemble(
                (f"  {label:<{KEYS_WIDTH + DESCRIPTION_WIDTH - 14}} ", "bold"), text, "\n"
            )
        )
    parts.append(Content.styled("\nThe mouse works too: click a highlighted word, scroll.", "dim"))
    return Content("").join(parts)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", tooltip="Back to the reader"),
        Binding("j,down", "scroll(1)", "Scroll", key_display="j/k", tooltip="Line by line"),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False),
        Binding("space,pagedown", "page(1)", "Page", key_display="space/b"),
        Binding("b,pageup", "page(-1)", "Page up", show=False),
        Binding("g,home", "edge(-1)", "Top", show=False),
        Binding("G,end", "edge(1)", "Bottom", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(help_content(), id="help-text")
        yield KeyFooter()

    @property
    def box(self) -> VerticalScroll:
        return self.query_one("#help-box", VerticalScroll)

    def action_scroll(self, lines: int) -> None:
        self.box.scroll_relative(y=lines, animate=False)

    def action_page(self, direction: int) -> None:
        box = self.box
        box.scroll_relative(
            y=direction * max(1, box.scrollable_content_region.height - 1), animate=False
        )

    def action_edge(self, direction: int) -> None:
        if direction < 0:
            self.box.scroll_home(animate=False)
        else:
            self.box.scroll_end(animate=False)
