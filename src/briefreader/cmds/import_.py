"""``briefreader import SOURCE [--slug S] [--replace] [--keep LINE]``.

Saves an article (text, Markdown, HTML, PDF, EPUB) into the library as
``<data dir>/briefs/<slug>/`` and prints the slug and the brief's path; see
:mod:`briefreader.core.library`.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "import",
        help="save an article (.txt .md .html .pdf .epub) into your library",
        description=(
            "Read an article, clean it (header, boilerplate, paragraphs) and save it as a "
            "brief under <data dir>/briefs/<slug>/; then 'briefreader open <slug>'."
        ),
    )
    parser.add_argument("source", metavar="SOURCE", help="the article file")
    parser.add_argument("--slug", metavar="S", help="the brief's slug (default: from its title)")
    parser.add_argument(
        "--replace",
        action="store_true",
        help="replace an earlier import of the same source (reading position and quiz "
        "progress are kept)",
    )
    parser.add_argument(
        "--keep",
        metavar="LINE",
        action="append",
        default=[],
        help="keep this line although the article rules would drop it (repeatable)",
    )
    return parser


def run(args: argparse.Namespace, out: TextIO) -> int:
    from ..annotate.importing import register
    from ..core.library import import_article

    register()  # the new brief.yaml carries the annotator's suggestions
    result = import_article(args.source, slug=args.slug, replace=args.replace, keep=args.keep)
    if result.status == "exists":
        print(
            f"{result.slug}: already imported from this source ({result.brief_path}); "
            "use --replace to replace it",
            file=out,
        )
        return 0
    article = result.article
    assert article is not None
    count = len(article.dropped)
    dropped = f", {count} line{'s' if count != 1 else ''} dropped" if count else ""
    print(f"{result.slug}\t{result.brief_path}", file=out)
    print(
        f"{result.status} {article.title!r} ({article.format}, "
        f"{len(article.paragraphs)} paragraphs{dropped}); open it with: "
        f"briefreader open {result.slug}",
        file=out,
    )
    return 0
