"""Grading typed answers: a table of real answers from the bundled brief, and properties."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from briefreader.study.grading import Grade, diff, grade, normalize

ROK = ("ROK and Japan", "Japan and the ROK", "South Korea and Japan", "Japan and South Korea")

# (response, answer, accept, expected verdict): answers and accepts as in the brief's cards
# and cloze gaps. "exact" and "close" rows must pass; "wrong" rows must fail.
TABLE = [
    ("30", "30", ("thirty",), "exact"),
    ("thirty", "30", ("thirty",), "exact"),
    ("Thirty", "30", (), "exact"),
    ("31", "30", ("thirty",), "wrong"),
    ("thirty-one", "30", ("thirty",), "wrong"),
    ("1 billion", "one billion", ("1 billion", "a billion"), "exact"),
    ("1,000,000,000", "one billion", (), "exact"),
    ("a billion", "one billion", (), "exact"),
    ("two billion", "one billion", ("1 billion",), "wrong"),
    ("1", "one billion", (), "wrong"),
    ("eight billion", "8 billion", (), "exact"),
    ("7 billion", "8 billion", ("eight billion",), "wrong"),
    ("8 million", "8 billion", (), "wrong"),
    ("Keio Univeristy", "Keio University", (), "close"),
    ("keio university", "Keio University", (), "exact"),
    ("Keio", "Keio University", (), "wrong"),
    ("University", "Keio University", (), "wrong"),
    ("ROK and Japan", "the ROK and Japan", ROK, "exact"),
    ("Japan and ROK", "ROK and Japan", (), "close"),
    ("Japan", "the ROK and Japan", ROK, "wrong"),
    ("ROK", "ROK, Japan, Australia and New Zealand", (), "wrong"),
    ("Japan, ROK, New Zealand and Australia", "ROK, Japan, Australia and New Zealand", (), "close"),
    ("Austria and New Zealand", "Australia and New Zealand", (), "wrong"),
    ("AP4", "AP4", (), "exact"),
    ("ap4", "AP4", (), "exact"),
    ("AP5", "AP4", (), "wrong"),
    ("RK", "ROK", (), "wrong"),
    ("ROKK", "ROK", (), "wrong"),
    (
        "CAS",
        "the Chinese Academy of Social Sciences",
        ("Chinese Academy of Social Sciences", "CASS"),
        "wrong",
    ),
    (
        "cass",
        "the Chinese Academy of Social Sciences",
        ("Chinese Academy of Social Sciences", "CASS"),
        "exact",
    ),
    ("Chinese Academy of Social Science", "the Chinese Academy of Social Sciences", (), "close"),
    ("Chinese Academy of Sciences", "the Chinese Academy of Social Sciences", (), "wrong"),
    ("Germany and France", "France and Germany", (), "close"),
    ("France", "France and Germany", ("Germany and France", "France, Germany"), "wrong"),
    ("security and economy", "economy and security", (), "close"),
    ("security, economy and values", "economy and security", (), "wrong"),
    ("bloc confrontation", "bloc confrontation", (), "exact"),
    ("block confrontation", "bloc confrontation", (), "close"),
    ("de-coupling", "decoupling", ("a decoupling",), "close"),
    ("a decoupling", "decoupling", ("a decoupling",), "exact"),
    ("cyber space", "cyberspace", (), "close"),
    ("Fumio Kishda", "Fumio Kishida", (), "close"),
    ("Kishida", "Fumio Kishida", ("Kishida", "the Japanese Prime Minister"), "exact"),
    ("Shinzo Abe", "Fumio Kishida", ("Kishida",), "wrong"),
    ("NATO’s Secretary General", "NATO Secretary General", (), "close"),
    ("Secretary-General", "NATO Secretary General", ("Secretary General",), "exact"),
    ("Japanese", "Chinese", ("Mandarin Chinese",), "wrong"),
    ("Mandarin Chinese", "Chinese", ("Mandarin Chinese",), "exact"),
    ("detente", "détente", (), "exact"),
    ("the Euro-Atlantic and the Indo-Pacific", "euro atlantic and indo pacific", (), "exact"),
    ("managment", "management", (), "close"),
    ("June, 2022", "June 2022", (), "exact"),
    ("June 2021", "June 2022", (), "wrong"),
    ("Britain and Australia", "Australia and Britain", (), "close"),
    ("Britain", "Australia and Britain", (), "wrong"),
    (
        "a New Cold War is popular",
        "a China-targeted New Cold War is unpopular",
        ("the New Cold War is unpopular",),
        "wrong",
    ),
    (
        "the New Cold War is not unpopular",
        "a China-targeted New Cold War is unpopular",
        ("the New Cold War is unpopular",),
        "wrong",
    ),
    (
        "the new cold war is unpopular",
        "a China-targeted New Cold War is unpopular",
        ("the New Cold War is unpopular",),
        "exact",
    ),
    (
        "cart before the horse",
        "putting the cart before the horse",
        ("cart before the horse",),
        "exact",
    ),
    (
        "horse before the cart",
        "putting the cart before the horse",
        ("cart before the horse",),
        "wrong",
    ),
    ("overhaul the security concept", "an overhaul of the security concept", (), "close"),
    ("Huanqiu.com", "huanqiu.com", ("huanqiu",), "exact"),
    ("xinhuanet.com", "huanqiu.com", ("huanqiu",), "wrong"),
    ("the", "the ROK and Japan", (), "wrong"),
    ("", "30", ("thirty",), "wrong"),
    ("   ", "Keio University", (), "wrong"),
    ("first", "1st", (), "exact"),
    ("Cross Atlantic", "cross-Atlantic", (), "exact"),
    ("transatlantic", "cross-Atlantic", (), "wrong"),
    ("arms control", "arms control", (), "exact"),
    ("arms controls", "arms control", (), "close"),
    ("cyberspace", "arms control", (), "wrong"),
]


@pytest.mark.parametrize(("response", "answer", "accept", "verdict"), TABLE)
def test_table(response: str, answer: str, accept: tuple[str, ...], verdict: str) -> None:
    result = grade(response, answer, accept)
    assert result.verdict == verdict, result
    assert result.correct == (verdict != "wrong")
    assert 0 <= result.score <= 100
    assert result.target in (answer, *accept)


def test_table_is_big_and_balanced() -> None:
    verdicts = [row[3] for row in TABLE]
    assert len(TABLE) >= 25
    assert {v: verdicts.count(v) >= 10 for v in ("exact", "close", "wrong")} == {
        "exact": True,
        "close": True,
        "wrong": True,
    }


def test_best_target_is_reported() -> None:
    result = grade("thirty", "30", ("thirty",))
    assert result == Grade("exact", 100.0, "30", (("same", "30"),))
    assert grade("Germany and France", "France and Germany", ("Germany and France",)).target == (
        "Germany and France"
    )


def test_normalize_examples() -> None:
    assert normalize("  The NATO’s “New Cold War” – U.S.!  ") == "natos new cold war us"
    assert normalize("one billion") == normalize("1 billion") == normalize("1,000,000,000")
    assert normalize("twenty-one") == "21"
    assert normalize("a hundred and five") == "100 and 5"
    assert normalize("1.5 million") == "1500000"
    assert normalize("30%") == "30 percent"
    assert normalize("Détente") == "detente"
    assert normalize("one two") == "1 2"  # separate numbers stay separate


def test_diff_shows_what_differed() -> None:
    assert diff("Keio Univeristy", "Keio University") == (
        ("same", "Keio Univer"),
        ("changed", "is→si"),
        ("same", "ty"),
    )
    assert diff("30", "31") == (("changed", "30→31"),)
    assert diff("ROK", "ROK and Japan") == (("same", "ROK "), ("missing", "and Japan"))
    assert diff("the ROK and China", "ROK and Japan") == (
        ("same", "ROK and "),
        ("changed", "China→Japan"),
    )
    assert grade("", "Keio University").diff == (("missing", "Keio University"),)


# --------------------------------------------------------------------------- properties

answers = st.text(min_size=1, max_size=40).filter(lambda s: s.strip() != "")


@given(answers)
def test_an_answer_is_exact_for_itself(answer: str) -> None:
    assert grade(answer, answer).verdict == "exact"


@given(st.text(max_size=60))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(st.text(max_size=40), st.text(max_size=40), st.lists(st.text(max_size=20), max_size=3))
def test_grade_never_raises(response: str, answer: str, accept: list[str]) -> None:
    result = grade(response, answer, accept)
    assert result.verdict in ("exact", "close", "wrong")
    assert 0 <= result.score <= 100
    assert all(op in ("same", "missing", "extra", "changed") for op, _ in result.diff)


@given(st.from_regex(r"[A-Za-z]{2,12}( [A-Za-z]{2,12}){0,3}", fullmatch=True))
def test_case_and_punctuation_never_matter(answer: str) -> None:
    assert grade(answer.swapcase() + "!", answer).verdict == "exact"
    assert grade(f"“{answer}.”", answer).verdict == "exact"


@given(st.integers(0, 10**12), st.integers(0, 10**12))
def test_different_numbers_are_wrong(a: int, b: int) -> None:
    verdict = grade(str(a), str(b)).verdict
    assert verdict == ("exact" if a == b else "wrong")
    assert grade(f"{a:,}", str(a)).verdict == "exact"


@example("\u1fe2")  # casefolds to three code points that NFKC composes again
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_normalize_output_is_plain(text: str) -> None:
    out = normalize(text)
    assert out == out.strip() and "  " not in out
    assert unicodedata.normalize("NFKC", out) == out
