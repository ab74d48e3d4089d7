"""Suggestions into briefs on disk: the import hook, importing a bare article, a scratch copy.

* :func:`register` adds the annotator to :data:`briefreader.core.library.brief_hooks`,
  so every ``briefreader import`` (and the library screen's import) writes the
  suggestions into the new ``brief.yaml`` as ``status: suggested`` entries.
* :func:`import_bare` is the reader's "import it?" for a bare article: the library
  import, with the hook.
* :func:`scratch_copy` writes a throw-away brief YAML (in a temporary folder) naming
  the article by its absolute path, for a review the user chose not to save.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..core.brief import Brief
from ..core.errors import BriefError
from .convert import MAX_SUGGEST_CHARS, with_suggestions


def suggest_hook(brief: Brief) -> Brief:
    """The imported brief with the annotator's suggestions (a library brief hook)."""
    from . import suggest

    if brief.entries or sum(len(p.text) for p in brief.paragraphs) > MAX_SUGGEST_CHARS:
        return brief  # annotated already, or a book
    return with_suggestions(brief, suggest(brief.article))


def register() -> None:
    from ..core.library import brief_hooks

    if suggest_hook not in brief_hooks:
        brief_hooks.append(suggest_hook)


def import_bare(brief: Brief) -> Path:
    """Import ``brief``'s article into the library (with suggestions); its brief.yaml."""
    from ..core.library import import_article

    if brief.article_path is None:
        raise BriefError(brief.path or "article", "no article file to import")
    register()
    return import_article(brief.article_path).brief_path


def scratch_copy(brief: Brief) -> Path:
    """A brief YAML for ``brief`` (suggestions included) in a new temporary folder."""
    from ..core.roundtrip import write_checked
    from ..core.writer import brief_yaml

    folder = Path(tempfile.mkdtemp(prefix="briefreader-review-"))
    path = folder / f"{brief.slug}.yaml"
    article = str(Path(brief.article_path or "").resolve())
    write_checked(path, brief_yaml(brief, article_file=article, comment="A review not saved."))
    return path
