"""The outline's labels built as one Text draw what Tree's label, cut and re-assembled, drew.

:meth:`OutlineTree.render_label` builds each label's plain text and spans directly; the
way it was built before (Tree's own label cut after its icon, the marks assembled around
it) is kept as ``_label_through_tree``. Every line of the tree is rendered both ways, in
each state (marked or not, a mastery glyph, folded, the cursor, focus, titles cut at a
narrow pane's edge), and the strips must be equal segment by segment, meta included.
"""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.strip import Strip

from briefreader.core.brief import Anchor, OutlinePoint
from briefreader.tui.textual_private import tree_line_cache, tree_render_line
from briefreader.tui.widgets.outline_tree import OutlineTree

from .conftest import unfocused_then_focused

OUTLINE = (
    OutlinePoint(
        "context",
        "Stoltenberg's visit to the Republic of Korea and to Japan, early in 2023",
        "He went to Asia.",
        "reported",
        (Anchor(2),),
        (
            OutlinePoint("talks", "Talks with the AP4", "Twice.", "reported", (Anchor(3),)),
            OutlinePoint(
                "claim", "[b]Expansion[/b] is risky", "The author warns.", "author", (Anchor(3),)
            ),
            OutlinePoint("wide", "日本とNATOの共同声明について", "Wide.", "unset", (Anchor(4),)),
        ),
    ),
    OutlinePoint("end", "Decoupling rejected", "No decoupling.", "author", (Anchor(6),)),
    OutlinePoint(
        "folded",
        "A point folded away",
        "Its child is hidden.",
        "reported",
        (Anchor(5),),
        (OutlinePoint("hidden", "The hidden child", "Hidden.", "author", (Anchor(5),)),),
    ),
)


class TreeApp(App[None]):
    CSS = "OutlineTree { height: 10; width: 60; }"

    def compose(self) -> ComposeResult:
        yield OutlineTree(OUTLINE)


def lines(tree: OutlineTree) -> list[list[tuple[str, Any]]]:
    tree_line_cache(tree).clear()
    _ = tree.last_line
    out: list[Strip] = [
        tree_render_line(tree, y, 0, tree.size.width, tree.rich_style)
        for y in range(tree.last_line + 1)
    ]
    return [[(seg.text, seg.style) for seg in strip] for strip in out]


def both_ways(tree: OutlineTree) -> None:
    ours = lines(tree)
    tree.render_label = tree._label_through_tree  # type: ignore[method-assign]
    try:
        theirs = lines(tree)
    finally:
        del tree.render_label
    assert ours == theirs
    assert ours and any("•" in text for line in ours for text, _ in line)


async def test_labels_built_directly_equal_the_tree_built_ones() -> None:
    app = TreeApp()
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        tree = app.query_one(OutlineTree)
        tree._point_nodes["folded"].collapse()
        tree.set_mastery({"context": 0.6, "end": 1.0, "wide": 0.1})
        await pilot.pause()
        checked = 0
        for width in (60, 34, 22):
            tree.styles.width = width
            for paragraph in (3, 2, 4):
                tree.current_paragraph = paragraph
                for cursor in (0, 2, 4):
                    tree.cursor_line = cursor
                    async for _ in unfocused_then_focused(pilot, tree):
                        both_ways(tree)
                        checked += 1
        assert checked == 3 * 3 * 3 * 2
        assert "…" in "".join(text for line in lines(tree) for text, _ in line)  # cut at 22
