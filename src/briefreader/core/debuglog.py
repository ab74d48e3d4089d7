"""Logging to ``briefreader.log`` in the data directory.

Warnings and errors are always logged there (the file is created only when
something is written); ``--debug`` logs everything from DEBUG up, including each
command and how long it took. The log rotates at 1 MiB, keeping 3 old files.
Nothing is ever logged to the terminal: stdout belongs to the command's output and
stderr to its one-line errors. The rotating file handler (and :mod:`logging.handlers`)
is made on the first record written: a start that logs nothing does not import it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .paths import user_home

LOG_FILE = "briefreader.log"
MAX_BYTES = 1 << 20
BACKUPS = 3
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

_handler: logging.Handler | None = None


class _LogFile(logging.Handler):
    """``briefreader.log``, rotating: a :class:`logging.handlers.RotatingFileHandler`
    made on the first record, which creates the data directory; never prints its own
    errors (an unwritable log must not stop the app or print a traceback)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.baseFilename = str(path)
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            self._file = _rotating(Path(self.baseFilename))
            self._file.setFormatter(self.formatter)
        self._file.emit(record)  # (under this handler's lock: Handler.handle holds it)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def _rotating(path: Path) -> logging.Handler:
    import logging.handlers

    class Rotating(logging.handlers.RotatingFileHandler):
        def _open(self) -> object:  # type: ignore[override]
            Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
            return super()._open()

        def handleError(self, record: logging.LogRecord) -> None:
            pass

    return Rotating(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)


def log_path() -> Path:
    return user_home() / LOG_FILE


def configure(*, debug: bool = False) -> Path:
    """Attach the file handler to the ``briefreader`` logger (once); returns the path."""
    global _handler
    path = log_path()
    logger = logging.getLogger("briefreader")
    if _handler is not None:
        logger.removeHandler(_handler)
        _handler.close()
    handler = _LogFile(path)
    handler.setFormatter(logging.Formatter(_FORMAT))
    level = logging.DEBUG if debug else logging.WARNING
    handler.setLevel(level)
    logger.setLevel(level)
    logger.addHandler(handler)
    logger.propagate = False
    _handler = handler
    return path
