"""Small user settings and reading positions, kept as one JSON file.

``state.json`` under the user data dir holds the chosen theme and, per brief
slug, the paragraph the reader was at. Writes are atomic (temp file, fsync,
rename), so a crash leaves either the old or the new file, never half of one.
A corrupt file is moved aside (``state.json.corrupt-<timestamp>``) and a fresh
state started; the caller can show :attr:`State.notice` to the user.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .paths import user_home

STATE_FILE = "state.json"
STATE_VERSION = 1


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (and durably) in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


@dataclass
class State:
    path: Path
    theme: str | None = None
    positions: dict[str, int] = field(default_factory=dict)
    new_per_day: int = 20
    notice: str | None = None

    @classmethod
    def load(cls, home: Path | None = None) -> State:
        path = (home or user_home()) / STATE_FILE
        state = cls(path)
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return state
        except (OSError, UnicodeDecodeError) as exc:
            state.notice = f"{path}: could not be read ({exc.__class__.__name__}); using defaults"
            return state
        try:
            data = json.loads(raw)
            state._take(data)
        except (ValueError, TypeError) as exc:
            aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
            with contextlib.suppress(OSError):
                os.replace(path, aside)
            state.theme, state.positions = None, {}
            state.notice = f"{path}: was corrupt ({exc}); moved to {aside.name}, starting fresh"
        return state

    def _take(self, data: Any) -> None:
        if not isinstance(data, dict):
            raise TypeError("not a JSON object")
        theme = data.get("theme")
        self.theme = theme if isinstance(theme, str) else None
        per_day = data.get("new_per_day", 20)
        if isinstance(per_day, int) and not isinstance(per_day, bool) and 0 <= per_day <= 9999:
            self.new_per_day = per_day
        positions = data.get("positions", {})
        if not isinstance(positions, dict):
            raise TypeError("'positions' is not an object")
        self.positions = {
            str(k): v
            for k, v in positions.items()
            if isinstance(v, int) and not isinstance(v, bool) and v > 0
        }

    def position(self, slug: str) -> int | None:
        return self.positions.get(slug)

    def save(self) -> None:
        data = {
            "version": STATE_VERSION,
            "theme": self.theme,
            "new_per_day": self.new_per_day,
            "positions": self.positions,
        }
        atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")

    def try_save(self) -> str | None:
        """Save; on failure return a one-line reason instead of raising."""
        try:
            self.save()
        except OSError as exc:
            return f"{self.path}: could not save ({exc.strerror or exc})"
        return None
