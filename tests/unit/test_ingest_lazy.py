"""The format readers stay out of the reader's start-up: opening a brief imports none."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("trafilatura", "pypdf", "lxml", "markdown_it", "htmldate", "justext", "fpdf")


def test_opening_the_bundled_brief_imports_no_format_reader() -> None:
    code = (
        "import sys\n"
        "from briefreader.core.loader import load_brief\n"
        "from briefreader.core.paths import resolve\n"
        "load_brief(resolve(None))\n"
        "import briefreader.tui.app\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])\n"
        "print([m for m in sys.modules if m.startswith('briefreader.core.ingest.')])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == "[]"
    assert "html" not in out[1] and "pdf" not in out[1] and "epub" not in out[1]
