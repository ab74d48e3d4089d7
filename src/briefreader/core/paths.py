"""Where briefs and user data live, and how a BRIEF argument is resolved.

Bundled briefs ship inside the wheel as ``briefreader/data/*.yaml`` with their
articles in ``briefreader/seeds/``; in a source checkout they are the top-level
``data/`` and ``seeds/`` folders. User data lives in the platform's user data
directory, or in ``$BRIEFREADER_HOME`` when that is set.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import BriefError
from .frozen import frozen

DEFAULT_SLUG = "nato-asian-pacific-expansion"
ENV_HOME = "BRIEFREADER_HOME"
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def bundled_dir() -> Path:
    """The folder holding the bundled brief YAML files."""
    installed = _PACKAGE_DIR / "data"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent.parent / "data"  # source checkout: src/briefreader/../../data


def bundled_seeds_dir() -> Path:
    """The folder holding the bundled briefs' articles (next to :func:`bundled_dir`)."""
    return bundled_dir().parent / "seeds"


def article_outside(
    brief_path: str | os.PathLike[str], article_path: str | os.PathLike[str]
) -> bool:
    """Whether the article (symbolic links followed) lies outside the brief's folder.

    Bundled briefs keep their articles in :func:`bundled_seeds_dir`, which counts as inside.
    """
    target = Path(os.path.realpath(article_path))
    roots = (
        Path(os.path.realpath(Path(brief_path).parent)),
        Path(os.path.realpath(bundled_seeds_dir())),
    )
    return not any(target.is_relative_to(root) for root in roots)


def user_home() -> Path:
    """The user data directory (not created here)."""
    override = os.environ.get(ENV_HOME)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path("briefreader", appauthor=False)


def user_briefs_dir() -> Path:
    return user_home() / "briefs"


@frozen
class BriefRef:
    slug: str
    path: Path
    origin: str  # "bundled", "user" (a YAML in briefs/) or "imported" (briefs/<slug>/)


def _yaml_files(folder: Path) -> list[Path]:
    try:
        return sorted(
            p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file()
        )
    except OSError:
        return []


def _imported(folder: Path) -> list[tuple[str, Path]]:
    try:
        return [
            (p.name, p / "brief.yaml") for p in folder.iterdir() if (p / "brief.yaml").is_file()
        ]
    except OSError:
        return []


def available_briefs() -> list[BriefRef]:
    """Bundled briefs, then the user's (a user brief may not shadow a bundled slug)."""
    refs: list[BriefRef] = []
    seen: set[str] = set()
    for origin, folder in (("bundled", bundled_dir()), ("user", user_briefs_dir())):
        found = [(p.stem, p, origin) for p in _yaml_files(folder)]
        if origin == "user":  # imported briefs: briefs/<slug>/brief.yaml
            found = sorted([*found, *((s, p, "imported") for s, p in _imported(folder))])
        for slug, path, kind in found:
            if slug in seen:
                continue
            seen.add(slug)
            refs.append(BriefRef(slug, path, kind))
    return refs


def resolve(spec: str | None) -> Path:
    """A BRIEF argument: a slug, a path to a brief YAML, or a path to a bare article."""
    if spec is None or spec == "":
        spec = DEFAULT_SLUG
    as_path = Path(spec).expanduser()
    looks_like_path = os.sep in spec or spec.startswith(".") or as_path.suffix != ""
    if looks_like_path or as_path.exists():
        return as_path
    for ref in available_briefs():
        if ref.slug == spec:
            return ref.path
    known = ", ".join(r.slug for r in available_briefs()) or "none"
    raise BriefError(spec, f"no such brief (known: {known}; or give a path to a .yaml or .txt)")
