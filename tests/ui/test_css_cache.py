"""The persistent cache of parsed CSS (``tui/css_cache.py``, ``tui/css_rules_pickle.py``).

What it gives must be what Textual's parser gives; a file it cannot trust (planted,
damaged, made by another Textual or under another theme) is never used and never an
error; it is written only after something had to be parsed.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

from briefreader.core.brief import Brief
from briefreader.tui import css_cache
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.css_cache import (
    SHIPPED,
    CachedStylesheet,
    CssStore,
    read_file,
    textual_version,
    variables_key,
    write_file,
)
from briefreader.tui.css_rules_pickle import Entries, Miss, dumps, loads, valid_rules
from briefreader.tui.textual_private import selector_check, styles_rules


def _shape(rules: list[RuleSet]) -> list[Any]:
    """Everything a rule set holds, comparable (a layout by its name: Textual makes a
    new layout object for each parse)."""

    def value(v: Any) -> Any:
        return ("layout", v.name) if hasattr(v, "arrange") else v

    return [
        (
            rule.selectors,
            [
                (s.specificity, [vars(x) | {"_check": None} for x in s.selectors])
                for s in rule.selector_set
            ],
            {k: value(v) for k, v in styles_rules(rule.styles).items()},
            rule.styles.important,
            rule.is_default_rules,
            rule.tie_breaker,
            rule.selector_names,
            rule.pseudo_classes,
            [
                (
                    x.name,
                    getattr(selector_check(x), "func", None),
                    getattr(selector_check(x), "args", None),
                )
                for s in rule.selector_set
                for x in s.selectors
            ],
        )
        for rule in rules
    ]


def _fresh(entries: Entries, variables: dict[str, str]) -> Entries:
    stylesheet = Stylesheet(variables=variables)
    return {
        key: stylesheet._parse_rules(key[0], ("", "test"), key[1], key[2], key[3])
        for key in entries
    }


def _default_variables() -> dict[str, str]:
    return App().get_css_variables()


def _shipped_payload() -> tuple[dict[str, Any], bytes]:
    data = SHIPPED.read_bytes()
    head_end = data.index(b"\n", len(css_cache.MAGIC)) + 1
    return json.loads(data[len(css_cache.MAGIC) : head_end]), data[head_end:]


# -- the shipped file ---------------------------------------------------------------
def _skip_unless_made_with_this_textual() -> None:
    head, _ = _shipped_payload()
    if head.get("version") != textual_version():
        pytest.skip(
            f"app_css.cache was made for Textual {head.get('version')}, installed is "
            f"{textual_version()}: remake it with `python -m briefreader.tui.css_cache`"
        )


def test_the_shipped_css_cache_is_current() -> None:
    _skip_unless_made_with_this_textual()
    key, needed = css_cache.collect()
    try:
        shipped = read_file(SHIPPED, key)
    except Miss as miss:
        pytest.fail(
            f"app_css.cache is out of date ({miss}): run `python -m briefreader.tui.css_cache`"
        )
    missing = [k[0][:60] for k in needed if k not in shipped]
    assert not missing, f"remake app_css.cache (`python -m briefreader.tui.css_cache`): {missing}"
    for k, rules in needed.items():
        assert _shape(shipped[k]) == _shape(rules)


def test_what_the_shipped_file_holds_is_what_textual_parses() -> None:
    _skip_unless_made_with_this_textual()
    variables = _default_variables()
    _, payload = _shipped_payload()
    entries = loads(payload)
    assert entries and all(valid_rules(rules) for rules in entries.values())
    fresh = _fresh(entries, variables)
    for key, rules in entries.items():
        assert _shape(rules) == _shape(fresh[key]), key[0][:60]


def test_rules_round_trip_for_every_textual_widget() -> None:
    """Every widget Textual ships (its DEFAULT_CSS): what is written reads back as parsed."""
    import importlib
    import pkgutil

    import textual.widgets
    from textual.dom import DOMNode

    for module in pkgutil.iter_modules(textual.widgets.__path__):
        importlib.import_module(f"textual.widgets.{module.name}")
    seen: set[type[DOMNode]] = set()
    todo: list[type[DOMNode]] = [DOMNode]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    stylesheet = Stylesheet(variables=_default_variables())
    entries: Entries = {}
    for cls in seen:
        css = cls.__dict__.get("DEFAULT_CSS") or ""
        if css:
            key = (css, True, 0, cls._css_type_name)
            entries[key] = stylesheet._parse_rules(css, ("", cls.__name__), True, 0, key[3])
    assert len(entries) > 50
    again = loads(dumps(entries))
    assert again.keys() == entries.keys()
    for key, rules in entries.items():
        assert valid_rules(again[key])
        assert _shape(again[key]) == _shape(rules)


# -- files it must not trust ----------------------------------------------------------
class _Planted:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {self.marker}",))


def _entries() -> tuple[str, Entries]:
    """Rules parsed now (app.tcss and a widget's DEFAULT_CSS), not the shipped file's."""
    from briefreader.tui.widgets.article_view import ArticleView

    variables = _default_variables()
    stylesheet = Stylesheet(variables=variables)
    sources = [
        ((Path(css_cache.__file__).with_name("app.tcss")).read_text(), False, 0, ""),
        (ArticleView.DEFAULT_CSS, True, 0, "ArticleView"),
    ]
    entries: Entries = {
        key: stylesheet._parse_rules(key[0], ("", "t"), key[1], key[2], key[3]) for key in sources
    }
    return variables_key(variables), entries


def _write_raw(path: Path, variables: str, payload: bytes) -> None:
    path.write_bytes(css_cache._header(variables, payload) + payload)


def test_a_planted_file_cannot_run_code(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    key, _ = _entries()
    planted = tmp_path / "planted.cache"
    for thing in (
        {("x", True, 0, ""): [_Planted(marker)]},
        {("x", True, 0, ""): [(getattr, ("a", "upper"))]},
    ):
        _write_raw(planted, key, pickle.dumps(thing))
        with pytest.raises(Miss, match="names"):
            read_file(planted, key)
    assert not marker.exists()


@pytest.mark.parametrize(
    "damage",
    [
        "header",
        "payload byte",
        "textual",
        "variables",
        "format",
        "shape",
        "not a rule",
        "unknown style",
        "enum value",
    ],
)
def test_a_file_it_cannot_trust_is_refused(tmp_path: Path, damage: str) -> None:
    key, entries = _entries()
    path = tmp_path / "c.cache"
    write_file(path, key, entries)
    data = path.read_bytes()
    head_end = data.index(b"\n", len(css_cache.MAGIC)) + 1
    head = json.loads(data[len(css_cache.MAGIC) : head_end])
    payload = data[head_end:]
    plain = pickle.loads(payload)
    first = next(iter(plain))
    if damage == "header":
        path.write_bytes(css_cache.MAGIC + b"{not json\n" + payload)
    elif damage == "payload byte":
        path.write_bytes(data[:-10] + bytes([data[-10] ^ 1]) + data[-9:])
    elif damage in ("textual", "variables", "format"):
        head[damage] = 99 if damage == "format" else "0" * 64
        path.write_bytes(css_cache.MAGIC + json.dumps(head).encode() + b"\n" + payload)
    else:
        rule = list(plain[first][0])
        if damage == "shape":
            rule[2] = "many"  # the change count
        elif damage == "not a rule":
            rule = ["x"]
        elif damage == "unknown style":
            rule[1] = {"no_such_style": 1}
        else:
            sets = rule[0]
            selector = list(sets[0][0][0])
            selector[2] = 99  # no such selector type
            rule[0] = (((tuple(selector),), sets[0][1]),)
        plain[first] = [tuple(rule) if damage != "not a rule" else rule]
        _write_raw(path, key, pickle.dumps(plain))
    with pytest.raises(Miss):
        read_file(path, key)
    store = CssStore(tmp_path, shipped=path)
    assert store.get(key, first) is None  # refused, never raised
    assert store.reasons


# -- the app --------------------------------------------------------------------------
def _user_files(home: Path) -> list[Path]:
    folder = home / "cache" / "css"
    return sorted(folder.iterdir()) if folder.is_dir() else []


async def test_the_first_start_parses_nothing_and_writes_nothing(
    brief: Brief, briefreader_home: Path
) -> None:
    _skip_unless_made_with_this_textual()
    app = BriefReaderApp(brief)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        stylesheet = app.stylesheet
        assert isinstance(stylesheet, CachedStylesheet)
        assert stylesheet.store.used and not stylesheet.store.reasons
        assert not stylesheet.store.missed
    assert _user_files(briefreader_home) == []


async def test_a_start_that_parsed_writes_a_cache_the_next_start_uses(
    brief: Brief, briefreader_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(css_cache, "SHIPPED", briefreader_home / "none.cache")
    app = BriefReaderApp(brief)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first = app.stylesheet
        assert isinstance(first, CachedStylesheet)
        parsed = {
            key: _shape(rules) for key, rules in first.store.used[first._variables_key].items()
        }
    _join_writer()
    files = _user_files(briefreader_home)
    assert len(files) == 1
    assert not first.store.reasons

    app = BriefReaderApp(brief)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        second = app.stylesheet
        assert isinstance(second, CachedStylesheet)
        assert not second.store.missed and not second.store.reasons
        used = second.store.used[second._variables_key]
        assert {key: _shape(rules) for key, rules in used.items()} == parsed


async def test_a_damaged_user_cache_is_parsed_around(brief: Brief, briefreader_home: Path) -> None:
    _skip_unless_made_with_this_textual()
    store = CssStore(css_cache.user_cache_dir(), SHIPPED)
    key = variables_key(_default_variables())
    path = store.user_file(key)
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_bytes(css_cache.MAGIC + b"garbage")
    app = BriefReaderApp(brief)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        stylesheet = app.stylesheet
        assert isinstance(stylesheet, CachedStylesheet)
        assert any("damaged" in r for r in stylesheet.store.reasons)  # then the shipped one
        assert not stylesheet.store.missed


async def test_a_theme_switch_gives_the_new_themes_rules(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.pause()
        stylesheet = app.stylesheet
        assert isinstance(stylesheet, CachedStylesheet)
        plain = Stylesheet(variables=app.get_css_variables())
        for read_from, source in stylesheet.source.items():
            plain.add_source(
                source.content, read_from, source.is_defaults, source.tie_breaker, source.scope
            )
        assert _shape(stylesheet.rules) == _shape(plain.rules)
        light = variables_key(app.get_css_variables())
        assert stylesheet._variables_key == light != variables_key(_default_variables())


def test_entries_made_under_other_variables_are_not_used() -> None:
    variables = _default_variables()
    stylesheet = CachedStylesheet(variables=variables, store=CssStore(None, SHIPPED))
    css = "Screen { background: $primary; }"
    first = stylesheet._parse_rules(css, ("", "t"))
    other = dict(variables, primary="#123456")
    stylesheet.set_variables(other)
    second = stylesheet._parse_rules(css, ("", "t"))
    assert styles_rules(first[0].styles) != styles_rules(second[0].styles)
    assert _shape(second) == _shape(Stylesheet(variables=other)._parse_rules(css, ("", "t")))


def test_rules_with_errors_are_not_kept() -> None:
    stylesheet = CachedStylesheet(variables=_default_variables())
    rules = stylesheet._parse_rules("Screen { colour: red; }", ("", "t"))
    assert any(rule.errors for rule in rules)
    assert not stylesheet.store.used


def _join_writer() -> None:
    for thread in threading.enumerate():
        if thread.name == "css-cache":
            thread.join()


async def test_a_start_under_the_users_theme_is_cached_after_the_first(
    brief: Brief, briefreader_home: Path
) -> None:
    app = BriefReaderApp(brief, theme="textual-light")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first = app.stylesheet
        assert isinstance(first, CachedStylesheet)
        light = variables_key(app.get_css_variables())
        assert first._variables_key == light and light in first.store.missed | set(first.store.used)
    _join_writer()
    assert _user_files(briefreader_home)  # light (and dark, if the shipped file is stale)

    app = BriefReaderApp(brief, theme="textual-light")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        second = app.stylesheet
        assert isinstance(second, CachedStylesheet)
        assert not second.store.missed  # dark from the shipped file, light from the user's
        plain = Stylesheet(variables=app.get_css_variables())
        for read_from, source in second.source.items():
            plain.add_source(
                source.content, read_from, source.is_defaults, source.tie_breaker, source.scope
            )
        assert _shape(second.rules) == _shape(plain.rules)


def test_a_reparse_of_invalid_css_fails_as_textuals_does() -> None:
    from textual.css.stylesheet import StylesheetParseError

    def steps(stylesheet: Stylesheet) -> list[Any]:
        seen: list[Any] = []
        stylesheet.add_source("Screen { width: 3; }", ("", "a"))
        stylesheet.reparse()
        seen.append(_shape(stylesheet.rules))
        stylesheet.add_source("Screen { colour: red; }", ("", "b"))
        for action in (stylesheet.reparse, lambda: stylesheet.rules):
            try:
                action()
                seen.append("ok")
            except StylesheetParseError:
                seen.append("error")
        seen.append(sorted(stylesheet.source))
        return seen

    variables = _default_variables()
    assert steps(CachedStylesheet(variables=variables)) == steps(Stylesheet(variables=variables))


def test_a_rewrite_keeps_the_entries_this_start_did_not_use(tmp_path: Path) -> None:
    variables = _default_variables()
    key = variables_key(variables)
    css = [f"Screen {{ width: {n}; }}" for n in (1, 2, 3)]
    first = CssStore(tmp_path)
    stylesheet = CachedStylesheet(variables=variables, store=first)
    for text in css[:2]:
        stylesheet._parse_rules(text, ("", "t"))
    first.save(first.pending())

    second = CssStore(tmp_path)
    stylesheet = CachedStylesheet(variables=variables, store=second)
    stylesheet._parse_rules(css[0], ("", "t"))  # from the file
    stylesheet._parse_rules(css[2], ("", "t"))  # parsed: the file is written again
    assert second.missed == {key}
    second.save(second.pending())
    path = second.user_file(key)
    assert path is not None
    assert {k[0] for k in read_file(path, key)} == set(css)  # the unused one kept
    assert not first.reasons and not second.reasons


def test_remaking_the_shipped_file_runs_under_a_fixed_hash_seed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Sets of names are pickled in iteration order: only a fixed seed gives the same
    bytes for the same rules, so ``main`` re-executes itself with one first."""

    class Exec(Exception):
        pass

    calls: list[tuple[str, list[str], dict[str, str]]] = []

    def execve(path: str, argv: list[str], env: dict[str, str]) -> None:
        calls.append((path, argv, env))
        raise Exec

    def collect(*args: object, **kwargs: object) -> None:
        raise AssertionError("collected before re-executing: the shipped file is at risk")

    monkeypatch.setattr(os, "execve", execve)
    # Were the re-exec ever dropped, main would go on to collect and overwrite the
    # shipped cache; this makes that a failure instead.
    monkeypatch.setattr(css_cache, "collect", collect)
    monkeypatch.delenv("PYTHONHASHSEED", raising=False)
    with pytest.raises(Exec):
        css_cache.main()
    ((path, argv, env),) = calls
    assert path == argv[0] == sys.executable
    assert argv[1:] == ["-m", "briefreader.tui.css_cache"]
    assert env["PYTHONHASHSEED"] == "0"
