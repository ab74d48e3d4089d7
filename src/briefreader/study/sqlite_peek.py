"""Look at an SQLite file without letting SQLite touch it.

Opening a database read-write makes SQLite recover a ``-wal`` left behind (fold it
into the main file and delete it on close), and even a read-only open writes the
``-shm``. Before deciding whether a progress file may be opened at all (a newer
schema must stay byte-identical), :func:`peek_header` reads the 100-byte database
header itself: from the main file, or from the newest committed copy of page 1 in
the ``-wal``. :func:`check_regular` refuses FIFOs, devices and directories before
anything opens them (opening a FIFO blocks).
"""

from __future__ import annotations

import os
import stat
import struct
from dataclasses import dataclass
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
_WAL_MAGICS = (0x377F0682, 0x377F0683)
_WAL_HEADER = struct.Struct(">IIIIII")  # magic, version, page size, seq, salt1, salt2
_FRAME_HEADER = struct.Struct(">IIII")  # page, db size after commit (0: not a commit), salts
_HEADER_SIZE = 100
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


@dataclass(frozen=True)
class Header:
    magic_ok: bool
    user_version: int
    application_id: int


def check_regular(path: Path) -> str | None:
    """Why ``path`` (or its ``-wal``/``-shm``/``-journal``) is not a regular file, or None
    (also None when it does not exist)."""
    for name in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        try:
            mode = os.stat(name).st_mode
        except FileNotFoundError:
            continue
        if stat.S_ISREG(mode):
            continue
        kind = next((k for test, k in _KINDS if test(mode)), "not a regular file")
        return f"{name.name} is {kind}, not a regular file"
    return None


def _read(path: Path, offset: int, size: int) -> bytes:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        return os.pread(fd, size, offset)
    finally:
        os.close(fd)


def _wal_page1(wal: Path) -> bytes | None:
    """The header bytes of the newest committed page 1 in ``wal`` (None if none)."""
    try:
        size = os.stat(wal).st_size
        head = _read(wal, 0, 32)
    except OSError:
        return None
    if len(head) < 32:
        return None
    magic, _, page_size, _, salt1, salt2 = _WAL_HEADER.unpack_from(head)
    if magic not in _WAL_MAGICS or page_size < 512 or page_size & (page_size - 1):
        return None
    frame = 24 + page_size
    newest: bytes | None = None
    pending: bytes | None = None  # page 1 written by a transaction not yet seen committed
    offset = 32
    while offset + frame <= size:
        header = _read(wal, offset, 24)
        page, commit, s1, s2 = _FRAME_HEADER.unpack_from(header)
        if (s1, s2) != (salt1, salt2):
            break  # frames from an older generation of the WAL: not part of it
        if page == 1:
            pending = _read(wal, offset + 24, _HEADER_SIZE)
        if commit:
            newest = pending if pending is not None else newest
            pending = None
        offset += frame
    return newest


def peek_header(path: Path) -> Header | None:
    """The database header as SQLite would see it, read without SQLite; None if the
    file is missing or empty. Raises OSError if it cannot be read."""
    try:
        data = _read(path, 0, _HEADER_SIZE)
    except FileNotFoundError:
        return None
    if len(data) < len(SQLITE_MAGIC):
        return None  # empty, or being created by another instance: SQLite decides
    newer = _wal_page1(path.with_name(path.name + "-wal"))
    if newer is not None:
        data = newer
    if len(data) < _HEADER_SIZE or not data.startswith(SQLITE_MAGIC):
        return Header(data.startswith(SQLITE_MAGIC), 0, 0)
    (user_version,) = struct.unpack_from(">i", data, 60)
    (application_id,) = struct.unpack_from(">i", data, 68)
    return Header(True, user_version, application_id)
