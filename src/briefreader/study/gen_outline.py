"""Generated cards from the outline (category ``outline`` / ``stance``).

* **Stance** (``gen.stance.<point>``, choice between *a fact the article reports*
  and *the author's claim*, always in that order): *“…quote…” — reported fact, or
  the author's claim?* for each point of :func:`stance_points` (where the text
  mixes report and argument, telling them apart is the lesson), quoting its first
  anchor of 5 words or more in a body paragraph (never a sentence the source
  cuts off). The point's summary is shown after the answer. Skipped when a
  curated card already asks for that point's stance.
* **Sequences** (see :func:`sequence_points`). Per child: ``gen.evidence.<child>``
  (choice among the sibling titles: a quote from the child's sub-points, else
  from the child, *which challenge does this passage support?*) and
  ``gen.nth.<child>`` (choice among the sibling titles: *What is the second
  challenge?*); per sequence ``gen.order.<parent>`` (``order``: the child titles in
  order). Leading numbers (``1. ``) are stripped; a step card with fewer than 3
  options becomes a ``flip`` card.

The deck keeps a generated outline card only while its point has fewer than 3
cards (see :func:`~.cards.build_deck`), so curated cards win.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..core.brief import Anchor, Brief, OutlinePoint
from ..core.words import squash
from .gen_entries import distinct, sha, shuffled
from .masking import gives_away
from .model import CardKind, StudyCard

MAX_QUOTE = 160  # longest anchor quote shown in a prompt
MIN_QUOTE_WORDS = 5
REPORTED = "a fact the article reports"
AUTHOR = "the author's claim"
STANCE_OPTIONS = (REPORTED, AUTHOR)
STANCE_QUESTION = "Reported fact, or the author's claim?"

_NUMBER_WORDS = ("two", "three", "four", "five", "six")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")
_TITLE_NUMBER = re.compile(r"^\s*(\d+)[.)]\s+")


def _summary(point: OutlinePoint) -> str:
    return squash(point.summary)


# --------------------------------------------------------------------------- stance


def _body_quote(brief: Brief, point: OutlinePoint) -> Anchor | None:
    for anchor in point.anchors:
        if not anchor.quote or len(anchor.quote.split()) < MIN_QUOTE_WORDS:
            continue
        if len(anchor.quote) > MAX_QUOTE or not 1 <= anchor.paragraph <= len(brief.paragraphs):
            continue
        paragraph = brief.paragraphs[anchor.paragraph - 1]
        if paragraph.kind != "body":
            continue
        if paragraph.truncated and anchor.end is not None and anchor.end >= len(paragraph.text):
            continue  # the sentence the source cuts off
        return anchor
    return None


def stance_points(brief: Brief) -> list[OutlinePoint]:
    """Leaf points whose stance differs from their parent's or a sibling's, and
    parents whose stance differs from all their children's (where the text mixes
    report and argument), in outline order."""
    out: list[OutlinePoint] = []

    def visit(point: OutlinePoint, parent: OutlinePoint | None, siblings: set[str]) -> None:
        children = {c.stance for c in point.children}
        if children:  # a parent: when it stands apart from all its children
            if point.stance not in children:
                out.append(point)
        elif (siblings | ({parent.stance} if parent else set())) - {point.stance}:
            out.append(point)
        stances: set[str] = {c.stance for c in point.children}
        for child in point.children:
            visit(child, point, stances)

    for top in brief.outline:  # top-level points: compared with their children only
        visit(top, None, set())
    return out


def stance_card(brief: Brief, point: OutlinePoint) -> StudyCard | None:
    anchor = _body_quote(brief, point)
    if anchor is None or point.stance not in ("reported", "author"):
        return None  # no quote to show, or a stance nobody has set yet
    return StudyCard(
        id=f"gen.stance.{point.id}",
        kind="choice",
        prompt=f"“{anchor.quote}”",
        answer=AUTHOR if point.stance == "author" else REPORTED,
        source="generated",
        category="stance",
        options=STANCE_OPTIONS,
        evidence=(anchor,),
        point=point.id,
        context=f"¶ {anchor.paragraph} — {STANCE_QUESTION}",
        note=_summary(point),
        siblings=(f"point:{point.id}",),
    )


def stance_cards(brief: Brief, skip: set[str]) -> list[StudyCard]:
    """Stance cards for :func:`stance_points` not in ``skip`` (point ids)."""
    cards = (stance_card(brief, p) for p in stance_points(brief) if p.id not in skip)
    return [c for c in cards if c is not None]


# --------------------------------------------------------------------------- sequences


def _sequence_noun(point: OutlinePoint) -> tuple[str, str] | None:
    """``(count word, plural noun)`` when the title says how many children it has,
    e.g. ("three", "challenges") for "Three challenges" with 3 children."""
    n = len(point.children)
    count_words = {_NUMBER_WORDS[n - 2], str(n)}
    words = point.title.split()
    for i, word in enumerate(words[:-1]):
        if word.casefold() in count_words:
            return _NUMBER_WORDS[n - 2], re.sub(r"\W+$", "", words[i + 1])
    return None


def _numbered(children: Sequence[OutlinePoint]) -> bool:
    numbers = [_TITLE_NUMBER.match(c.title) for c in children]
    return all(m is not None and int(m.group(1)) == i for i, m in enumerate(numbers, start=1))


def sequence_points(brief: Brief) -> list[OutlinePoint]:
    """Outline points whose children form a numbered sequence: 2 to 6 children, and
    either the children's titles are numbered ``1.``, ``2.``, ... in order or the
    point's title states their count (``Three challenges`` with 3 children).
    In the bundled brief this picks ``challenges`` and nothing else."""
    return [
        p
        for p in brief.outline_points()
        if 2 <= len(p.children) <= 6 and (_numbered(p.children) or _sequence_noun(p))
    ]


def step_title(point: OutlinePoint) -> str:
    """An outline title without its leading ``1.``-style number."""
    return _TITLE_NUMBER.sub("", point.title, count=1).strip()


def _quote_for(child: OutlinePoint, title: str) -> Anchor | None:
    """A short quote supporting ``child`` that does not name it: from its sub-points
    first (the child's own first anchor usually names the step, "First, ...")."""
    candidates = [a for sub in child.children for a in sub.anchors]
    candidates += list(child.anchors[1:]) + list(child.anchors[:1])
    for anchor in candidates:
        if (
            anchor.quote
            and len(anchor.quote) <= MAX_QUOTE
            and not gives_away(anchor.quote, [title])
        ):
            return anchor
    return None


def _step_card(
    card_id: str,
    step: OutlinePoint,
    titles: Sequence[str],
    *,
    prompt: str,
    evidence: tuple[Anchor, ...],
    context: str,
) -> StudyCard:
    """A card whose answer is ``step``'s title: a choice among the other steps' titles
    (picked and shuffled by ``card_id``, so the same every time), or a flip card when
    there are too few."""
    answer = step_title(step)
    pick = sorted(distinct(titles, exclude=(answer,)), key=lambda t: sha(card_id, t))[:3]
    options = shuffled(card_id, [answer, *pick])
    kind: CardKind = "choice" if len(options) >= 3 else "flip"
    return StudyCard(
        id=card_id,
        kind=kind,
        prompt=prompt,
        answer=answer,
        source="generated",
        category="outline",
        options=options if kind == "choice" else (),
        evidence=evidence,
        point=step.id,
        context=context,
        siblings=(f"point:{step.id}",),
    )


def sequence_cards(brief: Brief) -> list[StudyCard]:
    """Cards on each numbered sequence of the outline (see :func:`sequence_points`)."""
    out: list[StudyCard] = []
    for parent in sequence_points(brief):
        noun = _sequence_noun(parent)
        count, plural = noun if noun else (_NUMBER_WORDS[len(parent.children) - 2], "points")
        singular = plural[:-1] if plural.endswith("s") and len(plural) > 3 else plural
        titles = distinct(step_title(c) for c in parent.children)
        if len(titles) != len(parent.children):
            continue  # two steps with the same title cannot be told apart
        context = _summary(parent)
        for i, child in enumerate(parent.children):
            quote = _quote_for(child, step_title(child))
            if quote is not None:
                card = _step_card(
                    f"gen.evidence.{child.id}",
                    child,
                    titles,
                    prompt=f"“{quote.quote}”",
                    evidence=(quote,),
                    context=f"Which {singular} does this passage support?",
                )
                out.append(card)
            card = _step_card(
                f"gen.nth.{child.id}",
                child,
                titles,
                prompt=f"What is the {_ORDINALS[i]} {singular}?",
                evidence=child.anchors[:1],
                context=context,
            )
            out.append(card)
        out.append(
            StudyCard(
                id=f"gen.order.{parent.id}",
                kind="order",
                prompt=f"Put the {count} {plural} in order",
                answer="; ".join(titles),
                source="generated",
                category="outline",
                items=tuple(titles),
                evidence=parent.anchors + tuple(c.anchors[0] for c in parent.children if c.anchors),
                point=parent.id,
                context=context,
                siblings=(f"point:{parent.id}",),
            )
        )
    return out
