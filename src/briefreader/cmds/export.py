"""``briefreader export [BRIEF] --format FORMAT [--output PATH]``.

The default output is a file named after the brief's slug in the current folder
(``<slug>.apkg``, ``<slug>.csv``, ...); ``--output -`` writes a text format to
stdout. Files are written atomically (a temporary file in the same folder, then a
rename), so an interrupted export never leaves half a file.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..core.brief import Brief
from ..core.errors import BriefError
from ..export import BINARY_FORMATS, FORMATS
from ..export.highlights import Annotation

if TYPE_CHECKING:
    from ..study.annotations import Highlight
    from ..study.model import StudyCard

log = logging.getLogger(__name__)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "export",
        help="export a brief's cards, outline or highlights (Anki, CSV, Markdown, JSON)",
        description=(
            "Export a brief: apkg (an Anki package: import it with File > Import), csv, "
            "tsv (Anki's text importer), md (a Markdown study sheet), highlights-csv "
            "(Readwise's CSV layout) or json."
        ),
    )
    parser.add_argument("brief", nargs="?", metavar="BRIEF", help="default: the bundled brief")
    parser.add_argument(
        "-f",
        "--format",
        required=True,
        choices=list(FORMATS),
        metavar="FORMAT",
        help="one of: " + ", ".join(FORMATS),
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="the file to write (default: <slug><extension> here; '-': stdout, text formats)",
    )
    return parser


def deck_and_annotations(brief: Brief) -> tuple[list[StudyCard], list[Annotation]]:
    """The deck the quiz studies (the user's own cards included) and the reader's
    highlights and notes, from the progress store when there is one (never created
    here; one that cannot be opened gives a one-line warning and neither)."""
    from ..core.paths import user_home
    from ..study.annotations import Annotations
    from ..study.catalog import deck_with_user_cards
    from ..study.store import STORE_FILE, Store

    if not (user_home() / STORE_FILE).exists():
        return deck_with_user_cards(brief, None), []
    try:
        with Store.open() as store:
            if store.notice:
                print(f"briefreader: {store.notice}", file=sys.stderr)
            deck = deck_with_user_cards(brief, store)
            stored = Annotations(store).highlights(brief.slug)
    except BriefError as exc:
        print(f"briefreader: {exc} (your own cards and notes not exported)", file=sys.stderr)
        return deck_with_user_cards(brief, None), []
    return deck, placed_annotations(brief, stored)


def placed_annotations(brief: Brief, stored: Sequence[Highlight]) -> list[Annotation]:
    """Highlights and notes placed on the brief's current text (an item that can no
    longer be placed keeps its stored paragraph and quote), in text order."""
    from ..core.anchoring import place

    items: list[Annotation] = []
    for h in stored:
        placed = place(h.anchor, brief.paragraphs)
        n, start, end = placed.span or (h.anchor.paragraph, h.anchor.start, h.anchor.end)
        quote = h.anchor.quote
        if placed.span is not None:
            quote = brief.paragraphs[n - 1].text[start:end]
        if h.kind == "paragraph":
            items.append(Annotation(n, "", h.note, h.created_at))
        else:
            items.append(Annotation(n, quote, h.note, h.created_at, start, end))
    items.sort(key=lambda a: (a.paragraph, a.start or 0))
    return items


def _stamps_path(slug: str) -> Path:
    from ..core.paths import user_home

    return user_home() / "exports" / f"{slug}.apkg.json"


def _load_stamps(slug: str) -> dict[str, tuple[str, int]]:
    """When each note of the last ``apkg`` export of ``slug`` last changed (see
    :func:`briefreader.export.anki.build_package`); empty when unknown or unreadable."""
    try:
        data = json.loads(_stamps_path(slug).read_text(encoding="utf-8"))
        return {str(k): (str(v[0]), int(v[1])) for k, v in data["notes"].items()}
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return {}


def _save_stamps(slug: str, stamps: dict[str, tuple[str, int]]) -> None:
    from ..core.atomic import write_atomic

    data = {"version": 1, "notes": {k: list(v) for k, v in sorted(stamps.items())}}
    try:
        write_atomic(_stamps_path(slug), json.dumps(data, indent=0) + "\n")
    except OSError as exc:  # the export itself is written; the next one updates all notes
        print(f"briefreader: {_stamps_path(slug)}: warning: {exc.strerror}", file=sys.stderr)


def _write(path: Path, data: str | None, build: Any = None) -> None:
    from ..core.atomic import replacing

    with replacing(path, new_file_mode=True) as tmp:
        if data is not None:
            with open(tmp, "w", encoding="utf-8", newline="") as handle:
                handle.write(data)
        else:
            build(tmp)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from ..core.loader import load_brief
    from ..core.paths import resolve

    fmt: str = args.format
    brief = load_brief(resolve(args.brief))
    deck, annotations = deck_and_annotations(brief)
    target: str = args.output or f"{brief.slug}{FORMATS[fmt]}"
    if target == "-":
        if fmt in BINARY_FORMATS:
            raise BriefError("-", f"{fmt} is a binary format: give a file with --output")
        from ..export import render_text

        out.write(render_text(fmt, brief, deck, annotations))
        return 0
    path = Path(target).expanduser()
    if path.is_dir():
        path = path / f"{brief.slug}{FORMATS[fmt]}"
    try:
        if fmt == "apkg":
            from ..export.anki import PackageResult, build_package

            results: list[PackageResult] = []

            def build(tmp: Path) -> None:
                results.append(build_package(brief, deck, tmp, stamps=_load_stamps(brief.slug)))

            _write(path, None, build)
            _save_stamps(brief.slug, results[0].stamps)
            summary = f"{results[0].notes} notes, {results[0].cards} cards"
        else:
            from ..export import render_text

            _write(path, render_text(fmt, brief, deck, annotations))
            summary = _summary(fmt, len(deck), len(annotations))
    except OSError as exc:
        raise BriefError(path, exc.strerror or str(exc)) from None
    log.info("export %s of %s to %s: %s", fmt, brief.slug, path, summary)
    print(f"wrote {path} ({summary})", file=out)
    return 0


def _summary(fmt: str, cards: int, annotations: int) -> str:
    if fmt == "highlights-csv":
        return f"{annotations} highlights and notes"
    if fmt == "md":
        return "study sheet"
    return f"{cards} cards"
