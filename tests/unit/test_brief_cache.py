"""The brief cache gives exactly what loading gives, and never anything else.

A cache is used only when it is ours, intact, current and of the model's shape;
anything else (damaged, stale, planted, unclean) is ignored and rebuilt.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest

from briefreader.core import brief_cache, brief_shape, index_rows, known_index, loader
from briefreader.core.brief import Brief, Paragraph
from briefreader.core.brief_cache import (
    MAGIC,
    _Miss,
    load_brief_cached,
    read_bundled,
    read_cache,
    user_cache_file,
)
from briefreader.core.brief_shape import valid_brief
from briefreader.core.errors import BriefError
from briefreader.core.loader import load_brief
from briefreader.core.xref import index_brief
from tests.conftest import BUNDLED, SEED


def test_the_shipped_cache_of_the_bundled_brief_is_current() -> None:
    cache = BUNDLED.with_suffix(brief_cache.BUNDLED_SUFFIX)
    try:
        shipped = read_bundled(cache, str(BUNDLED))
    except _Miss as exc:
        pytest.fail(
            f"{cache.name} is out of date ({exc}): run `python -m briefreader.core.brief_cache`"
        )
    fresh = load_brief(BUNDLED)
    assert shipped == fresh
    assert (shipped.path, shipped.article_path) == (fresh.path, fresh.article_path)
    assert shipped.entry(fresh.glossary[0].id) == fresh.glossary[0]
    assert known_index.take(shipped) == index_brief(fresh)  # the index ships with it, current


def test_the_shipped_index_is_taken_by_the_derived_data_once() -> None:
    from briefreader.study.derived import BriefData

    brief = load_brief_cached(BUNDLED)
    data = BriefData(brief)
    assert data.index_ready  # nothing to build
    assert data.index == index_brief(load_brief(BUNDLED))
    assert known_index.take(brief) is None  # taken
    assert not BriefData(load_brief(BUNDLED)).index_ready  # another brief: built as before


def test_an_index_that_does_not_fit_the_brief_is_refused(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "seeds").mkdir()
    yaml = tmp_path / "data" / BUNDLED.name
    shutil.copy(BUNDLED, yaml)
    shutil.copy(SEED, tmp_path / "seeds" / SEED.name)
    cache = brief_cache.write_bundled(yaml)
    relative, rows = brief_cache._load(cache.read_bytes().split(b"\n", 2)[2])
    assert brief_cache._index_of(load_brief(yaml), rows) is not None
    bad_rows: list[object] = [
        [*rows[:-1], 10_000],  # no such entry
        [rows[0] + 1, *rows[1:]],  # a count that does not match
        [*rows[:2], 10_000, 10_001, *rows[4:]],  # outside its paragraph
        [*rows[:-1], "1"],  # not a number
        [*rows[:-1], 1 << 40],  # does not fit
        "not rows",
    ]
    for bad in bad_rows:
        plant(cache, pickle.dumps((relative, bad)))
        with pytest.raises(_Miss, match="index"):
            read_bundled(cache, str(yaml))
    plant(cache, pickle.dumps(relative))  # a user cache's payload: not a bundled one
    with pytest.raises(_Miss, match="shape"):
        read_bundled(cache, str(yaml))
    assert load_brief_cached(yaml) == load_brief(yaml)  # loaded from its files instead


def test_the_shipped_cache_is_used_when_installed_elsewhere(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "seeds").mkdir()
    yaml = tmp_path / "data" / BUNDLED.name
    shutil.copy(BUNDLED, yaml)
    shutil.copy(BUNDLED.with_suffix(".cache"), yaml.with_suffix(".cache"))
    shutil.copy(SEED, tmp_path / "seeds" / SEED.name)
    brief = read_bundled(yaml.with_suffix(".cache"), str(yaml))
    assert brief == load_brief(yaml)
    assert brief.path == str(yaml) and brief.article_path == load_brief(yaml).article_path
    (tmp_path / "seeds" / SEED.name).write_text(SEED.read_text() + "\nMore.\n")
    with pytest.raises(_Miss):
        read_bundled(yaml.with_suffix(".cache"), str(yaml))  # another article: not used
    assert load_brief_cached(yaml) == load_brief(yaml)  # and loaded afresh instead


@pytest.fixture
def brief_file(tmp_path: Path) -> Path:
    article = tmp_path / "article.txt"
    article.write_text("A Title\n\nThe first paragraph names NATO.\n\nA second one.\n")
    yaml = tmp_path / "brief.yaml"
    yaml.write_text(
        "format: 1\narticle: article.txt\nglossary:\n"
        "  - id: nato\n    term: NATO\n    definition: The alliance.\n"
    )
    return yaml


def no_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: object) -> Brief:
        raise AssertionError("loaded from the files, not the cache")

    monkeypatch.setattr(loader, "load_brief", refuse)


def test_a_second_load_comes_from_the_user_cache(
    brief_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_brief_cached(brief_file)
    assert user_cache_file(str(brief_file)).is_file()
    assert first == load_brief(brief_file)
    no_loading(monkeypatch)
    again = load_brief_cached(brief_file)
    assert again == first and again.path == first.path
    assert again.article_path == first.article_path
    assert again.entry("nato") == first.entry("nato")


def test_a_user_cache_keeps_the_index_it_is_given_and_offers_it_checked(
    brief_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    brief = load_brief_cached(brief_file)
    cache = user_cache_file(str(brief_file))
    assert known_index.rows_of(read_cache(cache, str(brief_file))) is None  # none kept yet
    rows = index_rows.encode_index(brief, index_brief(brief))
    assert brief_cache.keep_rows(str(brief_file), brief, rows)
    no_loading(monkeypatch)
    again = load_brief_cached(brief_file)
    assert known_index.rows_of(again) == rows
    assert known_index.take(again) == index_brief(brief)  # decoded when taken
    assert known_index.take(again) is None  # once
    other = brief.evolve(slug="other")
    assert not brief_cache.keep_rows(str(brief_file), other, rows)  # not the cached brief
    for bad in (rows[:-4], b"\x00" * len(rows), rows[:8] + b"\xff" * (len(rows) - 8)):
        sources = brief_cache._sources_of(brief)
        assert brief_cache.write_cache(cache, str(brief_file), brief, sources, bad)
        loaded = load_brief_cached(brief_file)
        assert known_index.take(loaded) is None  # does not fit the brief: built as usual


def test_written_at_exit_the_cache_keeps_the_index_the_reader_built(brief_file: Path) -> None:
    from briefreader.study.derived import BriefData

    for build in (False, True):
        user_cache_file(str(brief_file)).unlink(missing_ok=True)
        writes: list[tuple[Any, tuple[Any, ...]]] = []
        brief = load_brief_cached(
            brief_file, write_at_exit=lambda f, *a, to=writes: to.append((f, a))
        )
        if build:
            assert BriefData(brief).index == index_brief(brief)  # (built in-process)
        assert [f(*a) for f, a in writes] == [True]
        again = load_brief_cached(brief_file)
        assert (known_index.rows_of(again) is not None) is build
        assert known_index.take(again) == (index_brief(brief) if build else None)


def test_a_bare_article_is_cached_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nOne paragraph.\n")
    first = load_brief_cached(article)
    no_loading(monkeypatch)
    assert load_brief_cached(article) == first == load_brief(article)


def test_writing_at_exit_writes_nothing_before(
    brief_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registered = []
    monkeypatch.setattr("atexit.register", lambda *args: registered.append(args))
    load_brief_cached(brief_file, write_at_exit=True)
    assert not user_cache_file(str(brief_file)).exists()
    (write, *args) = registered[0]
    assert write(*args) is True
    assert user_cache_file(str(brief_file)).is_file()


def test_writing_at_exit_skips_a_file_changed_since_it_was_read(
    brief_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registered = []
    monkeypatch.setattr("atexit.register", lambda *args: registered.append(args))
    load_brief_cached(brief_file, write_at_exit=True)
    brief_file.write_text(brief_file.read_text() + "\n")  # edited while the reader ran
    (write, *args) = registered[0]
    assert write(*args) is False
    assert not user_cache_file(str(brief_file)).exists()


@pytest.mark.parametrize(
    "change",
    [
        lambda p: p.write_text(p.read_text().replace("alliance", "Alliance")),  # same size
        lambda p: p.write_text(p.read_text() + "\n"),
    ],
)
def test_a_changed_source_is_loaded_afresh(brief_file: Path, change: object) -> None:
    load_brief_cached(brief_file)
    st = brief_file.stat()
    change(brief_file)  # type: ignore[operator]
    os.utime(brief_file, ns=(st.st_atime_ns, st.st_mtime_ns))  # even with the same mtime
    assert load_brief_cached(brief_file).entry("nato").definition == (  # type: ignore[union-attr]
        load_brief(brief_file).entry("nato").definition  # type: ignore[union-attr]
    )


def test_a_changed_article_is_loaded_afresh(brief_file: Path) -> None:
    load_brief_cached(brief_file)
    (brief_file.parent / "article.txt").write_text("A Title\n\nAnother text entirely.\n")
    assert "Another text" in load_brief_cached(brief_file).paragraphs[-1].text


def damage(cache: Path, how: str) -> None:
    data = cache.read_bytes()
    if how == "truncated":
        cache.write_bytes(data[: len(data) // 2])
    elif how == "flipped":
        cache.write_bytes(data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:])
    elif how == "magic":
        cache.write_bytes(b"x" + data[1:])
    elif how == "header":
        cache.write_bytes(MAGIC + b"{not json\n" + data.split(b"\n", 2)[2])
    elif how == "empty":
        cache.write_bytes(b"")
    elif how == "directory":
        cache.unlink()
        cache.mkdir()


@pytest.mark.parametrize("how", ["truncated", "flipped", "magic", "header", "empty", "directory"])
def test_a_damaged_cache_is_ignored_and_rebuilt(brief_file: Path, how: str) -> None:
    expected = load_brief_cached(brief_file)
    cache = user_cache_file(str(brief_file))
    damage(cache, how)
    with pytest.raises(_Miss):
        read_cache(cache, str(brief_file))
    assert load_brief_cached(brief_file) == expected
    if how != "directory":  # a directory in the way: loaded, not cached, no error
        assert read_cache(cache, str(brief_file)) == expected  # rebuilt


def plant(cache: Path, payload: bytes) -> None:
    """Replace the payload, with a header that matches it (as an attacker could)."""
    header = json.loads(cache.read_bytes()[len(MAGIC) :].split(b"\n", 1)[0])
    header["digest"] = brief_cache._digest(payload)
    cache.write_bytes(MAGIC + json.dumps(header).encode() + b"\n" + payload)


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch PLANTED",))


def test_a_planted_pickle_cannot_run_code(
    brief_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    expected = load_brief_cached(brief_file)
    cache = user_cache_file(str(brief_file))
    plant(cache, pickle.dumps(_Boom()))
    with pytest.raises(_Miss, match="names"):
        read_cache(cache, str(brief_file))
    assert load_brief_cached(brief_file) == expected
    assert not (tmp_path / "PLANTED").exists()


def test_unclean_text_in_a_cache_is_refused(brief_file: Path) -> None:
    expected = load_brief_cached(brief_file)
    cache = user_cache_file(str(brief_file))
    para = expected.paragraphs[0]
    evil = Paragraph(para.n, para.kind, "\x1b]52;c;evil\x07" + para.text)
    article = expected.article.__class__(
        expected.metadata, (evil, *expected.paragraphs[1:]), expected.article.notices
    )
    plant(cache, pickle.dumps((expected.evolve(article=article), b"")))
    with pytest.raises(_Miss, match="shape"):
        read_cache(cache, str(brief_file))
    loaded = load_brief_cached(brief_file)
    assert loaded == expected and "\x1b" not in loaded.paragraphs[0].text


def test_a_cache_of_another_shape_is_refused(brief_file: Path) -> None:
    expected = load_brief_cached(brief_file)
    cache = user_cache_file(str(brief_file))
    wrong = Paragraph("1", "body", "text")  # type: ignore[arg-type]
    article = expected.article.__class__(expected.metadata, (wrong,))
    plant(cache, pickle.dumps((expected.evolve(article=article), b"")))
    with pytest.raises(_Miss, match="shape"):
        read_cache(cache, str(brief_file))
    for other in (("not", "a", "brief"), expected, (expected, "rows"), (expected, b"", b"")):
        plant(cache, pickle.dumps(other))  # (a bare brief: an older cache's payload)
        with pytest.raises(_Miss, match="shape"):
            read_cache(cache, str(brief_file))
    assert load_brief_cached(brief_file) == expected


def test_the_shape_check_knows_a_good_brief_and_bad_ones() -> None:
    good = load_brief(BUNDLED)
    assert valid_brief(good)
    assert not valid_brief(good.evolve(slug=3))
    assert not valid_brief(good.evolve(glossary=list(good.glossary)))
    term = good.glossary[0]
    bad = term.__class__(term.id, term.term, "\x9b31m", term.aliases)
    assert not valid_brief(good.evolve(glossary=(bad, *good.glossary[1:])))


def test_a_cache_made_by_other_code_is_refused(
    brief_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_brief_cached(brief_file)
    monkeypatch.setattr(brief_cache, "code_stamp", lambda: "other code")
    with pytest.raises(_Miss):
        read_cache(user_cache_file(str(brief_file)), str(brief_file))


def test_an_unwritable_cache_folder_is_no_error(brief_file: Path, briefreader_home: Path) -> None:
    (briefreader_home / "cache").write_text("a file where the folder should be")
    assert load_brief_cached(brief_file) == load_brief(brief_file)


def test_errors_are_the_loaders(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\narticle: [\n")
    with pytest.raises(BriefError) as cached:
        load_brief_cached(bad)
    with pytest.raises(BriefError) as direct:
        load_brief(bad)
    assert str(cached.value) == str(direct.value)
    assert not user_cache_file(str(bad)).exists()


def test_the_fast_control_check_agrees_with_the_expression() -> None:
    from briefreader.core.text import CONTROL_RE, clean_controls, has_controls

    pad = "x" * 2000  # long enough for the fast path
    edges = [0x2027, 0x2028, 0x2029, 0x202A, 0x202E, 0x202F, 0x2065, 0x2066, 0x2069, 0x206A]
    for code in [*range(0x100), *edges, 0xD800, 0xE0000, 0xE0001, 0xE007F, 0xE0080, 0x1F600]:
        for text in (f"plain {chr(code)} text", f"caf\u00e9 {chr(code)}", f"\u2019{chr(code)}"):
            for s in (text, pad + text, text + pad):
                assert has_controls(s) == (CONTROL_RE.search(s) is not None), hex(code)
                cleaned, count = clean_controls(s)
                assert CONTROL_RE.search(cleaned) is None
                assert count == len(CONTROL_RE.findall(s))


def test_the_shape_check_reads_the_models_types_as_get_type_hints_does() -> None:
    import typing

    from briefreader.core import brief as model

    for cls in brief_shape.MODEL_CLASSES:
        assert brief_shape._type_hints()[cls] == typing.get_type_hints(cls, vars(model))


def test_the_own_digests_are_hashlibs() -> None:
    import hashlib

    from briefreader.core.digest import blake2b_256, sha256

    for data in (b"", b"abc", bytes(range(256)) * 500):
        assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
        assert blake2b_256(data).hexdigest() == hashlib.blake2b(data, digest_size=32).hexdigest()
        twice = sha256()
        twice.update(data)
        twice.update(data)
        assert twice.hexdigest() == hashlib.sha256(data + data).hexdigest()


def test_the_shape_check_refuses_a_wrong_type_in_any_kind_of_field() -> None:
    from briefreader.core.brief import Metadata, Term

    brief = load_brief(BUNDLED)
    assert valid_brief(brief)
    term = brief.glossary[0]

    def with_term(**changes: object) -> Brief:
        values = {f: getattr(term, f) for f in Term.__dataclass_fields__}
        changed = object.__new__(Term)
        changed.__dict__.update({**values, **changes})
        return brief.evolve(glossary=(changed, *brief.glossary[1:]))

    assert valid_brief(with_term(confidence=1))  # a float field takes an int too
    for bad in (
        {"term": 5},  # str
        {"note": b"bytes"},  # str | None
        {"suggested": 1},  # bool (not an int)
        {"confidence": "0.5"},  # float | None
        {"aliases": ["a list"]},  # tuple[str, ...]
        {"term": "ok\x1b[2J"},  # a control character
        {"extra": "field"},  # not the model's fields
    ):
        assert not valid_brief(with_term(**bad)), bad
    meta = object.__new__(Metadata)
    meta.__dict__.update({**brief.metadata.__dict__, "published": "2023-02-01"})
    article = brief.article.__class__(meta, brief.paragraphs)
    assert not valid_brief(brief.evolve(article=article))  # datetime | None


def test_the_paragraphs_are_checked_field_by_field_as_one_at_a_time() -> None:
    from briefreader.core.brief import Paragraph

    brief = load_brief(BUNDLED)
    paragraphs = brief.paragraphs

    def with_paragraph(
        i: int, *, drop: str | None = None, changes: dict[str, object] | None = None
    ) -> Brief:
        values = {**paragraphs[i].__dict__, **(changes or {})}
        values.pop(drop or "", None)
        changed = object.__new__(Paragraph)
        changed.__dict__.update(values)
        article = brief.article.__class__(
            brief.metadata, (*paragraphs[:i], changed, *paragraphs[i + 1 :])
        )
        return brief.evolve(article=article)

    for i in (0, len(paragraphs) - 1):
        assert valid_brief(with_paragraph(i, changes={"styles": ((0, 1, "bold"),)}))
        bads: list[dict[str, object]] = [
            {"n": "1"},  # int
            {"n": True},  # int, not a bool
            {"kind": "poem"},  # Literal
            {"kind": 3},
            {"text": b"bytes"},  # str
            {"text": "a \x1b[2J b"},  # a control character
            {"truncated": 0},  # bool
            {"level": 1.0},  # int
            {"styles": []},  # tuple[...]
            {"styles": ((0, 1, "blink"),)},  # a style name the model does not know
            {"styles": ((0, "1", "bold"),)},
            {"styles": ("bold",)},
            {"extra": "field"},  # not the model's fields
        ]
        for bad in bads:
            assert not valid_brief(with_paragraph(i, changes=bad)), (i, bad)
        assert not valid_brief(with_paragraph(i, drop="level"))  # a field missing
        assert not valid_brief(with_paragraph(i, drop="level", changes={"other": 0}))  # swapped

    class Sub(Paragraph):
        pass

    sub = object.__new__(Sub)
    sub.__dict__.update(paragraphs[0].__dict__)
    article = brief.article.__class__(brief.metadata, (sub, *paragraphs[1:]))
    assert not valid_brief(brief.evolve(article=article))  # exactly the model's class
    empty = brief.article.__class__(brief.metadata, ())
    assert valid_brief(brief.evolve(article=empty))


def test_the_load_childs_payload_is_the_brief_and_is_checked_as_a_cache_is() -> None:
    import dataclasses

    from briefreader.core.brief import Paragraph
    from briefreader.core.brief_cache import ahead_payload, from_ahead
    from briefreader.core.brief_shape import made_from_columns

    brief = load_brief(BUNDLED)
    again = from_ahead(ahead_payload(brief))
    assert again == brief and again.paragraphs == brief.paragraphs
    assert all(type(p) is Paragraph for p in again.paragraphs)
    assert [vars(p) for p in again.paragraphs] == [vars(p) for p in brief.paragraphs]
    empty = brief.evolve(article=dataclasses.replace(brief.article, paragraphs=()))
    assert from_ahead(ahead_payload(empty)) == empty

    names = [f.name for f in dataclasses.fields(Paragraph)]
    rows = [tuple(vars(p)[k] for k in names) for p in brief.paragraphs]
    columns = tuple(zip(*rows, strict=True))

    def changed(field: str, value: object, i: int = -1) -> tuple[tuple[object, ...], ...]:
        k = names.index(field)
        column = list(columns[k])
        column[i] = value
        return (*columns[:k], tuple(column), *columns[k + 1 :])

    assert made_from_columns(Paragraph, columns) == brief.paragraphs
    bad: list[object] = [
        changed("n", "1"),
        changed("n", True),
        changed("kind", "poem"),
        changed("text", b"bytes"),
        changed("text", "a \x1b[2J b"),
        changed("text", "a \u202e b", 0),
        changed("truncated", 0),
        changed("level", 1.0),
        changed("styles", []),
        changed("styles", ((0, 1, "blink"),)),
        columns[:-1],  # a field short
        (*columns, ()),  # one too many
        (*columns[:-1], columns[-1][:-1]),  # a column short
        (*columns[:-1], list(columns[-1])),  # not a tuple
        list(columns),
        None,
    ]
    for i, value in enumerate(bad):
        assert made_from_columns(Paragraph, value) is None, i


def test_made_from_columns_runs_no_post_init(monkeypatch: pytest.MonkeyPatch) -> None:
    """A class with a ``__post_init__`` is made as unpickling makes it (no code of its
    runs); others by their ``__init__``: the same objects either way."""
    from briefreader.core.brief_shape import made_from_columns
    from briefreader.core.frozen import frozen

    ran: list[int] = []

    @frozen
    class Plain:
        a: int
        b: str = ""

    @frozen
    class Hooked:
        a: int
        b: str = ""

        def __post_init__(self) -> None:
            ran.append(self.a)

    import briefreader.core.brief_shape as shape

    hints: dict[type, dict[str, object]] = {Plain: {"a": int, "b": str}}
    hints[Hooked] = {"a": int, "b": str}
    real = shape._type_hints
    monkeypatch.setattr(shape, "_type_hints", lambda: {**real(), **hints})
    plain = made_from_columns(Plain, ((1, 2), ("x", "y")))
    hooked = made_from_columns(Hooked, ((1, 2), ("x", "y")))
    assert plain == (Plain(1, "x"), Plain(2, "y"))
    assert hooked is not None and [vars(h) for h in hooked] == [
        {"a": 1, "b": "x"},
        {"a": 2, "b": "y"},
    ]
    assert ran == []  # (Hooked(...) above was never called)
