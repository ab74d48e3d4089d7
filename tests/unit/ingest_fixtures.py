"""Small real-format files built in tests: PDFs (fpdf2) and EPUBs (zipfile)."""

from __future__ import annotations

import zipfile
from pathlib import Path

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>"""

OPF = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:title>A Small Book</dc:title><dc:creator>Jane Roe</dc:creator>
    <dc:date>1901-05-04</dc:date><dc:publisher>Test Press</dc:publisher>
  </metadata>
  <manifest>
    <item id="t" href="title.xhtml" media-type="application/xhtml+xml"/>
    <item id="c2" href="ch2.xhtml" media-type="application/xhtml+xml"/>
    <item id="c1" href="ch1.xhtml" media-type="application/xhtml+xml"/>
  </manifest>
  <spine><itemref idref="t"/><itemref idref="c1"/><itemref idref="c2"/></spine>
</package>"""

XHTML = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>x</title></head><body{attrs}>{body}</body></html>"""


def chapter(body: str, attrs: str = "") -> str:
    return XHTML.replace("{attrs}", attrs).replace("{body}", body)


def make_epub(path: Path, *, encrypted: bool = False) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", CONTAINER)
        archive.writestr("OEBPS/content.opf", OPF)
        archive.writestr(
            "OEBPS/title.xhtml", chapter("<h1>A Small Book</h1>", ' epub:type="titlepage"')
        )
        archive.writestr(
            "OEBPS/ch1.xhtml",
            chapter("<h2>Chapter One</h2><p>It was a <i>dark</i> night.</p><p>Then morning.</p>"),
        )
        archive.writestr(
            "OEBPS/ch2.xhtml",
            chapter(
                "<section><h2>Chapter Two</h2><h3>A part</h3><ul><li>First</li></ul>"
                "<p>The end of the story is here.</p></section>"
            ),
        )
        if encrypted:
            archive.writestr(
                "META-INF/encryption.xml",
                '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
                'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
                '<enc:CipherData><enc:CipherReference URI="OEBPS/ch1.xhtml"/></enc:CipherData>'
                "</enc:EncryptedData></encryption>",
            )
    return path


def make_pdf(path: Path, *, pages: int = 2, text: bool = True, password: str | None = None) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title("Annual Report on Examples")
    pdf.set_author("Ministry of Examples")
    pdf.set_auto_page_break(False)
    for page in range(1, pages + 1):
        pdf.add_page()
        if not text:
            continue
        pdf.set_font("Helvetica", size=8)
        pdf.set_xy(20, 8)
        pdf.cell(0, 5, "Ministry of Examples - Annual Report 2023")
        pdf.set_xy(20, 25)
        pdf.set_font("Helvetica", "B", 16)
        pdf.cell(0, 10, f"Part {page}: Findings", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=11)
        for n in range(2):
            pdf.set_x(20)
            body = (
                f"Paragraph {n + 1} of page {page} describes the findings in detail, with enough "
                "words to wrap over several lines of the page so that the reader has to join "
                "the lines again, and it ends with a full stop."
            )
            pdf.multi_cell(170, 5, body, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        pdf.set_x(20)
        pdf.multi_cell(
            170, 5, "- a bulleted point that is listed on its own", new_x="LMARGIN", new_y="NEXT"
        )
        pdf.set_xy(20, 285)
        pdf.set_font("Helvetica", size=8)
        pdf.cell(0, 5, str(page), align="C")
    if password is not None:
        pdf.set_encryption(owner_password="owner", user_password=password)
    pdf.output(str(path))
    return path
