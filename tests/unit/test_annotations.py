"""Highlights, notes and user cards in the store: migration, edits, durability (kill -9)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fsrs import Card, Rating

from briefreader.core.anchoring import make_anchor
from briefreader.core.brief import Paragraph
from briefreader.study.annotations import Annotations, place_all, user_card_id
from briefreader.study.store import STORE_FILE, Store
from briefreader.study.store import schema as store_mod
from briefreader.study.user_cards import cloze_prompt, user_study_cards

T0 = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
TEXT = (
    Paragraph(1, "body", "The alliance met in Vilnius. Leaders agreed on a plan."),
    Paragraph(2, "body", "Japan sent observers. The plan was criticised by Beijing."),
)


def test_version_1_store_is_migrated_keeping_progress(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    conn = sqlite3.connect(path, isolation_level=None)
    store_mod.migrate_to_1(conn)
    conn.execute(f"PRAGMA application_id = {store_mod.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO card_state VALUES ('demo', 'c1', ?, ?, 2, ?, ?)",
        ('{"card_id": 1}', T0.isoformat(), T0.isoformat(), T0.isoformat()),
    )
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version == 3 and store.notice is None
        assert store.conn.execute("SELECT COUNT(*) FROM card_state").fetchone()[0] == 1
        notes = Annotations(store)
        assert notes.highlights() == [] and notes.cards() == []


def test_highlight_note_edit_delete_and_restart(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    with Store.open(path) as store:
        notes = Annotations(store)
        h = notes.add_highlight("demo", make_anchor(TEXT, 1, 0, 28), at=T0)
        p = notes.add_highlight(
            "demo", make_anchor(TEXT, 2, 0, 0), kind="paragraph", note="why?\x1b[31m", at=T0
        )
        notes.set_note(h, "  Vilnius summit, July 2023 ")
    with Store.open(path) as store:  # a restart
        notes = Annotations(store)
        got = {x.id: x for x in notes.highlights("demo")}
        assert got[h].note == "Vilnius summit, July 2023" and got[h].kind == "highlight"
        note = got[p].note
        assert note is not None and "\x1b" not in note  # text is data
        notes.set_note(p, "")  # a paragraph note without text goes
        notes.set_note(h, None)  # a highlight without a note stays
        assert [x.id for x in notes.highlights("demo")] == [h]
        assert notes.highlights("demo")[0].note is None
        notes.delete_highlight(h)
        assert notes.highlights() == []
        with pytest.raises(KeyError):
            notes.set_note(h, "gone")


def test_re_anchoring_reports_lost_ones(tmp_path: Path) -> None:
    with Store.open(tmp_path / STORE_FILE) as opened:
        notes = Annotations(opened)
        keep = notes.add_highlight("demo", make_anchor(TEXT, 2, 22, 57))
        gone = notes.add_highlight("demo", make_anchor(TEXT, 1, 29, 54), note="plan?")
        edited = (Paragraph(1, "body", "Intro."), Paragraph(2, "body", TEXT[1].text))
        placed, lost = place_all(notes.highlights("demo"), edited)
        assert [p.item.id for p in placed] == [keep] and placed[0].placement.span == (2, 22, 57)
        assert [p.item.id for p in lost] == [gone]
        assert len(notes.highlights("demo")) == 2  # never dropped


def test_user_card_from_highlight_is_a_study_card(tmp_path: Path) -> None:
    text = TEXT[1].text
    prompt = cloze_prompt(text, (22, 57), (49, 56))
    assert prompt == "The plan was criticised by [...]."
    with Store.open(tmp_path / STORE_FILE) as store:
        notes = Annotations(store)
        h = notes.add_highlight("demo", make_anchor(TEXT, 2, 22, 57))
        cid = notes.add_card("demo", make_anchor(TEXT, 2, 49, 56), prompt, highlight_id=h)
        cards, lost = user_study_cards(notes.cards("demo"), TEXT)
        assert lost == [] and len(cards) == 1
        card = cards[0]
        assert card.id == user_card_id(cid) and card.source == "user" and card.kind == "typed"
        assert card.answer == "Beijing" and card.evidence[0].quote == "Beijing"
        notes.update_card(cid, prompt="Who criticised the plan? [...]", answer="China")
        notes.delete_highlight(h)  # the card stays, unlinked
        (row,) = notes.cards("demo")
        assert row.highlight_id is None and row.answer == "China"
        store.record(
            "demo",
            card.id,
            Rating.Good,
            reviewed_at=T0,
            duration_ms=5,
            kind="typed",
            new_state=Card(card_id=1, due=T0),
        )
        notes.delete_card(cid)
        assert notes.cards() == [] and store.card_state("demo", card.id) is None
        assert len(store.reviews("demo")) == 1  # the history stays
        gone, lost = user_study_cards([row], (Paragraph(1, "body", "Nothing."),))
        assert len(gone) == 1 and gone[0].evidence == () and lost == [row]


CHILD = """
import itertools, sys
from briefreader.core.anchoring import TextAnchor
from briefreader.study.annotations import Annotations
from briefreader.study.store import Store
with Store.open() as store:
    notes = Annotations(store)
    print("open", flush=True)
    for i in itertools.count():
        hid = notes.add_highlight("demo", TextAnchor(1, i, i + 1, "x"), note=f"note {i}")
        print(hid, flush=True)
"""


def test_kill_9_while_adding_notes_loses_nothing_saved(briefreader_home: Path) -> None:
    env = {**os.environ, "BRIEFREADER_HOME": str(briefreader_home)}
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "open"
    saved = [int(proc.stdout.readline()) for _ in range(40)]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    saved += [int(line) for line in proc.stdout.read().split()]
    with Store.open() as store:
        assert store.integrity_check() == "ok" and store.notice is None
        rows = {h.id: h.note for h in Annotations(store).highlights("demo")}
    for hid in saved:
        note = rows[hid]
        assert note is not None and note.startswith("note ")


def test_tampered_and_damaged_rows_are_cleaned_or_skipped(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    with Store.open(path) as store:
        notes = Annotations(store)
        good = notes.add_highlight("demo", make_anchor(TEXT, 1, 0, 28), note="ok", at=T0)
        bad = notes.add_highlight("demo", make_anchor(TEXT, 2, 0, 5), note="x", at=T0)
        card = notes.add_card("demo", make_anchor(TEXT, 1, 4, 12), "The ___ met", at=T0)
    raw = sqlite3.connect(path, isolation_level=None)  # edited behind briefreader's back
    raw.execute(
        "UPDATE highlight SET note = 'n\x1b]0;T\x07', quote = 'q\x9b' WHERE id = ?", (good,)
    )
    raw.execute("UPDATE highlight SET created_at = 'yesterday' WHERE id = ?", (bad,))
    raw.execute("UPDATE user_card SET prompt = 'p\u202e\x1b[2J' WHERE id = ?", (card,))
    raw.close()
    with Store.open(path) as store:
        notes = Annotations(store)
        [kept] = notes.highlights("demo")
        assert kept.id == good and kept.note == "n␛]0;T␇" and kept.anchor.quote == "q\ufffd"
        assert notes.cards("demo")[0].prompt == "p\ufffd␛[2J"
        problem = store.take_problem()
        assert problem is not None and "damaged rows" in problem and "(highlight)" in problem


def test_delete_brief_backs_up_every_progress_table_and_restores(
    briefreader_home: Path,
) -> None:
    from briefreader.study.library_ops import delete_brief, restore_brief

    folder = briefreader_home / "briefs" / "demo"
    folder.mkdir(parents=True)
    (folder / "brief.yaml").write_text("x", encoding="utf-8")
    with Store.open() as store:
        notes = Annotations(store)
        h = notes.add_highlight("demo", make_anchor(TEXT, 1, 0, 28), note="n")
        notes.add_card("demo", make_anchor(TEXT, 1, 20, 27), "The alliance met in [...].")
        store.record(
            "demo", "c1", Rating.Good, reviewed_at=T0, duration_ms=5, kind="flip",
            new_state=Card(card_id=1, due=T0),
        )  # fmt: skip
        store.set_flag("demo", "c1", "suspended")
        notes.add_highlight("other", make_anchor(TEXT, 1, 0, 3))  # another brief: untouched
        backup = delete_brief(store, "demo", folder)
        assert not folder.exists() and (backup.trash / "files" / "brief.yaml").exists()
        assert notes.highlights("demo") == [] and notes.cards("demo") == []
        assert store.reviews("demo") == [] and store.states("demo") == {}
        assert len(notes.highlights("other")) == 1
        restore_brief(store, backup)
        assert (folder / "brief.yaml").exists() and not backup.trash.exists()
        assert [x.id for x in notes.highlights("demo")] == [h] and len(notes.cards("demo")) == 1
        assert len(store.reviews("demo")) == 1 and "c1" in store.states("demo")
        assert store.flags("demo", T0) == {"c1": "suspended"}
