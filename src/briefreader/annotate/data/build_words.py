"""Regenerate ``common_words.txt.gz``: common lower-case English words, one a line.

The annotator uses the list to tell ``Red Hat`` or ``Game Creator Challenge`` (every
word an ordinary English word) from a person's name, and to recognise Title Case
headlines. Source: the Debian package ``wamerican-small`` (SCOWL size 35 word list by
Kevin Atkinson, permissive licence quoted in NOTICE.md beside this file); only its
lower-case entries of three letters or more without apostrophes are kept::

    apt-get install wamerican-small
    python -m briefreader.annotate.data.build_words
"""

from __future__ import annotations

import gzip
from pathlib import Path

SOURCE = Path("/usr/share/dict/american-english-small")
OUT = Path(__file__).resolve().parent / "common_words.txt.gz"


def build(source: Path = SOURCE) -> list[str]:
    words = {
        w
        for w in source.read_text(encoding="utf-8").split()
        if len(w) >= 3 and w.isalpha() and w.islower()
    }
    return sorted(words)


def main() -> None:
    words = build()
    # mtime=0: the same list gives the same bytes
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(("\n".join(words) + "\n").encode("utf-8"))
    print(f"{OUT}: {len(words)} words")


if __name__ == "__main__":
    main()
