"""Writing a file in place, atomically: a crash leaves the old file or the new one, never half.

Every file briefreader writes over (``state.json``, a brief's YAML and Markdown,
the answers journal, an export) is first written to a temporary file in the same
folder (``.<name>.<random>.tmp``) and then renamed onto its name with
``os.replace``; if anything fails, the temporary file is removed and the old file
is left as it was. :func:`write_atomic` writes text (UTF-8, ``\\n`` line ends)
durably: the file and the folder are synced before it returns, so the rename
survives a power cut. :func:`replacing` is the same rename for a writer that needs
the temporary file's path (a library writing an archive, or a check of the result
before it replaces the old file).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["replacing", "write_atomic"]


@contextlib.contextmanager
def replacing(
    path: Path, *, prefix: str | None = None, suffix: str = ".tmp", new_file_mode: bool = False
) -> Iterator[Path]:
    """A temporary file beside ``path`` (created, empty), renamed onto ``path`` when the
    block ends, removed if it raises. ``new_file_mode``: give the file the permissions of
    any new file (the umask's), not the temporary file's 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    head = prefix if prefix is not None else f".{path.name}."
    fd, name = tempfile.mkstemp(prefix=head, suffix=suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        if new_file_mode:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically and durably, in the same folder."""
    with replacing(path) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    with contextlib.suppress(OSError):  # make the rename itself durable
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
