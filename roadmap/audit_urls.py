"""URLs as a browser reads them (in markup and in CSS), for the site audit (:mod:`roadmap.audit`)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator
from urllib.parse import urljoin

import tinycss2

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


def css_urls(css: str) -> Iterator[str]:
    """The URLs in CSS (a style sheet, a ``style`` attribute or one property's value) as a browser
    tokenises it (tinycss2: comments, strings and escapes as the CSS Syntax standard reads them):
    ``url()`` tokens and functions, ``src()``, the string after ``@import`` and the bare strings of
    ``image-set()`` (and ``-webkit-image-set()``)."""
    yield from _token_urls(tinycss2.parse_component_value_list(css, skip_comments=True))


def _token_urls(tokens: list, strings_are_urls: bool = False) -> Iterator[str]:
    after_import = False
    for token in tokens:
        if token.type == "url":
            yield token.value
        elif token.type == "string" and (strings_are_urls or after_import):
            yield token.value
        elif token.type == "function":
            yield from _token_urls(token.arguments, token.lower_name in ("url", "src") or token.lower_name.endswith("image-set"))
        elif token.type in ("() block", "[] block", "{} block"):
            yield from _token_urls(token.content)
        if token.type == "at-keyword":
            after_import = token.lower_value == "import"
        elif token.type != "whitespace":
            after_import = False
