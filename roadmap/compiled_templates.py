"""Compiled Jinja templates kept across Jinja environments, builds and processes.

Every build makes new environments: MkDocs the theme's (``Theme.get_env``), the renderer its own
for each new :class:`roadmap.render.Renderer` (one per change of the data). In ``mkdocs serve``
that means compiling Material's base template and partials, and this project's templates, again
on every save: about a third of a rebuild at the real size. Jinja's own bytecode cache keeps the
compiled code, checked against a hash of the source, so an edited template is compiled afresh.

Compiling them was also a sixth of every ``mkdocs build`` at the real size (0.26 s of CPU out
of 1.6 s, issue #21), paid again in the process that builds the second language: so the compiled
code is also kept on disk, as Python keeps its own in ``__pycache__``, in the user's cache folder
(:mod:`roadmap.caches`: ``~/.cache/roadmap-site/jinja/``, never the repository). A file is used
only if its Jinja and Python versions and its template's source checksum match (Jinja checks
both), under a folder named by the environment's settings that change the compiled code; files
written more than 30 days ago are removed (compiled again when next needed).

A template is kept by its name and source, not by its file's path as Jinja's own caches key it:
the same template in another checkout or copy of the project (a moved clone, a worktree, each of
the tests' project copies) is the same code, compiled once (0.1 s of CPU per build of a new copy,
issue #21). The path reaches the compiled code only as its file name, which Jinja reads back as the
template's ``filename`` for tracebacks and errors: code compiled at another path gets this one's.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket

from .caches import KEEP_DAYS, cache_root


def _settings(env: Environment) -> str:
    """What besides the source makes compiled code differ: Jinja's version and the settings its
    code generator reads."""
    autoescape = env.autoescape if isinstance(env.autoescape, bool) else getattr(env.autoescape, "__qualname__", "callable")
    parts = (jinja2.__version__, env.block_start_string, env.block_end_string, env.variable_start_string,
             env.variable_end_string, env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
             env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
             env.keep_trailing_newline, env.optimized, env.finalize is not None, env.is_async, autoescape,
             tuple(sorted(env.extensions)))
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:16]


class MemoryBytecodeCache(BytecodeCache):
    """Jinja's bytecode cache, in a dict: ``{bucket key: marshalled code}``, backed by files in
    ``folder`` when one is given."""

    def __init__(self, folder: Path | None = None) -> None:
        self._code: dict[str, bytes] = {}
        self.folder = folder
        self._pruned = False

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        """Jinja's :meth:`BytecodeCache.get_bucket`, keyed by ``name`` and the source's checksum
        (two versions of a template, e.g. two copies of the project that differ, each keep theirs),
        its code at ``filename`` whichever path it was compiled at."""
        checksum = self.get_source_checksum(source)
        bucket = Bucket(environment, self.get_cache_key(f"{name}|{checksum}"), checksum)
        self.load_bytecode(bucket)
        self._load_from_disk(bucket, environment)
        if bucket.code is not None and filename is not None and bucket.code.co_filename != filename:
            bucket.code = _compiled_at(bucket.code, filename)
        return bucket

    def _load_from_disk(self, bucket: Bucket, environment: Environment) -> None:
        bucket.folder = self.folder / _settings(environment) if self.folder else None  # type: ignore[attr-defined]
        if bucket.code is None and bucket.folder is not None:  # type: ignore[attr-defined]
            try:
                data = (bucket.folder / bucket.key).read_bytes()  # type: ignore[attr-defined]
            except OSError:
                return
            try:  # Jinja resets it if versions or checksum differ
                bucket.bytecode_from_string(data)
            except Exception:  # noqa: BLE001 - a damaged file (cut short, garbled): compile afresh
                bucket.reset()
            if bucket.code is not None:
                self._code[bucket.key] = data

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:  # Jinja discards it if the source's checksum differs
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        data = bucket.bytecode_to_string()
        self._code[bucket.key] = data
        folder = getattr(bucket, "folder", None)
        if folder is not None:
            self._write(folder, bucket.key, data)

    def _write(self, folder: Path, key: str, data: bytes) -> None:
        """Write a whole file under its name (another build may be reading it): a temporary file
        renamed into place. A cache that cannot be written is no error."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not self._pruned:
                self._pruned = True
                self._prune(folder.parent)
            fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{key}-")
            with os.fdopen(fd, "wb") as file:
                file.write(data)
            os.replace(temporary, folder / key)
        except OSError:
            pass

    @staticmethod
    def _prune(root: Path) -> None:
        """Remove the files no build wrote for KEEP_DAYS days (each edit of a template leaves its
        old version's entry behind)."""
        limit = time.time() - KEEP_DAYS * 86400
        for path in root.glob("*/*"):
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
            except OSError:
                pass

    def clear(self) -> None:
        self._code.clear()


def _compiled_at(code: CodeType, filename: str) -> CodeType:
    """``code`` and every code object in it (the template's blocks, macros, loops) with
    ``filename`` as their file, as if compiled from there."""
    consts = tuple(_compiled_at(const, filename) if isinstance(const, CodeType) else const for const in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


@lru_cache(maxsize=None)
def cache(kind: str) -> MemoryBytecodeCache:
    """The one cache for environments of ``kind`` (a name: environments of one kind have the
    same settings), for the life of the process, backed by ``<cache root>/jinja/<kind>/``."""
    root = cache_root()
    return MemoryBytecodeCache(root / "jinja" / kind if root else None)


def cached_from_string(env: Environment, kind: str) -> None:
    """Give ``env`` a ``from_string`` that keeps the compiled code of each source it is given in
    :func:`cache` ``(kind)``, by the source's hash, like a template from a file: the same code,
    compiled once. mkdocs-macros compiles every Markdown page as a template on every build
    (0.05 s of CPU at the real size, issue #21)."""
    store = cache(kind)

    def from_string(source: str, globals: Any = None, template_class: Any = None) -> Any:
        name = "from_string:" + hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
        bucket = store.get_bucket(env, name, None, source)
        if bucket.code is None:
            bucket.code = env.compile(source)
            store.set_bucket(bucket)
        return (template_class or env.template_class).from_code(env, bucket.code, env.make_globals(globals), None)

    env.from_string = from_string  # type: ignore[method-assign]
