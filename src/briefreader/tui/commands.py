"""The command palette provider: every keyed action, and "go to" any entry or point.

Actions come from the declared Bindings (see :mod:`.keys`), so the palette never
lists a command the keys don't have, nor misses one. Entry names come from the
brief and are shown as plain text (Textual's ``Matcher.highlight`` parses markup,
so highlighting is done here on a plain :class:`Content`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

if TYPE_CHECKING:
    from .screens.reader import ReaderScreen


@dataclass(frozen=True)
class Command:
    text: str
    help: str
    run: Callable[[], object]


def plain_highlight(matcher: Matcher, text: str) -> Content:
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize("bold underline", offset, offset + 1)
    return content


def safe(text: str) -> str:
    """Help text as Content: the palette runs ``Content.from_markup`` on a str help,
    but passes Content through untouched, so file text is never parsed as markup."""
    return Content(text)  # type: ignore[return-value]


class BriefCommands(Provider):
    """Actions, entries and outline points of the brief being read."""

    def _reader(self) -> ReaderScreen | None:
        from .screens.reader import ReaderScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, ReaderScreen):
                return screen
        return None

    def commands(self) -> Iterator[Command]:
        reader = self._reader()
        if reader is None:
            return
        yield from self._action_commands(reader)
        for entry in reader.brief.glossary:
            yield Command(
                f"Go to term: {entry.term}", entry.definition, partial(reader.open_entry, entry.id)
            )
        for actor in reader.brief.actors:
            yield Command(
                f"Go to {actor.kind}: {actor.name}",
                actor.role,
                partial(reader.open_entry, actor.id),
            )
        for point in reader.brief.outline_points():
            yield Command(
                f"Go to outline point: {point.title}",
                point.summary,
                partial(reader.open_point, point.id),
            )

    def _action_commands(self, reader: ReaderScreen) -> Iterator[Command]:
        from .keys import key_groups

        targets = {
            "Everywhere": self.app,
            "Reader": reader,
            "Article pane": reader.article,
        }
        seen: set[str] = set()
        for title, rows in key_groups():
            target = targets.get(title)
            if target is None:
                continue
            for row in rows:
                if row.action in seen or row.action == "command_palette":
                    continue
                seen.add(row.action)
                keys = " / ".join(row.keys)
                yield Command(
                    row.description,
                    f"{keys}  {row.tooltip}".strip(),
                    partial(self.app.run_action, row.action, target),
                )

    async def discover(self) -> Hits:
        for command in self.commands():
            yield DiscoveryHit(Content(command.text), command.run, command.text, safe(command.help))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        reader = self._reader()
        if reader is not None and query.strip().lstrip("¶").strip().isdigit():
            n = int(query.strip().lstrip("¶").strip())
            if 1 <= n <= len(reader.brief.paragraphs):
                yield Hit(1.0, Content(f"Go to paragraph {n}"), partial(reader.open_paragraph, n))
        for command in self.commands():
            score = matcher.match(command.text)
            if score > 0:
                yield Hit(
                    score,
                    plain_highlight(matcher, command.text),
                    command.run,
                    command.text,
                    safe(command.help),
                )
