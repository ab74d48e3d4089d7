"""SVG snapshots of the library and of an article with highlights and notes. Review each
before accepting: render with `rsvg-convert` to PNG and look at it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from briefreader.core.anchoring import make_anchor
from briefreader.core.loader import load_brief
from briefreader.core.paths import resolve
from briefreader.study.annotations import Annotations
from briefreader.study.store import Store
from briefreader.study.user_cards import cloze_prompt
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.annotations_base import AnnotationsScreen

from ..seeding import imported_brief, record_review
from .screens import until

Snap = Callable[..., bool]
ARTICLE = """Ports in the news

The port of Piraeus was sold in 2016. It handles many containers.

Critics said the sale was rushed. Supporters disagreed strongly.
"""
METADATA = "  source: Test Wire\n  date: '2024-05-02'\n"


async def settled(pilot: Pilot[Any]) -> None:
    await pilot.pause(0.4)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def test_library(snap_compare: Snap, briefreader_home: Path) -> None:
    for slug, title in (("piraeus", "The sale of Piraeus"), ("rotterdam", "Rotterdam expands")):
        imported_brief(briefreader_home, slug, title, ARTICLE, METADATA)
    brief = load_brief(briefreader_home / "briefs" / "piraeus" / "brief.yaml")
    now = datetime.now(UTC)
    with Store.open() as store:
        notes = Annotations(store)
        text = brief.paragraphs[0].text
        for gap in ((12, 19), (32, 36)):
            cid = notes.add_card(
                "piraeus", make_anchor(brief.paragraphs, 1, *gap), cloze_prompt(text, (0, 37), gap)
            )
            record_review(
                store,
                "piraeus",
                f"user.{cid}",
                fsrs_id=cid,
                reviewed=now - timedelta(days=10),
                due=now - timedelta(hours=2),
                stability=10.0,
            )

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press("L")
        await settled(pilot)

    app = BriefReaderApp(load_brief(resolve(None)))
    assert snap_compare(app, terminal_size=(120, 16), run_before=run_before)


def test_article_with_highlights_and_notes(snap_compare: Snap) -> None:
    brief = load_brief(resolve(None))
    ps = brief.paragraphs
    with Store.open() as store:
        notes = Annotations(store)
        h = notes.add_highlight(brief.slug, make_anchor(ps, 1, 0, 64))
        notes.set_note(h, "Visit: late January 2023 (Seoul, then Tokyo)")
        notes.add_highlight(brief.slug, make_anchor(ps, 2, 0, 112))
        notes.add_highlight(
            brief.slug,
            make_anchor(ps, 3, 0, 3),
            kind="paragraph",
            note="Compare with the 2018 Japan-NATO programme",
        )

    async def run_before(pilot: Pilot[Any]) -> None:
        screen = pilot.app.screen
        assert isinstance(screen, AnnotationsScreen)
        await until(pilot, lambda: screen.items_loaded)  # after the first paint
        await settled(pilot)
        await pilot.press("right_parenthesis", "right_parenthesis")
        await pilot.pause()

    app = BriefReaderApp(brief)
    assert snap_compare(app, terminal_size=(130, 36), run_before=run_before)
