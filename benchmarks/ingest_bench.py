"""Time importing articles, and report the ingest corpus's accuracy.

    python benchmarks/ingest_bench.py [--runs 20]

* extraction: trafilatura + the shared rules on a 2,000-word HTML page (the page is
  built from the public-domain text of the corpus, inside the navigation, share
  widgets and footer a real page has), warm: median and best of N runs;
* import: ``import_article`` end to end (read, extract, write article.md and
  brief.yaml, check the result) into a temporary library, warm; then again with the
  annotate package's suggestions hook registered (as ``briefreader import`` does);
* cold import: ``briefreader import`` as a fresh process (includes Python start-up
  and the lazy imports of trafilatura and lxml);
* plain text: parsing a 4 MB plain text (80,000 paragraphs);
* corpus: per-format accuracy on tests/corpus/ingest (see its manifest.yaml).

Nothing uses the network. Targets (issue 9): extraction <= 50 ms, import <= 1 s.
"""

from __future__ import annotations

import argparse
import html
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SOURCE = ROOT / "tests" / "corpus" / "ingest" / "eisenhower-doctrine-1957.txt"


def page_of(words: int) -> str:
    text = SOURCE.read_text(encoding="utf-8").split("\n")[1:]
    paragraphs: list[str] = []
    count = 0
    while count < words:
        for line in text:
            line = line.strip()
            if not line or count >= words:
                continue
            paragraphs.append(line)
            count += len(line.split())
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    nav = "".join(f'<li><a href="/s{n}">Section {n}</a></li>' for n in range(40))
    return (
        "<!doctype html><html><head><title>Special Message to the Congress - Archive</title>"
        '<meta property="og:site_name" content="Archive"><meta name="author" content="Dwight D.'
        ' Eisenhower"><meta property="article:published_time" content="1957-01-05"></head><body>'
        f"<header><nav><ul>{nav}</ul></nav></header><main><article><h1>Special Message to the "
        f"Congress</h1>{body}</article><aside><h3>Related</h3><ul>{nav}</ul></aside></main>"
        "<footer><p>Share this page</p><p>Page top</p></footer><script>var x = 1;</script>"
        "</body></html>"
    )


def timed(fn: object, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000, min(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    from briefreader.core.article import parse_article
    from briefreader.core.ingest import parse_bytes
    from briefreader.core.library import import_article

    page = page_of(2000)
    data = page.encode()
    article = parse_bytes(data, "page.html")  # warm up: imports trafilatura
    words = sum(len(p.text.split()) for p in article.paragraphs)
    print(f"page: {len(data):,} bytes, {len(article.paragraphs)} paragraphs, {words} words")
    med, best = timed(lambda: parse_bytes(data, "page.html"), args.runs)
    print(f"extraction (warm): median {med:.1f} ms, best {best:.1f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BRIEFREADER_HOME"] = tmp
        source = Path(tmp) / "page.html"
        source.write_bytes(data)
        med, best = timed(lambda: import_article(source, replace=True), args.runs)
        print(f"import (warm, write + check): median {med:.1f} ms, best {best:.1f} ms")
        from briefreader.annotate.importing import register

        register()
        med, best = timed(lambda: import_article(source, replace=True), args.runs)
        print(f"import with suggested annotations: median {med:.1f} ms, best {best:.1f} ms")
        exe = Path(sys.executable).with_name("briefreader")
        cold = []
        for _ in range(max(3, args.runs // 5)):
            start = time.perf_counter()
            subprocess.run(
                [str(exe), "import", "--replace", str(source)],
                check=True,
                capture_output=True,
                env={**os.environ, "BRIEFREADER_HOME": tmp},
            )
            cold.append(time.perf_counter() - start)
        print(f"import (cold process): median {statistics.median(cold) * 1000:.0f} ms")
    many = "\n\n".join(["A short paragraph of prose, with some words in it."] * 80_000)
    med, best = timed(lambda: parse_article(many, fallback_title="F"), 3)
    print(f"plain text, 4 MB / 80,000 paragraphs: median {med:.0f} ms, best {best:.0f} ms")
    from tests.corpus.ingest_scoring import manifest, report, score

    print("\ncorpus accuracy\n" + report([score(e)[0] for e in manifest()]))


if __name__ == "__main__":
    main()
