"""The site builds the same with ProperDocs, the continuation of MkDocs 1.x (MAINTAINERS.md):
the same files, byte for byte, but for the generator named in each page's head."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT, mkdocs_build

pytestmark = pytest.mark.build

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_properdocs_builds_the_same_site_as_mkdocs(built_site: Path, tmp_path: Path) -> None:
    result = mkdocs_build(ROOT, tmp_path / "site", tool="properdocs")
    assert result.returncode == 0, result.stderr[-3000:]
    with_mkdocs, with_properdocs = files_of(built_site), files_of(tmp_path / "site")
    assert sorted(with_properdocs) == sorted(with_mkdocs)  # the same pages, downloads, search index
    assert len([name for name in with_mkdocs if name.endswith(".html")]) > 70
    different = [name for name in with_mkdocs
                 if GENERATOR.sub(b"", with_mkdocs[name]) != GENERATOR.sub(b"", with_properdocs[name])]
    assert not different, different[:20]
    # ...and it really was the other tool
    assert b'content="mkdocs-ProperDocs' in with_properdocs["index.html"]
    assert b'content="mkdocs-1.' in with_mkdocs["index.html"]
