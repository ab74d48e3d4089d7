"""A long text's index in the reader: taken on mount when the child process building
it ahead has finished (the first frame has it), else from a worker after the paint."""

from __future__ import annotations

import pytest

from briefreader.core import index_ahead
from briefreader.core.brief import Article, Brief, Metadata, Paragraph, Term
from briefreader.core.xref import Index, index_brief
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.session import BriefSession
from briefreader.tui.widgets.entry_list import EntryList

from .screens import WIDE, reader, started

NAMES = ["Alpha", "Beta", "Gamma"]


def long_brief() -> Brief:
    line = "Alpha met Beta and gamma by the river; nobody else came along today. "
    per = 30
    count = index_ahead.LONG_TEXT_CHARS // (len(line) * per) + 2
    paragraphs = tuple(Paragraph(n, "body", line * per) for n in range(1, count + 1))
    terms = tuple(Term(name.lower(), name, f"about {name}") for name in NAMES)
    return Brief(slug="long", article=Article(Metadata(title="Long"), paragraphs), glossary=terms)


class FakeChild:
    """Stands for index_ahead.Pending: ``done`` says whether the child has finished."""

    def __init__(self, index: Index, done: bool) -> None:
        self.index, self.done, self.taken = index, done, 0

    def ready(self) -> bool:
        return self.done

    def result(self, timeout: float | None = None) -> Index | None:
        self.taken += 1
        return self.index


def counts(app: BriefReaderApp) -> dict[str, int]:
    listed = reader(app).query_one("#glossary", EntryList)
    return {entry_id: row.count for entry_id, row in listed._entry_rows.items()}


@pytest.mark.parametrize("done", [True, False])
async def test_the_index_built_ahead_reaches_the_panes(
    monkeypatch: pytest.MonkeyPatch, done: bool
) -> None:
    brief = long_brief()
    index = index_brief(brief)
    child = FakeChild(index, done)
    monkeypatch.setattr(index_ahead, "take", lambda b: child if b is brief else None)
    workers: list[str] = []
    real_load = BriefSession.load_index

    def load_index(self: BriefSession, *args: object) -> None:
        workers.append("index")
        real_load(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(BriefSession, "load_index", load_index)
    app = BriefReaderApp(brief)
    async with started(app, WIDE) as pilot:
        if done:  # in the first frame: no worker at all
            assert reader(app).index is index and workers == []
        for _ in range(50):
            if reader(app).index is not None:
                break
            await pilot.pause(0.02)
        assert reader(app).index is index
        assert workers == ([] if done else ["index"])
        assert child.taken == 1
        expected = {e: len(index.mentions_of(e)) for e in ("alpha", "beta", "gamma")}
        assert counts(app) == expected and all(expected.values())


async def test_the_background_wrap_waits_for_a_coming_index(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    brief = long_brief()
    index = index_brief(brief)
    arrived = threading.Event()

    class SlowChild(FakeChild):
        def result(self, timeout: float | None = None) -> Index | None:
            arrived.wait(30)
            return super().result(timeout)

    child = SlowChild(index, done=False)
    monkeypatch.setattr(index_ahead, "take", lambda b: child if b is brief else None)
    app = BriefReaderApp(brief)
    async with started(app, WIDE) as pilot:
        article = reader(app).article
        await pilot.pause(0.1)
        assert reader(app).index is None and article._held  # the decoding goes first
        assert article._layout is not None and not article._layout.done  # held
        arrived.set()
        for _ in range(100):
            if reader(app).index is not None:
                break
            await pilot.pause(0.02)
        assert reader(app).index is index and not article._held  # and on it goes


@pytest.mark.parametrize("done", [True, False])
async def test_a_forged_index_from_the_child_is_replaced_after_the_paint(
    monkeypatch: pytest.MonkeyPatch, done: bool
) -> None:
    """Rows whose every value is in range (decode takes them) but whose grouping by
    entry is forged (one of alpha's mentions counted as beta's): the panes first show
    the child's counts, then the cross-check (a worker, after the paint) replaces the
    index with one built here, and the panes show the right counts."""
    from array import array

    from briefreader.core import index_rows

    brief = long_brief()
    real = index_brief(brief)
    words = array("I", index_rows.encode_index(brief, real))
    _, n, p, _ = words[:4]
    at = 4 + p + 3 * n  # the entry counts (see index_rows)
    words[at] -= 1
    words[at + 1] += 1  # alpha one fewer, beta one more: the sums still right
    forged = index_rows.decode(brief, words.tobytes())
    assert forged is not None and forged == real and not index_rows.consistent(forged)
    child = FakeChild(forged, done)
    monkeypatch.setattr(index_ahead, "take", lambda b: child if b is brief else None)
    expected = {e: real.count_of(e) for e in ("alpha", "beta", "gamma")}
    app = BriefReaderApp(brief)
    async with started(app, WIDE) as pilot:
        for _ in range(100):
            if reader(app).index is not None:
                break
            await pilot.pause(0.02)
        assert reader(app).index is forged
        assert counts(app)["alpha"] == expected["alpha"] - 1  # the child's, at first
        for _ in range(300):
            if reader(app).index is not forged:
                break
            await pilot.pause(0.05)
        adopted = reader(app).index
        assert adopted is not None and adopted is not forged and index_rows.consistent(adopted)
        assert adopted is app.session.data.index and adopted == real
        await pilot.pause()
        assert counts(app) == expected and all(expected.values())


async def test_what_is_shown_before_the_index_comes_is_redone_with_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An entry selected while a long text's index is still coming: its details say
    the mentions are being counted (not "Not found in the text."), its rows show ``…``
    (not ``0×``); when the index arrives, the details give the mentions, the rows the
    counts, and the selected entry's mentions are lit up in the text."""
    import threading

    brief = long_brief()
    index = index_brief(brief)
    arrived = threading.Event()

    class SlowChild(FakeChild):
        def result(self, timeout: float | None = None) -> Index | None:
            arrived.wait(30)
            return super().result(timeout)

    child = SlowChild(index, done=False)
    monkeypatch.setattr(index_ahead, "take", lambda b: child if b is brief else None)
    app = BriefReaderApp(brief)
    async with started(app, WIDE) as pilot:
        screen = reader(app)
        listed = screen.query_one("#glossary", EntryList)
        assert screen.index is None
        screen.select_entry("alpha")
        await pilot.pause()
        assert "counting the mentions in the text…" in str(screen.details.content)
        assert "Not found" not in str(screen.details.content)
        assert not any(row.counted for row in listed._entry_rows.values())
        assert screen.article._layers.layer("selected") == {}
        arrived.set()
        for _ in range(100):
            if screen.index is not None:
                break
            await pilot.pause(0.02)
        assert screen.index is index
        await pilot.pause()
        shown = str(screen.details.content)
        assert f"({index.count_of('alpha')}×)" in shown and "counting" not in shown
        assert all(row.counted for row in listed._entry_rows.values())
        lit = screen.article._layers.layer("selected")
        assert sum(map(len, lit.values())) == index.count_of("alpha") > 0
