"""``briefreader list [--json]``: every brief with its reading and quiz progress.

The JSON is a list of objects in the shape of
:func:`briefreader.study.catalog.row_to_json` (documented in the README).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from ..core.errors import BriefError


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "list", help="list the briefs with reading and quiz progress (the study queue)"
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")


def percent(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 100)}%"


def run(args: argparse.Namespace, out: TextIO) -> int:
    from ..core.state import State
    from ..study.catalog import catalog, row_to_json
    from ..study.store import Store

    state = State.load()
    try:
        store: Store | None = Store.open()
    except BriefError as exc:
        print(f"briefreader: {exc} (quiz progress not shown)", file=sys.stderr)
        store = None
    try:
        if store is not None and store.notice:
            print(f"briefreader: {store.notice}", file=sys.stderr)
        rows = catalog(store, state.positions, datetime.now(UTC))
    finally:
        if store is not None:
            store.close()
    if args.json:
        json.dump([row_to_json(r) for r in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    if not rows:
        print("no briefs found", file=out)
        return 0
    width = max(len(r.slug) for r in rows)
    for row in rows:
        if row.error is not None:
            print(f"{row.slug:<{width}}  [{row.origin}]  (invalid) {row.error}", file=out)
            continue
        read = f"¶ {row.last_read or 0}/{row.paragraphs}"
        quiz = f"{row.due} due, {row.new} new, {percent(row.mastery)} mastered"
        if row.due is None:
            quiz = "quiz progress unavailable"
        byline = " · ".join(x for x in (row.source, row.date) if x)
        print(f"{row.slug:<{width}}  [{row.origin}]  {row.title}", file=out)
        print(f"{'':<{width}}  {byline + '  ' if byline else ''}{read}  {quiz}", file=out)
    queued = sum(1 for r in rows if r.due)
    if queued:
        noun = "brief has" if queued == 1 else "briefs have"
        print(f"\n{queued} {noun} cards due", file=out)
    return 0
