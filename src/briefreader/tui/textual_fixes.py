"""Work-arounds for three crashes in Textual 8 (8.2.8, the newest 8.x, still has them;
each one also happens in a minimal Textual app):

* command palette, then PageDown: ``OptionList._move_page`` looks up the highlighted
  option's line while the (hidden) list has no lines yet -> ``KeyError: 0``.
  Fixed by ignoring page moves until the list has laid out its lines.
* choosing a palette command, then Enter again before the palette is gone: the
  palette dismisses itself a second time and pops the screen *under* it (with one
  screen: ``ScreenStackError``). Fixed by dismissing a screen only while it is on top.
* one byte that is not UTF-8 on the terminal input (0x9b, 0xff): the driver's strict
  UTF-8 decoder raises ``UnicodeDecodeError`` in the input thread and the app dies.
  Fixed by decoding input with ``errors="replace"`` (the byte becomes U+FFFD, which no
  key is bound to). In the Linux driver; in the inline one too if it is imported
  already (briefreader never runs inline, so a start does not import it).

:func:`apply` is idempotent; the app calls it on import.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Callable
from typing import Any

_APPLIED = False


def _page_move_guard(original: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(original)
    def move_page(self: Any, direction: Any) -> None:
        from .textual_private import option_lines

        highlighted = self.highlighted
        if highlighted is not None and highlighted not in option_lines(self):
            return  # not laid out yet (hidden list): nothing to page through
        original(self, direction)

    return move_page


def _dismiss_guard(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def dismiss(self: Any, result: Any = None) -> Any:
        if self.is_attached and self.app.screen is not self:
            from textual.await_complete import AwaitComplete

            return AwaitComplete()  # already dismissed: never pop someone else's screen
        return original(self, result)

    return dismiss


def _lenient_decoder(encoding: str) -> Callable[[], codecs.IncrementalDecoder]:
    return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    _APPLIED = True
    import importlib
    import sys

    from textual.command import CommandPalette
    from textual.widgets import OptionList

    OptionList._move_page = _page_move_guard(OptionList._move_page)  # type: ignore[method-assign]
    CommandPalette.dismiss = _dismiss_guard(CommandPalette.dismiss)  # type: ignore[method-assign]
    for name in ("linux_driver", "linux_inline_driver"):
        if name == "linux_inline_driver" and f"textual.drivers.{name}" not in sys.modules:
            continue  # briefreader never runs inline: not imported for it (~2 ms of a start)
        try:
            driver = importlib.import_module(f"textual.drivers.{name}")
        except ImportError:  # pragma: no cover - not on this platform
            continue
        if hasattr(driver, "getincrementaldecoder"):
            setattr(driver, "getincrementaldecoder", _lenient_decoder)  # noqa: B010
