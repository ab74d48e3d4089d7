"""Import the app while a child process loads the brief (see :mod:`briefreader.core.load_ahead`)."""

from __future__ import annotations

from pathlib import Path

from ..core.brief import Brief


def load_ahead(path: Path) -> Brief | None:
    """The brief at ``path`` loaded by a child process while the app is imported here;
    None if no child was started or it failed (then the caller loads the brief itself,
    so a bad file gets its usual one line)."""
    from ..core import load_ahead as ahead

    child = ahead.start(path)
    if child is None:
        return None
    from . import app  # noqa: F401  # Textual's and the app's imports, meanwhile

    if not child.ready():  # still loading: the first screen's imports too (its default)
        from .screens import annotated_reader  # noqa: F401
    return child.brief()
