"""A bare article turned into a brief of its own, with the suggestions as drafts.

Used when the reader's first review action on a bare ``.txt`` is accepted as an
import: the article is copied into the user's briefs folder next to a new brief
YAML holding every suggestion (``status: suggested``); the review then edits that
YAML. (The ``import`` command, when present, produces the same shape.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..core.brief import Brief
from ..core.errors import BriefError
from ..core.paths import available_briefs, user_briefs_dir
from ..core.roundtrip import write_checked
from .convert import mappings
from .text import slugify


def _dump(data: dict[str, object], header: str) -> str:
    import io

    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    y.dump(data, out)
    return header + out.getvalue()


def brief_yaml(brief: Brief, article_file: str) -> str:
    """The YAML text of ``brief`` (its suggestions included) for an article file."""
    lists = mappings(brief.glossary, brief.actors, brief.outline)
    data: dict[str, object] = {"format": 1, "slug": brief.slug, "article": article_file}
    data.update({k: v for k, v in lists.items() if v})
    header = (
        f"# Brief for {article_file}, started by briefreader from its suggestions.\n"
        "# Entries marked 'status: suggested' are drafts: accept, edit or drop them in\n"
        "# the reader (or delete the two status lines by hand). Check: briefreader check\n\n"
    )
    return _dump(data, header)


def import_bare(brief: Brief, folder: Path | None = None) -> Path:
    """Copy ``brief``'s article into the briefs folder and write its brief YAML there."""
    if brief.article_path is None:
        raise BriefError(brief.path or "article", "no article file to import")
    folder = folder or user_briefs_dir()
    folder.mkdir(parents=True, exist_ok=True)
    taken = {r.slug for r in available_briefs()} | {p.stem for p in folder.iterdir()}
    base = slugify(brief.slug) or "article"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    article = folder / f"{slug}.txt"
    try:
        shutil.copyfile(brief.article_path, article)
    except OSError as exc:
        raise BriefError(str(article), f"cannot copy the article: {exc.strerror}") from None
    renamed = brief.evolve(slug=slug)
    target = folder / f"{slug}.yaml"
    write_checked(target, brief_yaml(renamed, article.name))
    return target
