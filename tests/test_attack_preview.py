"""`make preview` serves a pull request's artifact, which its author made: its pages may run any
script in the reviewer's browser (the artifact need not carry the site's policy). The server must
then answer only with the artifact's own files: a request for `/hoja-de-ruta//etc/passwd` or
`/hoja-de-ruta/../../…` (a browser keeps the double slash; `fetch` from the artifact's page is
same-origin) must not read a file of the reviewer's machine."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .test_preview import PREVIEW


def test_preview_serves_no_file_outside_the_artifact(tmp_path: Path) -> None:
    secret = tmp_path / "reviewer" / "id_rsa"
    secret.parent.mkdir()
    secret.write_text("PRIVATE KEY OF THE REVIEWER\n", encoding="utf-8")
    artifact = tmp_path / "site.zip"
    with zipfile.ZipFile(artifact, "w") as archive:
        archive.writestr("site/index.html", "<!doctype html><title>x</title><p>home</p>")
        archive.writestr("site/404.html", "<!doctype html><title>404</title><p>not found</p>")
    process = subprocess.Popen([sys.executable, str(PREVIEW), str(artifact), "--port", "0"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env={**os.environ, "LANG": "en_US.UTF-8"})
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
        port = int(line.split("http://127.0.0.1:", 1)[1].split("/", 1)[0])
        depth = "../" * (len(secret.parts) + 4)
        answers = {}
        for path in ("/hoja-de-ruta/", f"/hoja-de-ruta/{secret}", f"/hoja-de-ruta/{depth}{str(secret).lstrip('/')}",
                     f"/hoja-de-ruta/x/..{secret}", "/hoja-de-ruta//etc/passwd"):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", path)  # sent as written: no client-side normalisation
            answer = connection.getresponse()
            answers[path] = (answer.status, answer.read().decode("utf-8", "replace"))
            connection.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert answers["/hoja-de-ruta/"][0] == 200 and "home" in answers["/hoja-de-ruta/"][1]
    for path, (status, body) in list(answers.items())[1:]:
        assert status == 404, (path, status, body[:80])
        assert "PRIVATE KEY" not in body and "root:" not in body, path


def _zip(path: Path, entries: dict[str, str], patch: tuple[int, int, int] | None = None) -> Path:
    """A zip of ``entries``; ``patch``: (offset in the local and central headers, byte mask to OR, or a
    16-bit value to write) applied to every header, to make a hostile artifact the writer refuses to."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    if patch:
        data = bytearray(path.read_bytes())
        for signature, offset in ((b"PK\x03\x04", patch[0]), (b"PK\x01\x02", patch[1])):
            at = data.find(signature)
            while at != -1:
                data[at + offset:at + offset + 2] = patch[2].to_bytes(2, "little")
                at = data.find(signature, at + 4)
        path.write_bytes(data)
    return path


SITE = {"site/index.html": "<p>home</p>", "site/404.html": "<p>not found</p>"}


@pytest.mark.parametrize("shape, entries, patch", [
    ("a file, then a folder of the same name", {**SITE, "site/a": "x", "site/a/b": "y"}, None),
    ("a folder, then a file of the same name", {**SITE, "site/c/": "", "site/c": "y"}, None),
    ("a name longer than the file system takes", {**SITE, "site/" + "a" * 300 + ".html": "y"}, None),
    ("two thousand nested folders", {**SITE, "site/" + "d/" * 2000 + "x": "y"}, None),
    ("entries marked encrypted", SITE, (6, 8, 0x0001)),
    ("an unknown compression method", SITE, (8, 10, 99)),
])
def test_preview_refuses_an_artifact_it_cannot_extract_in_one_line(tmp_path: Path, shape: str, entries: dict[str, str],
                                                                  patch: tuple[int, int, int] | None) -> None:
    artifact = _zip(tmp_path / "site.zip", entries, patch)
    result = subprocess.run([sys.executable, str(PREVIEW), str(artifact), "--port", "0"], capture_output=True, text=True,
                            env={**os.environ, "LANG": "en_US.UTF-8"}, timeout=60)
    assert result.returncode == 1, shape
    assert "Traceback" not in result.stderr, (shape, result.stderr[-500:])
    assert str(artifact) in result.stderr and "cannot be extracted" in result.stderr, (shape, result.stderr)


def test_preview_refuses_an_artifact_whose_file_is_corrupt(tmp_path: Path) -> None:
    artifact = _zip(tmp_path / "site.zip", SITE)
    data = artifact.read_bytes()
    artifact.write_bytes(data.replace(b"<p>home</p>", b"<p>HOME</p>", 1))  # the CRC no longer matches
    result = subprocess.run([sys.executable, str(PREVIEW), str(artifact), "--port", "0"], capture_output=True, text=True,
                            env={**os.environ, "LANG": "es_ES.UTF-8"}, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-500:]
    assert "no se puede extraer" in result.stderr, result.stderr


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGHUP])
def test_preview_stopped_by_a_signal_leaves_no_copy_of_the_artifact(tmp_path: Path, signal_number: int) -> None:
    """A closed terminal (SIGHUP) or `kill` (SIGTERM) removes the extracted site as Ctrl+C does: an
    untrusted artifact does not stay behind in the temporary folder, one copy per preview."""
    artifact = _zip(tmp_path / "site.zip", SITE)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = subprocess.Popen([sys.executable, str(PREVIEW), str(artifact), "--port", "0"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "LANG": "en_US.UTF-8", "TMPDIR": str(temporary)})
    try:
        assert "127.0.0.1" in process.stdout.readline()  # type: ignore[union-attr]
        assert list(temporary.iterdir()), "the site was extracted under TMPDIR"
        process.send_signal(signal_number)
        process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert list(temporary.iterdir()) == []
