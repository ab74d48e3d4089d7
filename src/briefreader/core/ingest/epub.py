"""EPUB -> Article with the standard library's zipfile and the package's spine.

``META-INF/container.xml`` names the package document (OPF); its metadata gives
title, author(s), date and publisher, and its spine the reading order. Each
chapter (XHTML) goes through the HTML path (:func:`.html.element_blocks`); a
chapter's first heading is a ``heading`` paragraph of level 1, lower headings
are pushed one level down. Title pages, imprints, colophons, licences and tables
of contents (``epub:type`` front/back matter) are dropped and listed.

A file that is not a zip, has no container or package document, is protected
by DRM (``encryption.xml`` covering a chapter), or unpacks to more than the size
cap gives one error line.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import Any
from urllib.parse import unquote

from ..brief import Article, Dropped
from ..errors import BriefError
from ..words import squash
from .assemble import Block, Source, finish
from .html import element_blocks

__all__ = ["read_epub"]

MAX_UNPACKED_BYTES = 128 * 1024 * 1024
MAX_CHAPTERS = 2000
_NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
_SKIP_TYPES = frozenset(
    {
        "titlepage",
        "halftitlepage",
        "imprint",
        "colophon",
        "copyright-page",
        "uncopyright",
        "toc",
        "landmarks",
        "loi",
        "lot",
        "cover",
    }
)
_HTML_TYPES = ("application/xhtml+xml", "text/html")


def _parser() -> Any:
    from lxml import etree  # type: ignore[import-untyped]

    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, recover=True, huge_tree=False
    )


def _read(archive: zipfile.ZipFile, name: str, path: str, budget: list[int]) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise BriefError(path, f"corrupt EPUB (missing {name})") from None
    budget[0] -= info.file_size
    if budget[0] < 0:
        raise BriefError(
            path, f"EPUB too large unpacked (the limit is {MAX_UNPACKED_BYTES:,} bytes)"
        )
    with archive.open(info) as handle:
        data = handle.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise BriefError(path, "corrupt EPUB (an entry is larger than it says)")
    return data


def _xml(data: bytes, what: str, path: str) -> Any:
    from lxml import etree

    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise BriefError(path, f"corrupt EPUB ({what} is not XML)")
    return root


def _skipped(root: Any) -> str | None:
    body = root.find(".//{http://www.w3.org/1999/xhtml}body")
    if body is None:
        body = root.find(".//body")
    for node in (body, *(body if body is not None else ())):
        if node is None:
            continue
        kinds = set((node.get(_EPUB_TYPE) or "").split())
        hit = sorted(kinds & _SKIP_TYPES)
        if hit:
            return str(hit[0])
    return None


def _chapter_blocks(root: Any) -> list[Block]:
    body = root.find(".//{http://www.w3.org/1999/xhtml}body")
    if body is None:
        body = root.find(".//body")
    blocks = element_blocks(body if body is not None else root)
    headings = [b for b in blocks if b.kind == "heading"]
    if headings:
        top = min(b.level for b in headings)
        for block in headings:
            block.level = min(6, 1 + block.level - top)
    return blocks


def read_epub(data: bytes, source: Source) -> Article:
    """Read an EPUB's chapters in spine order (see the module docstring)."""
    path = source.path
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise BriefError(path, "corrupt EPUB (not a readable zip archive)") from None
    budget = [MAX_UNPACKED_BYTES]
    try:
        return _read_archive(archive, source, budget)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as exc:
        raise BriefError(path, f"corrupt EPUB ({type(exc).__name__})") from None
    finally:
        archive.close()


def _read_archive(archive: zipfile.ZipFile, source: Source, budget: list[int]) -> Article:
    path = source.path
    container = _xml(_read(archive, "META-INF/container.xml", path, budget), "container.xml", path)
    rootfile = container.find(".//c:rootfile", _NS)
    opf_path = rootfile.get("full-path") if rootfile is not None else None
    if not opf_path:
        raise BriefError(path, "corrupt EPUB (container.xml names no package document)")
    opf = _xml(_read(archive, opf_path, path, budget), opf_path, path)
    base = posixpath.dirname(opf_path)
    encrypted: set[str] = set()
    if "META-INF/encryption.xml" in archive.namelist():
        enc = _xml(_read(archive, "META-INF/encryption.xml", path, budget), "encryption.xml", path)
        for ref in enc.iter("{http://www.w3.org/2001/04/xmlenc#}CipherReference"):
            encrypted.add(unquote(ref.get("URI", "")))
    manifest = {
        item.get("id"): item
        for item in opf.iterfind(".//opf:manifest/opf:item", _NS)
        if item.get("id") and item.get("href")
    }
    fields: dict[str, str] = {}
    for key, tag in (("title", "title"), ("published", "date"), ("source", "publisher")):
        node = opf.find(f".//opf:metadata/dc:{tag}", _NS)
        if node is not None and (node.text or "").strip():
            fields[key] = squash(node.text)
    authors = [
        squash(n.text)
        for n in opf.iterfind(".//opf:metadata/dc:creator", _NS)
        if (n.text or "").strip()
    ]
    if authors:
        fields["author"] = ", ".join(authors)
    if "published" in fields:
        fields["published"] = (
            fields["published"][:10] if fields["published"][:4].isdigit() else fields["published"]
        )
    blocks: list[Block] = []
    dropped: list[Dropped] = []
    spine = opf.findall(".//opf:spine/opf:itemref", _NS)
    if not spine:
        raise BriefError(path, "corrupt EPUB (the package has no spine)")
    for itemref in spine[:MAX_CHAPTERS]:
        item = manifest.get(itemref.get("idref"))
        if item is None or item.get("media-type") not in _HTML_TYPES:
            continue
        name = posixpath.normpath(posixpath.join(base, unquote(item.get("href"))))
        if name in encrypted:
            raise BriefError(path, "encrypted EPUB (DRM-protected; it cannot be read)")
        root = _xml(_read(archive, name, path, budget), name, path)
        skipped = _skipped(root)
        if skipped is not None:
            dropped.append(Dropped(posixpath.basename(name), f"front/back matter ({skipped})"))
            continue
        blocks.extend(_chapter_blocks(root))
    if not blocks:
        raise BriefError(path, "no text in this EPUB (no chapters in its spine)")
    return finish(blocks, source, fields=fields, headline=None, fmt="epub", dropped=dropped)
