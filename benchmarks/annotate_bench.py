#!/usr/bin/env python3
"""Time the annotator from a cold start (a new Python process) on a 2,000- and a 7,000-word text.

Targets (issue 10): <= 1 s for a 2,000-word article, <= 3 s for a 7,000-word transcript,
on 2 cores, from a cold start. Each run is a fresh interpreter that imports
briefreader.annotate, loads the article and annotates it; the figure is the wall time of
the whole process. "first run" uses an empty BRIEFREADER_HOME, "later runs" reuse one
(the gazetteer ships as package data: nothing is derived or cached). Also prints
precision/recall on the answer keys (``--keys key.yaml heldout.yaml ...``; by default
every ``*.yaml`` key in tests/corpus/annotate/).

    python benchmarks/annotate_bench.py [--runs 7] [--keys key.yaml varied.yaml]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "annotate"
TEXTS = {
    "2,000 words (fact sheet, 1,906 words)": CORPUS / "wh-camp-david-fact-sheet.txt",
    "2,000 words (joint statement, 2,157 words)": CORPUS / "wh-mongolia-joint-statement.txt",
    "7,000 words (press-conference transcript, 6,700 words)": CORPUS
    / "bench-camp-david-press-conference-full.txt",
}
CHILD = (
    "import sys, time\n"
    "from briefreader.core.article import load_article\n"
    "from briefreader.annotate import suggest\n"
    "found = suggest(load_article(sys.argv[1]), backend='rules')\n"
    "print(time.process_time())\n"  # CPU seconds of the whole process, imports included
)


def cold(path: Path, home: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of a fresh process annotating ``path``."""
    env = {**os.environ, "BRIEFREADER_HOME": home}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], check=True, env=env, capture_output=True
    )
    return time.perf_counter() - start, float(done.stdout.decode().split()[-1])


def baseline(home: str) -> float:
    env = {**os.environ, "BRIEFREADER_HOME": home}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True, env=env)
    return time.perf_counter() - start


def quality(keys: list[str]) -> None:
    import dataclasses

    import yaml

    sys.path.insert(0, str(ROOT / "src"))
    from briefreader.annotate.engine import annotate
    from briefreader.annotate.score import CATEGORIES, score_article, total
    from briefreader.core.article import load_article

    for key_file in keys:
        data = yaml.safe_load((CORPUS / key_file).read_text(encoding="utf-8"))
        texts = (CORPUS / str(data.get("texts") or ".")).resolve()  # a key's texts folder
        scores = []
        for name, k in data["articles"].items():
            article = load_article(texts / name)
            if k.get("paragraphs") is not None:  # a key may cover the first N paragraphs
                kept = article.paragraphs[: int(k["paragraphs"])]
                article = dataclasses.replace(article, paragraphs=kept)
            scores.append(score_article(annotate(article).entries, k, name))
        t = total(scores)
        parts = ", ".join(f"{c} {t.recall(c):.2f} ({t.found[c]}/{t.total[c]})" for c in CATEGORIES)
        print(
            f"{key_file}: {len(scores)} texts; recall {parts}; precision {t.precision:.2f} "
            f"({t.correct}/{t.suggested}); people's kind right {t.people_kind:.2f}; "
            f"expansions right {t.expansions_right}/{t.expansions_given}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keys", nargs="*", help="answer keys to score (default: all)")
    parser.add_argument("--no-quality", action="store_true", help="timings only")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as home:
        print(f"python -c pass: {baseline(home):.3f} s")
        for label, path in TEXTS.items():
            first = cold(path, tempfile.mkdtemp())
            later = [cold(path, home) for _ in range(args.runs)]
            wall = [w for w, _ in later]
            cpu = [c for _, c in later]
            print(
                f"{label}: first run {first[0]:.2f} s wall ({first[1]:.2f} s CPU); later runs "
                f"median {statistics.median(wall):.2f} s wall, max {max(wall):.2f} s "
                f"(CPU median {statistics.median(cpu):.2f} s)"
            )
    if not args.no_quality:
        quality(args.keys or sorted(p.name for p in CORPUS.glob("*.yaml")))


if __name__ == "__main__":
    main()
