"""The deck as an Anki package (``.apkg``, written with genanki).

* One Anki note per study card (note type *briefreader card*), except cloze cards:
  one Anki *cloze* note per cloze sentence, its gaps as ``{{c1::…}}`` (one Anki card
  per gap number, like the deck's cloze cards).
* **Note GUIDs are our stable card ids** (the cloze id for cloze notes), so a new
  export of an edited brief updates the notes already in Anki instead of adding
  duplicates (genanki's default GUID hashes every field).
* Every field is HTML: text from the brief or the article is escaped; the only markup
  is ours (``<mark>`` around the answer's words in the evidence, lists of options).
* The note types and the deck have fixed ids (the deck's derived from the slug), so
  importing again finds them instead of creating copies.
"""

from __future__ import annotations

import hashlib
import html
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.brief import CLOZE_RE, Brief, Cloze, cloze_gap
from ..study.model import StudyCard
from .common import (
    Passage,
    card_paragraphs,
    card_tags,
    deck_name,
    evidence_html,
    html_text,
    later_change,
    point_paths,
    source_line,
)

BASIC_FIELDS = (
    "Prompt",
    "Context",
    "Options",
    "Items",
    "Answer",
    "Accepted",
    "Evidence",
    "Source",
    "Note",
    "Kind",
    "CardId",
)
CLOZE_FIELDS = ("Text", "Evidence", "Source", "Note", "CardId")

_CSS = """\
.card { font-family: sans-serif; font-size: 20px; text-align: left; color: black;
        background-color: white; max-width: 40em; margin: auto; }
.context { color: #555; font-size: 16px; margin-top: .5em; }
.evidence { font-size: 16px; margin-top: 1em; }
.source, .later { color: #555; font-size: 14px; margin-top: .75em; }
mark { background: #fff2a8; color: black; }
.nightMode mark { background: #665c00; color: white; }
.cloze { font-weight: bold; color: #0645ad; }
"""

_BACK_EXTRA = """\
{{#Evidence}}<div class="evidence">{{Evidence}}</div>{{/Evidence}}
<div class="source">{{Source}}</div>
{{#Note}}<div class="later">{{Note}}</div>{{/Note}}"""

_FRONT = """\
<div class="prompt">{{Prompt}}</div>
{{#Context}}<div class="context">{{Context}}</div>{{/Context}}
{{#Options}}<div class="options">{{Options}}</div>{{/Options}}
{{#Items}}<div class="items">{{Items}}</div>{{/Items}}"""

_BACK = (
    """{{FrontSide}}
<hr id="answer">
<div class="answer">{{Answer}}</div>
{{#Accepted}}<div class="context">Also accepted: {{Accepted}}</div>{{/Accepted}}
"""
    + _BACK_EXTRA
)


def _stable_id(*parts: str) -> int:
    """A 31-bit positive id from text (Anki ids are 64-bit; genanki wants ints)."""
    digest = hashlib.sha1("\x00".join(parts).encode("utf-8")).digest()
    return 1 << 30 | int.from_bytes(digest[:4], "big") >> 2


BASIC_MODEL_ID = _stable_id("briefreader", "model", "basic", "1")
CLOZE_MODEL_ID = _stable_id("briefreader", "model", "cloze", "1")


def deck_id(slug: str) -> int:
    return _stable_id("briefreader", "deck", slug)


def _models() -> tuple[Any, Any]:
    import genanki

    basic = genanki.Model(
        BASIC_MODEL_ID,
        "briefreader card",
        fields=[{"name": name} for name in BASIC_FIELDS],
        templates=[{"name": "Card", "qfmt": _FRONT, "afmt": _BACK}],
        css=_CSS,
    )
    cloze = genanki.Model(
        CLOZE_MODEL_ID,
        "briefreader cloze",
        fields=[{"name": name} for name in CLOZE_FIELDS],
        templates=[
            {
                "name": "Cloze",
                "qfmt": "{{cloze:Text}}",
                "afmt": "{{cloze:Text}}<hr id=answer>" + _BACK_EXTRA,
            }
        ],
        css=_CSS,
        model_type=genanki.Model.CLOZE,
    )
    return basic, cloze


def _html_list(items: Sequence[str], tag: str = "ul") -> str:
    if not items:
        return ""
    return f"<{tag}>" + "".join(f"<li>{html_text(i)}</li>" for i in items) + f"</{tag}>"


def _scrambled(card_id: str, items: Sequence[str]) -> list[str]:
    """The items in a fixed order that is not the answer's (for the front of the card)."""
    ordered = sorted(items, key=lambda i: hashlib.sha1(f"{card_id}\x00{i}".encode()).hexdigest())
    if list(ordered) == list(items) and len(items) > 1:
        ordered = [*ordered[1:], ordered[0]]
    return ordered


def basic_fields(card: StudyCard, brief: Brief) -> list[str]:
    """The fields of a *briefreader card* note, in :data:`BASIC_FIELDS` order."""
    answer = _html_list(card.items, "ol") if card.kind == "order" else html_text(card.answer)
    return [
        html_text(card.prompt),
        html_text(card.context or ""),
        _html_list(card.options),
        _html_list(_scrambled(card.id, card.items)) if card.items else "",
        answer,
        html_text("; ".join(card.accept)),
        evidence_html(card, brief),
        html_text(source_line(brief, card_paragraphs(card))),
        html_text(later_change(card, brief) or ""),
        card.kind,
        html_text(card.id),
    ]


def cloze_numbers(cards: Sequence[StudyCard]) -> set[int]:
    """The gap numbers the deck has cards for (ids end in ``.c<n>``)."""
    numbers = set()
    for card in cards:
        tail = card.id.rsplit(".", 1)[-1]
        if tail[:1] == "c" and tail[1:].isdigit():
            numbers.add(int(tail[1:]))
    return numbers


def cloze_text(cloze: Cloze, numbers: set[int] | None = None) -> str:
    """The cloze sentence for Anki, escaped: a ``{{cN::answer}}`` marker for each gap
    in ``numbers`` (default all), the answer as plain text for the others;
    alternatives (``answer|alt``) are ours, not Anki's, so they are dropped."""

    def piece(text: str) -> str:
        return html.escape(re.sub(r"\s+", " ", text), quote=False)

    out: list[str] = []
    last = 0
    for match in CLOZE_RE.finditer(cloze.text):
        out.append(piece(cloze.text[last : match.start()]))
        n = int(match.group(1))
        answer = piece(cloze_gap(match.group(2))[0])
        out.append(f"{{{{c{n}::{answer}}}}}" if numbers is None or n in numbers else answer)
        last = match.end()
    out.append(piece(cloze.text[last:]))
    return "".join(out).strip()


def cloze_evidence_html(cloze: Cloze, brief: Brief) -> str:
    """The cloze's paragraph with the whole sentence marked (every gap is in it)."""
    anchor = cloze.anchor
    if not 1 <= anchor.paragraph <= len(brief.paragraphs):
        return ""
    text = brief.paragraphs[anchor.paragraph - 1].text
    passage = Passage(anchor.paragraph, text, anchor.start, anchor.end)
    return f"<b>¶{anchor.paragraph}</b> {passage.html()}"


def cloze_fields(cloze: Cloze, cards: Sequence[StudyCard], brief: Brief) -> list[str]:
    first = cards[0]
    return [
        cloze_text(cloze, cloze_numbers(cards)),
        cloze_evidence_html(cloze, brief),
        html_text(source_line(brief, card_paragraphs(first))),
        html_text(later_change(first, brief) or ""),
        html_text(f"cloze.{cloze.id}"),
    ]


def cloze_groups(deck: Sequence[StudyCard], brief: Brief) -> list[tuple[Cloze, list[StudyCard]]]:
    """The brief's cloze sentences that have cards in the deck, with those cards."""
    by_id = {c.id: c for c in brief.cloze}
    groups: dict[str, list[StudyCard]] = {}
    for card in deck:
        if card.source != "cloze":
            continue
        cloze_id = card.id.split(".")[1] if card.id.count(".") >= 2 else ""
        if cloze_id in by_id:
            groups.setdefault(cloze_id, []).append(card)
    return [(by_id[cid], cards) for cid, cards in groups.items()]


Stamps = dict[str, tuple[str, int]]  # note GUID -> (content hash, modification time)


@dataclass(frozen=True)
class PackageResult:
    notes: int
    cards: int
    stamps: Stamps  # to pass as ``stamps`` to the next export of the same brief


def _content_hash(model_id: int, fields: Sequence[str], tags: Sequence[str]) -> str:
    return hashlib.sha1("\x1f".join([str(model_id), *fields, " ".join(tags)]).encode()).hexdigest()


def build_package(
    brief: Brief,
    deck: Sequence[StudyCard],
    path: Path,
    *,
    timestamp: float | None = None,
    stamps: Stamps | None = None,
) -> PackageResult:
    """Write ``path`` (an ``.apkg``).

    Anki updates a note on import when the package's copy has a newer modification
    time, and counts it as updated even when nothing changed. So each note keeps the
    time from ``stamps`` (the previous export's) while its content is unchanged, and
    gets ``timestamp`` (default: now; later than its previous time) when it changed.
    """
    import genanki

    class StampedNote(genanki.Note):  # type: ignore[misc]
        stamp = 0

        def write_to_db(self, cursor: Any, timestamp: float, deck_id: Any, id_gen: Any) -> None:
            super().write_to_db(cursor, self.stamp, deck_id, id_gen)

    now = int(time.time() if timestamp is None else timestamp)
    previous = stamps or {}
    new_stamps: Stamps = {}

    def note(model: Any, fields: list[str], tags: list[str], guid: str) -> Any:
        digest = _content_hash(model.model_id, fields, tags)
        old = previous.get(guid)
        mod = old[1] if old and old[0] == digest else max(now, old[1] + 1 if old else now)
        new_stamps[guid] = (digest, mod)
        made = StampedNote(model=model, fields=fields, tags=tags, guid=guid)
        made.stamp = mod
        return made

    basic, cloze_model = _models()
    paths = point_paths(brief)
    anki_deck = genanki.Deck(deck_id(brief.slug), deck_name(brief))
    anki_deck.description = html_text(source_line(brief))
    groups = cloze_groups(deck, brief)
    grouped = {id(c) for _, cards in groups for c in cards}
    cards_total = 0
    for card in deck:
        if id(card) in grouped or card.source == "cloze":
            continue
        anki_deck.add_note(
            note(basic, basic_fields(card, brief), card_tags(card, brief, paths), card.id)
        )
        cards_total += 1
    for cloze, cards in groups:
        tags = card_tags(cards[0], brief, paths)
        fields = cloze_fields(cloze, cards, brief)
        anki_deck.add_note(note(cloze_model, fields, tags, f"cloze.{cloze.id}"))
        cards_total += len(cloze_numbers(cards))
    genanki.Package(anki_deck).write_to_file(str(path), timestamp=now)
    return PackageResult(len(anki_deck.notes), cards_total, new_stamps)
