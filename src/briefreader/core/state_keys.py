"""Per-article state keys: what a saved reading position is filed under.

Slugs are not unique (``a/notes.txt`` and ``b/notes.txt`` are both ``notes``), so
positions are keyed by :func:`article_key`:

* a brief opened from anywhere on disk: ``path:<resolved path of the brief file>``
  (the ``.txt`` itself for a bare text);
* a bundled or imported brief (whose folder belongs to briefreader and may move
  with it): ``sha256:<16 hex digits of the article text>``.

Old state files keyed positions by slug: :func:`saved_position` still reads those
when the new key has nothing yet (the next save writes the new key).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .brief import Brief
from .digest import sha256  # (no hashlib: it loads OpenSSL)
from .paths import bundled_dir, user_briefs_dir

__all__ = ["article_key", "saved_position"]


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def content_key(brief: Brief) -> str:
    digest = sha256()
    for paragraph in brief.paragraphs:
        digest.update(paragraph.text.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return "sha256:" + digest.hexdigest()[:16]


def article_key(brief: Brief) -> str:
    """The unique key of ``brief``'s article (see the module docstring)."""
    if brief.path is None:
        return content_key(brief)
    path = Path(brief.path).resolve()
    if _inside(path, bundled_dir()) or _inside(path, user_briefs_dir()):
        return content_key(brief)
    return f"path:{path}"


def saved_position(
    positions: Mapping[str, int], brief: Brief, key: str | None = None
) -> int | None:
    """The saved paragraph of ``brief``: under its key, else under its slug (old files)."""
    found = positions.get(key or article_key(brief))
    return found if found is not None else positions.get(brief.slug)
