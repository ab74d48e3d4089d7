"""A cache of loaded briefs, so that opening one again skips PyYAML, the schema and
the article readers (their imports and their work cost most of a start-up).

:func:`load_brief_cached` is :func:`briefreader.core.loader.load_brief` through the
cache. A cache file holds the *loaded* brief -- text already cleaned and checked --
and the files it was made from (the brief YAML and its article): their size,
``mtime_ns`` and digest (BLAKE2b-256, see :func:`_digest`). It is used only if

* its header is ours (format, app version, the model's field names all equal),
* the payload's digest matches the header (a torn or damaged file is refused),
* every source file still has the same size, modification time and digest,
* it unpickles with nothing but the brief model's classes and ``datetime`` (no
  other class or function can be named, so a planted file cannot run code), and
* the result has the model's shape all the way down (:func:`valid_brief`: each
  field of the declared type, every string free of control characters).

Anything else is a miss: the brief is loaded from its files and the cache rewritten
(atomically: a temporary file renamed over the old one). Failing to write a cache is
never an error. User caches live in ``<data dir>/cache/briefs/``. A user cache also
keeps the brief's cross-reference index once one was built for it (by the load-ahead
child, or by the reader before the cache is written at exit), as :mod:`.index_rows`'
bytes offered through :mod:`.known_index` and checked against the brief when taken.

The bundled briefs also ship one each (``data/<slug>.cache`` next to the YAML, made
by ``python -m briefreader.core.brief_cache``; a test checks it is current): it is
keyed by size and digest only (an installed file's modification time is the
install's), and its paths are re-rooted at the bundled folder. It holds the brief's
cross-reference index too (as :mod:`.index_rows`' bytes, checked against the brief
by :func:`~.index_rows.decode`), handed to whoever builds the brief's derived data
through :mod:`.known_index`: the reader's first frame does not build it.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import io
import os
import pickle
import sys
import typing
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from .brief import Brief, Paragraph
from .brief_shape import MODEL_CLASSES as _MODEL_CLASSES
from .brief_shape import made_from_columns, valid_brief
from .cache_file import FrameError, read_framed
from .digest import blake2b_256
from .gcpause import paused_gc

if TYPE_CHECKING:
    from .xref import Index

CACHE_FORMAT = 4  # 2: BLAKE2b digests, the bundled index; 3: as index_rows bytes; 4: user index
MAGIC = b"briefreader brief cache\n"
BUNDLED_SUFFIX = ".cache"
MAX_CACHE_BYTES = 256 * 1024 * 1024
_ALLOWED = {(cls.__module__, cls.__qualname__): cls for cls in _MODEL_CLASSES} | {
    ("datetime", "datetime"): _dt.datetime,
    ("datetime", "timezone"): _dt.timezone,
    ("datetime", "timedelta"): _dt.timedelta,
}

Source = tuple[str, int, int, str]  # (path, size, mtime_ns, digest hex)


class _Miss(Exception):
    """The cache cannot be used (a reason, for tests and debugging)."""


def _digest(data: bytes) -> str:
    """BLAKE2b-256 of ``data`` (hex). A cryptographic hash like SHA-256, so the checks
    are as sure as they were; but from CPython's built-in module (no OpenSSL to load:
    ~4 ms of a start) and, without SHA instructions, cheaper per byte than SHA-256."""
    return blake2b_256(data).hexdigest()


def _fingerprint() -> str:
    """The model's shape: a cache made by another shape of the classes is refused."""
    shape = [(c.__qualname__, [f.name for f in dataclasses.fields(c)]) for c in _MODEL_CLASSES]
    text = repr((CACHE_FORMAT, __version__, shape))
    return _digest(text.encode())


def code_stamp() -> str:
    """The loading code as installed: name, size and mtime of every module of
    ``briefreader.core`` (the loader, the cleaner, the article readers), so a user cache
    made by other code (an upgrade, a source checkout being edited) is refused."""
    root = Path(__file__).resolve().parent
    found: list[tuple[str, int, int]] = []
    for folder in (root, *(p for p in root.iterdir() if p.is_dir() and p.name != "__pycache__")):
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".py"):
                    st = entry.stat()
                    found.append((f"{folder.name}/{entry.name}", st.st_size, st.st_mtime_ns))
    return _digest(repr(sorted(found)).encode())


def _file_digest(path: Path) -> str:
    digest = blake2b_256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _source(path: str) -> Source:
    st = os.stat(path)
    return (path, st.st_size, st.st_mtime_ns, _file_digest(Path(path)))


def _sources_of(brief: Brief) -> list[Source]:
    paths = [p for p in (brief.path, brief.article_path) if p]
    return [_source(p) for p in dict.fromkeys(paths)]


# -- reading ------------------------------------------------------------------------
class _ModelUnpickler(pickle.Unpickler):
    """Names only the brief model's classes and ``datetime``; nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise _Miss(f"names {module}.{name}") from None


def _read(cache: Path) -> tuple[dict[str, Any], bytes]:
    """The header and the verified payload of a cache file (raises _Miss)."""
    try:
        header, payload = read_framed(cache, MAGIC, MAX_CACHE_BYTES)
    except FrameError as exc:
        raise _Miss(str(exc)) from None
    if header.get("model") != _fingerprint():
        raise _Miss("another version or model")
    if _digest(payload) != header.get("digest"):
        raise _Miss("damaged payload")
    return header, payload


def _load(payload: bytes) -> Any:
    try:
        return _ModelUnpickler(io.BytesIO(payload)).load()
    except _Miss:
        raise
    except Exception as exc:  # any damage inside: refused, never raised
        raise _Miss(f"does not unpickle: {type(exc).__name__}") from None


def ahead_payload(brief: Brief) -> bytes:
    """``brief`` as the load child sends it (:mod:`.load_ahead`): the brief without its
    paragraphs, and the paragraphs as one tuple per field (:func:`from_ahead`)."""
    order = [f.name for f in dataclasses.fields(Paragraph)]
    rows = list(map(attrgetter(*order), brief.paragraphs))
    columns = tuple(zip(*rows, strict=True)) if rows else ((),) * len(order)
    rest = brief.evolve(article=dataclasses.replace(brief.article, paragraphs=()))
    return pickle.dumps((rest, columns), protocol=pickle.HIGHEST_PROTOCOL)


def from_ahead(payload: bytes) -> Brief:
    """The brief in an :func:`ahead_payload` (raises _Miss), checked as a cache's is:
    the same restricted unpickler, the rest of the brief by :func:`valid_brief`, the
    paragraphs' columns by :func:`~.brief_shape.made_from_columns` (every value of
    its field's type, every text clean) before a paragraph is made from them."""
    with paused_gc():  # (~40,000 objects made at once, none garbage: see read_cache)
        shipped = _load(payload)
        if not (type(shipped) is tuple and len(shipped) == 2):
            raise _Miss("not the model's shape")
        rest, columns = shipped
        if not valid_brief(rest) or rest.article.paragraphs != ():
            raise _Miss("not the model's shape")
        paragraphs = made_from_columns(Paragraph, columns)
        if paragraphs is None:
            raise _Miss("not the model's shape")
        article = dataclasses.replace(rest.article, paragraphs=paragraphs)
        return rest.evolve(article=article)  # type: ignore[no-any-return]


def _sources_unchanged(sources: object, *, mtime: bool) -> bool:
    if not isinstance(sources, list) or not sources:
        return False
    for item in sources:
        if not (isinstance(item, list) and len(item) == 4):
            return False
        path, size, mtime_ns, digest = item
        try:
            st = os.stat(path)
            if st.st_size != size or (mtime and st.st_mtime_ns != mtime_ns):
                return False
            if _file_digest(Path(path)) != digest:
                return False
        except (OSError, TypeError, ValueError):
            return False
    return True


def read_cache(cache: Path, path: str) -> Brief:
    """The brief a user cache holds for ``path``, if still current (raises _Miss); its
    index, if the cache keeps one, is offered to :mod:`.known_index` (as bytes: checked
    against the brief when taken)."""
    header, payload = _read(cache)
    sources = header.get("sources")
    if header.get("path") != path or header.get("code") != code_stamp():
        raise _Miss("another brief or other code")
    if not _sources_unchanged(sources, mtime=True):
        raise _Miss("stale")
    with paused_gc():  # a long text's ~40,000 objects are made at once and none is
        shipped = _load(payload)  # garbage (a collection would rescan each: ~5 ms)
        if not (type(shipped) is tuple and len(shipped) == 2 and type(shipped[1]) is bytes):
            raise _Miss("not the model's shape")
        brief, rows = shipped
        if not valid_brief(brief):
            raise _Miss("not the model's shape")
        brief = brief.evolve()  # the id lookup made afresh
    if brief.path != path:
        raise _Miss("another brief")
    if rows:
        from . import known_index

        known_index.offer_rows(brief, rows)
    return brief  # type: ignore[no-any-return]


def read_bundled(cache: Path, path: str) -> Brief:
    """The brief a bundled cache holds, re-rooted at ``path``'s folder (raises _Miss)."""
    header, payload = _read(cache)
    root = str(Path(path).parent)
    sources = header.get("sources")
    if not isinstance(sources, list) or header.get("name") != Path(path).name:
        raise _Miss("another brief")
    rooted = [[root + s[0], *s[1:]] if isinstance(s, list) and s else s for s in sources]
    if not _sources_unchanged(rooted, mtime=False):
        raise _Miss("stale")
    shipped = _load(payload)  # (brief, index rows)
    if not (type(shipped) is tuple and len(shipped) == 2 and valid_brief(shipped[0])):
        raise _Miss("not the model's shape")
    relative, rows = shipped
    brief: Brief = relative.evolve(  # (the id lookup made afresh too)
        path=path,
        article_path=root + relative.article_path if relative.article_path is not None else None,
    )
    index = _index_of(brief, rows)
    if index is None:
        raise _Miss("not the brief's index")
    from . import known_index

    known_index.offer(brief, index)
    return brief


def _index_rows(brief: Brief) -> bytes:
    """The brief's cross-reference index as :func:`.index_rows.decode` reads it."""
    from .index_rows import encode_index
    from .xref import index_brief

    return encode_index(brief, index_brief(brief))


def _index_of(brief: Brief, rows: object) -> Index | None:
    """The index in ``rows`` if it fits ``brief`` (every span inside its paragraph,
    every entry number one of the brief's: :func:`.index_rows.decode`), else None."""
    from .index_rows import decode

    return decode(brief, rows) if type(rows) is bytes else None


# -- writing ------------------------------------------------------------------------
def _write(cache: Path, header: dict[str, Any], content: object) -> None:
    """Write ``content`` (a brief; for a bundled cache, the brief and its index rows)."""
    import json
    import tempfile

    payload = pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL)
    header = {**header, "model": _fingerprint(), "digest": _digest(payload)}
    cache.parent.parent.mkdir(exist_ok=True)  # not the data folder itself: if it is gone
    cache.parent.mkdir(exist_ok=True)  # (a test's, at exit), nothing is written
    fd, tmp = tempfile.mkstemp(prefix=f".{cache.name}.", suffix=".tmp", dir=cache.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(MAGIC + json.dumps(header).encode() + b"\n")
            f.write(payload)  # not concatenated: a long text's payload is megabytes
        os.replace(tmp, cache)
    except BaseException:
        with __import__("contextlib").suppress(OSError):
            os.unlink(tmp)
        raise


def user_cache_file(path: str) -> Path:
    import hashlib  # (the file's name: as it always was)

    from .paths import user_home

    key = hashlib.sha256(f"{os.path.abspath(path)}\0{path}".encode()).hexdigest()[:32]
    return user_home() / "cache" / "briefs" / f"{key}.pickle"


def write_cache(
    cache: Path, path: str, brief: Brief, sources: list[Source], rows: bytes = b""
) -> bool:
    """Cache ``brief`` (loaded from ``path``, made from ``sources``) and its index as
    :mod:`.index_rows` bytes (``b""``: none); False if it could not be written."""
    try:
        header = {"path": path, "code": code_stamp(), "sources": sources}
        _write(cache, header, (brief, rows))
    except (OSError, pickle.PicklingError, RecursionError):
        return False
    return True


def write_bundled(yaml_path: Path) -> Path:
    """Make the bundled cache for ``yaml_path`` (paths kept relative to its folder)."""
    from .loader import load_brief

    path = str(yaml_path)
    brief = load_brief(path)
    root = str(yaml_path.parent)
    sources = []
    for source, size, _mtime, digest in _sources_of(brief):
        if not source.startswith(root):
            raise ValueError(f"{source} is not under {root}")
        sources.append((source[len(root) :], size, 0, digest))
    article = brief.article_path
    relative = brief.evolve(
        path=None, article_path=article[len(root) :] if article is not None else None
    )
    cache = yaml_path.with_suffix(BUNDLED_SUFFIX)
    _write(cache, {"name": yaml_path.name, "sources": sources}, (relative, _index_rows(brief)))
    cache.chmod(0o644)  # shipped in the wheel: readable like the YAML
    return cache


# -- the entry point ----------------------------------------------------------------
def load_brief_cached(
    path: str | os.PathLike[str],
    *,
    write_at_exit: bool | typing.Callable[..., object] = False,
) -> Brief:
    """:func:`~briefreader.core.loader.load_brief` through the cache (same result).

    On a miss the cache is written at once, or with ``write_at_exit`` when the
    program ends (the reader: pickling a big text would delay its first paint); a
    function for ``write_at_exit`` is called instead of ``atexit.register`` (with the
    same arguments: the writer and its arguments)."""
    given = str(path)
    bundled = Path(given).with_suffix(BUNDLED_SUFFIX)
    if Path(given).suffix.lower() in (".yaml", ".yml") and bundled.is_file():
        try:
            return read_bundled(bundled, given)
        except _Miss:
            pass
    cache = user_cache_file(given)
    try:
        return read_cache(cache, given)
    except _Miss:
        pass
    from .loader import load_brief

    try:
        before = os.stat(given)
    except OSError:
        before = None
    brief = load_brief(given)
    if write_at_exit:  # hashing the files waits too (4.4 MB: ~8 ms of the first paint)
        import atexit

        try:
            stats = _stats_of(brief)
        except OSError:
            return brief
        if before is None or stats[0][1:] != (before.st_size, before.st_mtime_ns):
            return brief  # the file changed while it was read: do not cache that
        register = atexit.register if write_at_exit is True else write_at_exit
        register(_write_if_unchanged, cache, given, brief, stats)
        return brief
    try:
        sources = _sources_of(brief)
    except OSError:
        return brief
    if before is None or sources[0][1:3] != (before.st_size, before.st_mtime_ns):
        return brief  # the file changed while it was read: do not cache that
    write_cache(cache, given, brief, sources)
    return brief


def _stats_of(brief: Brief) -> list[tuple[str, int, int]]:
    paths = [p for p in (brief.path, brief.article_path) if p]
    return [(p, (st := os.stat(p)).st_size, st.st_mtime_ns) for p in dict.fromkeys(paths)]


def _write_if_unchanged(
    cache: Path, path: str, brief: Brief, stats: list[tuple[str, int, int]], rows: bytes = b""
) -> bool:
    """:func:`write_cache` at exit, if the files are as they were when ``brief`` was
    read (size and mtime as then; their hashes are taken now); with ``rows``, else with
    the index the reader built for it, if it did (:func:`.known_index.remember`)."""
    try:
        sources = _sources_of(brief)
    except OSError:
        return False
    if [source[:3] for source in sources] != stats:
        return False  # changed since it was read: do not cache that
    if not rows:
        from . import known_index

        if (index := known_index.remembered(brief)) is not None:
            from .index_rows import encode_index

            rows = encode_index(brief, index)
    return write_cache(cache, path, brief, sources, rows)


def keep_rows(path: str, brief: Brief, rows: bytes) -> bool:
    """Rewrite the user cache of ``path`` (which holds ``brief``, current) with the
    index ``rows`` added; False (nothing written) if it is not current or not ``brief``'s."""
    cache = user_cache_file(path)
    try:
        if read_cache(cache, path) != brief:
            return False
        sources = _sources_of(brief)
    except (_Miss, OSError):
        return False
    return write_cache(cache, path, brief, sources, rows)


def main(argv: list[str] | None = None) -> int:
    """``python -m briefreader.core.brief_cache``: remake the bundled briefs' caches."""
    from .paths import bundled_dir

    folder = Path(argv[0]) if argv else bundled_dir()
    for yaml_path in sorted(folder.glob("*.yaml")):
        print(write_bundled(yaml_path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
