"""The ``briefreader`` command line.

Every failure a user can cause ends in one line on stderr that names the file
(and line/column for YAML) and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Sequence
from types import ModuleType, SimpleNamespace
from typing import TYPE_CHECKING, TextIO

from . import __version__
from .core.errors import BriefError, one_line
from .core.state import NEW_PER_DAY
from .output import OutputError, failed, guarded

if TYPE_CHECKING:
    import argparse

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_ERROR = 1


def _parser() -> argparse.ArgumentParser:
    import argparse  # not for plain `briefreader`: ~3 ms of start-up (it imports gettext)

    parser = argparse.ArgumentParser(
        prog="briefreader",
        description=(
            "Read a brief (an article with a glossary, actors and an outline of its "
            "argument) in the terminal, then study it. With no command, opens the "
            "brief you read last (the bundled one the first time) in the reader."
        ),
        epilog=(
            "BRIEF is a bundled brief's slug (see 'briefreader list'), a path to a brief "
            "YAML, or a path to an article (.txt, .md, .html, .pdf, .epub). Data lives in "
            "the user data directory, or in $BRIEFREADER_HOME when set."
        ),
    )
    parser.add_argument("--version", action="version", version=f"briefreader {__version__}")
    parser.add_argument(
        "--theme", metavar="NAME", help="a Textual theme for the reader (remembered)"
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help="log everything to briefreader.log in the data directory",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p_open = sub.add_parser("open", help="open a brief in the reader (the default command)")
    p_open.add_argument("brief", nargs="?", metavar="BRIEF", help="default: the bundled brief")
    p_open.add_argument(
        "--theme", metavar="NAME", default=argparse.SUPPRESS, help="a Textual theme (remembered)"
    )

    p_quiz = sub.add_parser("quiz", help="study a brief's key points (spaced repetition)")
    p_quiz.add_argument("brief", nargs="?", metavar="BRIEF", help="default: the bundled brief")
    p_quiz.add_argument(
        "--cram", action="store_true", help="review every card now; the schedule is untouched"
    )
    p_quiz.add_argument(
        "--new-per-day",
        type=int,
        metavar="N",
        help=f"new cards per day (default {NEW_PER_DAY}; remembered)",
    )
    p_quiz.add_argument(
        "--theme", metavar="NAME", default=argparse.SUPPRESS, help="a Textual theme (remembered)"
    )

    p_stats = sub.add_parser("stats", help="print study progress (as JSON with --json)")
    p_stats.add_argument("brief", nargs="?", metavar="BRIEF", help="default: the bundled brief")
    p_stats.add_argument("--json", action="store_true", help="machine-readable output")

    p_check = sub.add_parser("check", help="validate brief YAML files (exit 1 on errors)")
    p_check.add_argument("paths", nargs="+", metavar="PATH")
    p_check.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    for module in _command_modules().values():
        module.add_parser(sub)

    p_show = sub.add_parser("show", help="print a brief (as JSON with --json)")
    p_show.add_argument("brief", nargs="?", metavar="BRIEF", help="default: the bundled brief")
    p_show.add_argument("--json", action="store_true", help="the documented JSON shape")

    from .cmds.render import add_plain_flag

    for name in ("list", "notes", "cards"):
        add_plain_flag(sub.choices[name])
    for printing in (parser, p_show, p_stats):
        add_plain_flag(printing)
    return parser


def _command_modules() -> dict[str, ModuleType]:
    """Sub-commands that live in their own module under ``briefreader.cmds``."""
    from .cmds import cards as cards_cmd
    from .cmds import export as export_cmd
    from .cmds import import_ as import_cmd
    from .cmds import list as list_cmd
    from .cmds import notes as notes_cmd

    return {
        "list": list_cmd,
        "notes": notes_cmd,
        "cards": cards_cmd,
        "export": export_cmd,
        "import": import_cmd,
    }


def _err(message: str) -> None:
    print(f"briefreader: {message}", file=sys.stderr)


def cmd_check(paths: Sequence[str], quiet: bool, out: TextIO) -> int:
    from .core.loader import check_brief

    status = EXIT_OK
    for path in paths:
        result = check_brief(path)
        for diag in result.diagnostics:
            print(diag, file=out)
        if result.errors:
            status = EXIT_ERROR
        elif not quiet:
            brief = result.brief
            assert brief is not None
            if brief.path == brief.article_path:  # a bare article, not a brief YAML
                article = brief.article
                print(
                    f"{one_line(path)}: ok ({article.format} article, {len(brief.paragraphs)} "
                    f"paragraphs, {len(article.dropped)} lines left out; no annotations)",
                    file=out,
                )
                continue
            summary = (
                f"{len(brief.paragraphs)} paragraphs, {len(brief.glossary)} terms, "
                f"{len(brief.actors)} actors, {len(brief.outline_points())} outline points, "
                f"{len(brief.cards)} cards"
            )
            warned = f", {len(result.warnings)} warning(s)" if result.warnings else ""
            print(f"{one_line(path)}: ok ({summary}{warned})", file=out)
    return status


def cmd_show(spec: str | None, as_json: bool, out: TextIO) -> int:
    from .annotate.convert import suggested_if_bare
    from .core.export import brief_to_json
    from .core.loader import load_brief
    from .core.paths import resolve

    brief = suggested_if_bare(load_brief(resolve(spec)))  # a bare article: suggestions
    data = brief_to_json(brief)
    if as_json:
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    meta = data["metadata"]
    print(data["title"], file=out)
    byline = " · ".join(
        str(v) for v in (meta["source"], meta["author"], meta["published_text"]) if v
    )
    if byline:
        print(byline, file=out)
    for notice in data["notices"]:
        print(f"note: {notice}", file=out)
    if data["dropped"]:
        print(f"note: {len(data['dropped'])} line(s) left out (listed by --json)", file=out)
    print(file=out)
    for para in data["paragraphs"]:
        tag = "" if para["kind"] == "body" else f" ({para['kind']})"
        cut = "  [source text truncated here]" if para["truncated"] else ""
        print(f"[{para['n']}]{tag} {para['text']}{cut}\n", file=out)
    print(
        f"{len(data['glossary'])} terms, {len(data['actors'])} actors, "
        f"{len(data['outline'])} top-level outline points, {len(data['cards'])} cards",
        file=out,
    )
    return EXIT_OK


def cmd_open(
    spec: str | None,
    theme: str | None,
    *,
    start: str = "reader",
    cram: bool = False,
    new_per_day: int | None = None,
) -> int:
    from .core.brief_cache import load_brief_cached
    from .core.paths import resolve
    from .tui.run import run_reader

    if new_per_day is not None and not 0 <= new_per_day <= 9999:
        raise BriefError("--new-per-day", "must be a whole number from 0 to 9999")
    from .tui.ahead import load_ahead  # (a long text: loaded in a child meanwhile)

    if spec is None and start == "reader":
        from .core.last_brief import last_brief

        brief = last_brief(_err, load_ahead)  # the one read last time, else the bundled brief
    else:
        path = resolve(spec)
        brief = load_ahead(path) or load_brief_cached(path, write_at_exit=True)  # cache: sooner
    from .core import index_ahead

    index_ahead.start(brief)  # a long text: indexed in a child process while Textual starts
    return run_reader(brief, theme=theme, start=start, cram=cram, new_per_day=new_per_day)


def cmd_stats(spec: str | None, as_json: bool, out: TextIO, *, plain: bool = False) -> int:
    from .core.loader import load_brief
    from .core.paths import resolve
    from .study.clock import SystemClock
    from .study.derived import BriefData
    from .study.stats import stats_to_json
    from .study.store import Store

    brief = load_brief(resolve(spec))
    derived = BriefData(brief)
    deck = derived.deck()
    with Store.open() as store:
        if store.notice:
            _err(store.notice)
        stats = derived.stats(store, SystemClock())
        if problem := store.take_problem():
            _err(problem)
    data = stats_to_json(stats)
    if as_json:
        json.dump(
            {"slug": brief.slug, "cards": len(deck), **data}, out, ensure_ascii=False, indent=2
        )
        out.write("\n")
        return EXIT_OK
    from .cmds.render import print_stats

    print_stats(brief, deck, stats, out, plain=plain)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    out = guarded(sys.stdout)  # a full disk, a closed pipe, an encoding: one line (output.py)
    try:
        status = _main(argv, out)
        out.flush()
    except OutputError as exc:
        return failed(exc)
    except SystemExit:  # --help, --version, usage errors: argparse printed to stdout
        try:
            out.flush()
        except OutputError as exc:
            raise SystemExit(failed(exc)) from None
        raise
    return status


def _fast_open(argv: Sequence[str]) -> SimpleNamespace | None:
    """Plain ``briefreader`` or ``briefreader open [BRIEF]``: the arguments without building
    every sub-command's parser (their modules cost start-up time); else None."""
    words = list(argv)
    if words and words[0] != "open":
        return None  # another command or an option: the full parser
    words = words[1:]
    if len(words) > 1 or any(w.startswith("-") for w in words):
        return None
    return SimpleNamespace(  # what the parser's Namespace would hold
        command="open", debug=False, theme=None, brief=words[0] if words else None
    )


def _main(argv: Sequence[str] | None, out: TextIO) -> int:
    args = _fast_open(sys.argv[1:] if argv is None else argv)
    if args is None:
        return _dispatch(_parser().parse_args(argv), out)
    from .tui.startup_gc import pause, resume

    pause()  # until the reader's first paint (the app resumes it), or until it fails
    try:
        return _dispatch(args, out)
    finally:
        resume()


def _dispatch(args: argparse.Namespace | SimpleNamespace, out: TextIO) -> int:
    command = args.command or "open"
    from .core.debuglog import configure

    configure(debug=args.debug)
    log.debug("briefreader %s: %s", __version__, command)
    try:
        if command == "check":
            return cmd_check(args.paths, args.quiet, out)
        modules = _command_modules() if command != "open" else {}  # open: not imported
        if command in modules:
            return int(modules[command].run(args, out))
        if command == "show":
            return cmd_show(args.brief, args.json, out)
        if command == "stats":
            from .cmds.render import plain_wanted

            return cmd_stats(args.brief, args.json, out, plain=plain_wanted(args))
        if command == "quiz":
            return cmd_open(
                args.brief,
                getattr(args, "theme", None),
                start="quiz",
                cram=args.cram,
                new_per_day=args.new_per_day,
            )
        return cmd_open(getattr(args, "brief", None), getattr(args, "theme", None))
    except BriefError as exc:
        log.info("%s", exc)
        _err(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except OutputError:
        raise  # main() turns it into one line
    except Exception:
        log.exception("unexpected error in %s", command)  # a bug: keep it for the report
        raise
