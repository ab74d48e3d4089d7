"""The core never imports Textual (or Rich): it must stay usable and testable alone."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "briefreader.core.text",
    "briefreader.core.article",
    "briefreader.core.brief",
    "briefreader.core.yamlsafe",
    "briefreader.core.schema",
    "briefreader.core.loader",
    "briefreader.core.xref",
    "briefreader.core.export",
    "briefreader.core.paths",
    "briefreader.core.search",
    "briefreader.core.state",
    "briefreader.study.cards",
    "briefreader.study.grading",
    "briefreader.study.scheduler",
    "briefreader.study.store",
    "briefreader.study.stats",
    "briefreader.study.evidence",
    "briefreader.study.charts",
    "briefreader.study.context",
    "briefreader.study.showing",
    "briefreader.study.masking",
    "briefreader.study.gen_entries",
    "briefreader.study.gen_outline",
    "briefreader.cli",
]


def test_core_does_not_load_textual() -> None:
    code = (
        "import sys\n"
        f"for name in {CORE_MODULES!r}: __import__(name)\n"
        "from briefreader.core.loader import load_brief\n"
        "from briefreader.core.paths import resolve\n"
        "from briefreader.core.xref import index_brief\n"
        "index_brief(load_brief(resolve(None)))\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"core imported: {out}"
