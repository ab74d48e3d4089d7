"""Small user settings and reading positions, kept as one JSON file.

``state.json`` under the user data dir holds the chosen theme, the daily new-card
limit, per brief slug the paragraph the reader was at, and ``last_brief`` (the
path of the brief last opened in the reader: plain ``briefreader`` opens it).

* **Atomic**: writes go to a temp file that is fsynced and renamed, so a crash
  leaves either the old or the new file, never half of one.
* **Merged**: two instances share the file. :meth:`State.save` takes a lock
  (``.state.json.lock``), re-reads the file and changes only the keys *this*
  instance changed since it loaded or last saved; everything else (including keys
  it does not know) is kept as the other instance wrote it. A key is a top-level
  value (``theme``) or one entry of a top-level object (``positions/<slug>``).
* **Never a traceback**: a file that is not UTF-8 (a BOM is fine), not JSON,
  nested too deeply or of the wrong shape is moved aside
  (``state.json.corrupt-<timestamp>``) and a fresh state started; one that cannot
  be read at all (a directory, a FIFO, no permission) is left alone. Either way
  :attr:`State.notice` holds one line for the user. :meth:`State.try_save` reports
  a failed save once per session.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .aside import move_aside
from .atomic import write_atomic
from .errors import BriefError, one_line
from .paths import user_home
from .text import read_bytes

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]

STATE_FILE = "state.json"
STATE_VERSION = 1
NEW_PER_DAY = 20  # new quiz cards per day unless the user set another number (one default)
MAX_STATE_BYTES = 16 * 1024 * 1024
LOCK_WAIT_S = 2.0
Key = tuple[str, str | None]  # (top-level key, entry of a top-level object or None)


class _Corrupt(Exception):
    """The file's content is unusable: move it aside."""


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold ``.<name>.lock`` next to ``path`` (waits at most LOCK_WAIT_S, then goes on)."""
    lock = path.with_name(f".{path.name}.lock")
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError:
        yield  # no lock possible (read-only folder): the write itself will fail
        return
    try:
        deadline = time.monotonic() + LOCK_WAIT_S
        while fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    break  # a stuck holder must not freeze the reader
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # releases the lock


def _read(path: Path) -> dict[str, Any] | None:
    """The file's JSON object; None if missing. Raises BriefError (cannot be read)
    or _Corrupt (unusable content)."""
    try:
        data = read_bytes(path, max_bytes=MAX_STATE_BYTES)
    except BriefError as exc:
        if not os.path.lexists(path):
            return None
        if exc.message.startswith("file too large"):
            raise _Corrupt(exc.message) from None
        raise
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise _Corrupt(f"not valid UTF-8 at byte {exc.start}") from None
    except RecursionError:
        raise _Corrupt("nested too deeply") from None
    except ValueError as exc:
        raise _Corrupt(str(exc)) from None
    if not isinstance(value, dict):
        raise _Corrupt("not a JSON object")
    if "positions" in value and not isinstance(value["positions"], dict):
        raise _Corrupt("'positions' is not an object")
    return value


def _flat(data: dict[str, Any]) -> dict[Key, Any]:
    out: dict[Key, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(((key, str(k)), v) for k, v in value.items())
        else:
            out[(key, None)] = value
    return out


def _unflat(flat: dict[Key, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for (key, entry), value in flat.items():
        if entry is None:
            if not isinstance(out.get(key), dict):
                out[key] = value
        else:
            section = out.get(key)
            if not isinstance(section, dict):
                section = out[key] = {}
            section[entry] = value
    return out


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass
class State:
    """The user's reader state: theme, reading positions, settings (``state.json``)."""

    path: Path
    theme: str | None = None
    positions: dict[str, int] = field(default_factory=dict)
    new_per_day: int = NEW_PER_DAY
    side_hidden: bool = False  # the reader's side panes were hidden (``s``)
    last_brief: str | None = None
    notice: str | None = None
    _extra: dict[str, Any] = field(default_factory=dict, repr=False)  # keys we don't know
    _base: dict[Key, Any] = field(default_factory=dict, repr=False)  # as loaded/last saved
    _told: bool = field(default=False, repr=False)

    @classmethod
    def load(cls, home: Path | None = None) -> State:
        path = (home or user_home()) / STATE_FILE
        state = cls(path)
        try:
            data = _read(path)
        except BriefError as exc:
            state.notice = one_line(f"{path}: could not be read ({exc.message}); using defaults")
            return state
        except _Corrupt as exc:
            state.notice = _MOVED_ASIDE[path] = state._move_aside(str(exc))
            return state
        if data is not None:
            state._take(data)
        # Moved aside by an earlier load in this process (the CLI reads ``last_brief``
        # before the reader starts): the next load still tells the user, once.
        state.notice = _MOVED_ASIDE.pop(path, None)
        return state

    def _move_aside(self, reason: str) -> str:
        try:
            aside = move_aside(self.path)
        except OSError as exc:
            done = f"could not move it aside ({exc.strerror or exc})"
        else:
            done = f"moved to {aside.name}"
        return one_line(f"{self.path}: was corrupt ({reason}); {done}, starting fresh")

    def _take(self, data: dict[str, Any]) -> None:
        theme = data.get("theme")
        self.theme = theme if isinstance(theme, str) else None
        per_day = data.get("new_per_day", NEW_PER_DAY)
        ok = _is_count(per_day) and 0 <= per_day <= 9999
        self.new_per_day = per_day if ok else NEW_PER_DAY
        positions = data.get("positions", {})
        self.positions = {str(k): v for k, v in positions.items() if _is_count(v) and v > 0}
        self.side_hidden = data.get("side_hidden") is True
        last = data.get("last_brief")
        self.last_brief = last if isinstance(last, str) and last else None
        known = ("version", "theme", "new_per_day", "side_hidden", "positions", "last_brief")
        self._extra = {k: v for k, v in data.items() if k not in known}
        self._base = _flat(self._data())

    def _data(self) -> dict[str, Any]:
        return {
            **self._extra,
            "version": STATE_VERSION,
            "theme": self.theme,
            "new_per_day": self.new_per_day,
            "side_hidden": self.side_hidden,
            "positions": dict(self.positions),
            "last_brief": self.last_brief,
        }

    def position(self, slug: str) -> int | None:
        return self.positions.get(slug)

    def save(self) -> None:
        """Merge this instance's changes into the file (see the module docstring)."""
        with _locked(self.path):
            try:
                disk = _read(self.path) or {}
            except (BriefError, _Corrupt):
                disk = {}  # unreadable now: our values replace it
            merged = _flat(disk)
            mine = _flat(self._data())
            for key in mine.keys() | self._base.keys():
                if key not in mine:
                    if key in self._base:
                        merged.pop(key, None)  # this instance removed it
                elif mine[key] != self._base.get(key, _Missing):
                    merged[key] = mine[key]
            data = _unflat(merged)
            data["version"] = STATE_VERSION
            if not isinstance(data.get("positions"), dict):
                data["positions"] = {}
            write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        self._take(data)

    def try_save(self) -> str | None:
        """Save; on failure return a one-line reason instead of raising -- only the first
        time in a session (the app is told once, not on every cursor move)."""
        try:
            self.save()
        except OSError as exc:
            if self._told:
                return None
            self._told = True
            reason = exc.strerror or str(exc)
            return one_line(
                f"{self.path}: could not save ({reason}); reading positions and settings "
                "may not be remembered (told once)"
            )
        return None


_Missing = object()
_MOVED_ASIDE: dict[Path, str] = {}  # state file -> notice not yet passed on
