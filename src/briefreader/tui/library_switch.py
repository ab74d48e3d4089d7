"""Switching the app to another brief (from the library): one place that knows what a
brief owns in the app (its :class:`~.session.BriefSession`) and resets the screens."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import BriefError

if TYPE_CHECKING:
    from .app import BriefReaderApp


def switch_brief(app: BriefReaderApp, path: Path, *, start: str = "reader") -> None:
    from ..core.loader import load_brief
    from .screens.annotated_reader import AnnotatedReaderScreen
    from .session import BriefSession

    try:
        brief = load_brief(path)
    except BriefError as exc:
        app.notify(str(exc), title="Cannot open", severity="error", markup=False)
        return
    same = brief.slug == app.brief.slug and brief.path == app.brief.path
    while len(app.screen_stack) > 1:
        app.pop_screen()
    if not same:
        app.save_state()
        kept = app.session.close()  # unsaved answers: where they are kept, or lost
        if kept:
            app.notify(kept, title="Progress", severity="error", markup=False, timeout=15)
        app.brief = brief
        app.session = BriefSession(brief)
        app.study = app.session.study
        base = app.screen_stack[0]
        # Textual 8 pops a result callback from the screen being replaced; the default
        # screen (from get_default_screen) was never given one, so switching it fails.
        if not base._result_callbacks:
            base._push_result_callback(base, None)
        app.switch_screen(AnnotatedReaderScreen(app.session, app.state, app.save_state))
    if start == "quiz":
        app.call_later(app.action_quiz)
