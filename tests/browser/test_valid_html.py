"""Valid HTML: the Nu HTML Checker (npm `vnu-jar`, on Debian's Java: scripts/ensure-java) finds no
error on any page of the built site, checked in one run. A page with a known error goes along, so
a checker that stopped reporting would fail the test too."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ..conftest import ROOT
from .conftest import write_report

pytestmark = pytest.mark.browser

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Material's own markup before this project's overrides: an empty tabindex on a navigation label
CANARY = '<!doctype html><html lang="en"><title>x</title><label for="a" tabindex="">x</label><input id="a">'


def test_every_page_is_valid_html(built_site: Path, tmp_path: Path) -> None:
    java = shutil.which("java")
    assert java, "no Java: run scripts/ensure-java (make test does)"
    assert VNU.is_file(), "no vnu.jar: run `npm ci` (make test does)"
    pages = sorted(p for p in built_site.rglob("*.html") if "pagefind" not in p.relative_to(built_site).parts)
    assert built_site / "404.html" in pages and built_site / "en" / "index.html" in pages
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", str(canary), *map(str, pages)],
                            capture_output=True, text=True, timeout=900)
    messages = json.loads(result.stderr)["messages"]
    errors = [m for m in messages if m["type"] in ("error", "non-document-error") and not m["url"].endswith("/canary.html")]
    assert any(m["url"].endswith("/canary.html") and "tabindex" in m["message"] for m in messages), messages[:3]
    write_report("nu-html-checker.json", {"pages": len(pages), "errors": len(errors),
                                          "messages": [f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in errors]})
    assert not errors, "\n".join(f"{m['url'].split(str(built_site))[-1]}:{m.get('lastLine')}: {m['message']}"
                                 for m in errors[:40])
