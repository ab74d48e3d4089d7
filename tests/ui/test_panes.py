"""Pilot tests for the side panes: EntryList, OutlineTree, EntryDetails."""

from __future__ import annotations

from typing import TypeVar

from hypothesis import given
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.message import Message
from textual.widget import Widget

from briefreader.core.brief import (
    Actor,
    Anchor,
    Article,
    Brief,
    Metadata,
    OutlinePoint,
    Paragraph,
    Term,
)
from briefreader.core.xref import Index, Mention, index_brief
from briefreader.tui.widgets.details import NAME, EntryDetails, entry_content, point_content
from briefreader.tui.widgets.entry_list import CURRENT_STYLE, EntryList, EntryRow, row_content
from briefreader.tui.widgets.outline_tree import OutlineTree, mastery_glyph

PARAGRAPHS = (
    "NATO met the AP4 in Brussels.",
    "Jens Stoltenberg visited Japan.",
    "The AP4 and NATO talked again; NATO said more.",
    "Nothing to see here.",
    "Japan signed. The [bold]x[/] group also met.",
    "Decoupling was rejected by NATO.",
)

TERMS = (
    Term("ap4", "AP4", "NATO's four Asia-Pacific partners.", ("Asia-Pacific Four",), "Still four."),
    Term("decoupling", "Decoupling", "Cutting economic ties."),
    Term("markup", "[bold]x[/]", "A name that looks like markup."),
)
ACTORS = (
    Actor("nato", "NATO", "organisation", "Military alliance", "An alliance.", ("the alliance",)),
    Actor("stoltenberg", "Jens Stoltenberg", "person", "NATO Secretary General", "Norwegian."),
    Actor("japan", "Japan", "state", "Partner", "A state in East Asia."),
    Actor("quit", "[@click=app.quit]", "group", "Trap", "Clicking must run nothing."),
)

OUTLINE = (
    OutlinePoint(
        "context",
        "Stoltenberg's visit",
        "He went to Asia.",
        "reported",
        (Anchor(2),),
        (
            OutlinePoint(
                "talks", "Talks with the AP4", "They met twice.", "reported", (Anchor(3), Anchor(1))
            ),
            OutlinePoint(
                "claim", "[b]Expansion[/b] is risky", "The author warns.", "author", (Anchor(5),)
            ),
        ),
    ),
    OutlinePoint("end", "Decoupling rejected", "No decoupling.", "author", (Anchor(6),)),
)


def make_brief() -> Brief:
    paragraphs = tuple(Paragraph(n, "body", text) for n, text in enumerate(PARAGRAPHS, 1))
    article = Article(Metadata("Test brief"), paragraphs)
    return Brief("test", article, TERMS, ACTORS, OUTLINE)


def mention_map(brief: Brief) -> dict[str, list[int]]:
    index = index_brief(brief)
    return {e.id: [m.paragraph for m in index.mentions_of(e.id)] for e in brief.entries}


M = TypeVar("M", bound=Message)


class PaneApp(App[None]):
    """Mounts the given widgets and records the pane messages they post."""

    CSS = """
    EntryList { height: 10; }
    OutlineTree { height: 8; }
    """

    def __init__(self, *widgets: Widget) -> None:
        super().__init__()
        self._widgets = widgets
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield from self._widgets

    def on_entry_list_entry_selected(self, message: EntryList.EntrySelected) -> None:
        self.messages.append(message)

    def on_entry_list_entry_highlighted(self, message: EntryList.EntryHighlighted) -> None:
        self.messages.append(message)

    def on_outline_tree_point_selected(self, message: OutlineTree.PointSelected) -> None:
        self.messages.append(message)

    def of(self, kind: type[M]) -> list[M]:
        return [m for m in self.messages if isinstance(m, kind)]


def lines(widget: Widget) -> list[str]:
    """The widget's visible content lines as plain text."""
    return [widget.render_line(y).text for y in range(widget.scrollable_content_region.height)]


def has_click_action(widget: Widget, y: int) -> bool:
    """Whether any cell of content line ``y`` carries a Textual click action."""
    return any(
        seg.style is not None and "@click" in seg.style.meta for seg in widget.render_line(y)
    )


def index_of(mentions: dict[str, list[int]]) -> Index:
    """An index with one (dummy-span) mention per listed paragraph."""
    found = [Mention(p, i, i + 1, e) for e, ps in mentions.items() for i, p in enumerate(ps)]
    return Index.from_mentions(found)


def make_list(mentions: dict[str, list[int]] | None = None) -> EntryList:
    brief = make_brief()
    return EntryList(
        brief.entries,
        index_brief(brief) if mentions is None else index_of(mentions),
        len(PARAGRAPHS),
        id="entries",
    )


def marked_rows(entries: EntryList) -> set[str]:
    """Ids of the rows that show the current-paragraph marker."""
    rows = lines(entries)
    return {e for e, row in zip(entries.entry_ids, rows, strict=False) if row.startswith("•")}


def selected_ids(app: PaneApp) -> list[str]:
    return [m.entry_id for m in app.of(EntryList.EntrySelected)]


# -- EntryList -------------------------------------------------------------------


async def test_rows_show_cue_name_strip_and_count() -> None:
    app = PaneApp(make_list())
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        rows = lines(app.query_one(EntryList))
        assert rows[0].startswith("  T  AP4 ")
        assert "█" in rows[0] and "·" in rows[0]
        assert rows[0].rstrip().endswith("2×")  # paragraphs 1 and 3
        nato = next(r for r in rows if "NATO" in r and r[2] == "O")
        assert nato.rstrip().endswith("4×")  # twice in paragraph 3
        assert any(r.startswith("  P  Jens Stoltenberg ") for r in rows)
        assert any(r.startswith("  S  Japan ") for r in rows)
        assert all(len(r) == len(rows[0]) for r in rows if r.strip())


async def test_current_paragraph_marks_the_right_rows() -> None:
    app = PaneApp(make_list())
    async with app.run_test(size=(60, 20)) as pilot:
        entries = app.query_one(EntryList)
        entries.current_paragraph = 3
        await pilot.pause()
        assert marked_rows(entries) == {"ap4", "nato"}
        assert entries.current_ids == {"ap4", "nato"}
        entries.current_paragraph = 2
        await pilot.pause()
        assert marked_rows(entries) == {"stoltenberg", "japan"}
        entries.current_paragraph = None
        await pilot.pause()
        assert not any(r.startswith("•") for r in lines(entries))


async def test_current_row_uses_component_style() -> None:
    row = EntryRow("ap4", "AP4", "term", (1, 3), 6, current=True)
    content = row_content(row, 40)
    assert content.cell_length == 40
    assert content.plain.startswith("• T  AP4")
    assert any(span.style == CURRENT_STYLE for span in content.spans)
    assert any(span.style == ".entry-list--term" for span in content.spans)


async def test_enter_and_click_post_entry_selected() -> None:
    app = PaneApp(make_list())
    async with app.run_test(size=(60, 20)) as pilot:
        entries = app.query_one(EntryList)
        entries.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert selected_ids(app) == ["ap4"]
        # rows start at y=1 inside the border; row 1 is "decoupling"
        await pilot.click(EntryList, offset=(4, 2))
        await pilot.pause()
        assert selected_ids(app) == ["ap4", "decoupling"]
        assert entries.selected_id == "decoupling"


async def test_j_k_move_and_post_highlighted() -> None:
    app = PaneApp(make_list())
    async with app.run_test(size=(60, 20)) as pilot:
        entries = app.query_one(EntryList)
        entries.focus()
        assert entries.selected_id == "ap4"
        await pilot.press("j", "j")
        assert entries.selected_id == "markup"
        await pilot.press("k")
        assert entries.selected_id == "decoupling"
        await pilot.press("down")
        await pilot.pause()
        assert entries.selected_id == "markup"
        highlighted = [m.entry_id for m in app.of(EntryList.EntryHighlighted)]
        assert highlighted[-3:] == ["markup", "decoupling", "markup"]
        assert not app.of(EntryList.EntrySelected)


async def test_select_entry_scrolls_and_highlights() -> None:
    terms = [Term(f"t{i:03}", f"Term {i:03}", "d") for i in range(200)]
    entries = EntryList(terms, index_of({"t150": [3]}), 6)
    app = PaneApp(entries)
    async with app.run_test(size=(60, 20)) as pilot:
        assert entries.select_entry("t150")
        await pilot.pause()
        assert entries.selected_id == "t150"
        assert entries.scroll_y > 100
        assert any("Term 150" in r for r in lines(entries))
        assert not entries.select_entry("missing")
        assert entries.selected_id == "t150"


async def test_set_mentions_after_first_paint() -> None:
    app = PaneApp(make_list(mentions={}))
    async with app.run_test(size=(60, 20)) as pilot:
        entries = app.query_one(EntryList)
        entries.current_paragraph = 5
        await pilot.pause()
        assert all(r.rstrip().endswith("0×") for r in lines(entries) if r.strip())
        assert not any(r.startswith("•") for r in lines(entries))
        entries.index = index_brief(make_brief())
        await pilot.pause()
        rows = lines(entries)
        assert rows[0].rstrip().endswith("2×")
        assert marked_rows(entries) == {"japan", "markup"}


async def test_rows_say_not_counted_until_the_index_comes() -> None:
    """Before the index (a long text's is built after the first paint) a row shows no
    strip and ``…`` for its count -- not a false ``0×`` -- and is not dimmed."""
    brief = make_brief()
    app = PaneApp(EntryList(brief.entries, None, len(PARAGRAPHS), id="entries"))
    async with app.run_test(size=(60, 20)) as pilot:
        entries = app.query_one(EntryList)
        await pilot.pause()
        rows = [r.rstrip() for r in lines(entries) if r.strip()]
        assert rows and all(r.endswith("…") and "×" not in r for r in rows)
        entries.index = index_brief(brief)
        await pilot.pause()
        rows = [r.rstrip() for r in lines(entries) if r.strip()]
        assert rows[0].endswith("2×") and not any(r.endswith("…") for r in rows)


async def test_markup_names_are_literal_and_inert() -> None:
    app = PaneApp(make_list())
    async with app.run_test(size=(60, 20)) as pilot:
        entries = app.query_one(EntryList)
        rows = lines(entries)
        assert rows[2].startswith("  T  [bold]x[/] ")
        trap = entries.entry_ids.index("quit")
        assert "[@click=app.quit]" in rows[trap]
        assert not has_click_action(entries, trap)
        await pilot.click(EntryList, offset=(6, 1 + trap))
        await pilot.click(EntryList, offset=(4, 1 + trap))
        await pilot.pause()
        assert app.is_running
        assert selected_ids(app)[-1] == "quit"


async def test_empty_panes_do_not_crash() -> None:
    entries = EntryList([], None, 0)
    outline = OutlineTree([])
    details = EntryDetails()
    app = PaneApp(entries, outline, details)
    async with app.run_test(size=(60, 20)) as pilot:
        entries.focus()
        await pilot.press("j", "k", "enter")
        entries.current_paragraph = 3
        entries.index = index_of({"x": [1]})
        assert entries.selected_id is None
        assert not entries.select_entry("x")
        outline.focus()
        await pilot.press("j", "enter")
        outline.current_paragraph = 1
        outline.set_mastery({"x": 0.5})
        assert not outline.select_point("x")
        details.clear()
        await pilot.pause()
        assert app.messages == []


# -- OutlineTree -----------------------------------------------------------------


async def test_outline_labels_and_current_marks() -> None:
    outline = OutlineTree(OUTLINE)
    app = PaneApp(outline)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        text = lines(outline)
        assert len([t for t in text if t.strip()]) == 4  # expanded by default
        assert "R Stoltenberg's visit" in text[0]
        assert "A [b]Expansion[/b] is risky" in text[2]  # literal, not bold
        outline.current_paragraph = 3
        await pilot.pause()
        text = lines(outline)
        assert "• R Talks with the AP4" in text[1]
        assert sum("•" in t for t in text) == 1
        assert outline.marked_ids == {"talks"}
        outline.current_paragraph = 2
        await pilot.pause()
        assert outline.marked_ids == {"context"}
        assert "•" in lines(outline)[0] and "•" not in lines(outline)[1]


async def test_outline_reveals_marked_points_in_collapsed_parents() -> None:
    outline = OutlineTree(OUTLINE)
    app = PaneApp(outline)
    async with app.run_test(size=(60, 20)) as pilot:
        outline.root.children[0].collapse()
        await pilot.pause()
        assert not any("Expansion" in t for t in lines(outline))
        outline.current_paragraph = 5
        await pilot.pause()
        assert any("• A [b]Expansion[/b] is risky" in t for t in lines(outline))


async def test_outline_point_selected_carries_first_paragraph() -> None:
    outline = OutlineTree(OUTLINE)
    app = PaneApp(outline)
    async with app.run_test(size=(60, 20)) as pilot:
        outline.focus()
        await pilot.press("j", "j", "enter")  # the cursor starts on no line
        await pilot.pause()
        selected = app.of(OutlineTree.PointSelected)
        assert [(m.point_id, m.paragraph) for m in selected] == [("talks", 1)]
        assert outline.selected_id == "talks"
        # Enter does not fold a parent.
        await pilot.press("k", "enter")
        await pilot.pause()
        assert outline.root.children[0].is_expanded
        await pilot.click(OutlineTree, offset=(12, 3))  # "Decoupling rejected"
        await pilot.pause()
        selected = app.of(OutlineTree.PointSelected)
        assert [(m.point_id, m.paragraph) for m in selected][-1] == ("end", 6)


async def test_outline_click_on_markup_title_runs_nothing() -> None:
    outline = OutlineTree(
        [OutlinePoint("trap", "[@click=app.quit]Quit[/]", "s", "author", (Anchor(1),))]
    )
    app = PaneApp(outline)
    async with app.run_test(size=(60, 20)) as pilot:
        assert "[@click=app.quit]Quit[/]" in lines(outline)[0]
        assert not has_click_action(outline, 0)
        for x in range(2, 20, 3):
            await pilot.click(OutlineTree, offset=(x, 0))
        await pilot.pause()
        assert app.is_running
        assert app.of(OutlineTree.PointSelected)


async def test_select_point_and_mastery() -> None:
    outline = OutlineTree(OUTLINE)
    app = PaneApp(outline)
    async with app.run_test(size=(60, 20)) as pilot:
        outline.root.children[0].collapse()
        assert outline.select_point("claim")
        await pilot.pause()
        assert outline.selected_id == "claim"
        assert outline.root.children[0].is_expanded
        outline.set_mastery({"context": 0.0, "claim": 0.5, "end": 1.0})
        await pilot.pause()
        text = lines(outline)
        assert text[0].rstrip().endswith("○")
        assert text[2].rstrip().endswith("◑")
        assert text[3].rstrip().endswith("●")
        assert not text[1].rstrip().endswith(("○", "◔", "◑", "◕", "●"))
    assert [mastery_glyph(v) for v in (-1, 0.1, 0.25, 0.6, 0.99, 1.0, 2)] == list("○○◔◑◕●●")


# -- EntryDetails ----------------------------------------------------------------


def plain(widget: EntryDetails) -> str:
    content = widget.content
    return str(content)


async def test_details_show_every_entry_field() -> None:
    details = EntryDetails("Nothing selected.")
    app = PaneApp(details)
    async with app.run_test(size=(60, 20)) as pilot:
        assert plain(details) == "Nothing selected."
        details.show_entry(TERMS[0], [1, 3, 3])
        await pilot.pause()
        text = plain(details)
        for part in (
            "AP4",
            "Glossary term",
            "Also: Asia-Pacific Four",
            "NATO's four Asia-Pacific partners.",
            "Since then: Still four.",
            "Mentioned in ¶ 1, 3 (3×)",
        ):
            assert part in text
        assert details.shown == ("entry", "ap4")
        details.show_entry(ACTORS[1], [])
        text = plain(details)
        assert "Person · NATO Secretary General" in text
        assert "Norwegian." in text and "Not found in the text." in text
        details.show_entry(TERMS[2], [5])
        assert plain(details).startswith("[bold]x[/]\n")
        await pilot.pause()
        assert details.render_line(0).text.startswith("[bold]x[/]")  # drawn literally
        details.clear()
        assert plain(details) == "Nothing selected." and details.shown is None


async def test_details_show_point_and_wrap() -> None:
    long_point = OutlinePoint("long", "A title", "word " * 40, "author", (Anchor(7),))
    details = EntryDetails()
    app = PaneApp(details)
    async with app.run_test(size=(40, 20)) as pilot:
        details.show_point(OUTLINE[0].children[0])
        await pilot.pause()
        text = plain(details)
        assert "Talks with the AP4" in text and "Reported fact" in text
        assert "They met twice." in text and "¶ 1, 3" in text
        details.show_point(long_point)
        await pilot.pause()
        assert "The author's claim" in plain(details) and "¶ 7" in plain(details)
        assert details.size.height > 6  # the summary wrapped
        assert details.shown == ("point", "long")


def test_details_content_styles_name() -> None:
    content = entry_content(TERMS[0], [1])
    assert any(s.style == NAME and s.start == 0 for s in content.spans)
    assert point_content(OUTLINE[1]).plain.splitlines()[:2] == [
        "Decoupling rejected",
        "The author's claim",
    ]


@given(
    st.text(min_size=1, max_size=30),
    st.integers(min_value=1, max_value=120),
    st.lists(st.integers(min_value=1, max_value=9), max_size=5),
)
def test_row_content_fills_exactly_the_width(name: str, width: int, paragraphs: list[int]) -> None:
    row = EntryRow("x", name, "group", tuple(paragraphs), 9)
    content = row_content(row, width)
    assert content.cell_length == width
    assert "\n" not in content.plain


def test_row_content_drops_the_strip_when_narrow() -> None:
    row = EntryRow("x", "A rather long entry name", "state", (1,), 9)
    assert "█" in row_content(row, 40).plain
    narrow = row_content(row, 18).plain
    assert "█" not in narrow and narrow.rstrip().endswith("1×") and "…" in narrow


async def test_calls_before_mount_are_kept() -> None:
    entries, outline, details = make_list(), OutlineTree(OUTLINE), EntryDetails()
    entries.current_paragraph = 3
    entries.select_entry("japan")
    outline.current_paragraph = 5
    outline.set_mastery({"end": 1.0})
    assert outline.select_point("claim")
    details.show_point(OUTLINE[1])
    app = PaneApp(entries, outline, details)
    async with app.run_test(size=(60, 30)) as pilot:
        await pilot.pause()
        assert entries.selected_id == "japan"
        assert marked_rows(entries) == {"ap4", "nato"}
        assert outline.selected_id == "claim"
        assert outline.marked_ids == {"claim"}
        assert lines(outline)[3].rstrip().endswith("●")
        assert "Decoupling rejected" in plain(details)


def test_long_mention_lists_are_cut() -> None:
    from briefreader.tui.widgets.details import MAX_LISTED, paragraphs_text

    text = paragraphs_text(list(range(1, 500)))
    assert text.startswith("¶ 1, 2, 3")
    assert text.endswith(f"… (+{499 - MAX_LISTED} more paragraphs)")
    assert paragraphs_text([3, 1, 3]) == "¶ 1, 3"
