"""What every template gets besides its own values: data text in the page's language through the
text policy (``t``), links to generated pages (``link``), citations (``cite``), institutions'
names, status badges, source kinds, the "contribute" line, and the labels (``_``, and ``h`` for
one with HTML in its fields); for issue #19, history entries' keys and the values statuses that
depend on today carry (each milestone's last day, the day the page gives them for).

Takes the renderer (its roadmap, its memo of markup per language, the stale texts), the
template's language, ``base`` (the relative URL to the language root) and whether the template
writes HTML (``*.html.j2``) or Markdown; gives the template's globals (:meth:`TemplateContext.values`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from . import kept_rows, progress, text_policy
from .messages import labels
from .model import SIDES, Text
from .render_text import CONTRIBUTE_PAGE, FOLDERS, format_day, label, markdown_html

if TYPE_CHECKING:
    from .render import Renderer


class TemplateContext:
    """The helpers of one template rendering, in one language, from one page. Per language, the
    same on every page: a status badge, an institution's name, a text's HTML, computed once each
    (the renderer's memo), however many pages show them."""

    def __init__(self, renderer: Renderer, lang: str, base: str, html: bool) -> None:
        self.roadmap = renderer.roadmap
        self.stale = renderer._stale
        self.memo = renderer._memo
        self.lang, self.base, self.html = lang, base, html
        self.today = renderer.today
        self.inputs = renderer.row_inputs.get(lang)  # what decides a listing's row is the same (roadmap/kept_rows.py)

    def values(self, **context: Any) -> dict[str, Any]:
        lang, base, html = self.lang, self.base, self.html
        contribute = label("contribute", lang, href=f"{base}{CONTRIBUTE_PAGE}")
        if html:
            contribute = markdown_html(contribute)
        return dict(
            roadmap=self.roadmap, lang=lang, base=base, t=self.t, link=self.link, cite=self.cite,
            actor_name=self.actor_name, status_badge=self.status_badge, source_kind=self.source_kind,
            kept_row=self.kept_row,
            _=lambda key, **v: label(key, lang, **v), contribute=contribute, sides=SIDES, html=html, h=self.h,
            **self.record_values(), **context)

    def kept_row(self, listing: str, objective: Any, key: Any, make: Any, *args: Any) -> Markup:
        """``make(*args)``, a listing's row showing ``objective`` alone (a template's macro), or
        the same row kept from the last build (roadmap/kept_rows.py). ``key``: what else tells the
        row apart in the listing (its options, a history entry...), as a list of plain values."""
        slot = (listing, self.lang, self.base, self.html)
        return kept_rows.row(self.inputs, slot, objective, tuple(key), lambda: make(*args))

    def h(self, key: str, **values: Any) -> Markup:
        """An interface text whose fields are HTML (``Markup``), the rest of it escaped."""
        return Markup(escape(labels()[key][self.lang])).format(**values)

    def record_values(self) -> dict[str, Any]:
        """What the templates of issue #19 use: history entries by what they are, and statuses
        that depend on today (each pending milestone's last day; the day they are given for)."""
        today = self.today.isoformat()
        return dict(
            entry_key=progress.entry_key, due_counts=progress.due_counts,
            last_day=lambda value: progress.as_date(value).isoformat(),
            is_overdue=lambda milestone: progress.overdue(milestone, self.today),
            as_of=Markup('<time data-as-of datetime="{}">{}</time>').format(today, format_day(today, self.lang)))

    def t(self, value: Text | None, block: bool = False, html_block: bool = False, in_link: bool = False) -> Markup:
        """Localized data text as HTML, only through the text policy (escaped, sanitised with
        nh3, inert to Markdown and Jinja); a missing translation shows the other language,
        marked as such. ``block``: paragraphs separated by blank lines, for Markdown to wrap
        (and give acronyms their tooltips); ``html_block``: ``<p>`` elements, inside raw HTML;
        ``in_link``: the text of a link, so its own links show as their labels (trust review:
        the checker refuses them in titles and names; this is the defence behind it)."""
        if value is None:
            return Markup("")
        html = self.html
        key = ("t", value, self.lang, self.base, block, html_block or (html and block), in_link)
        if key not in self.memo:
            self.memo[key] = self.localized(value, block, html_block or (html and block), in_link)
        return self.memo[key]

    def localized(self, value: Text, block: bool, html_block: bool, in_link: bool = False) -> Markup:
        lang, base = self.lang, self.base
        text, fallback = value.get(lang)
        if in_link:
            shown = text_policy.to_html(text, base, links=False)
        elif html_block:
            shown = text_policy.to_html(text, base, block=True)
        elif block:
            shown = Markup("\n\n").join(text_policy.to_html(p, base) for p in text_policy.paragraphs(text))
        else:
            shown = text_policy.to_html(text, base)
        if fallback is None and self.stale.get(value) == lang:
            return Markup('{} <span class="translation-pending__badge translation-stale__badge" lang="{}">({})</span>').format(
                shown, lang, label("translation_stale", lang))
        if fallback is None:
            return shown
        notice = label("translation_pending", lang)
        if html_block:
            return Markup('<div class="translation-pending" lang="{}">\n{}\n'
                          '<p class="translation-pending__notice" lang="{}">{} — {}</p>\n</div>').format(
                fallback, shown, lang, notice, label("shown_in", lang, language=label(f"language_{fallback}", lang)))
        if block:
            return Markup('<div class="translation-pending" lang="{}" markdown>\n\n{}\n\n'
                          '<p class="translation-pending__notice" lang="{}">{} — {}</p>\n</div>').format(
                fallback, shown, lang, notice, label("shown_in", lang, language=label(f"language_{fallback}", lang)))
        return Markup('<span lang="{}">{}</span> <span class="translation-pending__badge" lang="{}">({})</span>').format(
            fallback, shown, lang, notice)

    def link(self, kind: str, key: str) -> str:
        return f"{self.base}{FOLDERS[kind]}/{key.lower()}/"

    def cite(self, source_id: str) -> Markup:
        """A link to the source: an HTML ``<a>`` whose ``href`` is the checked URL, escaped as an
        attribute, never pasted into Markdown link syntax."""
        source = self.roadmap.sources[source_id]
        # an undated page (issue #10) is cited "n.d."
        when = format_day(source.date, self.lang) if source.date else label("undated", self.lang)
        return Markup('<a href="{}">{}, {}</a>').format(text_policy.attribute(source.url), self.t(source.publisher, in_link=True), when)

    def actor_name(self, actor_id: str, linked: bool = True, html: bool | None = None) -> Markup:
        """The institution's name (and acronym), linked to its page in Markdown or HTML."""
        html = self.html if html is None else html
        key = ("actor", actor_id, self.lang, self.base, linked, html)
        if key not in self.memo:
            self.memo[key] = self.actor_markup(actor_id, linked, html)
        return self.memo[key]

    def actor_markup(self, actor_id: str, linked: bool, html: bool) -> Markup:
        actor = self.roadmap.actors[actor_id]
        t, lang = self.t, self.lang
        name = t(actor.name)
        if actor.abbr and actor.abbr(lang) not in actor.name(lang):
            if name.endswith(")"):  # "… (Federation of Chilean Industry)": one pair of brackets
                name = Markup("{}, {})").format(Markup(name.removesuffix(")")), t(actor.abbr))  # still escaped
            else:
                name = Markup("{} ({})").format(name, t(actor.abbr))
        if not linked:
            return name
        return Markup('<a href="{}">{}</a>' if html else "[{1}]({0})").format(self.link("actor", actor_id), name)

    def source_kind(self, source_id: str, every: bool = False) -> Markup:
        """A press source is always labelled; with ``every``, primary and secondary ones too."""
        kind = self.roadmap.sources[source_id].kind
        if kind is None or (kind != "press" and not every):
            return Markup("")
        return Markup(' <span class="source-kind source-kind--{}">{}</span>').format(kind, label(f"source_kind_{kind}", self.lang))

    def status_badge(self, status_id: str) -> Markup:
        key = ("status", status_id, self.lang, self.html)
        if key not in self.memo:
            self.memo[key] = Markup('<span class="status-badge status-badge--{}">{}</span>').format(
                status_id, self.t(self.roadmap.statuses[status_id].label))
        return self.memo[key]
