"""Compiled Jinja templates kept for the life of the process, across Jinja environments.

Every build makes new environments: MkDocs the theme's (``Theme.get_env``), the renderer its own
for each new :class:`roadmap.render.Renderer` (one per change of the data). In ``mkdocs serve``
that means compiling Material's base template and partials, and this project's templates, again
on every save: about a third of a rebuild at the real size. Jinja's own bytecode cache keeps the
compiled code, keyed by template name and file and checked against a hash of the source, so an
edited template is compiled afresh. Kept in memory only: nothing is written to disk.

The compiled code also depends on the environment's settings (autoescape, whitespace control),
so each kind of environment gets its own cache: :func:`cache` ``("theme")``, ``("roadmap")``…
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class MemoryBytecodeCache(BytecodeCache):
    """Jinja's bytecode cache, in a dict: ``{bucket key: marshalled code}``."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:  # Jinja discards it if the source's checksum differs
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


@lru_cache(maxsize=None)
def cache(kind: str) -> MemoryBytecodeCache:
    """The one cache for environments of ``kind`` (a name: environments of one kind have the
    same settings), for the life of the process."""
    return MemoryBytecodeCache()
