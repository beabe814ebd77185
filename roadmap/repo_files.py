"""Only the repository's own regular files are read and published (issue #18).

A pull request can commit a symbolic link: ``docs/assets/x → /etc/passwd`` (or to
``../../.git/config``, ``/proc/self/environ``, a whole host folder ``/etc/ssh``), or
``data/objectives.yml → /dev/zero``. MkDocs copies what a link points at into the site (and so into
the pull request's downloadable build), and a reader of the data reads until memory runs out. So
every path under the folders a build reads (``docs/``, ``data/``, ``overrides/``, and whatever
``mkdocs.yml`` names as ``docs_dir`` and ``custom_dir``), the folders themselves included, must be
a plain folder or a regular file: a symbolic link, a named pipe, a socket or a device is refused by
``make check`` and by the build (``macros/own_files.py``), naming the path, before anything reads
it. The walk never follows a link and reads no file; its cost grows with the number of paths.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Iterable

from .messages import Message, message

FOLDERS = ("docs", "data", "overrides")
MAX_PROBLEMS = 50  # a folder of thousands of links is named by its first ones, then counted


def refused(root: Path, folders: Iterable[str | Path] = FOLDERS) -> list[tuple[str, Message]]:
    """``(path relative to root, message)`` for every path under ``folders`` (relative to
    ``root``, or absolute) that is not a plain folder or a regular file, the folders and every
    folder between ``root`` and them included. At most :data:`MAX_PROBLEMS`, then one more
    line counting the rest."""
    found: list[tuple[str, Message]] = []
    count = 0
    seen: set[str] = set()
    for folder in folders:
        start = Path(folder) if Path(folder).is_absolute() else root / folder
        for path, reason in _walk(root, start):
            name = _relative(root, path)
            if name in seen:
                continue
            seen.add(name)
            count += 1
            if len(found) < MAX_PROBLEMS:
                found.append((name, reason))
    if count > len(found):
        found.append(("", message("check_not_regular_more", count=count - len(found))))
    return found


def is_regular_file(path: Path) -> bool:
    """Whether ``path`` itself (not what a link points at) is a regular file."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _walk(root: Path, start: Path) -> Iterable[tuple[Path, Message]]:
    # the folders between the root and the start first: docs/ itself may be the link
    try:
        parts = start.relative_to(root).parts
    except ValueError:
        parts = ()
    for depth in range(1, len(parts)):
        between = root.joinpath(*parts[:depth])
        reason = _refusal(between)
        if reason is not None:
            yield between, reason
            return
    reason = _refusal(start)
    if reason is not None:
        yield start, reason
        return
    if not start.is_dir():
        return
    stack = [start]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.is_dir(follow_symlinks=False):
                stack.append(path)
                continue
            reason = _refusal(path)
            if reason is not None:
                yield path, reason


def _refusal(path: Path) -> Message | None:
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return message("check_unreadable", reason=exc.strerror or exc)
    if stat.S_ISLNK(mode):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return message("check_symlink", target=target[:200])
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return message("check_special_file")


def _relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def line(name: str, reason: Message, lang: str) -> str:
    """``path: error: message`` in ``lang``, as ``make check`` prints its problems."""
    return f"{name}: error: {reason.get(lang)}" if name else reason.get(lang)


def annotation(name: str, reason: Message) -> str:
    """A GitHub Actions error annotation on the path, in Spanish then English."""
    texts = "\n\n".join(dict.fromkeys((reason.get("es"), reason.get("en"))))
    texts = texts.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::error file={name}::{texts}" if name else f"::error::{texts}"


def text(found: list[tuple[str, Message]], lang: str) -> str:
    """The refusals, one a line, in ``lang``."""
    return "\n".join(line(name, reason, lang) for name, reason in found)


def escapes(base: Path, relative: str) -> bool:
    """Whether the path ``relative`` (a file's place in the site, as the build writes it) would
    end outside the folder ``base``: absolute, a drive, ``..`` that climbs out, a backslash or a
    control character (``objetivos/../../x/index.html``). Checked on the text, before anything
    is written: the folder need not exist."""
    if not relative or "\\" in relative or _CONTROL.search(relative) or os.path.isabs(relative):
        return True
    folder = os.path.abspath(base)  # once: asked of every file of every build (issue #21)
    joined = os.path.normpath(os.path.join(folder, relative))
    return os.path.commonpath([joined, folder]) != folder or joined == folder


_CONTROL = re.compile(r"[\x00-\x1f]")  # a control character: below 32
