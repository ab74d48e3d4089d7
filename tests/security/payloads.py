"""A brief with terminal payloads in every free-text field, for the security tests.

Every payload is written as YAML double-quoted escapes (so it only exists *after*
parsing) and the article carries the same bytes raw. :func:`leaks` lists what reached
a terminal: a sequence from the payload, a raw C1 control, a bidi override/isolate or
a tag character.
"""

from __future__ import annotations

import re
from pathlib import Path

#: The payload as YAML double-quoted escapes: OSC 0/2/52, CSI 2J, SGR, raw C1 CSI,
#: bidi override and isolate, tag characters, Rich markup.
YAML_PAYLOAD = (
    r"\e]0;PWN0\a\e]2;PWN2\a\e]52;c;UFdORUQ=\a\e[2JPWNCLS\e[5;31mPWNSGR"
    r"\x9b5;31mPWNC1\u202ePWNBIDI\u2066x\u2069\U000E0041\U000E007F\N [bold]PWNMARK[/bold]"
)
#: The same characters, raw (for the article and file names).
RAW_PAYLOAD = (
    "\x1b]0;PWN0\x07\x1b]2;PWN2\x07\x1b]52;c;UFdORUQ=\x07\x1b[2JPWNCLS\x1b[5;31mPWNSGR"
    "\x9b5;31mPWNC1\u202ePWNBIDI\u2066x\u2069\U000e0041\U000e007f\x85 [bold]PWNMARK[/bold]"
)
MARKUP = "[bold]PWNMARK"
#: A brief file name carrying ESC (an OSC 0 title sequence).
FILE_NAME = "evil\x1b]0;PWNFILE\x07.yaml"
#: A bare article file name carrying ESC.
ARTICLE_NAME = "art\x1b]0;PWNFILE\x07.txt"

#: Sequences that must never reach a terminal.
FORBIDDEN = (
    "\x1b]0;PWN",
    "\x1b]2;PWN",
    "\x1b]52;c;UFdORUQ=",
    "\x1b[2JPWNCLS",
    "\x1b[5;31mPWNSGR",
    "\x1b]0;PWNFILE",
)
_NEVER_RE = re.compile("[\x80-\x9f\u202a-\u202e\u2066-\u2069\U000e0000-\U000e007f]")

ARTICLE = f"""\
Payload article {RAW_PAYLOAD}

Source
Wire {RAW_PAYLOAD}

By Ada Writer

NATO leaders met in Madrid {RAW_PAYLOAD} today. Japan spoke about decoupling {RAW_PAYLOAD}.

Second paragraph: NATO again, Japan again, decoupling again.
"""


def q(label: str) -> str:
    """A YAML double-quoted scalar: ``label`` then the payload."""
    return f'"{label} {YAML_PAYLOAD}"'


def brief_yaml(article: str = "article.txt", *, in_quotes: bool = False) -> str:
    """The payload brief. ``in_quotes``: quotes and cloze text carry the payload too
    (they then match the article only because both are cleaned the same way)."""
    p = f" {YAML_PAYLOAD}" if in_quotes else ""
    today = " today" if in_quotes else ""
    return f"""\
format: 1
article: {article}
metadata:
  title: {q("Title")}
  source: {q("Source")}
  editor: {q("Editor")}
  author: {q("Author")}
  original_publication: {q("Original")}
  about: {q("About")}
glossary:
  - id: decoupling
    term: decoupling
    aliases: [{q("decoupling alias")}]
    definition: {q("Definition")}
    note: {q("Note")}
actors:
  - id: nato
    name: NATO
    aliases: [{q("NATO alias")}]
    kind: organisation
    role: {q("Role")}
    description: {q("Description")}
    note: {q("Actor note")}
outline:
  - id: meeting
    title: {q("Point title")}
    summary: {q("Point summary")}
    stance: reported
    anchors:
      - paragraph: 1
      - quote: "met in Madrid{p}{today}"
    children:
      - id: speech
        title: {q("Child title")}
        summary: {q("Child summary")}
        stance: author
        anchors: [{{quote: "decoupling{p}"}}]
cards:
  - id: where
    prompt: {q("Prompt")}
    answer: {q("Answer")}
    accept: [{q("Accepted")}]
    distractors: [{q("Distractor one")}, {q("Distractor two")}]
    point: meeting
    evidence:
      - quote: "Madrid{p}{today}"
cloze:
  - id: gap
    text: "leaders met in {{{{c1::Madrid}}}}{p}{today}"
    point: speech
"""


def write_brief(folder: Path, name: str = FILE_NAME, *, in_quotes: bool = False) -> Path:
    """The payload brief (and its article) in ``folder``; returns the brief's path."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    path = folder / name
    path.write_text(brief_yaml(in_quotes=in_quotes), encoding="utf-8")
    return path


def leaks(output: str) -> list[str]:
    """Everything in terminal ``output`` that came from a payload (empty when safe)."""
    found = [seq for seq in FORBIDDEN if seq in output]
    found += sorted({f"U+{ord(c):04X}" for c in _NEVER_RE.findall(output)})
    return found
