"""What a build holds (issue #21): a generated page's HTML only while it is written, and a file
made in memory (downloads, feed) only until it is written. At 5,000 objectives, holding them
made each language's process 100 MB larger and took the build past 1 GB. The output is the same
bytes either way: tests/test_incremental.py compares a `mkdocs serve` build, which keeps them,
with a full build, byte for byte."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.build

# One build in this process (both languages, one after the other), watched at each page it writes:
# how many generated pages then hold their HTML, and which files made in memory still hold theirs.
WATCH = """
import json, sys
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config

config = load_config(config_file="mkdocs.yml", site_dir=sys.argv[1], strict=True)  # hooks loaded: MkDocs' build patched
seen = {"pages": 0, "most_held": 0, "rendered_kept": 0, "files_held": [], "in_memory": 0}
inner = mkdocs_build._build_page

def watched(page, config, doc_files, nav, env, dirty=False, excluded=False):
    generated = [f.page for f in doc_files if getattr(f.page, "source_key", None)]
    seen["most_held"] = max(seen["most_held"], sum(1 for p in generated if p.content))
    seen["rendered_kept"] += sum(1 for p in generated if getattr(p, "rendered", None) is not None)
    files = getattr(page, "roadmap_deferred", None)  # a generated page, not read yet: the language's files
    if files is not None:
        written = [f for f in files if f.page is None and f.abs_src_path and f.abs_src_path == f.abs_dest_path]
        seen["in_memory"] = max(seen["in_memory"], len(written))
        seen["files_held"] = sorted(set(seen["files_held"]) | {f.src_uri for f in files if f.page is None and f._content is not None})
    seen["pages"] += 1
    inner(page, config, doc_files, nav, env, dirty=dirty, excluded=excluded)

mkdocs_build._build_page = watched
config.plugins.on_startup(command="build", dirty=False)
mkdocs_build.build(config)
config.plugins.on_shutdown()
print(json.dumps(seen))
"""


def test_a_generated_page_holds_its_html_only_while_it_is_written(tmp_path: Path) -> None:
    cache = {"ROADMAP_CACHE_DIR": os.environ["ROADMAP_CACHE_DIR"]} if "ROADMAP_CACHE_DIR" in os.environ else {}
    result = subprocess.run([sys.executable, "-c", WATCH, str(tmp_path / "site")], cwd=ROOT, capture_output=True, text=True,
                            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
                                 "ROADMAP_PARALLEL_LANGUAGES": "0", **cache}, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["pages"] > 70  # every page of both languages (76) went through the watch
    # when a page is about to be written, no generated page holds its HTML: the ones written let
    # it go (macros/build_once.py), the others are not rendered yet (macros/incremental.py)
    assert seen["most_held"] == 0, seen
    assert seen["rendered_kept"] == 0, seen
    # the downloads and the feed, written before the pages, are read back from their files if at all
    assert seen["in_memory"] > 5 and seen["files_held"] == [], seen
    assert (tmp_path / "site" / "en" / "objetivos").is_dir()
