"""The user's library of imported briefs: ``<data dir>/briefs/<slug>/``.

``briefreader import SOURCE`` reads any supported article (see
:mod:`briefreader.core.ingest`) and saves it as a folder holding

* ``article.md`` -- the cleaned article, canonical Markdown (see
  :func:`briefreader.core.writer.article_markdown`);
* ``brief.yaml`` -- its metadata (and annotations, when any are suggested),
  a brief that ``briefreader check`` accepts;
* ``source.json`` -- where it came from: the source path, its SHA-256, the
  format, when it was imported.

The same source (same bytes, or the same path) is imported once: a second
import says where it already is, and ``replace=True`` replaces it in place, so
the slug -- and with it the quiz progress -- stays, and the reading position is
carried over to the new text (positions are keyed by the article's text).
Everything is written into a temporary folder, checked, then moved into place.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .brief import Article, Brief
from .errors import BriefError
from .paths import bundled_dir, user_briefs_dir

__all__ = [
    "ARTICLE_FILE",
    "BRIEF_FILE",
    "SOURCE_FILE",
    "BriefHook",
    "ImportResult",
    "LibraryEntry",
    "brief_hooks",
    "find_source",
    "import_article",
    "import_file",
    "imported_brief",
    "library_entries",
    "slugify",
    "valid_slug",
]

BRIEF_FILE = "brief.yaml"
ARTICLE_FILE = "article.md"
SOURCE_FILE = "source.json"
MAX_SLUG = 60
_SLUG_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,79}")

#: A step that turns the bare imported Brief into the one written to brief.yaml
#: (the annotate package registers its suggestions here).
BriefHook = Callable[[Brief], Brief]
brief_hooks: list[BriefHook] = []


@dataclass(frozen=True)
class LibraryEntry:
    slug: str
    folder: Path
    source: str | None  # the source path recorded at import
    sha256: str | None


@dataclass(frozen=True)
class ImportResult:
    slug: str
    folder: Path
    brief_path: Path
    status: str  # "imported", "replaced" or "exists"
    article: Article | None = None


def slugify(title: str) -> str:
    """A title as a slug: lower case ASCII words joined by ``-``, at most 60 characters."""
    import unicodedata

    title = re.sub(r"['’ʼ]", "", title)  # NATO's -> natos, not nato-s
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SLUG:
            break
        slug = candidate
    return slug or "article"


def valid_slug(slug: str) -> bool:
    return _SLUG_RE.fullmatch(slug) is not None and ".." not in slug


def _read_source_info(folder: Path) -> tuple[str | None, str | None]:
    try:
        data = json.loads((folder / SOURCE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, None
    if not isinstance(data, dict):
        return None, None
    source, sha = data.get("source"), data.get("sha256")
    return (source if isinstance(source, str) else None, sha if isinstance(sha, str) else None)


def library_entries(root: Path | None = None) -> list[LibraryEntry]:
    """Every imported brief (a folder with a brief.yaml), by slug."""
    root = root or user_briefs_dir()
    try:
        folders = sorted(p for p in root.iterdir() if (p / BRIEF_FILE).is_file())
    except OSError:
        return []
    return [LibraryEntry(f.name, f, *_read_source_info(f)) for f in folders]


def find_source(source: Path, sha256: str, root: Path | None = None) -> LibraryEntry | None:
    """The imported brief made from these bytes or this path, if any."""
    resolved = str(source.resolve())
    entries = library_entries(root)
    for entry in entries:
        if entry.sha256 == sha256:
            return entry
    for entry in entries:
        if entry.source == resolved:
            return entry
    return None


def _taken(slug: str, root: Path) -> bool:
    bundled = bundled_dir()
    return (
        (root / slug).exists()
        or (root / f"{slug}.yaml").exists()
        or (bundled / f"{slug}.yaml").exists()
    )


def imported_brief(article: Article, slug: str, *, path: str | None = None) -> Brief:
    """The Brief saved for an imported article: the article, then every hook in
    :data:`brief_hooks` (suggested annotations) in order."""
    brief = Brief(slug=slug, article=article, path=path, article_path=path)
    for hook in brief_hooks:
        brief = hook(brief)
    return brief


def _comment(source: Path, article: Article) -> str:
    dropped = "".join(f"\n  - {d.reason}: {d.text[:80]}" for d in article.dropped[:40])
    more = f"\n  ... and {len(article.dropped) - 40} more" if len(article.dropped) > 40 else ""
    lines = (
        f"Imported by briefreader from {source.name} ({article.format}).\n"
        "Edit freely; check with `briefreader check`. To keep a line the import dropped,\n"
        "re-import with `--keep 'LINE' --replace`."
    )
    if dropped:
        lines += "\nDropped by the article rules:" + dropped + more
    return lines


def _loaded(path: Path) -> Brief | None:
    from .loader import load_brief

    try:
        return load_brief(path)
    except BriefError:
        return None


def _carry_position(old: Brief | None, path: Path) -> None:
    """Reading positions are keyed by the article (its text, for imported briefs): file
    the old position under the replaced article's key, so reading goes on where it was."""
    from .state import State
    from .state_keys import article_key, saved_position

    new = _loaded(path)
    if old is None or new is None:
        return
    state = State.load()
    position = saved_position(state.positions, old)
    new_key = article_key(new)
    if position is None or new_key in state.positions:
        return
    state.positions[new_key] = min(position, len(new.paragraphs))
    state.try_save()


def import_article(
    source: str | os.PathLike[str],
    *,
    slug: str | None = None,
    replace: bool = False,
    keep: Iterable[str] = (),
    root: Path | None = None,
) -> ImportResult:
    """Import ``source`` into the library (see the module docstring)."""
    from .atomic import write_atomic
    from .ingest import load_bytes_for_import, parse_bytes
    from .loader import check_brief
    from .writer import article_markdown, brief_yaml

    root = root or user_briefs_dir()
    path = Path(source)
    data = load_bytes_for_import(path)
    sha = hashlib.sha256(data).hexdigest()
    keep = tuple(keep)
    existing = find_source(path, sha, root)
    if slug is not None and not valid_slug(slug):
        raise BriefError(slug, "not a valid slug (lower-case letters, digits, '.', '_', '-')")
    if existing is not None and not replace:
        return ImportResult(existing.slug, existing.folder, existing.folder / BRIEF_FILE, "exists")
    target = ""
    if replace and existing is not None:
        target = existing.slug
    elif replace and slug is not None and (root / slug / BRIEF_FILE).is_file():
        target = slug
    article = parse_bytes(data, path, keep=keep)
    if not (replace and existing is not None) and not (
        replace and slug is not None and (root / slug / BRIEF_FILE).is_file()
    ):
        if slug is not None:
            if _taken(slug, root):
                raise BriefError(slug, "this slug is taken; choose another with --slug")
            target = slug
        else:
            base = slugify(article.title)
            target, n = base, 2
            while _taken(target, root):
                target, n = f"{base}-{n}", n + 1
    folder = root / target
    brief = imported_brief(article, target, path=str(folder / BRIEF_FILE))
    files = {
        ARTICLE_FILE: article_markdown(article),
        BRIEF_FILE: brief_yaml(
            brief, article_file=ARTICLE_FILE, comment=_comment(path, article), keep=keep
        ),
        SOURCE_FILE: json.dumps(
            {
                "source": str(path.resolve()),
                "sha256": sha,
                "format": article.format,
                "imported": datetime.now(UTC).isoformat(timespec="seconds"),
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
    }
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".import-{target}-", dir=root))
    try:
        for name, text in files.items():
            write_atomic(staging / name, text)
        result = check_brief(staging / BRIEF_FILE, warnings=False)
        if result.errors:  # pragma: no cover - the writer's output is always valid
            first = result.errors[0]
            raise BriefError(path, f"import produced an invalid brief: {first.message}")
        replaced = folder.exists()
        if replaced:
            old_brief = _loaded(folder / BRIEF_FILE)
            for name in files:
                os.replace(staging / name, folder / name)
            _carry_position(old_brief, folder / BRIEF_FILE)
        else:
            os.replace(staging, folder)
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
    status = "replaced" if replaced else "imported"
    return ImportResult(target, folder, folder / BRIEF_FILE, status, article)


def import_file(path: str | os.PathLike[str]) -> Path:
    """Import ``path`` (or find its earlier import) and return its ``brief.yaml``:
    the library screen's entry point."""
    return import_article(path).brief_path
