"""roadmap/search_cache.py: a language's Pagefind bundle made before from the same documents, by the
same binary, is written from the cache folder instead of running Pagefind again (issue #21), byte
for byte the same; a kept file that is damaged, hostile or not a file is never used."""

from __future__ import annotations

import json
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
    """The real Pagefind, each start of its service counted (one line each in the file returned),
    and an empty cache folder of this test's own."""
    counter = tmp_path / "starts"
    counter.touch()
    started_service = search.PagefindService.__init__

    def counted(self: search.PagefindService) -> None:
        with counter.open("a", encoding="utf-8") as file:
            file.write("started\n")
        started_service(self)
    monkeypatch.setattr(search.PagefindService, "__init__", counted)
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
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


def test_a_new_pagefind_binary_makes_a_new_key(tmp_path: Path) -> None:
    binary = tmp_path / "pagefind"
    binary.write_bytes(b"v1")
    pages = list(DOCUMENTS.items())
    first = search_cache.key(binary, "es", search.EXCLUDE, pages)
    assert search_cache.key(binary, "es", search.EXCLUDE, pages) == first
    os.utime(binary, ns=(time.time_ns(), binary.stat().st_mtime_ns + 1_000_000_000))  # reinstalled
    assert search_cache.key(binary, "es", search.EXCLUDE, pages) != first
    assert search_cache.key(binary, "es", (*search.EXCLUDE, "nav"), pages) != search_cache.key(binary, "es", search.EXCLUDE, pages)


@pytest.mark.parametrize("setting", [{"ROADMAP_CACHE_DIR": ""}, {"PAGEFIND_BINARY_PATH": "named"}])
def test_no_cache_folder_or_a_named_binary_indexes_every_time(runs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              setting: dict[str, str]) -> None:
    """A binary named by PAGEFIND_BINARY_PATH may be a wrapper whose target changes unseen."""
    for name, value in setting.items():
        monkeypatch.setenv(name, str(search.pagefind_binary()) if value == "named" else value)
    for name in ("one", "two"):
        search.index_documents(DOCUMENTS, "es", tmp_path / name)
    assert started(runs) == 2 and bundle(tmp_path / "one") == bundle(tmp_path / "two")


def kept_file(tmp_path: Path) -> Path:
    (kept,) = (tmp_path / "cache" / search_cache.FOLDER).glob("*.json")
    return kept


@pytest.mark.parametrize("damage", ["cut short", "not json", "a path out of the bundle", "an absolute path",
                                    "not base64", "empty", "a fifo", "a symbolic link", "too large", "content edited",
                                    "another key's entry", "a file and a folder", "a name too long",
                                    "a path twice", "unwritable"])
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
    elif damage in ("a path out of the bundle", "an absolute path", "not base64"):  # checksummed as keep() writes it
        changed = text.replace('"path": "pagefind-entry.json"', '"path": "../../../escaped.json"' if damage == "a path out of the bundle"
                               else f'"path": "{tmp_path}/escaped.json"' if damage == "an absolute path" else '"path": "pagefind-entry.json"')
        files = json.loads(changed)["files"]
        if damage == "not base64":
            files[0]["content"] = "*" + files[0]["content"]
        search_cache.keep(kept.stem, files)
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
    elif damage == "content edited":  # well formed, but not what was kept: its checksum differs
        entry = json.loads(text)
        entry["files"] = [{"path": "pagefind-entry.json", "content": ""}]
        kept.write_text(json.dumps(entry), encoding="utf-8")
    elif damage == "another key's entry":
        entry = json.loads(text)
        other = "0" * 64
        search_cache.keep(other, entry["files"])
        kept.write_text((kept.parent / f"{other}.json").read_text(encoding="utf-8"), encoding="utf-8")
    else:  # well formed as JSON and checksummed, as keep() writes it, but not files that can be written
        name, files = kept.stem, json.loads(text)["files"]
        first = files[0]["path"]
        more = {"a file and a folder": [{"path": f"{first}/inside", "content": ""}],
                "a name too long": [{"path": "x" * 300, "content": ""}],
                "a path twice": [files[0]], "unwritable": []}[damage]
        search_cache.keep(name, files + more)
        if damage == "unwritable":  # a file the bundle names is a folder already there
            monkeypatch.setattr(search_cache, "_well_formed", lambda files: True)
            search_cache.keep(name, files + [{"path": first + "/inside", "content": ""}])
    assert text.count('"path": "pagefind-entry.json"') == 1
    search.index_documents(DOCUMENTS, "es", tmp_path / "again")
    assert started(runs) == 2, damage  # Pagefind ran again
    assert bundle(tmp_path / "again") == good
    assert not list(tmp_path.rglob("escaped.json"))


def test_pruning_leaves_what_is_not_a_bundle_and_removes_writes_left_half_done(runs: Path, tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache" / search_cache.FOLDER
    folder.mkdir(parents=True)
    (folder / "old.json").mkdir()  # a folder of a bundle's name: not removed, no error
    long_ago = time.time() - 40 * 86400
    os.utime(folder / "old.json", (long_ago, long_ago))
    for name, age in ((".a.json-killed", 7200), (".b.json-writing", 10)):
        (folder / name).write_text("{", encoding="utf-8")
        os.utime(folder / name, (time.time() - age, time.time() - age))
    search.index_documents(DOCUMENTS, "es", tmp_path / "one")
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(".json") or p.is_dir()) == [".b.json-writing", "old.json"]
    monkeypatch.setattr(search_cache, "MAX_BYTES", 100)  # a bundle that could never be read is not written
    search.index_documents({"c/index.html": "<html><body><p>otra</p></body></html>"}, "es", tmp_path / "two")
    assert len([p for p in folder.glob("*.json") if p.is_file()]) == 1


def test_only_the_newest_bundles_are_kept(runs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_cache, "KEEP", 2)
    for number in range(3):
        search.index_documents({"a/index.html": f"<html><body><p>version {number}</p></body></html>"}, "es", tmp_path / str(number))
        time.sleep(0.01)  # distinct times of change
    assert len(list((tmp_path / "cache" / search_cache.FOLDER).glob("*.json"))) == 2
    search.index_documents({"a/index.html": "<html><body><p>version 2</p></body></html>"}, "es", tmp_path / "newest")
    search.index_documents({"a/index.html": "<html><body><p>version 0</p></body></html>"}, "es", tmp_path / "oldest")
    assert started(runs) == 4  # the newest came from the cache, the oldest was made again
