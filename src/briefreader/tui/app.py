"""The Textual application: owns the brief session (derived data, store) and the user's state."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from ..core.brief import Brief
from ..core.state import State
from .css_cache import install as install_css_cache
from .css_cache import save_later as save_css_cache
from .session import BriefSession
from .startup_gc import resume as resume_gc
from .textual_fixes import apply as apply_textual_fixes
from .widgets.scrollbar_render import install as install_scrollbar_render

if TYPE_CHECKING:
    from textual.command import Provider

apply_textual_fixes()  # three crashes Textual 8.2.8 still has (see textual_fixes.py)
install_scrollbar_render()  # scrollbars drawn from a cache, not through Rich (keys)


def _brief_commands() -> type[Provider]:
    """The palette's provider, imported when the palette first opens (not at start)."""
    from .commands import BriefCommands

    return BriefCommands


class BriefReaderApp(App[int]):
    """Read a brief: the article with its glossary, actors and outline."""

    CSS_PATH = "app.tcss"
    TITLE = "briefreader"
    COMMANDS: ClassVar = App.COMMANDS | {_brief_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", tooltip="Quit briefreader (your place is saved)"),
        Binding("question_mark", "help", "Help", tooltip="Every key, by pane"),
        Binding("i", "about", "About", tooltip="About this source: metadata and source note"),
        Binding("t", "quiz", "Quiz", tooltip="Study the key points (spaced repetition)"),
        Binding("m", "stats", "Stats", tooltip="Progress and mastery per outline point"),
        Binding("L", "library", "Library", tooltip="Every brief, its progress and cards due"),
    ]

    def __init__(
        self,
        brief: Brief,
        *,
        theme: str | None = None,
        state: State | None = None,
        start: str = "reader",
        cram: bool = False,
        new_per_day: int | None = None,
    ):
        super().__init__()
        install_css_cache(self)  # parsed CSS from a cache file (css_cache.py)
        self.brief = brief
        self.start = start
        self.cram = cram
        self.new_per_day = new_per_day
        self.session = BriefSession(brief)
        self.study = self.session.study
        self.state = state if state is not None else State.load()
        self.exit_message: str | None = None
        chosen = theme or self.state.theme
        if chosen and chosen in self.available_themes:
            self.theme = chosen
        if theme:
            self.state.theme = theme

    def get_default_screen(self) -> Screen[None]:
        from .screens.annotated_reader import AnnotatedReaderScreen

        return AnnotatedReaderScreen(self.session, self.state, self.save_state)

    def on_mount(self) -> None:
        # the collector, paused by the command line: back on once the screen has painted
        self.screen.call_after_refresh(resume_gc)
        self.screen.call_after_refresh(save_css_cache, self)  # if anything was parsed
        if self.start == "quiz":
            self.action_quiz()
        if self.state.notice:
            self.notify(self.state.notice, title="Settings", severity="warning", markup=False)

    def watch_theme(self, theme: str) -> None:
        if getattr(self, "state", None) is not None and self.state.theme != theme:
            self.state.theme = theme
            self.save_state()

    def save_state(self) -> None:
        problem = self.state.try_save()
        if problem:
            self.notify(problem, severity="error", markup=False)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_quiz(self) -> None:
        from .screens.quiz import QuizScreen

        if isinstance(self.screen, QuizScreen):
            return
        self.with_deck(self._open_quiz)

    def _open_quiz(self) -> None:
        from .screens.quiz import QuizScreen
        from .screens.reader import ReaderScreen

        session = self.study.session(
            cram=self.cram, new_per_day=self.new_per_day or self.state.new_per_day
        )
        if session is None:
            self.store_problem()
            return
        self.study_notice()

        def back(_: None) -> None:
            reader = next((s for s in self.screen_stack if isinstance(s, ReaderScreen)), None)
            if reader is not None:
                reader.load_mastery()

        self.push_screen(QuizScreen(self.brief, session), back)

    def action_stats(self) -> None:
        from .screens.stats import StatsScreen

        if isinstance(self.screen, StatsScreen):
            return
        if self.study.store() is None:
            self.store_problem()
            return
        self.study_notice()
        self.with_deck(lambda: self.push_screen(StatsScreen(self.brief, self.study)))

    def with_deck(self, then: Callable[[], object]) -> None:
        """Run ``then`` once the study deck is built: at once if it is, else after a
        worker builds it (a notification says so if that takes more than a moment)."""
        if self.study.deck_ready:
            then()
            return
        from .deck_loader import build_deck_then

        build_deck_then(self, self.study, then)

    def store_problem(self) -> None:
        """The store could not be opened: say why in one line (it names a file: no markup)."""
        problem = self.study.problem or "cannot open the progress store"
        self.notify(problem, title="Progress", severity="error", markup=False)

    def study_notice(self) -> None:
        notice = self.study.take_notice()
        if notice:
            self.notify(notice, title="Progress", severity="warning", markup=False, timeout=10)

    def on_unmount(self) -> None:
        self.exit_message = self.session.close()  # printed after the app has left the screen

    def action_library(self) -> None:
        from .screens.library import LibraryScreen

        if not isinstance(self.screen, LibraryScreen):
            self.push_screen(LibraryScreen())

    def open_brief_path(self, path: Path, *, start: str = "reader") -> None:
        """Open another brief (from the library) in the reader, or start its quiz."""
        from .library_switch import switch_brief

        switch_brief(self, path, start=start)

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Save an SVG of the screen in a folder that exists, and say where (plain text)."""
        from .screenshot import screenshot_dir

        try:
            folder = screenshot_dir(path)
            saved = self.save_screenshot(filename, str(folder), time_format)
        except OSError as exc:
            problem = f"Could not save the screenshot: {exc.strerror or exc}"
            self.notify(problem, title="Screenshot", severity="error", markup=False)
            return None
        self.notify(f"Saved to {saved}", title="Screenshot", markup=False)
        return None

    def action_about(self) -> None:
        from .screens.about import AboutScreen

        if not isinstance(self.screen, AboutScreen):
            self.push_screen(AboutScreen(self.brief))
