"""Start the reader for a loaded brief (the only entry point into Textual)."""

from __future__ import annotations

import sys

from ..core.brief import Brief
from ..core.errors import BriefError


def run_reader(
    brief: Brief,
    *,
    theme: str | None = None,
    start: str = "reader",
    cram: bool = False,
    new_per_day: int | None = None,
) -> int:
    from .app import BriefReaderApp
    from .startup_gc import resume

    app = BriefReaderApp(brief, theme=theme, start=start, cram=cram, new_per_day=new_per_day)
    if new_per_day is not None:
        app.state.new_per_day = new_per_day  # remembered
    if theme is not None and theme not in app.available_themes:
        names = ", ".join(sorted(app.available_themes))
        raise BriefError("--theme", f"unknown theme {theme!r} (available: {names})")
    try:
        app.run()
    finally:
        resume()  # if the app ended before its first paint
    if app.exit_message:
        print(f"briefreader: {app.exit_message}", file=sys.stderr)
        if app.study.answers_lost:  # kept in the journal instead: replayed next start
            return 1
    return app.return_code or 0
