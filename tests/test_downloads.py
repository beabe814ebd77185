"""The open-data downloads on the real built site (issue #20): found from the home page, the
objectives page and every country page in both languages; described by a Frictionless Data
Package that validates with the published files; announced to search engines as a schema.org
Dataset on the data page; plain text in every cell."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from .html import elements
from .test_build import DATA, LANG_PREFIX, SITE_URL, page_file

pytestmark = pytest.mark.build
LANGS = ("es", "en")
FILES = ("objetivos.csv", "objetivos.json", "datapackage.json")
PAGES = ["", "objetivos/"] + [f"paises/{country.slug}/" for country in DATA.countries.values()]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES)
def test_the_downloads_are_linked_from_the_page(built_site: Path, lang: str, path: str) -> None:
    page = page_file(built_site, lang, path)
    found = elements(page)
    # the links inside the page's downloads line
    inside = [a for tag, a, classes in found if tag == "a" and "roadmap-downloads" in classes]
    targets = {(page.parent / a["href"]).resolve() for a in inside}
    folder = built_site / LANG_PREFIX[lang].lstrip("/") / "datos"
    for name in FILES:
        assert (folder / name).resolve() in targets, f"{lang} {path or 'home'}: no link to {name}: {inside}"
        assert (folder / name).is_file()
    assert folder.resolve() in targets and (folder / "index.html").is_file(), "and to the data page"


@pytest.mark.parametrize("lang", LANGS)
def test_the_published_data_package_validates(built_site: Path, lang: str) -> None:
    import frictionless

    descriptor = built_site / LANG_PREFIX[lang].lstrip("/") / "datos" / "datapackage.json"
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["type", "fieldName", "message"])[:5]
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    assert data["homepage"] == f"{SITE_URL}{LANG_PREFIX[lang].lstrip('/')}datos/"
    assert all(not re.match(r"^(/|[a-z]+:)|\.\.", r["path"]) for r in data["resources"]), "relative paths only"


@pytest.mark.parametrize("lang", LANGS)
def test_the_downloads_hold_plain_text(built_site: Path, lang: str) -> None:
    folder = built_site / LANG_PREFIX[lang].lstrip("/") / "datos"
    rows = list(csv.DictReader(io.StringIO((folder / "objetivos.csv").read_bytes().decode("utf-8-sig"))))
    cells = [value for row in rows for value in row.values()]
    assert not [c for c in cells if re.search(r"\*\*|\]\(|(?<!\w)_[^_\s]+_(?!\w)", c)], "Markdown left in the CSV"
    assert all(row["horizon_label"] for row in rows), "a missing horizon has a label"


@pytest.mark.parametrize("lang", LANGS)
def test_the_data_page_describes_the_downloads_as_a_dataset(built_site: Path, lang: str) -> None:
    page = page_file(built_site, lang, "datos/")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1, "one JSON-LD block on the data page"
    dataset = json.loads(blocks[0])
    assert dataset["@type"] == "Dataset" and dataset["inLanguage"] == lang and dataset["name"]
    root = f"{SITE_URL}{LANG_PREFIX[lang].lstrip('/')}"
    assert dataset["url"] == root + "datos/"
    urls = [d["contentUrl"] for d in dataset["distribution"]]
    assert sorted(urls) == sorted(root + "datos/" + name for name in FILES)
    for url in urls:
        assert (built_site / url.removeprefix(SITE_URL)).is_file(), url
    # only on the data page
    assert "application/ld+json" not in page_file(built_site, lang, "").read_text(encoding="utf-8")
