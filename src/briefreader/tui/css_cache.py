"""A persistent cache of parsed Textual CSS, so a start skips most of the CSS parser.

Textual parses every stylesheet source (``app.tcss``, each widget class's
``DEFAULT_CSS``) on every start: a quarter of the start-up's CPU time goes to its
tokenizer. :class:`CachedStylesheet` is Textual's ``Stylesheet`` whose
``_parse_rules`` first looks a source up in a cache file. A parse's result depends
only on the CSS text, its flags (defaults or not, tie breaker, scope), the CSS
variables (the theme) and Textual's parser, so an entry is keyed by
``(css, is_default_rules, tie_breaker, scope)`` in a file keyed by the variables
(:func:`variables_key`) and the installed Textual (:func:`textual_stamp`). A file is
used only if

* its header is ours (format, Textual stamp and variables all equal) and its
  payload's SHA-256 matches the header (a torn or damaged file is refused),
* it unpickles as plain data naming nothing but Textual's ``Color`` and ``Spacing``
  (no other class or function, so a planted file cannot run code), and the rule
  sets rebuilt from that data through Textual's constructors have a parse's shape
  all the way down, every field checked (``css_rules_pickle``).

Anything else, or any error, is a miss: the source is parsed as Textual does. A
source missing from the file is parsed too, and then, after the first paint
(:func:`save_later`, in a thread), the rules used by this start are written to
``<data dir>/cache/css/`` (atomically; failing to write is never an error). Only
rules without errors are kept (Textual raises on the others).

The wheel ships one file made for the bundled brief's first frame under the
default theme (:data:`SHIPPED`, made by ``python -m briefreader.tui.css_cache``),
so even a first start with a fresh data folder skips the parser. It is valid only
for the Textual it was made with: under another one it is ignored (the start
parses, then writes a user cache), and its currency test is skipped.

A theme switch changes the variables, so the key (the old theme's entries are not
used); ``reparse`` parses in a fresh stylesheet as Textual's does, sharing the cache.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.css.stylesheet import Stylesheet

from ..core.cache_file import FrameError, read_framed
from ..core.digest import sha256  # hashlib's, without loading OpenSSL (~4 ms of a start)
from ..core.paths import user_home
from .css_rules_pickle import Entries, Key, Miss, Raw, dumps, load_raw, loads, rebuild

if TYPE_CHECKING:
    from textual.app import App
    from textual.css.model import RuleSet
    from textual.css.types import CSSLocation

__all__ = [
    "SHIPPED",
    "CachedStylesheet",
    "CssStore",
    "install",
    "save_later",
    "textual_stamp",
    "variables_key",
]

CACHE_FORMAT = 1
MAGIC = b"briefreader css cache\n"
MAX_CACHE_BYTES = 8 * 1024 * 1024
MAX_ENTRIES = 256  # sources in a user file (an edited app.tcss adds one per edit)
SHIPPED = Path(__file__).with_name("app_css.cache")
"""The cache the wheel ships: the bundled brief's first frame, default theme."""

# -- keys ---------------------------------------------------------------------------
_stamp: str | None = None
_VALUE_MODULES = ("color.py", "geometry.py", "layout.py", "dom.py")  # besides css/, layouts/


def textual_stamp() -> str:
    """The installed Textual: its distribution's name and version (the ``.dist-info``
    folder beside the package, found without ``importlib.metadata``, which costs more
    to import than the cache saves) and the name and size of every module its CSS
    parser and values live in. Modification times are left out, so the stamp of an
    installed wheel is the same on every machine."""
    global _stamp
    if _stamp is None:
        import textual

        root = Path(textual.__file__).resolve().parent
        found: list[tuple[str, int]] = []
        for folder in (root / "css", root / "layouts"):
            with os.scandir(folder) as entries:
                found.extend(
                    (f"{folder.name}/{e.name}", e.stat().st_size)
                    for e in entries
                    if e.name.endswith(".py")
                )
        for name in _VALUE_MODULES:
            found.append((name, os.stat(root / name).st_size))
        try:
            with os.scandir(root.parent) as entries:
                dist = sorted(
                    e.name
                    for e in entries
                    if e.name.startswith("textual-") and e.name.endswith(".dist-info")
                )
        except OSError:
            dist = []
        text = repr((CACHE_FORMAT, dist, sorted(found)))
        _stamp = sha256(text.encode()).hexdigest()
    return _stamp


def textual_version() -> str:
    """The installed Textual's version, as its ``.dist-info`` folder names it (or "")."""
    import textual

    root = Path(textual.__file__).resolve().parent.parent
    for name in sorted(os.listdir(root)):
        if name.startswith("textual-") and name.endswith(".dist-info"):
            return name[len("textual-") : -len(".dist-info")]
    return ""


def variables_key(variables: Mapping[str, str]) -> str:
    """The CSS variables (the theme's colours): a file made under others is not used."""
    return sha256(repr(sorted(variables.items())).encode()).hexdigest()


# -- files --------------------------------------------------------------------------
def _header(variables: str, payload: bytes) -> bytes:
    head = {
        "format": CACHE_FORMAT,
        "textual": textual_stamp(),
        "version": textual_version(),
        "variables": variables,
        "sha256": sha256(payload).hexdigest(),
    }
    return MAGIC + json.dumps(head, sort_keys=True).encode() + b"\n"


def read_file(path: Path, variables: str) -> Entries:
    """The entries of a cache file made under ``variables``, rebuilt (raises Miss)."""
    return {key: rebuild(raw) for key, raw in read_raw(path, variables).items()}


def read_raw(path: Path, variables: str) -> Raw:
    """The entries of a cache file made under ``variables``, as read (raises Miss)."""
    try:
        head, payload = read_framed(path, MAGIC, MAX_CACHE_BYTES)
    except FrameError as exc:
        raise Miss(str(exc)) from None
    if head.get("format") != CACHE_FORMAT:
        raise Miss("another format")
    if head.get("textual") != textual_stamp():
        raise Miss("another Textual")
    if head.get("variables") != variables:
        raise Miss("other CSS variables")
    if sha256(payload).hexdigest() != head.get("sha256"):
        raise Miss("damaged payload")
    return load_raw(payload)


def write_file(path: Path, variables: str, entries: Entries, kept: Raw | None = None) -> None:
    """Write ``entries`` (and ``kept`` ones, as read) atomically; only if all read back
    (raises on failure)."""
    from ..core.atomic import replacing

    payload = dumps(entries, kept)
    if loads(payload).keys() != entries.keys() | (kept or {}).keys():  # all read back
        raise Miss("does not read back")
    with replacing(path, new_file_mode=True) as tmp, open(tmp, "wb") as f:
        f.write(_header(variables, payload))
        f.write(payload)


def user_cache_dir() -> Path:
    return user_home() / "cache" / "css"


class CssStore:
    """Cached entries by CSS variables key: read lazily from the user's cache file,
    else the shipped one; and what this process parsed and used, to write back."""

    def __init__(self, user_dir: Path | None, shipped: Path | None = None) -> None:
        self.user_dir = user_dir
        self.shipped = shipped
        self._loaded: dict[str, Raw] = {}  # entries as read; rebuilt when asked for
        self.used: dict[str, Entries] = {}
        self.missed: set[str] = set()
        self.reasons: list[str] = []  # why files were not used (tests, debugging)
        self._lock = threading.Lock()

    def user_file(self, variables: str) -> Path | None:
        if self.user_dir is None:
            return None
        return self.user_dir / f"{textual_stamp()[:16]}-{variables[:16]}.cache"

    def _entries(self, variables: str) -> Raw:
        entries = self._loaded.get(variables)
        if entries is None:
            entries = {}
            for path in (self.user_file(variables), self.shipped):
                if path is None or not path.is_file():
                    continue
                try:
                    entries = read_raw(path, variables)
                    break
                except Miss as miss:
                    self.reasons.append(f"{path.name}: {miss}")
                except Exception as exc:  # never an error: parse instead
                    self.reasons.append(f"{path.name}: {type(exc).__name__}")
            self._loaded[variables] = entries
        return entries

    def get(self, variables: str, key: Key) -> list[RuleSet] | None:
        used = self.used.get(variables)
        if used is not None and key in used:  # Textual parses every source on each parse()
            return used[key]
        raw = self._entries(variables).pop(key, None)  # rebuilt once, then in `used`
        if raw is None:
            return None
        try:
            rules = rebuild(raw)
        except Miss as miss:
            self.reasons.append(f"an entry: {miss}")
            return None
        self.used.setdefault(variables, {})[key] = rules
        return rules

    def put(self, variables: str, key: Key, rules: list[RuleSet]) -> None:
        if any(rule.errors for rule in rules):
            return
        self.used.setdefault(variables, {})[key] = rules
        self.missed.add(variables)

    def pending(self) -> list[tuple[Path, str, Entries, Raw]]:
        """The files to write: those of the variables under which something was parsed,
        each with a copy of what was used and of the file's entries this start did not
        use (kept, so starts that mount other widgets do not undo each other's file),
        taken now."""
        found = []
        for variables in sorted(self.missed):
            path = self.user_file(variables)
            if path is not None:
                used = dict(self.used.get(variables, {}))
                kept = dict(self._loaded.get(variables, {}))
                if len(used) + len(kept) > MAX_ENTRIES:
                    kept = {}
                found.append((path, variables, used, kept))
        self.missed.clear()
        return found

    def save(self, pending: list[tuple[Path, str, Entries, Raw]]) -> None:
        with self._lock:
            for path, variables, entries, kept in pending:
                try:
                    good = {}
                    for key, raw in kept.items():
                        try:
                            rebuild(raw)
                            good[key] = raw
                        except Miss:
                            pass
                    write_file(path, variables, entries, good)
                except Exception as exc:  # failing to write a cache is never an error
                    self.reasons.append(f"not written: {type(exc).__name__}: {exc}")


class CachedStylesheet(Stylesheet):
    """Textual's stylesheet, its sources' parsed rules taken from a :class:`CssStore`."""

    def __init__(
        self, *, variables: dict[str, str] | None = None, store: CssStore | None = None
    ) -> None:
        super().__init__(variables=variables)
        self.store = store if store is not None else CssStore(None)
        self._css_variables = variables or {}
        self._variables_key = variables_key(self._css_variables)

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self._css_variables = variables
        self._variables_key = variables_key(variables)

    def reparse(self) -> None:
        """As Textual's: the sources parsed in a fresh stylesheet first, so invalid CSS
        raises and leaves this one as it was; here the fresh one shares the cache (a
        theme switch, or a start under a theme of the user's, need not parse again
        what a cache file holds), and then this one takes the same rules from it."""
        fresh = CachedStylesheet(variables=self._css_variables, store=self.store)
        for read_from, source in self.source.items():
            fresh.add_source(
                source.content,
                read_from=read_from,
                is_default_css=source.is_defaults,
                tie_breaker=source.tie_breaker,
                scope=source.scope,
            )
        try:
            fresh.parse()
        except Exception:
            super().reparse()  # fails as Textual's does (noting the invalid CSS here)
            raise
        self.parse()  # every source now in the store: no parsing

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        # overrides a private Textual method (see tui/textual_private.py)
        key = (css, is_default_rules, tie_breaker, scope)
        try:
            rules = self.store.get(self._variables_key, key)
        except Exception:  # never an error: parse instead
            rules = None
        if rules is not None:
            return rules
        rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        self.store.put(self._variables_key, key, rules)
        return rules


def install(app: App[Any]) -> None:
    """Give ``app`` (just made, not yet running) a :class:`CachedStylesheet` with the
    variables Textual gave its own."""
    store = CssStore(user_cache_dir(), SHIPPED)
    app.stylesheet = CachedStylesheet(variables=app.theme_variables, store=store)


def save_later(app: App[Any]) -> None:
    """After the first paint: write what was parsed, in a thread (never blocks the UI)."""
    stylesheet = app.stylesheet
    if not isinstance(stylesheet, CachedStylesheet):
        return
    pending = stylesheet.store.pending()
    if pending:
        threading.Thread(target=stylesheet.store.save, args=(pending,), name="css-cache").start()


# -- the shipped file ---------------------------------------------------------------
SHIPPED_STARTS = (
    ("reader", (120, 40)),
    ("reader", (100, 30)),
    ("reader", (70, 24)),
    ("quiz", (120, 40)),
)
"""The starts whose first frame the shipped file covers: the reader wide, narrow and
tiny (each mounts other widgets), and ``briefreader quiz``."""
TOUR = ("question_mark", "i", "m", "t", "L")
"""Keys of the screens a reader opens (help, about, stats, quiz, library): after the
first start, each is opened and closed, so its first opening parses nothing either."""


def collect(
    starts: tuple[tuple[str, tuple[int, int]], ...] = SHIPPED_STARTS,
) -> tuple[str, Entries]:
    """Start the app on the bundled brief (default theme) for each start and size and
    return the variables key and every source its stylesheet parsed until idle."""
    import asyncio

    from ..core.loader import load_brief
    from ..core.paths import resolve
    from ..core.state import State
    from .app import BriefReaderApp

    brief = load_brief(resolve(None))
    found: Entries = {}
    key = ""

    async def one(start: str, size: tuple[int, int]) -> None:
        nonlocal key
        # BRIEFREADER_HOME is a temporary folder (main, the tests)
        app = BriefReaderApp(brief, state=State.load(), start=start)
        app.stylesheet = CachedStylesheet(variables=app.theme_variables)  # no files
        # with the tooltip and the toast rack a real start mounts (tests leave them out)
        async with app.run_test(size=size, tooltips=True, notifications=True) as pilot:
            await pilot.pause()
            if (start, size) == starts[0]:
                for key_name in TOUR:
                    await pilot.press(key_name)
                    await pilot.pause()
                    await pilot.press("escape")
                    await pilot.pause()
            stylesheet = app.stylesheet
            assert isinstance(stylesheet, CachedStylesheet)
            key = stylesheet._variables_key
            assert not stylesheet.store.reasons
            found.update(stylesheet.store.used.get(key, {}))

    for start, size in starts:
        asyncio.run(one(start, size))
    return key, found


def main() -> int:
    """``python -m briefreader.tui.css_cache``: remake the shipped file.

    Run under a fixed hash seed (re-executed with one if needed): the cached rules hold
    sets of names, pickled in their iteration order, so the same rules give the same
    bytes and the file changes in a diff only when its rules do."""
    import sys
    import tempfile

    if os.environ.get("PYTHONHASHSEED") != "0":
        env = dict(os.environ, PYTHONHASHSEED="0")
        os.execve(sys.executable, [sys.executable, "-m", "briefreader.tui.css_cache"], env)
    os.environ["BRIEFREADER_HOME"] = tempfile.mkdtemp(prefix="briefreader-css-")
    key, entries = collect()
    write_file(SHIPPED, key, entries)
    print(f"{SHIPPED}: {len(entries)} sources, Textual {textual_version()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
