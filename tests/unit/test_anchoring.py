"""Anchors survive edits of the article: exact, moved, fuzzy, or reported lost."""

from __future__ import annotations

from briefreader.core.anchoring import make_anchor, place
from briefreader.core.brief import Paragraph
from briefreader.core.sentences import sentence_at, sentences


def paras(*texts: str) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(i + 1, "body", t) for i, t in enumerate(texts))


TEXT = paras(
    "The alliance met in Vilnius. Leaders agreed on a plan.",
    "Japan sent observers. The plan was criticised by Beijing.",
)


def test_exact_when_unchanged() -> None:
    a = make_anchor(TEXT, 2, 22, 57)
    assert a.quote == "The plan was criticised by Beijing."
    assert a.prefix.endswith("observers. ") and a.suffix == ""
    assert place(a, TEXT).status == "exact"
    assert place(a, TEXT).span == (2, 22, 57)


def test_moved_when_paragraphs_inserted_and_text_shifted() -> None:
    a = make_anchor(TEXT, 2, 22, 57)
    edited = paras(
        "A new first paragraph.", TEXT[0].text, "Then Japan sent observers. " + TEXT[1].text[22:]
    )
    where = place(a, edited)
    assert where.status == "moved" and where.span is not None
    n, s, e = where.span
    assert n == 3 and edited[2].text[s:e] == a.quote


def test_context_picks_the_right_duplicate() -> None:
    text = paras("Yes. The plan. No.", "Maybe. The plan. Later.")
    a = make_anchor(text, 2, 7, 16)
    edited = paras("Intro.", "Yes. The plan. No.", "Maybe. The plan. Later.")
    assert place(a, edited).span == (3, 7, 16)


def test_whitespace_and_case_changes_still_match() -> None:
    a = make_anchor(TEXT, 1, 0, 28)
    edited = paras("the  alliance met in\tVilnius. Leaders agreed on a plan.", TEXT[1].text)
    where = place(a, edited)
    assert where.status == "moved" and where.span == (1, 0, 29)


def test_small_edit_is_fuzzy() -> None:
    a = make_anchor(TEXT, 2, 22, 57)
    edited = paras(
        TEXT[0].text, "Japan sent observers. The plan was strongly criticised by Beijing."
    )
    where = place(a, edited)
    assert where.status == "fuzzy" and where.span is not None and where.span[0] == 2
    assert (
        edited[1].text[where.span[1] : where.span[2]]
        == "The plan was strongly criticised by Beijing."
    )


def test_removed_text_is_lost_not_misplaced() -> None:
    a = make_anchor(TEXT, 2, 22, 57)
    where = place(a, paras("Something else entirely.", "Nothing about it here."))
    assert where.status == "lost" and where.span is None and not where.placed


def test_sentences_split_and_skip_abbreviations() -> None:
    text = "Mr. Smith went to the U.S. in May. He met J. Doe! Was it “fine?” Yes it was"
    spans = sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Mr. Smith went to the U.S. in May.",
        "He met J. Doe!",
        "Was it “fine?”",
        "Yes it was",
    ]
    assert sentence_at(text, 0) == 0 and sentence_at(text, 40) == 1 and sentence_at(text, 999) == 3


def test_sentences_of_blank_and_one_sentence() -> None:
    assert sentences("") == [] and sentences("   ") == []
    assert sentences("  One sentence.  ") == [(2, 15)]
