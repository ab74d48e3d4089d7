"""Scrollbars predicted before the first layout (``tui/first_layout.py``).

What is pinned: the predictions made at mount are what Textual decides once the widgets
have sizes (so the first layout is the last one), on the bundled brief at every layout
size; the scrollbars shown in the end are the same with and without predictions, also
when a prediction is wrong (Textual corrects it); cases too close to call are left
alone. The time it saves is measured in ``benchmarks/`` (first paint), not here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.css.scalar import Scalar, Unit
from textual.widget import Widget

from briefreader.core.brief import Brief
from briefreader.core.loader import load_brief
from briefreader.core.paths import resolve
from briefreader.tui import first_layout
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.reader import ReaderScreen

SCROLLERS = ("article", "glossary", "actors", "outline", "notes")
SIZES = [(120, 40), (140, 40), (200, 60), (100, 30), (80, 24), (60, 20), (120, 16)]


@pytest.fixture(scope="module")
def brief() -> Brief:
    return load_brief(resolve(None))


def shown(app: BriefReaderApp) -> dict[str, bool]:
    """Which of the reader's scrolling widgets show a vertical scrollbar (displayed ones)."""
    out = {}
    for name in SCROLLERS:
        found = app.screen.query(f"#{name}")
        if found and found.first().display and found.first().parent.display:  # type: ignore[union-attr]
            out[name] = found.first().show_vertical_scrollbar
    return out


async def final_scrollbars(brief: Brief, size: tuple[int, int]) -> dict[str, bool]:
    app = BriefReaderApp(brief)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        return shown(app)


def record_guesses(monkeypatch: pytest.MonkeyPatch, *, invert: bool = False) -> dict[str, bool]:
    """Wrap first_layout.guess: what it set, by widget id (``invert``: guess wrongly)."""
    made: dict[str, bool] = {}
    real_predict = first_layout.predict

    def predict(*args: Any, **kwargs: Any) -> bool | None:
        verdict = real_predict(*args, **kwargs)
        return (not verdict) if (invert and verdict is not None) else verdict

    real_guess = first_layout.guess

    def guess(widget: Widget, *args: Any, **kwargs: Any) -> None:
        before = widget.show_vertical_scrollbar
        real_guess(widget, *args, **kwargs)
        if first_layout.predict(*args, **kwargs) is not None:
            made[str(widget.id)] = widget.show_vertical_scrollbar
        assert widget.show_vertical_scrollbar in (before, made.get(str(widget.id)))

    monkeypatch.setattr(first_layout, "predict", predict)
    monkeypatch.setattr(first_layout, "guess", guess)
    return made


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_predictions_hold_on_the_bundled_brief(
    brief: Brief, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    made = record_guesses(monkeypatch)
    final = await final_scrollbars(brief, size)
    assert made, "nothing was predicted"
    for name, predicted in made.items():
        assert final.get(name, predicted) == predicted, (name, made, final)
    if size == (120, 40):  # the start-up everybody sees: every list is predicted
        assert set(made) >= {"article", "glossary", "actors", "outline"}
        assert all(made[name] for name in ("article", "glossary", "actors", "outline"))


@pytest.mark.parametrize("size", [(120, 40), (100, 30), (60, 20)], ids=str)
async def test_wrong_predictions_are_corrected(
    brief: Brief, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as m:
        m.setattr(ReaderScreen, "_presize_scrollbars", lambda self: None)
        unpredicted = await final_scrollbars(brief, size)
    made = record_guesses(monkeypatch, invert=True)
    corrected = await final_scrollbars(brief, size)
    assert made and any(made[name] != unpredicted.get(name, made[name]) for name in made)
    assert corrected == unpredicted


async def test_a_short_text_gets_no_scrollbar(tmp_path: Path) -> None:
    text = tmp_path / "note.txt"
    text.write_text("A short note.\n\nTwo paragraphs only.\n", encoding="utf-8")
    app = BriefReaderApp(load_brief(text))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        article = app.screen.query_one("#article")
        assert article.show_vertical_scrollbar is False


def test_predict_leaves_close_calls_alone() -> None:
    assert first_layout.predict(30, 10) is True
    assert first_layout.predict(3, 10) is False
    assert first_layout.predict(11, 10) is None
    assert first_layout.predict(9, 10) is None
    assert first_layout.predict(5, None) is None
    assert first_layout.predict(5, 0) is None


def test_text_rows_estimate() -> None:
    assert first_layout.text_rows(["x" * 85], 100) == 1
    assert first_layout.text_rows(["x" * 86], 100) == 2
    assert first_layout.text_rows(["a", "b", "c"], 50) == 5  # a blank row between
    assert first_layout.text_rows([""], 10) == 1
    assert first_layout.text_rows([], 10) == 0
    many = ["x" * 85] * 10_000
    assert first_layout.text_rows(many, 100) == 19_999
    assert 50 < first_layout.text_rows(many, 100, limit=50) <= 52  # stops past the limit


class _Box(Widget):
    def __init__(self, height: str, display: bool = True) -> None:
        super().__init__()
        self.styles.height = height
        self.display = display


def test_split_rows_shares_what_fixed_heights_leave() -> None:
    title, a, b, hidden = _Box("1"), _Box("1fr"), _Box("2fr"), _Box("5", display=False)
    rows = first_layout.split_rows([title, a, hidden, b], 31)
    assert rows == {title: 1, a: 10, b: 20}
    assert first_layout.split_rows([_Box("auto"), a], 31) is None


def test_cells_reads_fixed_and_percent_scalars_only() -> None:
    assert first_layout._cells(Scalar(3, Unit.CELLS, Unit.CELLS), 100) == 3
    assert first_layout._cells(Scalar(44, Unit.PERCENT, Unit.WIDTH), 120) == 52
    assert first_layout._cells(Scalar(1, Unit.FRACTION, Unit.WIDTH), 120) is None
    assert first_layout._cells(Scalar(44, Unit.WIDTH, Unit.WIDTH), 120) == 52  # "44%" as parsed
    assert first_layout._cells(Scalar(50, Unit.HEIGHT, Unit.WIDTH), 120) is None  # other axis
    assert first_layout._cells(Scalar(50, Unit.HEIGHT, Unit.HEIGHT), 40, Unit.HEIGHT) == 20
    assert first_layout._cells(None, 120) is None


@pytest.mark.parametrize("size", [(120, 40), (100, 30), (200, 50)], ids=str)
async def test_outline_label_widths_are_counted_as_rendered(
    brief: Brief, size: tuple[int, int]
) -> None:
    """OutlineTree.get_label_width counts what render_label draws (marks, mastery, cut
    titles included) instead of rendering every label to measure it."""
    from rich.style import Style

    from briefreader.tui.widgets.outline_tree import OutlineTree

    app = BriefReaderApp(brief)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("j", "j")  # a marked point
        tree = app.screen.query_one("#outline", OutlineTree)
        points = [p.id for p in brief.outline]
        tree.set_mastery({points[0]: 0.6, points[-1]: 1.0})
        await pilot.pause()
        nodes = [tree.get_node_at_line(i) for i in range(tree.last_line + 1)]
        assert len(nodes) > 10
        widths = [
            (tree.get_label_width(n), tree.render_label(n, Style(), Style()).cell_len)
            for n in nodes
            if n is not None
        ]
        assert all(counted == rendered for counted, rendered in widths), widths
        assert any(w < 20 for w, _ in widths) and any(w > 30 for w, _ in widths)
