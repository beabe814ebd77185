"""`make preview ARTIFACT=site.zip` (scripts/preview.py) serves a pull request's built site as
GitHub Pages would, and refuses an artifact with an absolute path, a `..` or a symbolic link before
extracting anything; `make serve` on a busy port says so in one line, in the terminal's language
(scripts/port_free.py)."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import uuid
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

PREVIEW = ROOT / "scripts" / "preview.py"
PORT_FREE = ROOT / "scripts" / "port_free.py"


def run(script: Path, *args: str, lang: str = "en_US.UTF-8", timeout: float = 30) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": lang, "LC_ALL": "", "LC_MESSAGES": ""}
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, env=env, timeout=timeout)


def site_zip(path: Path, site: Path) -> Path:
    """The artifact as .github/workflows/site.yml uploads it: site/ and artifacts/external-links.md."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(site.rglob("*")):
            if file.is_file() and "pagefind" not in file.parts:
                archive.write(file, "site/" + file.relative_to(site).as_posix())
        archive.writestr("artifacts/external-links.md", "# External links\n")
    return path


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - 127.0.0.1 only
            return answer.status, answer.url, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, url, error.read().decode("utf-8", "replace")


@pytest.mark.build
def test_preview_serves_the_artifact_as_github_pages_does(built_site: Path, tmp_path: Path) -> None:
    artifact = site_zip(tmp_path / "site.zip", built_site)
    process = subprocess.Popen([sys.executable, str(PREVIEW), str(artifact), "--port", "0"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env={**os.environ, "LANG": "en_US.UTF-8"})
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
        url = line.split(" at ", 1)[1].split()[0]
        assert url.startswith("http://127.0.0.1:") and url.endswith("/hoja-de-ruta/"), line
        status, _, home = get(url)
        assert status == 200 and '<html lang="es"' in home
        status, final, english = get(url + "en/paises/cl/")
        assert status == 200 and '<html lang="en"' in english
        status, final, _ = get(url + "en")  # a folder without its slash is redirected, as on GitHub Pages
        assert status == 200 and final == url + "en/"
        status, _, missing = get(url + "no-such-page/")
        assert status == 404 and "roadmap-not-found" in missing
        status, _, _ = get(url.removesuffix("hoja-de-ruta/") + "artifacts/external-links.md")
        assert status == 404, "only the site is served, under its base path"
    finally:
        process.terminate()
        process.wait(timeout=10)


def evil_zip(path: Path, name: str, symlink: bool = False) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("site/index.html", "<!doctype html><title>x</title>")
        entry = zipfile.ZipInfo(name)
        if symlink:
            entry.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(entry, "/etc/passwd" if symlink else "x")
    return path


@pytest.mark.parametrize(("shape", "reason_en", "reason_es"), [
    ("/tmp/{name}", "an absolute path", "una ruta absoluta"),
    ("C:/{name}", "an absolute path", "una ruta absoluta"),
    ("../{name}", "a path with “..”", "una ruta con «..»"),
    ("site/../../{name}", "a path with “..”", "una ruta con «..»"),
    ("site\\..\\..\\{name}", "a path with “..”", "una ruta con «..»"),
    ("site/{name}", "a symbolic link", "un enlace simbólico"),
])
def test_preview_refuses_an_unsafe_artifact_before_extracting_anything(tmp_path: Path, shape: str, reason_en: str,
                                                                       reason_es: str) -> None:
    name = f"preview-evil-{uuid.uuid4().hex}"
    entry = shape.format(name=name)
    artifact = evil_zip(tmp_path / "site.zip", entry, symlink=reason_en == "a symbolic link")
    for lang, reason in (("en_US.UTF-8", reason_en), ("es_CL.UTF-8", reason_es)):
        result = run(PREVIEW, str(artifact), "--port", "0", lang=lang)
        assert result.returncode == 1 and not result.stdout, result
        assert entry in result.stderr and reason in result.stderr and "Traceback" not in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    # nothing written where the entry pointed: beside or above the temporary folder it would unpack into
    temp = Path(tempfile.gettempdir())
    assert not (temp / name).exists() and not (temp.parent / name).exists() and not Path("/tmp", name).exists()


def test_preview_says_what_it_needs(tmp_path: Path) -> None:
    result = run(PREVIEW)
    assert result.returncode == 2 and "make preview ARTIFACT=" in result.stderr
    (tmp_path / "site.zip").write_text("not a zip")
    result = run(PREVIEW, str(tmp_path / "site.zip"), "--port", "0", lang="es_ES.UTF-8")
    assert result.returncode == 1 and "no es un archivo zip" in result.stderr and "Traceback" not in result.stderr
    with zipfile.ZipFile(tmp_path / "empty.zip", "w") as archive:
        archive.writestr("artifacts/external-links.md", "x")
    result = run(PREVIEW, str(tmp_path / "empty.zip"), "--port", "0")
    assert result.returncode == 1 and "holds no site" in result.stderr


@pytest.mark.parametrize(("lang", "words"), [("es_CL.UTF-8", "ya está en uso"), ("en_GB.UTF-8", "already in use")])
def test_a_busy_port_is_one_line_in_the_terminals_language(lang: str, words: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(PORT_FREE, str(port), "serve", lang=lang)
        assert result.returncode == 1 and words in result.stderr and f"PORT={port + 1}" in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
        # the command to run again is the whole one: the artifact too, quoted for the shell
        for artifact, given in (("whatever.zip", "ARTIFACT=whatever.zip"), ("my site.zip", "ARTIFACT='my site.zip'")):
            preview = run(PREVIEW, artifact, "--port", str(port), lang=lang)
            assert preview.returncode == 1 and words in preview.stderr, preview.stderr
            assert f"`make preview {given} PORT={port + 1}`" in preview.stderr, preview.stderr
    assert run(PORT_FREE, str(port)).returncode == 0, "and a free port passes"
