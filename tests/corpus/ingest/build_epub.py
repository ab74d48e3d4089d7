"""Build a small EPUB fixture from a Standard Ebooks source repository (CC0).

Usage: python build_epub.py SOURCE_DIR OUT.epub CHAPTER [CHAPTER ...]

SOURCE_DIR is a checkout of a standardebooks/<author>_<title> repository; the
EPUB keeps the package metadata, the title page, imprint, colophon and
uncopyright (so the reader's front/back-matter rule is exercised) and the named
chapters (e.g. ``chapter-1``), in spine order. Standard Ebooks' own build tool
does much more (it is not needed to read the text).
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

KEEP_ALWAYS = ("titlepage", "imprint", "colophon", "uncopyright")


def build(src: Path, out: Path, chapters: list[str]) -> None:
    epub = src / "src" / "epub"
    opf = (epub / "content.opf").read_text(encoding="utf-8")
    wanted = set(chapters) | set(KEEP_ALWAYS)

    def keep_item(match: re.Match[str]) -> str:
        return match.group(0) if match.group(1).removesuffix(".xhtml") in wanted else ""

    opf = re.sub(r'\s*<itemref idref="([^"]+)"[^>]*/>', keep_item, opf)
    opf = re.sub(r'\s*<item href="text/[^"]+" id="([^"]+)"[^>]*/>', keep_item, opf)
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.write(
            src / "src" / "META-INF" / "container.xml",
            "META-INF/container.xml",
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr("epub/content.opf", opf, compress_type=zipfile.ZIP_DEFLATED)
        for name in sorted(wanted):
            path = epub / "text" / f"{name}.xhtml"
            if path.is_file():
                archive.write(path, f"epub/text/{name}.xhtml", compress_type=zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:])
