"""Nothing outside ``briefreader.tui`` loads Textual (or Rich) when imported: the pure
packages stay usable and testable alone, and the command line starts fast. Modules
are discovered, so a new module is covered without editing this list. (The layer
rules themselves are import-linter contracts in pyproject.toml, run by .ci/run.)"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import briefreader

UI = ("briefreader.tui", "briefreader.__main__")


def non_ui_modules() -> list[str]:
    found = pkgutil.walk_packages(briefreader.__path__, prefix="briefreader.")
    return sorted(m.name for m in found if not m.name.startswith(UI))


def test_discovery_finds_the_layers() -> None:
    modules = non_ui_modules()
    for expected in (
        "briefreader.core.loader",
        "briefreader.study.cards",
        "briefreader.export.anki",
        "briefreader.cli",
        "briefreader.cmds.export",
    ):
        assert expected in modules
    assert not [m for m in modules if m.startswith("briefreader.tui")]


def test_nothing_outside_the_tui_loads_textual_or_rich() -> None:
    code = (
        "import sys\n"
        f"for name in {non_ui_modules()!r}: __import__(name)\n"
        "from briefreader.core.loader import load_brief\n"
        "from briefreader.core.paths import resolve\n"
        "from briefreader.study.cards import build_deck\n"
        "build_deck(load_brief(resolve(None)))\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"imported outside the tui: {out}"
