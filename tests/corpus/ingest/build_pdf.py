"""Build a PDF fixture from a public-domain article (no suitable real PDF was reachable).

Usage: python build_pdf.py SOURCE OUT.pdf "RUNNING HEADER" ["TITLE" [YYYY-MM-DD]]

SOURCE is any article briefreader reads (the corpus's own .txt/.md files); its
paragraphs are laid out the way office software prints a report: a large bold
title, bold headings, justified body paragraphs with space between them, list
items with bullets, a small running header on every page and "Page N of M"
footers. fpdf2's core fonts are Latin-1 only, so typographic quotes and dashes
are written as their ASCII look-alikes.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

from briefreader.core.ingest import load_source

ASCII = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "—": "--",
        "–": "-",
        "…": "...",
        "\u00a0": " ",
        "\u2060": "",
    }
)


def latin(text: str) -> str:
    return text.translate(ASCII).encode("latin-1", "replace").decode("latin-1")


class Report(FPDF):
    running = ""

    def header(self) -> None:
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, latin(self.running), align="R", new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("Helvetica", size=8)
        self.cell(0, 8, f"Page {self.page_no()} of {{nb}}", align="C")


def build(
    source: Path, out: Path, running: str, title: str | None = None, date: str | None = None
) -> None:
    article = load_source(source)
    title = title or article.title
    pdf = Report(format="Letter")
    pdf.running = running
    pdf.set_title(latin(title))
    if article.metadata.author:
        pdf.set_author(latin(article.metadata.author))
    when = datetime.fromisoformat(date) if date else article.metadata.published
    if when is not None:
        pdf.set_creation_date(when.replace(tzinfo=UTC))
    pdf.set_margins(25, 20, 25)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(0, 9, latin(title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    for para in article.paragraphs:
        if para.text.startswith("President:"):
            continue  # the source file's own label line, not part of the message
        if para.kind == "heading":
            pdf.ln(2)
            pdf.set_font("Helvetica", "B", 13)
            pdf.multi_cell(0, 7, latin(para.text), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
            continue
        pdf.set_font("Helvetica", size=11)
        text = latin(("- " if para.kind == "item" else "") + para.text)
        pdf.multi_cell(0, 5.5, text, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3.5)
    pdf.output(str(out))


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]), *sys.argv[3:6])
