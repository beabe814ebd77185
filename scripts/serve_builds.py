"""Build a project as `mkdocs serve` builds it, in one process: MkDocs' own serve builder (a
configuration loaded anew for each build, ``site_url`` the serve address, ``build(config,
serve_url=...)``), the search index waited for. ``python scripts/serve_builds.py PROJECT SITE_DIR
[EDIT...]``: a first build, then, for each EDIT (a file holding ``path\\0old\\0new``), that
replacement in the project and a rebuild. Prints each build's wall time; after build N writes
``SITE_DIR.N.json``, each file's time of change (``{path: st_mtime_ns}``), and ``SITE_DIR.N.frozen``,
how many objects the garbage collector was left told to skip (``gc.get_freeze_count``).
``SERVE_BUILDS_WAIT=0``: a rebuild does not wait for the last one's search index (written after
the last build only). ``SERVE_BUILDS_KEEP_GOING=1``: a rebuild that fails prints ``failed`` and the
next edit is made and built, as MkDocs' serve loop goes on after a failed rebuild (otherwise the
failure ends this script)."""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

URL = "http://127.0.0.1:8123/hoja-de-ruta/"


def main() -> None:
    project, site = Path(sys.argv[1]), Path(sys.argv[2])

    def config():  # type: ignore[no-untyped-def]
        loaded = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
        loaded.site_url = URL
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    from macros import serve

    def manifest(number: int) -> None:
        times = {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
        Path(f"{site}.{number}.json").write_text(json.dumps(times), encoding="utf-8")
        Path(f"{site}.{number}.frozen").write_text(str(gc.get_freeze_count()), encoding="ascii")

    # SERVE_BUILDS_WAIT=0: each rebuild starts as soon as the last one is built, its search index
    # still being written (as a save right after the reload), and only the last one is waited for
    waiting = os.environ.get("SERVE_BUILDS_WAIT") != "0"
    keep_going = os.environ.get("SERVE_BUILDS_KEEP_GOING") == "1"
    started = time.perf_counter()
    build(first, serve_url=URL)
    serve.wait()
    print(f"build {time.perf_counter() - started:.3f}", flush=True)
    manifest(0)
    for number, edit in enumerate(sys.argv[3:], 1):
        path, old, new = Path(edit).read_text(encoding="utf-8").split("\0")
        target = project / path
        text = target.read_text(encoding="utf-8")
        assert old in text, f"{path} has no {old!r}"
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
        started = time.perf_counter()
        try:
            build(config(), serve_url=URL)
        except Exception:  # noqa: BLE001 - as mkdocs.livereload's _build_loop
            if not keep_going:
                raise
            print(f"failed {time.perf_counter() - started:.3f}", flush=True)
            continue
        print(f"rebuild {time.perf_counter() - started:.3f}", flush=True)
        if waiting or number == len(sys.argv) - 3:
            serve.wait()
            manifest(number)


if __name__ == "__main__":
    main()
