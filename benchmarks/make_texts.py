#!/usr/bin/env python3
"""Write large test texts (and optionally a brief YAML with a big glossary) for benchmarks.

Examples::

    python benchmarks/make_texts.py /tmp/kjv.txt                  # ~4.4 MB, one verse a paragraph
    python benchmarks/make_texts.py /tmp/kjv.txt --glossary 500   # + /tmp/kjv.yaml, 500 terms
    python benchmarks/make_texts.py /tmp/line.txt --single-line-2mb

The 4 MB text is the King James Bible from ``bible -f Gen1:1-Rev22:21`` (Debian package
``bible-kjv``) when that command exists, otherwise a deterministic generated English-like
text of about 4.4 MB with paragraphs. No network is used.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

KJV_RANGE = "Gen1:1-Rev22:21"
GENERATED_BYTES = 4_400_000
SINGLE_LINE_BYTES = 2 * 1024 * 1024
VERSE_RE = re.compile(r"^(\d?[A-Za-z]+)(\d+):(\d+) (.*)$")
# A capitalised word standing alone: not glued to letters, digits, apostrophes or hyphens.
NAME_RE = re.compile(r"(?<![\w'’-])([A-Z][a-z]{2,})(?![\w'’-])")
WORD_RE = re.compile(r"(?<![\w'’-])([a-z]{4,})(?![\w'’-])")

_WORDS = (
    "the of and to in that it was for on are with as his they be at one have this from or had by "
    "not but what all were when we there can an your which their said if do will each about how "
    "up out them then she many some so these would other into has more her two like him see time "
    "could no make than first been its who now people my made over did down only way find use may "
    "water long little very after words called just where most know get through back much before "
    "go good new write our used me man too any day same right look think also around another came "
    "come work three word must because does part even place well such here take why things help "
    "put years different away again off went old number great tell men say small every found still "
    "between name should home big give air line set own under read last never us left end along "
    "while might next sound below saw something thought both few those always looked show large "
    "often together asked house world going want school important until form food keep children "
    "feet land side without boy once animals life enough took sometimes four head above kind began "
    "almost live page got earth need far hand high year mother light parts country father let "
    "night following picture being study second eyes soon times story boys since white days ever "
    "paper hard near sentence better best across during today others however sure means knew "
    "try told young miles sun ways thing whole hear example heard several change answer room sea "
    "against top turned learn point city play toward five using himself usually money seen "
    "council treaty border harbour river valley market village winter summer letter promise"
)
COMMON_WORDS = tuple(_WORDS.split())


def kjv_verses() -> list[str] | None:
    """The KJV as one line per verse ("Ge1:1 In the beginning ..."), or None if unavailable."""
    exe = shutil.which("bible")
    if exe is None:
        return None
    try:
        proc = subprocess.run(
            [exe, "-f", KJV_RANGE],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    lines = [ln.rstrip() for ln in proc.stdout.splitlines() if ln.strip()]
    return lines if len(lines) > 30_000 else None


def kjv_paragraphs(verses: Sequence[str], layout: str) -> list[str]:
    if layout == "verse":
        return list(verses)
    chapters: list[str] = []
    current: list[str] = []
    key: tuple[str, str] | None = None
    for line in verses:
        m = VERSE_RE.match(line)
        this = (m.group(1), m.group(2)) if m else key
        if current and this != key:
            chapters.append(" ".join(current))
            current = []
        if not current and m:
            current.append(f"{m.group(1)} {m.group(2)}. {m.group(4)}")
        else:
            current.append(m.group(4) if m else line)
        key = this
    if current:
        chapters.append(" ".join(current))
    return chapters


def _names(rng: random.Random, count: int) -> list[str]:
    onsets = [*"bcdfghklmnprstvwz", "br", "dr", "gr", "st", "th"]
    vowels = [*"aeiou", "ae", "ai", "ea", "ia", "io"]
    codas = ["", "", "n", "r", "l", "s", "th", "nd", "rk", "m"]
    names: set[str] = set()
    while len(names) < count:
        syllables = rng.randint(2, 3)
        word = "".join(
            rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas) for _ in range(syllables)
        )
        names.add(word.capitalize())
    return sorted(names)


def generated_paragraphs(target_bytes: int = GENERATED_BYTES, seed: int = 1611) -> list[str]:
    """Deterministic English-like paragraphs of about ``target_bytes`` bytes in total."""
    rng = random.Random(seed)
    names = _names(rng, 3000)
    # Zipf-like weights so a few names are frequent and many are rare, like a real book.
    name_weights = [1.0 / (i + 1) for i in range(len(names))]
    paragraphs: list[str] = []
    total = 0
    while total < target_bytes:
        sentences = []
        for _ in range(rng.randint(2, 7)):
            words = [rng.choice(COMMON_WORDS) for _ in range(rng.randint(6, 22))]
            for _ in range(rng.randint(0, 3)):
                name = rng.choices(names, name_weights)[0]
                words.insert(rng.randrange(1, len(words)), name)
            if rng.random() < 0.3:
                words.insert(rng.randrange(2, len(words)), "and")
                words[rng.randrange(1, len(words) - 1)] += ","
            words[0] = words[0].capitalize()
            sentences.append(" ".join(words) + rng.choice(".....?!"))
        para = " ".join(sentences)
        paragraphs.append(para)
        total += len(para.encode()) + 2
    return paragraphs


def article_text(paragraphs: Iterable[str], title: str | None) -> str:
    body = "\n\n".join(paragraphs)
    return (f"{title}\n\n{body}\n") if title else f"{body}\n"


def single_line(paragraphs: Iterable[str], target_bytes: int = SINGLE_LINE_BYTES) -> str:
    """One paragraph of about ``target_bytes`` bytes (cut at a word boundary), no newline inside."""
    parts: list[str] = []
    size = 0
    for para in paragraphs:
        text = VERSE_RE.sub(r"\4", para)
        parts.append(text)
        size += len(text) + 1
        if size >= target_bytes:
            break
    line = " ".join(parts)
    if len(line) > target_bytes:
        cut = line.rfind(" ", 0, target_bytes)
        line = line[: cut if cut > 0 else target_bytes]
    return line


def pick_terms(text: str, count: int) -> list[tuple[str, int]]:
    """The ``count`` most frequent capitalised names in ``text`` with their whole-word counts.

    A capitalised word whose lowercase form also occurs in the text ("And" / "and") is not a
    name. If there are not enough names, the most frequent lowercase words fill the list.
    """
    names = Counter(m.group(1) for m in NAME_RE.finditer(text))
    lower = Counter(m.group(1) for m in WORD_RE.finditer(text))
    lowered = {w.lower() for w in re.findall(r"[a-z]+", text)}
    ranked = sorted(
        ((n, c) for n, c in names.items() if n.lower() not in lowered),
        key=lambda item: (-item[1], item[0]),
    )
    chosen = ranked[:count]
    if len(chosen) < count:
        taken = {n.lower() for n, _ in chosen}
        extra = sorted(
            ((w, c) for w, c in lower.items() if w not in taken), key=lambda i: (-i[1], i[0])
        )
        chosen += extra[: count - len(chosen)]
    return chosen


def _ident(name: str, used: set[str]) -> str:
    base = "g-" + (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "term")
    ident, n = base, 2
    while ident in used:
        ident, n = f"{base}-{n}", n + 1
    used.add(ident)
    return ident


def brief_yaml(article: Path, yaml_path: Path, text: str, terms: int, aliases: int) -> str:
    """A brief (format 1) whose glossary has ``terms`` entries (+``aliases`` aliases each)."""
    picked = pick_terms(text, terms * (1 + aliases))
    heads, rest = picked[:terms], picked[terms:]
    rel = os.path.relpath(article.resolve(), yaml_path.resolve().parent)
    out = [
        "# Generated by benchmarks/make_texts.py: a large glossary for performance tests.",
        "format: 1",
        f"article: {json.dumps(rel)}",
        "glossary:",
    ]
    used: set[str] = set()
    for i, (name, count) in enumerate(heads):
        out.append(f"  - id: {_ident(name, used)}")
        out.append(f"    term: {json.dumps(name)}")
        mine = rest[i * aliases : (i + 1) * aliases]
        if mine:
            out.append("    aliases: [" + ", ".join(json.dumps(a) for a, _ in mine) + "]")
        defn = f"Generated entry {i + 1}: {name!r} occurs {count} times as a whole word."
        out.append(f"    definition: {json.dumps(defn)}")
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("path", type=Path, help="the article text to write")
    ap.add_argument(
        "--source",
        choices=("auto", "kjv", "generated"),
        default="auto",
        help="auto: the KJV when `bible` exists, else generated (default auto)",
    )
    ap.add_argument(
        "--layout",
        choices=("verse", "chapter"),
        default="verse",
        help="KJV paragraphs: one per verse (31,102) or one per chapter (1,189); default verse",
    )
    ap.add_argument(
        "--single-line-2mb",
        action="store_true",
        help="write one 2 MiB paragraph on a single line instead of the 4 MB text",
    )
    ap.add_argument(
        "--title",
        default=None,
        help="a title line (then a blank line) to start the article with; default: a title for "
        "the 4 MB text, none for --single-line-2mb; pass '' for none",
    )
    ap.add_argument(
        "--glossary",
        type=int,
        metavar="N",
        default=0,
        help="also write a brief YAML with an N-entry glossary of names that occur in the text",
    )
    ap.add_argument(
        "--aliases", type=int, default=0, metavar="K", help="aliases per glossary entry (default 0)"
    )
    ap.add_argument(
        "--brief", type=Path, default=None, help="where to write the YAML (default: PATH.yaml)"
    )
    args = ap.parse_args(argv)

    verses = kjv_verses() if args.source in ("auto", "kjv") else None
    if args.source == "kjv" and verses is None:
        print("error: the `bible` command (Debian package bible-kjv) is missing", file=sys.stderr)
        return 2
    if verses is not None:
        origin = "KJV"
        paragraphs = kjv_paragraphs(verses, args.layout)
        default_title = "The King James Bible"
    else:
        origin = "generated"
        paragraphs = generated_paragraphs()
        default_title = "A Generated Chronicle"

    if args.single_line_2mb:
        title = args.title or None
        text = article_text([single_line(paragraphs)], title)
        count = 1
    else:
        title = default_title if args.title is None else (args.title or None)
        text = article_text(paragraphs, title)
        count = len(paragraphs)

    args.path.parent.mkdir(parents=True, exist_ok=True)
    args.path.write_text(text, encoding="utf-8")
    size = args.path.stat().st_size
    print(f"wrote {args.path}: {size:,} bytes, {count:,} paragraph(s), {origin} text")

    if args.glossary > 0:
        yaml_path = args.brief or args.path.with_suffix(".yaml")
        yaml_text = brief_yaml(args.path, yaml_path, text, args.glossary, max(0, args.aliases))
        yaml_path.write_text(yaml_text, encoding="utf-8")
        entries = yaml_text.count("\n  - id: ")
        print(f"wrote {yaml_path}: {entries} glossary entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
