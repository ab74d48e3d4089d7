"""The argument outline as a tree, marking the points anchored to the current paragraph.

Each line reads ``▼ • R Title ◑``:

* ``•`` — the point is anchored to the reader's current paragraph
  (plus the ``outline-tree--current`` style, so not colour alone);
* ``R`` / ``A`` — stance: a fact the piece *reports* / the *author's* claim
  (``outline-tree--reported`` / ``outline-tree--author``);
* the title, as plain text (never markup);
* an optional mastery glyph ``○◔◑◕●`` set by :meth:`OutlineTree.set_mastery`.

Node data is the point id.  The label stored on each node is just the title;
the marks are added in :meth:`OutlineTree.render_label`, with styles looked up
from component classes at render time so themes apply.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Span, Text, TextType
from textual import on
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.reactive import var
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...core.brief import OutlinePoint, Stance
from ...core.words import squash
from ..textual_private import tree_line_cache, tree_render_line
from .focus_restyle import FocusRestyle
from .plain_lines import PlainRows

__all__ = ["MASTERY_GLYPHS", "STANCE_TAGS", "OutlineTree", "mastery_glyph"]

STANCE_TAGS: Mapping[Stance, str] = {"reported": "R", "author": "A", "unset": "?"}
"""Letter shown before each title: R = reported fact, A = the author's claim."""
MASTERY_GLYPHS = "○◔◑◕●"
CURRENT_MARK = "•"
_TOGGLE = Style.from_meta({"toggle": True})  # Tree's meta on its toggle icon


def mastery_glyph(value: float) -> str:
    """A quarter-step glyph for a mastery in ``0.0..1.0``.

    ``○`` below 0.25, ``◔`` from 0.25, ``◑`` from 0.5, ``◕`` from 0.75 and ``●``
    only at 1.0; values outside the range are clamped and NaN counts as 0.
    """
    if not value > 0:
        return MASTERY_GLYPHS[0]
    steps = len(MASTERY_GLYPHS) - 1
    return MASTERY_GLYPHS[min(steps, int(value * steps))]


class OutlineTree(FocusRestyle, Tree[str], PlainRows):
    """Outline points (data = point id), expanded, with current-paragraph marks.

    Posts :class:`OutlineTree.PointSelected` on Enter/click (the underlying
    ``Tree.NodeSelected`` is stopped here; ``NodeHighlighted`` too: nothing needs the
    cursor's moves).  Enter does not fold a point; space does.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Next point", show=False),
        Binding("j", "cursor_down", "Next point", show=False),
        Binding("up", "cursor_up", "Previous point", show=False),
        Binding("k", "cursor_up", "Previous point", show=False),
        Binding("enter", "select_cursor", "Go to point"),
        Binding("space", "toggle_node", "Fold/unfold", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "outline-tree--current",
        "outline-tree--reported",
        "outline-tree--author",
        "outline-tree--mastery",
    }

    DEFAULT_CSS = """
    OutlineTree {
        & > .outline-tree--current { text-style: bold; }
        & > .outline-tree--reported { text-style: bold; color: $text-secondary; }
        & > .outline-tree--author { text-style: bold; color: $text-warning; }
        & > .outline-tree--mastery { text-style: dim; }
    }
    """

    class PointSelected(Message):
        """A point was chosen; ``paragraph`` is its first anchored paragraph (or None)."""

        def __init__(self, tree: OutlineTree, point_id: str, paragraph: int | None) -> None:
            super().__init__()
            self.tree = tree
            self.point_id = point_id
            self.paragraph = paragraph

        @property
        def control(self) -> OutlineTree:
            return self.tree

    current_paragraph: var[int | None] = var(None, init=False)
    """The reader's current paragraph; points anchored there are marked and kept in view.
    A ``var``: only the lines whose mark changes are repainted."""

    def __init__(
        self,
        points: Sequence[OutlinePoint],
        by_paragraph: Mapping[int, Sequence[str]] | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        """Args:
        points: The top-level outline points (children are added recursively).
        by_paragraph: Paragraph → ids of the points anchored there (computed from
            ``points`` when not given; the reader passes the brief session's copy).
        """
        super().__init__(Text("Outline"), name=name, id=id, classes=classes, disabled=disabled)
        self.show_root = False
        self.auto_expand = False
        self._points: dict[str, OutlinePoint] = {}
        self._point_nodes: dict[str, TreeNode[str]] = {}
        self._marked: frozenset[str] = frozenset()
        self._mastery: dict[str, float] = {}
        self._pending_select: str | None = None
        self._lines_style: Style | None = None
        # the lines of each (un)marked state seen: (tree line, marked) -> {Tree's key: strip}
        self._mark_stash: dict[tuple[int, bool], dict[tuple[object, ...], Strip]] = {}
        for point in points:
            self._add_point(self.root, point)
        self.root.expand()
        if by_paragraph is None:
            found: dict[int, list[str]] = {}
            for pid, point in self._points.items():
                for n in point.paragraphs:
                    found.setdefault(n, []).append(pid)
            by_paragraph = found
        self._by_paragraph = by_paragraph

    # -- public API -------------------------------------------------------------

    @property
    def point_ids(self) -> tuple[str, ...]:
        """All point ids, depth first."""
        return tuple(self._points)

    @property
    def selected_id(self) -> str | None:
        """The id of the point under the cursor, if any."""
        node = self.cursor_node
        return None if node is None else node.data

    @property
    def marked_ids(self) -> frozenset[str]:
        """Ids of the points anchored to the current paragraph."""
        return self._marked

    def watch_current_paragraph(self, paragraph: int | None) -> None:
        """Mark (and reveal) the points anchored to ``paragraph``; ``None`` clears."""
        marked = frozenset(self._by_paragraph.get(paragraph, ()) if paragraph is not None else ())
        marked &= self._points.keys()
        changed = marked ^ self._marked
        self._marked = marked
        for pid in marked:
            self._reveal(self._point_nodes[pid])
        self._repaint_nodes([self._point_nodes[pid] for pid in changed])
        if marked and self.is_mounted:
            if self.size.height:  # in this frame: scroll_to_marked rebuilds the line numbers
                self.scroll_to_marked()
            else:  # not laid out yet: once it has a size
                self.call_after_refresh(self.scroll_to_marked)

    def scroll_to_marked(self) -> None:
        """Bring the first marked point into view with as much of what follows it as fits
        (its children and the other marked points), without moving if all is visible."""
        nodes = [self._point_nodes[pid] for pid in self._points if pid in self._marked]
        if not nodes or not self.is_mounted:
            return
        _ = self.last_line  # rebuilds line numbers after any expansion
        first = nodes[0]
        if first.line < 0:
            return
        last = first.line
        for node in nodes:
            last = max(last, node.line)
        stack = list(first.children)
        while stack:
            node = stack.pop()
            last = max(last, node.line)
            if node.is_expanded:
                stack.extend(node.children)
        height = max(1, self.scrollable_content_region.height)
        last = min(last, first.line + height - 1)
        self.scroll_to_region(
            Region(0, first.line, 1, last - first.line + 1), animate=False, immediate=True
        )

    def on_resize(self) -> None:
        if self._marked:
            self.call_after_refresh(self.scroll_to_marked)

    def select_point(self, point_id: str) -> bool:
        """Reveal ``point_id`` and move the cursor to it.

        Before the tree is mounted the move is remembered and done on mount.
        """
        node = self._point_nodes.get(point_id)
        if node is None:
            return False
        self._reveal(node)
        if not self.is_mounted:
            self._pending_select = point_id
            return True
        _ = self.last_line  # rebuilds line numbers after any expansion
        self.move_cursor(node)
        return True

    def set_points(
        self, points: Sequence[OutlinePoint], by_paragraph: Mapping[int, Sequence[str]]
    ) -> None:
        """Replace the outline (suggested points arrived, or a review changed it)."""
        self.root.remove_children()
        self._points.clear()
        self._point_nodes.clear()
        for point in points:
            self._add_point(self.root, point)
        self.root.expand()
        self._by_paragraph = by_paragraph

    def set_mastery(self, mastery: Mapping[str, float]) -> None:
        """Show a mastery glyph (``○◔◑◕●``) after each point listed in ``mastery``."""
        changed = set(mastery.items()) ^ set(self._mastery.items())
        self._mastery = {k: v for k, v in mastery.items() if k in self._points}
        for pid in {k for k, _ in changed}:
            if pid in self._point_nodes:
                self._point_nodes[pid].refresh()

    def point(self, point_id: str) -> OutlinePoint | None:
        return self._points.get(point_id)

    # -- Tree overrides -----------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._lines_style = self.rich_style  # once per repaint, not once per line
        try:
            return super().render_lines(crop)
        finally:
            self._lines_style = None

    def render_line(self, y: int) -> Strip:
        """Tree's own, but with the widget's style computed once per repaint
        (``rich_style`` walks every ancestor's styles: ~60 µs, per line)."""
        scroll_x, scroll_y = self.scroll_offset
        style = self._lines_style or self.rich_style
        return tree_render_line(self, y + scroll_y, scroll_x, scroll_x + self.size.width, style)

    def process_label(self, label: TextType) -> Text:
        """Labels are literal: a ``str`` is never parsed as markup."""
        text = Text(label) if isinstance(label, str) else label
        return text.split()[0] if text.plain else text

    def render_label(self, node: TreeNode[str], base_style: Style, style: Style) -> Text:
        """The label with its marks, built as one Text: the plain string and the spans
        that Tree's own label, cut and re-assembled with the marks, would give
        (:meth:`_label_through_tree`, used for a label with styles of its own;
        ``tests/ui/test_outline_label.py`` compares the two)."""
        point = self._points.get(node.data) if node.data is not None else None
        label = node.label
        if point is None or not isinstance(label, Text) or label.spans or label.style:
            return self._label_through_tree(node, base_style, style)
        component = self._component_style
        spans: list[Span] = []
        pieces: list[str] = []
        offset = 0

        def add(text: str, text_style: Style) -> None:
            nonlocal offset
            if text_style:
                spans.append(Span(offset, offset + len(text), text_style))
            pieces.append(text)
            offset += len(text)

        if node.allow_expand:  # Tree's toggle icon
            add(
                self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE,
                base_style + _TOGGLE,
            )
        current = point.id in self._marked
        if current:
            add(CURRENT_MARK + " ", style + component("outline-tree--current"))
        else:
            add("  ", style)
        add(STANCE_TAGS[point.stance], style + component(f"outline-tree--{point.stance}"))
        add(" ", style)
        tail = ""
        if point.id in self._mastery:
            tail = " " + mastery_glyph(self._mastery[point.id])
        title = label.plain
        room = self._label_room(node) - cell_len("".join(pieces)) - cell_len(tail)
        if 0 < room < cell_len(title):  # cut at the pane's edge, and say so
            title = set_cell_size(title, room - 1) + "…"
        if title:
            for title_style in (style, component("outline-tree--current") if current else None):
                if title_style:
                    spans.append(Span(offset, offset + len(title), title_style))
            pieces.append(title)
            offset += len(title)
        if tail:
            add(tail, style + component("outline-tree--mastery"))
        return Text("".join(pieces), spans=spans)

    def _label_through_tree(self, node: TreeNode[str], base_style: Style, style: Style) -> Text:
        """The label as Tree renders it, cut and re-assembled with the marks."""
        text = super().render_label(node, base_style, style)
        point = self._points.get(node.data) if node.data is not None else None
        if point is None:
            return text
        icon_len = len(text) - len(node.label)
        icon, title = text[:icon_len], text[icon_len:]
        current = point.id in self._marked

        def part(s: str, component: str) -> Text:
            return Text(s, style=style + self._component_style(component))

        parts = [icon]
        if current:
            parts.append(part(CURRENT_MARK + " ", "outline-tree--current"))
            title.stylize(self._component_style("outline-tree--current"))
        else:
            parts.append(Text("  ", style=style))
        parts += [
            part(STANCE_TAGS[point.stance], f"outline-tree--{point.stance}"),
            Text(" ", style),
        ]
        tail = []
        if point.id in self._mastery:
            tail.append(part(" " + mastery_glyph(self._mastery[point.id]), "outline-tree--mastery"))
        room = self._label_room(node) - sum(p.cell_len for p in (*parts, *tail))
        if 0 < room < title.cell_len:  # cut at the pane's edge, and say so
            title.truncate(room, overflow="ellipsis")
        return Text.assemble(*parts, title, *tail)

    def get_label_width(self, node: TreeNode[str]) -> int:
        """The width :meth:`render_label` gives, counted instead of rendered: Tree's own
        renders the label of every node to measure it, on every rebuild of its lines
        (a resize, a fold), most of the outline's first-paint cost."""
        point = self._points.get(node.data) if node.data is not None else None
        if point is None:
            return super().get_label_width(node)
        icon = cell_len(self.ICON_NODE) if node.allow_expand else 0  # both icons: 2 cells
        marks = 2 + cell_len(STANCE_TAGS[point.stance]) + 1
        tail = (
            1 + cell_len(mastery_glyph(self._mastery[point.id])) if point.id in self._mastery else 0
        )
        label = node.label
        title = cell_len(label.plain if isinstance(label, Text) else label)
        room = self._label_room(node) - icon - marks - tail
        if 0 < room < title:
            title = room  # cut there, an ellipsis in the last cell
        return icon + marks + title + tail

    def _label_room(self, node: TreeNode[str]) -> int:
        """Cells left for a node's label in the pane (its guides take the rest)."""
        width = self.scrollable_content_region.width if self.is_mounted else 0
        if width <= 0:
            return 0
        depth, parent = 0, node.parent
        while parent is not None and parent is not self.root:
            depth, parent = depth + 1, parent.parent
        return width - depth * self.guide_depth

    # -- internals --------------------------------------------------------------

    def notify_style_update(self) -> None:
        """On a focus change, repaint but keep the lines: Tree's own version rebuilds them
        and re-lays out the screen (on every Tab to or from here). Tree's line cache is
        keyed by the pseudo-classes (focus among them) the line was drawn under, so the
        lines of both states stay valid: after the first Tab each way, none is redrawn.
        Any other restyle (a theme, the CSS) drops them all."""
        if self.focus_restyle:
            super(Tree, self).notify_style_update()  # skips Tree's _invalidate()
            self.refresh()
            return
        super().notify_style_update()
        self._mark_stash.clear()

    def on_mount(self) -> None:
        if self._pending_select is not None:
            self.call_after_refresh(self.select_point, self._pending_select)
            self._pending_select = None

    def _component_style(self, component: str) -> Style:
        # Component styles exist only once the stylesheet has been applied.
        return self.get_component_rich_style(component, partial=True, default=Style.null())

    def _add_point(self, parent: TreeNode[str], point: OutlinePoint) -> None:
        if point.id in self._points:  # ids are unique in a checked brief
            return
        title = Text(squash(point.title))
        node = parent.add(title, point.id, expand=True, allow_expand=bool(point.children))
        self._points[point.id] = point
        self._point_nodes[point.id] = node
        for child in point.children:
            self._add_point(node, child)

    def _repaint_nodes(self, nodes: Sequence[TreeNode[str]]) -> None:
        """Repaint just the lines of ``nodes`` (their marks changed), in one refresh.

        ``TreeNode.refresh`` would also drop the cached lines of all their descendants
        (Tree's line cache is keyed by the updates of every node on the path); only these
        labels changed, so only their own lines (cache key ``(line, ...)``) change. Their
        lines in the state left are kept aside, and those of the state entered put back
        when this line was drawn in it before (under the same key, so with the same
        everything else): moving back and forth re-renders no label.
        """
        if not nodes:
            return
        if not self.is_mounted:
            for node in nodes:
                node.refresh()
            return
        _ = self.last_line  # rebuilds the line numbers if needed
        marked = {node.line: node.data in self._marked for node in nodes}
        marked.pop(-1, None)
        cache, stash = tree_line_cache(self), self._mark_stash
        if sum(map(len, stash.values())) > 4096:
            stash.clear()
        for key in [k for k in cache.keys() if k[0] in marked]:  # noqa: SIM118 (no __iter__)
            line = key[0]
            assert isinstance(line, int)
            strip = cache.get(key)
            if strip is not None:
                stash.setdefault((line, not marked[line]), {})[key] = strip
            cache.discard(key)
        for line, now in marked.items():
            for key, strip in stash.get((line, now), {}).items():
                cache[key] = strip
        top, height, width = self.scroll_offset.y, self.size.height, self.size.width
        regions = [Region(0, y - top, width, 1) for y in marked if top <= y < top + height]
        if regions:
            self.refresh(*regions)

    def _reveal(self, node: TreeNode[str]) -> bool:
        """Expand the ancestors of ``node``; True if any was folded."""
        expanded = False
        parent = node.parent
        while parent is not None:
            if not parent.is_expanded:
                parent.expand()
                expanded = True
            parent = parent.parent
        return expanded

    @on(Tree.NodeSelected)
    def _node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        pid = event.node.data
        if pid is not None and pid in self._points:
            paragraphs = self._points[pid].paragraphs
            self.post_message(self.PointSelected(self, pid, paragraphs[0] if paragraphs else None))

    @on(Tree.NodeHighlighted)
    def _node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        event.stop()
