"""Deleting an imported brief with a backup (and undo), and importing a file.

:func:`delete_brief` moves the brief's folder to ``<data dir>/trash/<slug>-<stamp>/``
and, in one store transaction, copies every progress row of the brief (schedules,
answers, highlights, notes, user cards) into ``progress.json`` next to it before
deleting them. :func:`restore_brief` puts both back. Nothing is lost if the app
quits between the two: the trash folder stays on disk.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.atomic import write_atomic
from ..core.errors import BriefError
from ..core.paths import user_home
from .store import Store

__all__ = ["Backup", "delete_brief", "import_file", "restore_brief"]

TRASH = "trash"
_TABLES = ("card_state", "card_flag", "review", "highlight", "user_card")


@dataclass(frozen=True)
class Backup:
    slug: str
    folder: Path  # where the brief's folder was
    trash: Path  # where it is now, with progress.json


def _columns(store: Store, table: str) -> list[str]:
    return [str(r[1]) for r in store.query(f"PRAGMA table_info({table})")]


def delete_brief(store: Store, slug: str, folder: Path) -> Backup:
    """Move ``folder`` to the trash and the brief's progress rows into a backup file."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    trash = user_home() / TRASH / f"{slug}-{stamp}"
    n = 1
    while trash.exists():
        trash = trash.with_name(f"{slug}-{stamp}-{n}")
        n += 1
    trash.mkdir(parents=True)
    with store.transaction("the deletion") as conn:
        rows: dict[str, Any] = {}
        for table in _TABLES:
            cols = _columns(store, table)
            data = conn.execute(
                f"SELECT {', '.join(cols)} FROM {table} WHERE brief = ?", (slug,)
            ).fetchall()
            rows[table] = {"columns": cols, "rows": [list(r) for r in data]}
        write_atomic(
            trash / "progress.json", json.dumps({"slug": slug, "tables": rows}, ensure_ascii=False)
        )
        try:
            os.replace(folder, trash / "files")
        except OSError as exc:
            raise BriefError(
                folder, f"could not move to the trash ({exc.strerror or exc})"
            ) from exc
        for table in reversed(_TABLES):
            conn.execute(f"DELETE FROM {table} WHERE brief = ?", (slug,))
    return Backup(slug, folder, trash)


def restore_brief(store: Store, backup: Backup) -> None:
    """Undo :func:`delete_brief`: the folder back in place, the progress rows back."""
    if backup.folder.exists():
        raise BriefError(backup.folder, "exists again: not restoring over it")
    data = json.loads((backup.trash / "progress.json").read_text(encoding="utf-8"))
    with store.transaction("the restored progress") as conn:
        for table in _TABLES:
            part = data["tables"].get(table)
            if not part or not part["rows"]:
                continue
            cols = part["columns"]
            marks = ", ".join("?" for _ in cols)
            conn.executemany(
                f"INSERT OR REPLACE INTO {table} ({', '.join(cols)}) VALUES ({marks})",
                part["rows"],
            )
        os.replace(backup.trash / "files", backup.folder)
    shutil.rmtree(backup.trash, ignore_errors=True)


def import_file(path: Path) -> Path:
    """Import an article (or brief YAML) into ``<data dir>/briefs/<slug>/``; returns the
    new ``brief.yaml``. Uses the ingest pipeline when it is installed (``core.library``)."""
    from ..core import library as ingest_library

    return ingest_library.import_file(path)
