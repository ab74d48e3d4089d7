"""MathML as one line of text (for the formulas trafilatura would drop)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree  # type: ignore[import-untyped]

from briefreader.core.ingest.mathml import linear


def math(body: str) -> str:
    root = etree.fromstring(f'<math xmlns="http://www.w3.org/1998/Math/MathML">{body}</math>')
    return linear(root)


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("<mi>N</mi>", "N"),
        (
            "<msub><mi>x</mi><mn>1</mn></msub><mo>,</mo><mo>…</mo><mo>,</mo>"
            "<msub><mi>x</mi><mi>N</mi></msub>",
            "x_1,…,x_N",
        ),
        ("<msub><mi>p</mi><mrow><mi>i</mi><mi>j</mi></mrow></msub>", "p_ij"),
        ("<msub><mi>p</mi><mrow><mi>j</mi><mo>|</mo><mi>i</mi></mrow></msub>", "p_(j|i)"),
        ("<msubsup><mi>σ</mi><mi>i</mi><mn>2</mn></msubsup>", "σ_i^2"),
        ("<msup><mi>R</mi><mi>d</mi></msup>", "R^d"),
        # a relation at the top gets spaces; inside a script it does not
        (
            "<mi>y</mi><mo>∈</mo><msub><mi>x</mi><mrow><mi>k</mi><mo>≠</mo><mi>i</mi></mrow></msub>",
            "y ∈ x_(k≠i)",
        ),
        # fractions: the parts in parentheses unless plain; next to a name, the whole too
        ("<mfrac><mi>a</mi><mi>b</mi></mfrac>", "a/b"),
        (
            "<mfrac><mrow><mi>a</mi><mo>+</mo><mi>b</mi></mrow><mrow><mn>2</mn><mi>N</mi></mrow>"
            "</mfrac>",
            "(a+b)/(2N)",
        ),
        ("<mi>log</mi><mo>\u2061</mo><mrow><mfrac><mi>p</mi><mi>q</mi></mfrac></mrow>", "log(p/q)"),
        ("<munder><mo>∑</mo><mi>i</mi></munder><msub><mi>q</mi><mi>i</mi></msub>", "∑_i q_i"),
        (
            "<munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi>"
            "</munderover><mi>i</mi>",
            "∑_(i=1)^n i",
        ),
        ("<msqrt><mi>x</mi><mo>+</mo><mn>1</mn></msqrt>", "√(x+1)"),
        ("<mroot><mi>x</mi><mn>3</mn></mroot>", "3√x"),
        ("<mfenced open='[' close=']'><mi>a</mi><mi>b</mi></mfenced>", "[a,b]"),
        (
            "<mtable><mtr><mtd><mn>1</mn></mtd><mtd><mn>0</mn></mtd></mtr>"
            "<mtr><mtd><mn>0</mn></mtd><mtd><mn>1</mn></mtd></mtr></mtable>",
            "1, 0; 0, 1",
        ),
        # the TeX annotation is not read; the presentation is
        (
            "<semantics><mi>x</mi><annotation encoding='application/x-tex'>\\xi</annotation>"
            "</semantics>",
            "x",
        ),
        ("<msub><mi>p</mi><mi>ij</mi></msub><mi>log</mi>", "p_ij log"),
    ],
)
def test_formulas_read_as_one_line(body: str, text: str) -> None:
    assert math(body) == text


_LEAVES = st.sampled_from(["<mi>x</mi>", "<mn>2</mn>", "<mo>+</mo>", "<mo>=</mo>", "<mi>log</mi>"])


def _tree(depth: int) -> st.SearchStrategy[str]:
    if depth == 0:
        return _LEAVES
    sub = _tree(depth - 1)
    return st.one_of(
        _LEAVES,
        st.lists(sub, min_size=1, max_size=3).map(lambda k: "<mrow>" + "".join(k) + "</mrow>"),
        st.tuples(
            st.sampled_from(["msub", "msup", "mfrac", "munder", "mover", "mroot"]), sub, sub
        ).map(lambda t: f"<{t[0]}>{t[1]}{t[2]}</{t[0]}>"),
        st.tuples(sub, sub, sub).map(lambda t: f"<msubsup>{''.join(t)}</msubsup>"),
        sub.map(lambda s: f"<msqrt>{s}</msqrt>"),
    )


@given(_tree(4))
def test_any_formula_is_one_line_with_every_letter_and_number(body: str) -> None:
    text = math(body)
    assert "\n" not in text and text == text.strip() and "  " not in text
    root = etree.fromstring(f"<math>{body}</math>")
    tokens = [t.text for t in root.iter("mi", "mn")]
    assert sum(text.count(s) for s in ("x", "2")) >= sum(t in ("x", "2") for t in tokens)
