"""The progress store: every answer, every card's schedule, highlights and notes, in
one SQLite file.

The package has one module per job: :mod:`.schema` (the tables and one migration
per version), :mod:`.opening` (refusing, recognising, migrating, moving aside),
:mod:`.progress` (the :class:`Store` and its queries for answers, schedules and
flags; highlights, notes and user cards are queried by
:mod:`briefreader.study.annotations`), :mod:`.connection` (the one connection, its
lock and transactions), :mod:`.saving` (answers queued, retried, journalled at quit
and replayed), :mod:`.journal` (the journal file), :mod:`.rows` (rows to records)
and :mod:`.common` (names and errors).

``progress.sqlite3`` under the user data dir (see :func:`~briefreader.core.paths.user_home`)
holds, at schema version 1:

``card_state``
    one row per (``brief`` slug, ``card_id``) that has been studied in normal mode:
    ``card_json`` (the fsrs ``Card.to_dict()`` as JSON), ``due`` (UTC ISO 8601, indexed),
    ``state`` (fsrs ``State``: 1 learning, 2 review, 3 relearning), ``first_seen`` (UTC
    ISO time of the first normal answer: the daily new-card limit counts these) and
    ``updated_at``.
``review``
    the full answer log, append-only: ``id``, ``brief``, ``card_id``, ``reviewed_at``
    (UTC ISO), ``rating`` (1-4), ``duration_ms``, ``mode`` (``normal``/``cram``),
    ``kind`` (how the card was asked), ``correct`` (0/1/NULL), ``response`` (what was
    typed or chosen, NULL for flip cards) and ``state_before`` (the card's fsrs state
    when answered, NULL for a never-seen card). Replaying the ``normal`` rows through
    fsrs rebuilds every schedule; ``state_before`` lets stats tell lapses of review
    cards from learning steps.

Version 2 adds ``card_flag`` (``brief``, ``card_id``, ``flag``: ``suspended`` or
``buried``, ``until``); version 3 adds ``highlight`` and ``user_card`` (see
:mod:`.annotations_schema`).

All timestamps are stored as ``YYYY-MM-DDTHH:MM:SS.ffffff+00:00`` so text order is
time order. The schema version is ``PRAGMA user_version`` (plus ``application_id`` to
recognise our files); :data:`MIGRATIONS` holds one function per version, run in one
transaction on open, so a new version is added by appending a function.

Concurrency and durability: WAL journal, ``busy_timeout`` 5 s and ``BEGIN IMMEDIATE``
for writes, so two briefreader instances can study at once; ``synchronous=FULL`` and
one transaction per answer (:meth:`Store.record`), so nothing answered is lost even if
the process is killed. A corrupt or foreign file is moved aside to
``progress.sqlite3.corrupt-<YYYYmmdd-HHMMSS>`` (with its ``-wal``/``-shm``) and a fresh
store started; :attr:`Store.notice` then holds one line for the user. A file from a
newer schema version is never touched: :class:`StoreError` is raised.
"""

from .common import BUSY_TIMEOUT_MS, STORE_FILE, Mode, StoreError, iso_utc
from .progress import Review, Store
from .schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT_MS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "STORE_FILE",
    "Mode",
    "Review",
    "Store",
    "StoreError",
    "iso_utc",
]
