"""``sitemap.xml`` written by Python rather than by mkdocs-static-i18n's Jinja template (issue #21:
the template's loop over 2,150 pages and their alternates was 4% of a `mkdocs serve` rebuild at
1,000 objectives, and of a full build's last language).

Only the very template this module writes the same bytes as is replaced: mkdocs-static-i18n 1.3's
``custom_i18n_sitemap/sitemap.xml``, recognised by its file name and its SHA-256. Any other
template (an upgrade of the plugin, a theme's own ``sitemap.xml``) is rendered by Jinja as before.
tests/test_kept_between_builds.py renders pages with and without a canonical address, a date,
alternates and pages, and characters to escape, both ways, and compares them.

Relies on MkDocs 1.6's ``mkdocs.commands.build._build_template`` (``template.render(context)``)
and the template's context: ``i18n_alternates`` ({language: [File]}, mkdocs-static-i18n's
``on_template_context``) and ``config``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.commands import build as mkdocs_build

SITEMAP = "sitemap.xml"
I18N_TEMPLATE = ("mkdocs_static_i18n", "custom_i18n_sitemap", "sitemap.xml")
I18N_SHA256 = "538e71a0c68befdae40bb4e0451150b1ca424ef5b1c4f0e0e7d806640d17e5e7"
_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
         '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">')
_known: dict[str, bool] = {}  # template file -> whether it is the one replaced


def render(alternates: dict[str, list[Any]], site_url: Any) -> str:
    """What the template renders for ``i18n_alternates`` and ``config.site_url``."""
    out = [_HEAD]
    for files in alternates.values():
        for file in files:
            page = getattr(file, "page", None)
            if not page or getattr(page, "is_link", False):
                continue
            out.append(f"\n    <url>\n        <loc>{_href(page, file, site_url, False)}</loc>")
            if page.update_date:
                out.append(f"\n        <lastmod>{page.update_date}</lastmod>")
            out.append("\n        <changefreq>daily</changefreq>")
            for locale, other in file.alternates.items():
                out.append(f'\n        <xhtml:link rel="alternate" hreflang="{locale}" '
                           f'href="{_href(getattr(other, "page", None), other, site_url, True)}"/>')
            out.append("\n    </url>")
    out.append("\n</urlset>")
    return "".join(out)


def _href(page: Any, file: Any, site_url: Any, alternate: bool) -> str:
    """The page's address as the template writes it: its canonical address, else its absolute
    one (both escaped), else the site's address and the file's URL (an alternate's ``./`` being
    the site's address alone). A missing page reads as undefined, as in Jinja."""
    canonical = getattr(page, "canonical_url", None) if page is not None else None
    if canonical:
        return str(escape(canonical))
    absolute = getattr(page, "abs_url", None) if page is not None else None
    if absolute:
        return str(escape(absolute))
    if alternate and file.url == "./":
        return str(site_url)
    return f"{site_url}{file.url}"


class _Python:
    """A template whose ``render`` is :func:`render`."""

    def __init__(self, template: Any) -> None:
        self.template = template

    def render(self, context: dict[str, Any]) -> str:
        return render(context["i18n_alternates"], context["config"].site_url)


def replaced(template: Any) -> bool:
    """Whether ``template`` is mkdocs-static-i18n's sitemap, the one :func:`render` writes."""
    filename = getattr(template, "filename", None)
    if not filename or Path(filename).parts[-3:] != I18N_TEMPLATE:
        return False
    if filename not in _known:
        _known[filename] = hashlib.sha256(Path(filename).read_bytes()).hexdigest() == I18N_SHA256
    return _known[filename]


def _build_template(name: str, template: Any, files: Any, config: Any, nav: Any) -> str:
    if name == SITEMAP and replaced(template):
        template = _Python(template)
    return _original(name, template, files, config, nav)


if not getattr(mkdocs_build._build_template, "roadmap_sitemap", False):
    _original = mkdocs_build._build_template
    _build_template.roadmap_sitemap = True  # type: ignore[attr-defined]
    mkdocs_build._build_template = _build_template
