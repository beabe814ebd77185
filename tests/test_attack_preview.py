"""`make preview` serves a pull request's artifact, which its author made: its pages may run any
script in the reviewer's browser (the artifact need not carry the site's policy). The server must
then answer only with the artifact's own files: a request for `/hoja-de-ruta//etc/passwd` or
`/hoja-de-ruta/../../…` (a browser keeps the double slash; `fetch` from the artifact's page is
same-origin) must not read a file of the reviewer's machine."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import zipfile
from pathlib import Path

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
