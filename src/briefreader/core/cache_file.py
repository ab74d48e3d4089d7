"""The frame of a cache file: a magic line, a one-line JSON header, then the payload.

Both caches (:mod:`.brief_cache` and the TUI's CSS cache) write their files this way
and read them with :func:`read_framed`; each then checks its own header keys and its
payload's digest.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["FrameError", "read_framed"]

MAX_HEADER_BYTES = 4096


class FrameError(Exception):
    """The file is not a whole cache file (the message says why)."""


def read_framed(path: Path, magic: bytes, max_bytes: int) -> tuple[dict[str, Any], bytes]:
    """The JSON header (a dict) and the payload of the cache file at ``path``; raises
    :class:`FrameError` if it cannot be read, does not start with ``magic``, has a
    damaged header or a payload over ``max_bytes``."""
    try:
        with open(path, "rb") as f:
            if f.read(len(magic)) != magic:
                raise FrameError("not a cache file")
            line = f.readline(MAX_HEADER_BYTES)
            payload = f.read(max_bytes + 1)
    except OSError as exc:
        raise FrameError(f"unreadable: {exc}") from None
    import json  # (not needed by a start that reads no cache)

    try:
        header = json.loads(line)
    except ValueError:
        raise FrameError("damaged header") from None
    if not isinstance(header, dict):
        raise FrameError("damaged header")
    if len(payload) > max_bytes:
        raise FrameError("damaged payload")
    return header, payload
