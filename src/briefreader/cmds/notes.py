"""``briefreader notes [BRIEF] [--json]``: highlights, notes and user cards.

Items are re-anchored against the brief's current text; those that can no longer
be placed are listed with ``status: "lost"`` (never dropped). When the brief
itself cannot be loaded its items are shown as stored, with ``status: "unchecked"``.

JSON: a list, one object per brief with items::

    {"brief": "slug", "title": "..." | null, "error": null | "one line",
     "highlights": [{"id": 3, "kind": "highlight" | "paragraph", "paragraph": 5,
                     "start": 10, "end": 52, "quote": "...", "note": "..." | null,
                     "status": "exact" | "moved" | "fuzzy" | "lost" | "unchecked",
                     "created_at": "...", "updated_at": "..."}],
     "cards": [{"id": "user.2", "prompt": "... [...] ...", "answer": "...",
                "paragraph": 5, "status": "...", "highlight": 3 | null}]}
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any, TextIO

from ..core.errors import BriefError

if TYPE_CHECKING:
    from ..core.brief import Brief
    from ..study.annotations import Highlight, UserCard


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser("notes", help="print your highlights, notes and cards")
    p.add_argument("brief", nargs="?", metavar="BRIEF", help="default: every brief")
    p.add_argument("--json", action="store_true", help="machine-readable output")


def _where(item: Highlight | UserCard, brief: Brief | None) -> tuple[str, int, int, int]:
    from ..core.anchoring import place

    if brief is None:
        a = item.anchor
        return "unchecked", a.paragraph, a.start, a.end
    placed = place(item.anchor, brief.paragraphs)
    if placed.span is None:
        a = item.anchor
        return "lost", a.paragraph, a.start, a.end
    return (placed.status, *placed.span)


def _group(
    slug: str, brief: Brief | None, error: str | None, hs: list[Highlight], cs: list[UserCard]
) -> dict[str, Any]:
    from ..study.store import iso_utc

    highlights = []
    for h in hs:
        status, n, start, end = _where(h, brief)
        quote = h.anchor.quote
        if brief is not None and status != "lost":
            quote = brief.paragraphs[n - 1].text[start:end] if h.kind == "highlight" else quote
        highlights.append(
            {
                "id": h.id,
                "kind": h.kind,
                "paragraph": n,
                "start": start,
                "end": end,
                "quote": quote,
                "note": h.note,
                "status": status,
                "created_at": iso_utc(h.created_at),
                "updated_at": iso_utc(h.updated_at),
            }
        )
    highlights.sort(key=lambda x: (x["status"] == "lost", x["paragraph"], x["start"], x["id"]))
    cards = []
    for c in cs:
        status, n, _s, _e = _where(c, brief)
        cards.append(
            {
                "id": c.card_id,
                "prompt": c.prompt,
                "answer": c.answer,
                "paragraph": n,
                "status": status,
                "highlight": c.highlight_id,
            }
        )
    title = brief.title if brief is not None else None
    return {"brief": slug, "title": title, "error": error, "highlights": highlights, "cards": cards}


def _load(slug: str) -> tuple[Brief | None, str | None]:
    from ..core.loader import load_brief
    from ..study.catalog import brief_refs

    ref = next((r for r, _ in brief_refs() if r.slug == slug), None)
    try:
        if ref is not None:
            return load_brief(ref.path), None
        from ..core.paths import resolve

        return load_brief(resolve(slug)), None
    except BriefError as exc:
        return None, str(exc)


def collect(spec: str | None) -> list[dict[str, Any]]:
    from ..study.annotations import Annotations
    from ..study.store import Store

    only: Brief | None = None
    if spec is not None:
        from ..core.loader import load_brief
        from ..core.paths import resolve

        only = load_brief(resolve(spec))
    with Store.open() as store:
        notes = Annotations(store)
        slug = only.slug if only is not None else None
        hs, cs = notes.highlights(slug), notes.cards(slug)
    slugs = sorted({h.brief for h in hs} | {c.brief for c in cs})
    if only is not None:
        slugs = [only.slug]
    out = []
    for s in slugs:
        brief, error = (only, None) if only is not None else _load(s)
        mine_h = [h for h in hs if h.brief == s]
        mine_c = [c for c in cs if c.brief == s]
        out.append(_group(s, brief, error, mine_h, mine_c))
    return out


def run(args: argparse.Namespace, out: TextIO) -> int:
    groups = collect(args.brief)
    if args.json:
        json.dump(groups, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    if not any(g["highlights"] or g["cards"] for g in groups):
        print("no highlights, notes or cards yet (h highlights, a adds a note)", file=out)
        return 0
    for g in groups:
        print(f"{g['brief']} — {g['title'] or g['error']}", file=out)
        for h in g["highlights"]:
            where = f"¶ {h['paragraph']}"
            lost = "  [can no longer be placed: the text changed]" if h["status"] == "lost" else ""
            if h["kind"] == "highlight":
                print(f"  {where}  “{h['quote']}”{lost}", file=out)
                if h["note"]:
                    print(f"        note: {h['note']}", file=out)
            else:
                print(f"  {where}  note: {h['note']}{lost}", file=out)
        for c in g["cards"]:
            lost = "  [evidence lost]" if c["status"] == "lost" else ""
            print(f"  card {c['id']}  {c['prompt']}  →  {c['answer']}{lost}", file=out)
        print(file=out)
    return 0
