"""The deck as a table: ``csv`` (one row per card, RFC 4180, UTF-8) and ``tsv`` in the
form Anki's text importer reads (*File → Import*, or ``import_csv`` in its library).

The Anki TSV starts with the importer's header lines (``#separator:tab``,
``#html:true``, ``#notetype column``, ``#deck``, ``#guid column``, ``#tags column``);
each row is a note of Anki's stock *Basic* (front, back) or *Cloze* (text, back extra)
note type. GUIDs are our card ids (the cloze id for cloze notes), so importing a newer
export updates the notes instead of duplicating them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ..core.brief import Brief
from ..study.model import StudyCard
from .anki import BASIC_FIELDS, basic_fields, cloze_fields, cloze_groups
from .common import card_paragraphs, card_tags, deck_name, one_line, passages, point_paths

CSV_HEADER = (
    "id",
    "kind",
    "prompt",
    "answer",
    "accepted answers",
    "options",
    "evidence paragraph",
    "evidence text",
    "outline point",
    "tags",
)
LIST_SEP = " | "


def csv_rows(brief: Brief, deck: Sequence[StudyCard]) -> list[list[str]]:
    paths = point_paths(brief)
    rows: list[list[str]] = []
    for card in deck:
        options = card.items if card.kind == "order" else card.options
        rows.append(
            [
                card.id,
                "cloze" if card.source == "cloze" else card.kind,
                one_line(card.prompt),
                one_line(card.answer),
                LIST_SEP.join(one_line(a) for a in card.accept),
                LIST_SEP.join(one_line(o) for o in options),
                "; ".join(str(n) for n in card_paragraphs(card)),
                "\n\n".join(p.text for p in passages(card, brief)),
                card.point or "",
                " ".join(card_tags(card, brief, paths)),
            ]
        )
    return rows


def to_csv(brief: Brief, deck: Sequence[StudyCard]) -> str:
    """RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or newline."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_rows(brief, deck))
    return buffer.getvalue()


def _tsv_cell(text: str) -> str:
    """A TSV cell: no tabs or newlines inside (Anki reads HTML, so ``<br>`` is the break)."""
    return " ".join(text.replace("\t", " ").split("\n"))


def _back_extra(evidence: str, source: str, later: str, *, rule: bool = False) -> str:
    out = "<hr>" if rule else ""
    out += f"{evidence}<br><small>{source}</small>" if evidence else f"<small>{source}</small>"
    if later:
        out += f"<br><small>{later}</small>"
    return out


def to_anki_tsv(brief: Brief, deck: Sequence[StudyCard]) -> str:
    paths = point_paths(brief)
    lines = [
        "#separator:tab",
        "#html:true",
        "#guid column:1",
        "#notetype column:2",
        f"#deck:{deck_name(brief)}",
        "#tags column:5",
    ]
    groups = cloze_groups(deck, brief)
    grouped = {id(c) for _, cards in groups for c in cards}
    for card in deck:
        if id(card) in grouped or card.source == "cloze":
            continue
        f = dict(zip(BASIC_FIELDS, basic_fields(card, brief), strict=True))
        front = f["Prompt"]
        if f["Context"]:
            front += f"<br><i>{f['Context']}</i>"
        front += f["Options"] + f["Items"]
        back = f["Answer"]
        if f["Accepted"]:
            back += f"<br>Also accepted: {f['Accepted']}"
        back += _back_extra(f["Evidence"], f["Source"], f["Note"], rule=True)
        row = [card.id, "Basic", front, back, " ".join(card_tags(card, brief, paths))]
        lines.append("\t".join(_tsv_cell(c) for c in row))
    for cloze, cards in groups:
        text, evidence, source, later, _ = cloze_fields(cloze, cards, brief)
        extra = _back_extra(evidence, source, later)
        tags = " ".join(card_tags(cards[0], brief, paths))
        row = [f"cloze.{cloze.id}", "Cloze", text, extra, tags]
        lines.append("\t".join(_tsv_cell(c) for c in row))
    return "\n".join(lines) + "\n"
