"""URLs as a browser reads them, for the site audit (:mod:`roadmap.audit`)."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin

# the URL parser's schemes where a backslash is a slash (WHATWG "special" schemes)
SPECIAL_SCHEMES = {"http", "https", "ftp", "ws", "wss", "file"}


@lru_cache(maxsize=4096)  # a site's pages repeat the same links: each is read once
def scheme_of(url: str) -> str:
    """The scheme as a browser reads it: spaces and control characters around and inside the
    scheme ignored (``java\\tscript:`` is ``javascript:``), lower case."""
    cleaned = re.sub(r"[\x00-\x20]", "", url)
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return match.group(1).lower() if match else ""


def resolve(url: str, base: str) -> str:
    """``url`` as a browser resolves it against the page's address ``base`` (WHATWG URL parsing,
    the parts that decide the host): leading and trailing C0 controls and spaces dropped, ASCII
    tab and newline dropped anywhere, a backslash read as a slash in http(s) and other special
    URLs, then joined to ``base``. So ``/\\evil.example/a.png`` and ``/<newline>/evil.example/``
    are ``https://evil.example/…``, as the browser fetches them."""
    url = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(0x21))))
    scheme = scheme_of(url)
    if scheme in SPECIAL_SCHEMES or (not scheme and scheme_of(base) in SPECIAL_SCHEMES):
        url = url.replace("\\", "/")
    try:
        return urljoin(base, url)
    except ValueError:
        return url


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]
