"""The text policy of the data: what a text field of ``data/objectives.yml`` may hold, and how it
becomes HTML.

A data text is plain text plus a small Markdown subset, and nothing else:

- emphasis: ``*italics*`` or ``_italics_``, ``**bold**`` or ``__bold__``;
- links: ``[label](url)`` where ``url`` is an ``https:``/``http:`` address, a ``mailto:`` address,
  or a page of this site written relative to the language root (``objetivos/finance-to-scale/``).

Not allowed, because it would turn data into markup or code: raw HTML (``<b>``, ``<!--``, ``<https://…>``),
images (``![…](…)``), braces (Markdown attribute lists ``{onclick=…}``, Jinja ``{{ … }}``), HTML
character references (``&#1;``), control characters (C0 but tab and newline, DEL, C1 such as U+0080),
bidirectional overrides and marks, invisible characters (zero-width, tag characters, line and
paragraph separators: :data:`INVISIBLE`), unpaired surrogates and non-characters; and a text is
never blank.

:func:`violations` is what ``make check`` runs (the offsets let it point at line and column);
:func:`to_html` is the only way data text reaches a page: it renders the subset itself (no Markdown
library, so nothing outside the subset can be interpreted), passes the result through nh3 with an
explicit allow-list (defence in depth), then writes the characters that Markdown, attribute lists
or Jinja would act on as character references, so a later pass over the page finds only text.
:func:`plain` gives the one-line text for metadata, feeds and downloads. :func:`url_problem`
is the URL type used for every URL of the data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterator
from urllib.parse import urlsplit

import nh3
from markupsafe import Markup, escape

# --------------------------------------------------------------------------- what is allowed

LINK_SCHEMES = ("https", "http", "mailto")
URL_SCHEMES = ("https", "http")
MAX_URL_LENGTH = 2000

# Characters no data value may contain: C0 controls but tab and newline, DEL, C1 controls,
# unpaired surrogates, bidirectional overrides, isolates and marks, non-characters; and the
# invisible ones (issue #18), which let two texts that look the same differ, hide words from
# search or smuggle text past a reviewer: zero-width spaces and joiners, the word joiner and
# invisible operators, the byte order mark inside a text, the soft hyphen, Hangul fillers, the
# Mongolian vowel separator, the line and paragraph separators (U+2028/2029) and the tag
# characters (U+E0000–E007F, an invisible copy of ASCII).
INVISIBLE = ("\u00ad\u034f\u115f\u1160\u180e\u200b-\u200d\u2028\u2029\u2060-\u2064\u3164\ufeff\uffa0"
             "\U000e0000-\U000e007f")
BIDI_MARKS = "\u061c\u200e\u200f"
FORBIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff"
    + BIDI_MARKS + INVISIBLE + "]")
_INVISIBLE = re.compile("[" + INVISIBLE + BIDI_MARKS + "]")
_HTML = re.compile(r"<[A-Za-z/!?]")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_BRACES = re.compile(r"[{}]")
_IMAGE = re.compile(r"!\[")
# a site page: lowercase path segments relative to the language root, optional #anchor
_SITE_PAGE = re.compile(r"(?:[a-z0-9][a-z0-9-]*/)*(?:[a-z0-9][a-z0-9-]*/?)?(?:#[a-z0-9][a-z0-9-]*)?")
_MAILTO = re.compile(r"mailto:[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_URL_FORBIDDEN = re.compile(r"""[\s<>"'`\\{}\[\]()|^]""")
_HOST = re.compile(r"(?:[^\W_](?:[\w-]*[^\W_])?\.)*[^\W_](?:[\w-]*[^\W_])?", re.UNICODE)


@dataclass(frozen=True)
class Violation:
    """One place where a text leaves the policy: ``offset`` and ``length`` in the text, the
    ``key`` of its message in ``roadmap/labels.yml`` and the values the message names."""

    offset: int
    length: int
    key: str
    values: dict[str, Any] = field(default_factory=dict)


def url_problem(url: str) -> str | None:
    """``None`` when ``url`` is a well-formed absolute ``http(s)`` URL with a host; otherwise the
    key (in ``roadmap/labels.yml``) of the message saying what is wrong. Pure: no network."""
    if len(url) > MAX_URL_LENGTH:
        return "check_url_length"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return "check_url_form"
    if parts.scheme.lower() not in URL_SCHEMES or not url.lower().startswith(f"{parts.scheme.lower()}://"):
        return "check_url_scheme"
    if FORBIDDEN_CHARS.search(url) or _URL_FORBIDDEN.search(url):
        return "check_url_characters"
    if parts.username is not None or parts.password is not None:
        return "check_url_userinfo"
    host = parts.hostname or ""
    if not host.isascii():  # a homograph (Cyrillic а for a) would look like the real host
        return "check_url_host_ascii"
    if not host or not _HOST.fullmatch(host) or "." not in host:
        return "check_url_host"
    return None


def link_target_ok(target: str) -> bool:
    """A link of data text may go to an http(s) URL, a mailto: address or a page of this site."""
    lowered = target.lower()
    if lowered.startswith("mailto:"):
        return bool(_MAILTO.fullmatch(target))
    if ":" in target.split("/")[0] or target.startswith("//"):
        return url_problem(target) is None
    return bool(target) and _SITE_PAGE.fullmatch(target) is not None


_LINK_LABEL = re.compile(r"\[([^\[\]]*)\]\(")
# a target with at most one level of balanced parentheses; each alternative takes different
# characters, so matching is linear (no backtracking blow-up on hostile text)
_LINK_TARGET = re.compile(r"((?:[^\s()]|\([^\s()]*\))*)\)")
_LINK_RAW_TARGET = re.compile(r"[^\s()\[\]]*")


def _links(text: str) -> Iterator[tuple[int, int, str, int, str, bool]]:
    """Every ``[label](target)``: (start, end, label, target offset, target, closed). The target may
    hold balanced parentheses, so ``[x](javascript:alert(1))`` yields ``javascript:alert(1)``; one
    not closed by ``)`` (a space, a title, a bracket first) runs to that character and is not a
    link of the policy. Linear in the text."""
    for match in _LINK_LABEL.finditer(text):
        at = match.end()
        target = _LINK_TARGET.match(text, at)
        if target:
            yield match.start(), target.end(), match.group(1), at, target.group(1), True
        else:
            raw = _LINK_RAW_TARGET.match(text, at)
            yield match.start(), raw.end(), match.group(1), at, raw.group(), False


def label_violations(text: str) -> list[Violation]:
    """:func:`violations` for a title, name or label, which the site shows as the text of a link
    (lists, menus, tables): a link in it is a violation too, whatever its target."""
    found = [v for v in violations(text) if v.key != "check_text_link"]
    for start, end, label, _at, _target, closed in _links(text):
        if not (start > 0 and text[start - 1] == "!"):
            found.append(Violation(start, end - start, "check_label_link", {"label": label[:80]}))
    return sorted(found, key=lambda v: v.offset)


MAX_MARKS = 4  # combining marks on one letter: Vietnamese written decomposed takes two


def _marks_class() -> str:
    """Every combining mark (Unicode category M: planes 0 and 1, the variation selectors of plane
    14) as ranges of a regular expression's character class; built once, in milliseconds."""
    ranges: list[tuple[int, int]] = []
    for code in (*range(0x20000), *range(0xE0100, 0xE01F0)):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)


@lru_cache(maxsize=1)
def mark_stack() -> re.Pattern[str]:
    """A run of more than MAX_MARKS combining marks ("Zalgo" text), drawn stacked over the lines
    around it, down the page. Built when a check first needs it: a build whose data was checked
    before never does (15 ms of every build's start)."""
    return re.compile(f"[{_marks_class()}]{{{MAX_MARKS + 1},}}")


def _mark_stacks(text: str) -> Iterator[Violation]:
    for m in mark_stack().finditer(text):
        yield Violation(m.start(), len(m.group()), "check_text_marks", {"count": len(m.group()), "limit": MAX_MARKS})


def violations(text: str) -> list[Violation]:
    """Everything in ``text`` outside the policy, in text order. Never raises."""
    found: list[Violation] = list(_mark_stacks(text))
    for m in FORBIDDEN_CHARS.finditer(text):
        key = "check_text_invisible" if _INVISIBLE.match(m.group()) else "check_text_control"
        found.append(Violation(m.start(), 1, key, {"code": f"U+{ord(m.group()):04X}"}))
    if not text.strip():
        found.append(Violation(0, len(text), "check_text_blank"))
    for m in _HTML.finditer(text):
        found.append(Violation(m.start(), 2, "check_text_html", {"found": text[m.start():m.start() + 12]}))
    for m in _ENTITY.finditer(text):
        found.append(Violation(m.start(), len(m.group()), "check_text_entity", {"found": m.group()}))
    for m in _IMAGE.finditer(text):
        found.append(Violation(m.start(), 2, "check_text_image"))
    for m in _BRACES.finditer(text):
        found.append(Violation(m.start(), 1, "check_text_braces", {"found": text[m.start():m.start() + 20]}))
    for start, _end, _label, target_at, target, closed in _links(text):
        if start > 0 and text[start - 1] == "!":
            continue  # an image: reported above
        if not closed or not link_target_ok(target):
            found.append(Violation(target_at, len(target), "check_text_link", {"target": target[:80]}))
    # one message per kind of mistake in a text: the first place it occurs
    first: dict[tuple[str, str], Violation] = {}
    for v in sorted(found, key=lambda v: v.offset):
        first.setdefault((v.key, str(v.values.get("target", ""))), v)
    return list(first.values())


# --------------------------------------------------------------------------- rendering

# The sanitiser's allow-list: exactly what _inline can produce.
_CLEANER = nh3.Cleaner(tags={"a", "em", "strong", "p"}, attributes={"a": {"href"}},
                       url_schemes=set(LINK_SCHEMES), link_rel=None, strip_comments=True)
# Characters that Markdown (emphasis, links, code, tables, heading closers), attribute lists or
# Jinja would act on if the page went through them again: written as character references. At the
# start of a text, also what would begin a list ("- ", "+ ", "1. ").
_INERT = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_{}[]#|"})
_LIST_START = re.compile(r"^([-+=]|[0-9]+[.)])")
# Emphasis never spans its own delimiter, so each attempt stops at the next one: linear in the
# text, where a lazy ".+?" was quadratic on "*a *a *a …".
_STRONG = re.compile(r"\*\*(?=\S)((?:[^*]|\*(?!\*))+?)(?<=\S)\*\*|__(?=\S)((?:[^_]|_(?!_))+?)(?<=\S)__")
_EM = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?!\*)|(?<![\w_])_(?=[^\s_])([^_]+?)(?<=[^\s_])_(?![\w_])")


def _emphasis(escaped: str) -> str:
    escaped = _STRONG.sub(lambda m: f"<strong>{m.group(1) or m.group(2)}</strong>", escaped)
    return _EM.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", escaped)


def _inline(text: str, base: str, links: bool = True) -> str:
    """The subset to HTML: links whose target is allowed (only their label without ``links``),
    emphasis; everything else escaped."""
    out, last = [], 0
    for start, end, label, _at, target, closed in _links(text):
        if start < last or not closed or (start > 0 and text[start - 1] == "!") or not link_target_ok(target):
            continue
        out.append(_emphasis(str(escape(text[last:start]))))
        href = target if ":" in target.split("/")[0] or target.startswith("#") else base + target
        out.append(f'<a href="{escape(href)}">{_emphasis(str(escape(label)))}</a>' if links else _emphasis(str(escape(label))))
        last = end
    out.append(_emphasis(str(escape(text[last:]))))
    return "".join(out)


_INERT_ATTRIBUTE = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_{}[]()#|!"})


def attribute(value: str) -> Markup:
    """A value (a URL) for an HTML attribute in a page that Markdown will read: escaped, and with
    the characters of Markdown link syntax as character references, because Python-Markdown
    turns ``[x](y)`` into a link even inside a raw tag's attribute. Browsers read it unchanged."""
    return Markup(str(escape(FORBIDDEN_CHARS.sub("", value))).translate(_INERT_ATTRIBUTE))


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text (separated by a blank line), each on one line."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def to_html(text: str, base: str = "", block: bool = False, links: bool = True) -> Markup:
    """Data text as safe, inert HTML. ``base`` is the relative URL from the page to its language
    root (site links are written relative to it); ``block`` makes paragraphs (``<p>``), else line
    breaks become spaces; ``links=False`` shows a link as its label only, for a text shown inside
    a link (a link in a link is invalid HTML). Characters outside the policy are dropped; the rest
    is escaped."""
    text = FORBIDDEN_CHARS.sub("", unicodedata.normalize("NFC", text))
    if block:
        html = "".join(f"<p>{_inline(p, base, links)}</p>" for p in paragraphs(text))
    else:
        html = _inline(" ".join(text.split()), base, links)
    html = _CLEANER.clean(html).translate(_INERT)
    return Markup(_LIST_START.sub(lambda m: m.group()[:-1] + f"&#{ord(m.group()[-1])};", html))


def plain(text: str) -> str:
    """One line of plain text: link labels without their URLs, no emphasis markers, no control
    characters. For page metadata, feeds and anything that is not HTML."""
    text = FORBIDDEN_CHARS.sub("", text)
    out, last = [], 0
    for start, end, label, _at, _target, closed in _links(text):
        if start >= last and closed:
            out += [text[last:start], label]
            last = end
    out.append(text[last:])
    text = _STRONG.sub(lambda m: m.group(1) or m.group(2), "".join(out))
    text = _EM.sub(lambda m: m.group(1) or m.group(2), text)
    return " ".join(text.split())
