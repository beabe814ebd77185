"""roadmap/search_cache.py: a language's Pagefind bundle made before from the same documents, by the
same binary, is written from the cache folder instead of running Pagefind again (issue #21), byte
for byte the same; a kept file that is damaged, hostile or not a file is never used."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from roadmap import search, search_cache

DOCUMENTS = {
    "a/index.html": '<html lang="es"><body><h1>Crédito</h1><p>Las MIPYMES exportan.</p></body></html>',
    "b/index.html": '<html lang="es"><body><h1>Otra</h1><p>Financiamiento</p></body></html>',
}


@pytest.fixture
def runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The real Pagefind behind a script that counts its starts (one line each in the file returned),
    and an empty cache folder of this test's own."""
    counter = tmp_path / "starts"
    counter.touch()
    binary = tmp_path / "pagefind"
    binary.write_text(f'#!/bin/sh\necho started >> "{counter}"\nexec "{search.pagefind_binary()}" "$@"\n', encoding="utf-8")
    binary.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
    monkeypatch.setenv("ROADMAP_CACHE_DIR", str(tmp_path / "cache"))
    return counter


def started(counter: Path) -> int:
    return len(counter.read_text(encoding="utf-8").splitlines())


def bundle(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_the_same_documents_are_indexed_once_and_their_bundle_is_the_same(runs: Path, tmp_path: Path) -> None:
    search.index_documents(DOCUMENTS, "es", tmp_path / "one")
    assert started(runs) == 1 and len(bundle(tmp_path / "one")) > 5
    search.index_documents(dict(reversed(DOCUMENTS.items())), "es", tmp_path / "two")
    assert started(runs) == 1  # from the cache
    assert bundle(tmp_path / "two") == bundle(tmp_path / "one")
    # anything the bundle is made from makes a new one: a document, the language, the binary
    search.index_documents({**DOCUMENTS, "b/index.html": DOCUMENTS["b/index.html"].replace("Otra", "Otro")}, "es", tmp_path / "three")
    assert started(runs) == 2
    search.index_documents(DOCUMENTS, "en", tmp_path / "four")
    assert started(runs) == 3
    binary = Path(os.environ["PAGEFIND_BINARY_PATH"])
    os.utime(binary, ns=(time.time_ns(), binary.stat().st_mtime_ns + 1_000_000_000))  # a new Pagefind installed
    search.index_documents(DOCUMENTS, "es", tmp_path / "five")
    assert started(runs) == 4 and bundle(tmp_path / "five") == bundle(tmp_path / "one")


def test_no_cache_folder_indexes_every_time(runs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROADMAP_CACHE_DIR", "")
    for name in ("one", "two"):
        search.index_documents(DOCUMENTS, "es", tmp_path / name)
    assert started(runs) == 2


def kept_file(tmp_path: Path) -> Path:
    (kept,) = (tmp_path / "cache" / search_cache.FOLDER).glob("*.json")
    return kept


@pytest.mark.parametrize("damage", ["cut short", "not json", "a path out of the bundle", "an absolute path",
                                    "not base64", "empty", "a fifo", "a symbolic link", "too large"])
def test_a_damaged_or_hostile_kept_bundle_is_indexed_afresh(runs: Path, tmp_path: Path, damage: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    search.index_documents(DOCUMENTS, "es", tmp_path / "site" / "pagefind" / "es")
    good = bundle(tmp_path / "site" / "pagefind" / "es")
    kept = kept_file(tmp_path)
    text = kept.read_text(encoding="utf-8")
    if damage == "cut short":
        kept.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "not json":
        kept.write_text("{" + text, encoding="utf-8")
    elif damage == "a path out of the bundle":
        kept.write_text(text.replace('"path": "pagefind-entry.json"', '"path": "../../../escaped.json"'), encoding="utf-8")
    elif damage == "an absolute path":
        kept.write_text(text.replace('"path": "pagefind-entry.json"', f'"path": "{tmp_path}/escaped.json"'), encoding="utf-8")
    elif damage == "not base64":
        kept.write_text(text.replace('"content": "', '"content": "*', 1), encoding="utf-8")
    elif damage == "empty":
        kept.write_text("[]", encoding="utf-8")
    elif damage == "a fifo":  # reading one would hold the build forever
        kept.unlink()
        os.mkfifo(kept)
    elif damage == "a symbolic link":
        (tmp_path / "elsewhere.json").write_text(text, encoding="utf-8")
        kept.unlink()
        kept.symlink_to(tmp_path / "elsewhere.json")
    elif damage == "too large":
        monkeypatch.setattr(search_cache, "MAX_BYTES", len(text) - 1)
    assert text.count('"path": "pagefind-entry.json"') == 1
    search.index_documents(DOCUMENTS, "es", tmp_path / "again")
    assert started(runs) == 2, damage  # Pagefind ran again
    assert bundle(tmp_path / "again") == good
    assert not list(tmp_path.rglob("escaped.json"))


def test_only_the_newest_bundles_are_kept(runs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_cache, "KEEP", 2)
    for number in range(3):
        search.index_documents({"a/index.html": f"<html><body><p>version {number}</p></body></html>"}, "es", tmp_path / str(number))
        time.sleep(0.01)  # distinct times of change
    assert len(list((tmp_path / "cache" / search_cache.FOLDER).glob("*.json"))) == 2
    search.index_documents({"a/index.html": "<html><body><p>version 2</p></body></html>"}, "es", tmp_path / "newest")
    search.index_documents({"a/index.html": "<html><body><p>version 0</p></body></html>"}, "es", tmp_path / "oldest")
    assert started(runs) == 4  # the newest came from the cache, the oldest was made again
