"""The Anki package and TSV, imported headless by Anki's own library (``anki`` on PyPI,
a test-only dependency): counts, fields, tags, GUIDs, and updates instead of duplicates."""

from __future__ import annotations

from pathlib import Path

from anki import import_export_pb2 as pb
from anki.collection import Collection
from anki.notes import Note, NoteId

from briefreader.core.brief import Brief
from briefreader.core.loader import load_brief
from briefreader.export import render_text
from briefreader.export.anki import BASIC_FIELDS, CLOZE_FIELDS, build_package
from briefreader.study.cards import build_deck
from briefreader.study.model import StudyCard

Log = pb.ImportResponse.Log

T0 = 1_700_000_000.0
WHO = "gen.who.stoltenberg"  # an actor card: only its description changes it


def _collection(tmp_path: Path) -> Collection:
    return Collection(str(tmp_path / "collection.anki2"))


def _import_apkg(col: Collection, path: Path) -> Log:
    request = pb.ImportAnkiPackageRequest(
        package_path=str(path), options=pb.ImportAnkiPackageOptions(with_scheduling=False)
    )
    return col.import_anki_package(request).log


def _note_by_guid(col: Collection, guid: str) -> Note:
    assert col.db is not None
    nid = col.db.scalar("select id from notes where guid = ?", guid)
    assert isinstance(nid, int), f"no note with guid {guid}"
    return col.get_note(NoteId(nid))


def _expected(brief: Brief, deck: list[StudyCard]) -> tuple[int, int]:
    """One note per card, except one per cloze sentence; one Anki card per deck card."""
    cloze_cards = [c for c in deck if c.source == "cloze"]
    sentences = {c.id.rsplit(".", 1)[0] for c in cloze_cards}
    return len(deck) - len(cloze_cards) + len(sentences), len(deck)


def _edit_description(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_apkg_round_trip(tmp_path: Path, brief_copy: Path) -> None:
    brief = load_brief(brief_copy)
    deck = build_deck(brief)
    package = tmp_path / "deck.apkg"
    result = build_package(brief, deck, package, timestamp=T0)
    notes, cards = result.notes, result.cards
    assert (notes, cards) == _expected(brief, deck)

    col = _collection(tmp_path)
    try:
        log = _import_apkg(col, package)
        assert len(log.new) == notes and not log.updated
        assert col.note_count() == notes
        assert col.card_count() == cards

        # GUIDs are our card ids; the fields hold what the card says, escaped
        who = _note_by_guid(col, WHO)
        card = next(c for c in deck if c.id == WHO)
        fields = dict(zip(BASIC_FIELDS, who.fields, strict=True))
        assert fields["Prompt"] == card.prompt and fields["Answer"] == card.answer
        assert "<mark>" in fields["Evidence"] and "¶1" in fields["Evidence"]
        assert "China Military Online" in fields["Source"] and "7 February 2023" in fields["Source"]
        assert "Mark Rutte" in fields["Note"]
        tags = set(who.tags)
        assert "briefreader::nato-asian-pacific-expansion" in tags
        assert "briefreader::category::actor" in tags and "briefreader::kind::flip" in tags

        # options and ordering items are in fields
        choice = next(c for c in deck if c.kind == "choice")
        note = _note_by_guid(col, choice.id)
        assert all(o.split()[0] in note["Options"] for o in choice.options)
        order = next(c for c in deck if c.kind == "order")
        note = _note_by_guid(col, order.id)
        assert note["Items"].count("<li>") == len(order.items)
        assert note["Answer"].startswith("<ol>")
        assert any(
            t.startswith("briefreader::nato-asian-pacific-expansion::point::") for t in note.tags
        )

        # cloze sentences are Anki cloze notes, one card per gap number
        first_cloze = next(c for c in deck if c.source == "cloze")
        sentence_id = first_cloze.id.rsplit(".", 1)[0]  # cloze.<id>
        gaps = {c.id for c in deck if c.id.startswith(f"{sentence_id}.")}
        note = _note_by_guid(col, sentence_id)
        assert list(note.keys()) == list(CLOZE_FIELDS)
        notetype = note.note_type()
        assert notetype is not None and notetype["type"] == 1  # MODEL_CLOZE
        assert "{{c" in note["Text"]
        assert len(note.cards()) == len(gaps)
        assert "|" not in note["Text"]  # our alternatives are not Anki syntax

        # importing the same package again adds nothing
        log = _import_apkg(col, package)
        assert not log.new and not log.updated
        assert col.note_count() == notes

        # one edited description, a new export: exactly one note updated, none new
        _edit_description(
            brief_copy,
            "Former Prime Minister of Norway,",
            "Former Prime Minister of Norway (2005-2013),",
        )
        brief2 = load_brief(brief_copy)
        deck2 = build_deck(brief2)
        build_package(brief2, deck2, package, timestamp=T0 + 60, stamps=result.stamps)
        log = _import_apkg(col, package)
        assert not log.new
        assert [n.fields[0] for n in log.updated] == [card.prompt]
        assert col.note_count() == notes
        assert "(2005-2013)" in _note_by_guid(col, WHO)["Answer"]
    finally:
        col.close()


def test_article_markup_shows_as_text(tmp_path: Path, brief_copy: Path) -> None:
    seed = brief_copy.parent.parent / "seeds"
    article = next(seed.iterdir())
    text = article.read_text(encoding="utf-8")
    first = "In his recent visit to the ROK and Japan"
    assert first in text
    article.write_text(text.replace(first, "<script>alert(1)</script> " + first), encoding="utf-8")
    brief = load_brief(brief_copy)
    deck = build_deck(brief)
    package = tmp_path / "deck.apkg"
    build_package(brief, deck, package, timestamp=T0)
    col = _collection(tmp_path)
    try:
        _import_apkg(col, package)
        note = _note_by_guid(col, "card-visit-where")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in note["Evidence"]
        assert "<script>" not in note["Evidence"]
    finally:
        col.close()


def _import_tsv(col: Collection, path: Path) -> Log:
    metadata = col.get_csv_metadata(path=str(path), delimiter=None)
    return col.import_csv(pb.ImportCsvRequest(path=str(path), metadata=metadata)).log


def test_tsv_imports_into_anki(tmp_path: Path, bundled: tuple[Brief, list[StudyCard]]) -> None:
    brief, deck = bundled
    path = tmp_path / "deck.tsv"
    path.write_text(render_text("tsv", brief, deck), encoding="utf-8")
    notes, cards = _expected(brief, deck)
    col = _collection(tmp_path)
    try:
        metadata = col.get_csv_metadata(path=str(path), delimiter=None)
        assert metadata.is_html
        log = _import_tsv(col, path)
        assert len(log.new) == notes
        assert col.note_count() == notes and col.card_count() == cards
        who = _note_by_guid(col, WHO)
        assert who["Front"].startswith(next(c.prompt for c in deck if c.id == WHO))
        assert "<mark>" in who["Back"] and "Mark Rutte" in who["Back"]
        assert "briefreader::category::actor" in who.tags
        sentence_id = next(c for c in deck if c.source == "cloze").id.rsplit(".", 1)[0]
        assert "{{c" in _note_by_guid(col, sentence_id)["Text"]
        deck_names = [d.name for d in col.decks.all_names_and_ids()]
        assert f"briefreader::{brief.title}" in deck_names
        # again: nothing new, nothing duplicated
        log = _import_tsv(col, path)
        assert not log.new
        assert col.note_count() == notes
    finally:
        col.close()
