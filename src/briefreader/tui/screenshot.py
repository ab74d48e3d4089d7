"""Where the palette's "Screenshot" goes: a folder that exists, named to the user.

Textual saves into the platform's Downloads folder and, when that folder does not
exist, only says "Failed to save screenshot". Here: the folder asked for, else
Downloads if it exists, else ``<data dir>/screenshots`` (created); the
notification names the file (as plain text: a path is data, not markup).
"""

from __future__ import annotations

from pathlib import Path

from ..core.paths import user_home


def screenshot_dir(path: str | None = None) -> Path:
    """The folder to save a screenshot in (created if it is the data dir's)."""
    if path:
        return Path(path).expanduser()
    try:
        from platformdirs import user_downloads_dir

        downloads = Path(user_downloads_dir())
    except Exception:
        downloads = None
    if downloads is not None and downloads.is_dir():
        return downloads
    folder = user_home() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
