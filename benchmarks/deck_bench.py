#!/usr/bin/env python3
"""How long building the study deck and the stats take, at growing sizes (linear?).

A synthetic brief with N glossary terms (each mentioned in the text), N curated
cards, N/10 actors and N/10 outline points, and a progress store in which every card
has a schedule and a few answers. Measures, best of ``--repeat`` runs:

* ``index``  — the cross-reference index (built once; the deck can reuse it)
* ``deck``   — :func:`build_deck` given the index, plus :func:`study_order`
* ``stats``  — :func:`compute_stats` over the deck and the store
* ``next``   — the first :meth:`Session.next_card` and :meth:`Session.remaining`

Examples::

    python benchmarks/deck_bench.py                    # sizes 1000 2500 5000 10000
    python benchmarks/deck_bench.py --sizes 10000 --json /tmp/deck.json
    python benchmarks/deck_bench.py --sizes 10000 --write-brief /tmp/big   # then:
    BRIEFREADER_HOME=$(mktemp -d) briefreader /tmp/big/bench-10000.yaml  # t, m

The target (issue 7, item 8): 10,000 terms and 10,000 cards build the deck and the
stats in under 2 s together. Nothing here is a test: timings live in benchmarks.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fsrs import Card as FsrsCard
from fsrs import State

from briefreader.core.brief import (
    Actor,
    Anchor,
    Article,
    Brief,
    Card,
    Metadata,
    OutlinePoint,
    Paragraph,
    Term,
)
from briefreader.core.xref import index_brief
from briefreader.study.cards import build_deck, study_order
from briefreader.study.clock import FakeClock
from briefreader.study.scheduler import Session, fsrs_card_id
from briefreader.study.stats import compute_stats
from briefreader.study.store import Store, iso_utc

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "su",
    "ta",
    "ri",
    "po",
    "ve",
    "do",
    "zu",
    "ba",
    "fe",
    "gi",
    "hu",
    "ja",
    "ke",
    "li",
    "mo",
    "nu",
]


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def make_brief(n: int, seed: int = 1) -> Brief:
    """N terms (one or two words, some capitalised), N cards, N/10 actors and points."""
    rng = random.Random(seed)
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        name = " ".join(word(rng) for _ in range(rng.choice((1, 1, 2))))
        if rng.random() < 0.3:
            name = name.title()
        if name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    per_paragraph = 20
    paragraphs = []
    for p in range(0, n, per_paragraph):
        chunk = names[p : p + per_paragraph]
        text = " ".join(f"The {name} was discussed at length by {word(rng)}." for name in chunk)
        paragraphs.append(Paragraph(len(paragraphs) + 1, "body", text))
    glossary = tuple(
        Term(
            f"t{i}",
            name,
            f"A {word(rng)} {word(rng)} of the {word(rng)}, related to {rng.choice(names)}.",
            note="Changed later." if i % 7 == 0 else None,
        )
        for i, name in enumerate(names)
    )
    actors = tuple(
        Actor(
            f"a{i}",
            f"{word(rng).title()} {word(rng).title()}",
            rng.choice(("person", "organisation", "group", "state")),
            f"{word(rng).title()} of the {word(rng)}",
            f"A {word(rng)} who {word(rng)}.",
        )
        for i in range(n // 10)
    )
    points = []
    for i in range(n // 10):
        para = paragraphs[i % len(paragraphs)]
        quote = " ".join(para.text.split()[:8])
        children = tuple(
            OutlinePoint(
                f"p{i}.{k}",
                f"{k + 1}. {word(rng)} {word(rng)}",
                f"The author {word(rng)}s.",
                rng.choice(("reported", "author")),
                (Anchor(para.n, 0, len(quote), quote),),
            )
            for k in range(3)
        )
        points.append(
            OutlinePoint(
                f"p{i}", f"Three {word(rng)}s", "S.", "author", (Anchor(para.n),), children
            )
        )
    cards = tuple(
        Card(
            f"c{i}",
            f"What is the {word(rng)} of {names[i]}?",
            f"the {word(rng)}",
            distractors=(f"the {word(rng)}", f"the {word(rng)}", f"the {word(rng)}"),
            evidence=(Anchor(1 + i // per_paragraph),),
            point=f"p{i % max(1, n // 10)}",
        )
        for i in range(n)
    )
    article = Article(Metadata(title=f"Synthetic {n}"), tuple(paragraphs))
    return Brief(
        slug=f"bench-{n}",
        article=article,
        glossary=glossary,
        actors=actors,
        outline=tuple(points),
        cards=cards,
    )


def write_brief(brief: Brief, folder: Path) -> Path:
    """``brief`` as ``folder/<slug>.yaml`` plus its article ``folder/<slug>.md``.
    Distractors the loader refuses (equal to the answer or to another) are left out:
    the deck drops them too, so the app builds the same deck as the benchmark."""
    import dataclasses

    from briefreader.core.atomic import write_atomic
    from briefreader.core.writer import article_markdown, brief_yaml
    from briefreader.study.gen_entries import distinct

    cards = tuple(
        dataclasses.replace(c, distractors=tuple(distinct(c.distractors, exclude=(c.answer,))))
        for c in brief.cards
    )
    brief = dataclasses.replace(brief, cards=cards)
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / f"{brief.slug}.md", article_markdown(brief.article))
    target = folder / f"{brief.slug}.yaml"
    write_atomic(target, brief_yaml(brief, article_file=f"{brief.slug}.md"))
    return target


def seed_store(store: Store, slug: str, card_ids: list[str]) -> None:
    """A schedule for every card and three answers each, in one transaction."""
    rng = random.Random(2)
    conn: sqlite3.Connection = store.conn
    states, reviews = [], []
    for cid in card_ids:
        due = NOW + timedelta(hours=rng.randint(-48, 24 * 14))
        card = FsrsCard(
            card_id=fsrs_card_id(cid),
            state=State.Review,
            step=None,
            stability=rng.uniform(1, 30),
            difficulty=rng.uniform(1, 9),
            due=due,
            last_review=NOW - timedelta(days=rng.randint(1, 20)),
        )
        at = iso_utc(NOW - timedelta(days=rng.randint(0, 13), minutes=rng.randint(0, 600)))
        states.append((slug, cid, json.dumps(card.to_dict()), iso_utc(due), 2, at, at))
        for k in range(3):
            when = iso_utc(NOW - timedelta(days=rng.randint(0, 29), seconds=k))
            reviews.append((slug, cid, when, rng.randint(1, 4), 3000, "normal", "flip", 1, None, 2))
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO card_state VALUES (?, ?, ?, ?, ?, ?, ?)", states)
    conn.executemany(
        "INSERT INTO review (brief, card_id, reviewed_at, rating, duration_ms, mode, kind,"
        " correct, response, state_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        reviews,
    )
    conn.execute("COMMIT")


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def measure(n: int, repeat: int, home: Path) -> dict[str, float | int]:
    brief = make_brief(n)
    t_index, index = best(lambda: index_brief(brief), 1)
    t_deck, deck = best(lambda: study_order(build_deck(brief, index=index), brief), repeat)
    with Store.open(home / f"progress-{n}.sqlite3") as store:
        seed_store(store, brief.slug, [c.id for c in deck])
        clock = FakeClock(NOW)
        t_stats, _ = best(lambda: compute_stats(deck, store, brief.slug, clock=clock), repeat)

        def first_card() -> object:
            session = Session(deck, store, brief.slug, clock=clock, fuzzing=False)
            return session.next_card(), session.remaining()

        t_next, _ = best(first_card, repeat)
    return {
        "terms": n,
        "cards_in": len(brief.cards),
        "deck": len(deck),
        "index_s": round(t_index, 3),
        "deck_s": round(t_deck, 3),
        "stats_s": round(t_stats, 3),
        "deck_plus_stats_s": round(t_deck + t_stats, 3),
        "next_card_s": round(t_next, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2500, 5000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the rows here too")
    parser.add_argument(
        "--write-brief",
        type=Path,
        metavar="DIR",
        help="also write each synthetic brief to DIR/bench-N.yaml (+ .md) to open in the app",
    )
    args = parser.parse_args(argv)
    if args.write_brief:
        for n in args.sizes:
            print(f"wrote {write_brief(make_brief(n), args.write_brief)}", file=sys.stderr)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            row = measure(n, args.repeat, Path(tmp))
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
    print("| terms = cards | deck cards | index | deck | stats | deck + stats | next card |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(
            f"| {r['terms']:,} | {r['deck']:,} | {r['index_s']:.2f} s | {r['deck_s']:.2f} s |"
            f" {r['stats_s']:.2f} s | {r['deck_plus_stats_s']:.2f} s | {r['next_card_s']:.2f} s |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
