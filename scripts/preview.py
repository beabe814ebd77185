"""`make preview ARTIFACT=site.zip`: open a pull request's built site in one step, as GitHub Pages
would serve it.

The zip is the "site" artifact that GitHub Actions attaches to a pull request's run (site/ and
artifacts/external-links.md, .github/workflows/site.yml). Every entry is checked before anything
is extracted: an absolute path, a ``..`` or a symbolic link refuses the whole artifact, and so
does more than MAX_MB once extracted. The files go to a temporary folder, deleted on Ctrl+C, and
are served under the site's base path (/hoja-de-ruta/, from mkdocs.yml's site_url) on 127.0.0.1
by the server the browser tests use (tests/browser/server.py): a missing page gets 404.html with
a 404 status, a folder redirects to its slash. Nothing in the artifact is run or imported: its
files are only read and sent.

    python scripts/preview.py path/to/site.zip [--port 8000]     (what `make preview` runs)
"""

from __future__ import annotations

import argparse
import re
import signal
import stat
import sys
import tempfile
import threading
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout's roadmap/, without make too
from roadmap.messages import message, terminal_language  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MAX_MB = 1024


class Refused(Exception):
    """The artifact is not opened; the message says why, in the terminal's language."""


def say(key: str, **values: object) -> str:
    return message(key, **values).get(terminal_language())


def site_path(config: Path = ROOT / "mkdocs.yml") -> str:
    """The site's base path, as GitHub Pages serves it: /hoja-de-ruta/."""
    head = config.read_text(encoding="utf-8").split("\nplugins:")[0]  # the rest holds Python tags
    return urlsplit(yaml.safe_load(head)["site_url"]).path or "/"


def problem(entry: zipfile.ZipInfo) -> str | None:
    """Why an entry may not be extracted, or None."""
    name = entry.filename
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "preview_absolute"
    if ".." in re.split(r"[\\/]", name):
        return "preview_parent"
    if stat.S_ISLNK(entry.external_attr >> 16):
        return "preview_symlink"
    return None


# what extracting an entry raises on a zip made to break it: a file and a folder of one name, a
# name too long or too deep, an encrypted entry, an unknown compression method, a bad checksum
UNEXTRACTABLE = (OSError, RuntimeError, NotImplementedError, RecursionError, ValueError, EOFError, zipfile.BadZipFile,
                 zlib.error)


def extract(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, into: Path) -> None:
    target = into.joinpath(*PurePosixPath(entry.filename.replace("\\", "/")).parts)
    if entry.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with archive.open(entry) as source, open(target, "wb") as out:
        while chunk := source.read(1 << 20):
            out.write(chunk)


def unpack(artifact: Path, into: Path) -> Path:
    """Check every entry, extract, and return the folder holding the site's index.html."""
    try:
        archive = zipfile.ZipFile(artifact)
    except (OSError, zipfile.BadZipFile):
        raise Refused(say("preview_not_zip", artifact=artifact)) from None
    with archive:
        entries = archive.infolist()
        for entry in entries:
            reason = problem(entry)
            if reason:
                raise Refused(say("preview_refused", artifact=artifact, entry=entry.filename, reason=say(reason)))
        if sum(entry.file_size for entry in entries) > MAX_MB << 20:
            raise Refused(say("preview_too_big", artifact=artifact, limit=MAX_MB))
        for entry in entries:
            try:
                extract(archive, entry, into)
            except UNEXTRACTABLE as error:  # a hostile or broken zip: one line, never a traceback
                raise Refused(say("preview_unextractable", artifact=artifact, entry=entry.filename[:200],
                                  error=type(error).__name__)) from None
    for site in (into / "site", into):
        if (site / "index.html").is_file():
            return site
    raise Refused(say("preview_no_site", artifact=artifact))


def _interrupt(number: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="scripts/preview.py", description=__doc__.splitlines()[0])
    parser.add_argument("artifact", nargs="?", default="")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if not args.artifact:
        print(say("preview_usage"), file=sys.stderr)
        return 2
    sys.path[:0] = [str(ROOT / "scripts"), str(ROOT)]  # port_free.py, and the browser tests' server
    from port_free import busy_message, port_free
    from tests.browser.server import SiteServer

    if args.port and not port_free(args.port):
        print(busy_message(args.port, "preview", ARTIFACT=args.artifact), file=sys.stderr)
        return 1
    artifact = Path(args.artifact).expanduser()
    for stop in (signal.SIGTERM, signal.SIGHUP):  # `kill`, a closed terminal: clean up as Ctrl+C does
        signal.signal(stop, _interrupt)
    with tempfile.TemporaryDirectory(prefix="hoja-de-ruta-preview-") as folder:
        try:
            site = unpack(artifact, Path(folder))
        except Refused as refused:
            print(refused, file=sys.stderr)
            return 1
        with SiteServer(site, site_path(), port=args.port) as server:
            print(say("preview_serving", artifact=artifact, url=server.url()), flush=True)
            try:
                threading.Event().wait()  # until Ctrl+C
            except KeyboardInterrupt:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
