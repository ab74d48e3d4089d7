"""Timings of the pure core that tests used to assert with a wall clock.

    python benchmarks/core_bench.py [--runs N] [--json PATH]

Each case runs ``--runs`` times (default 5) and reports the median and the worst, in
seconds: parsing a 4 MB text (many paragraphs, and one 2 MB line), refusing a YAML
alias bomb and 100 000-deep nesting, indexing 3 000 names over a 320 KB text, and
indexing 500 names over the generated 4.4 MB text of ``make_texts.py`` (cold: the
matcher compiled each time) in one pass and paragraph by paragraph, and decoding
that index as the child process of ``core/index_ahead.py`` sends it, and taking that
text's brief as the child of ``core/load_ahead.py`` sends it (restricted unpickling and
the shape check: what the reader's process pays instead of loading it).
Figures depend on the machine: compare runs on the same machine only.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from briefreader.core import brief_cache, index_ahead, xref
from briefreader.core.article import parse_article
from briefreader.core.brief import Article, Brief, Metadata, Paragraph, Term
from briefreader.core.gcpause import without_gc
from briefreader.core.loader import check_brief
from briefreader.core.xref import build_index

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "nato-asian-pacific-expansion.txt"
HEADER = "format: 1\narticle: article.txt\n"


def _check_yaml(text: str) -> Callable[[], object]:
    folder = Path(tempfile.mkdtemp(prefix="core-bench-"))
    (folder / "article.txt").write_text("Title\n\nBody.\n", encoding="utf-8")
    path = folder / "b.yaml"
    path.write_text(text, encoding="utf-8")
    return lambda: check_brief(path)


def _alias_bomb() -> str:
    bomb = HEADER + 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(ord("b"), ord("j")):
        p = chr(i - 1)
        bomb += f"{chr(i)}: &{chr(i)} [*{p},*{p},*{p},*{p},*{p},*{p}]\n"
    return bomb


def _index_case() -> Callable[[], object]:
    blocks = [b for b in re.split(r"\n\s*\n", SEED.read_text(encoding="utf-8")) if b.strip()]
    texts = [" ".join(b.split()) for b in blocks] * 60
    paragraphs = [Paragraph(n, "body", t) for n, t in enumerate(texts, 1)]
    vocab = sorted({w for t in texts[:20] for w in re.findall(r"\w+", t)})
    rng = random.Random(7)
    names = set(vocab)
    while len(names) < 3000:
        names.add(rng.choice(vocab) + " " + "".join(rng.choices("abcdefghij", k=5)))
    entries = [(f"e{i}", [n]) for i, n in enumerate(sorted(names))]
    return lambda: build_index(paragraphs, entries)


def _long_text_cases() -> dict[str, Callable[[], object]]:
    """The 4.4 MB generated text with its 500 most frequent names (as /tmp/kjv.yaml)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import make_texts

    texts = make_texts.generated_paragraphs()
    names = [name for name, _ in make_texts.pick_terms("\n\n".join(texts), 500)]
    paragraphs = tuple(Paragraph(n, "body", t) for n, t in enumerate(texts, 1))
    entries = [(f"g{i}", [name]) for i, name in enumerate(names)]
    terms = tuple(Term(f"g{i}", name, "-") for i, name in enumerate(names))
    brief = Brief(slug="long", article=Article(Metadata(title="Long"), paragraphs), glossary=terms)
    rows = index_ahead._rows(brief).tobytes()
    payload = pickle.dumps(brief, protocol=pickle.HIGHEST_PROTOCOL)

    def one_pass() -> object:
        xref._cached_matcher.cache_clear()
        return build_index(paragraphs, entries)

    @without_gc  # as in the reader (Pending.result)
    def decode(brief: Brief, rows: bytes) -> object:
        return index_ahead.decode(brief, rows)

    def per_paragraph() -> object:
        return xref.Matcher(entries).find_many(texts, bulk=False)

    return {
        "index 500 names 4.4 MB, 1 pass": one_pass,
        "index 500 names 4.4 MB, by para": per_paragraph,
        "decode 4.4 MB index (56,000)": lambda: decode(brief, rows),
        "take a 4.4 MB brief from a child": without_gc(lambda: brief_cache._unpickle(payload)),
    }


def cases() -> dict[str, Callable[[], object]]:
    many = "\n\n".join(["A short paragraph of prose, with some words in it."] * 80_000)
    line = "word " * 400_000
    deep = HEADER + "x: " + "[" * 100_000 + "]" * 100_000 + "\n"
    return {
        "parse 4 MB, 80 000 paragraphs": lambda: parse_article(many, fallback_title="F"),
        "parse 2 MB single line": lambda: parse_article(line, fallback_title="F"),
        "refuse YAML alias bomb": _check_yaml(_alias_bomb()),
        "refuse 100 000-deep YAML": _check_yaml(deep),
        "index 3 000 names, 320 KB": _index_case(),
        **_long_text_cases(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", metavar="PATH")
    args = parser.parse_args()
    results = {}
    for name, case in cases().items():
        samples = []
        for _ in range(args.runs):
            start = time.perf_counter()
            case()
            samples.append(time.perf_counter() - start)
        results[name] = {"median": statistics.median(samples), "max": max(samples)}
        print(f"{name:32} median {results[name]['median']:.3f} s  max {max(samples):.3f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
