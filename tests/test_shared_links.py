"""Shared images under docs/assets/ and links to the other language's pages, from both languages."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from .conftest import copy_project, mkdocs_build
from .html import elements, resolve, url_of

pytestmark = pytest.mark.build


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")


def target(site: Path, page: Path, href: str) -> Path:
    """The file of the built site a link on ``page`` leads to."""
    path = resolve(url_of(site, page), href).lstrip("/")
    return site / path / "index.html" if path.endswith("/") or not path else site / path


def test_a_shared_image_and_links_to_the_other_language_work_from_both_languages(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    docs = project / "docs"
    (docs / "assets" / "images").mkdir(parents=True, exist_ok=True)  # a contributor may have made it already
    (docs / "assets" / "images" / "mapa.png").write_bytes(tiny_png())
    additions = {"es": "\n![Mapa de la Alianza](../assets/images/mapa.png)\n\n[Glosario en inglés](../en/glosario.md)\n",
                 "en": "\n![Map of the Alliance](../assets/images/mapa.png)\n\n[Spanish glossary](../es/glosario.md)\n"}
    for lang, text in additions.items():
        page = docs / lang / "contribuir.md"
        page.write_text(page.read_text(encoding="utf-8") + text, encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]  # --strict: no "not found" warning

    for lang, other, prefix in (("es", "en", ""), ("en", "es", "en/")):
        page = site / prefix / "contribuir" / "index.html"
        tags = elements(page)
        (img,) = [attrs for tag, attrs, _ in tags if tag == "img" and "mapa" in attrs.get("src", "")]
        assert target(site, page, img["src"]).read_bytes() == tiny_png(), (lang, img)
        other_glossary = site / ("en" if other == "en" else "") / "glosario" / "index.html"
        links = [attrs["href"] for tag, attrs, _ in tags if tag == "a" and "href" in attrs
                 and target(site, page, attrs["href"]) == other_glossary]
        assert len(links) == 1 and not links[0].endswith(".md"), (lang, links)  # the one we added
        assert f'<html lang="{other}"' in other_glossary.read_text(encoding="utf-8")
    assert not (site / "en" / "assets" / "images").exists()  # one copy, shared
