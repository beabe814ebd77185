// Search for Material for MkDocs' own search box, answered by Pagefind.
//
// Material's search interface (box, result list, keyboard handling) talks to a web worker in
// four messages: SETUP -> READY, then QUERY -> RESULT. This worker speaks that protocol and asks
// the Pagefind bundle of the page's language (pagefind/<lang>/, built by roadmap/search.py),
// so a Spanish page only finds Spanish pages, plurals and accents are forgiven, and a query
// downloads only the index chunks and result fragments it needs. See MAINTAINERS.md.
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
const SHOWN = 10         // a result's text is one download: fetch it for the best ones only
const SECTIONS = 2       // sections listed under a page; the rest fold into "N more on this page"
const requested = new URL(self.location.href).searchParams.get("lang") || ""
const lang = /^[a-z]{2}$/.test(requested) ? requested : "es"
const bundle = new URL(`../../pagefind/${lang}/`, self.location.href)

let pagefind = null      // loaded on the first query, so a page view alone downloads none of it
let latest = 0           // each keystroke is a query: only the newest one is answered

function engine() {
  pagefind = pagefind || import(new URL("pagefind.js", bundle).href).then(async pf => {
    await pf.options({ basePath: bundle.href, excerptLength: 24 })
    await pf.init()
    return pf
  })
  return pagefind
}

// Pagefind gives titles and excerpts as HTML: "(&lt;10 empleados)". Decoded before use, so the
// text is escaped exactly once and a word is "<10", never "lt;10".
function decodeHTML(html) {
  return html.replace(/&(?:#(\d+)|#x([\da-f]+)|(amp|lt|gt|quot|apos|#39));/gi, (entity, dec, hex, name) =>
    dec ? String.fromCodePoint(+dec) : hex ? String.fromCodePoint(parseInt(hex, 16))
      : { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'" }[name.toLowerCase()])
}

// Words as a reader compares them: lower case, accents folded
function words(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)
}

function escapeHTML(text) {
  return text.replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c])
}

// Material resolves a result's location against the site root, without a leading slash
function siteRelative(url) {
  return url.replace(/^\//, "")
}

// The words Pagefind matched, as written on the page ("financiación" for "financiacion"):
// Material puts them in the result link, and the page it opens highlights them.
function matchedWords(html, words) {
  for (const [, mark] of html.matchAll(/<mark>([^<]+)<\/mark>/g)) {
    const word = decodeHTML(mark).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "").toLowerCase()
    if (/^[\p{L}\p{N}]+([-'’][\p{L}\p{N}]+)*$/u.test(word)) words[word] = true  // a word, not an address
  }
  return words
}

// A generated page indexes its own id (main.html), so typing it finds the page; the id is not
// prose, so it is cut from the excerpts shown. It is the last segment of the page's URL.
function withoutId(excerpt, url) {
  const id = url.split("/").filter(Boolean).pop() || ""
  if (!/^[a-z0-9]+(-[a-z0-9]+)+$/.test(id)) return excerpt
  const marked = [...id].map(c => c.replace(/[-]/, "\\-")).join("(?:</?mark>)*")
  return excerpt.replace(new RegExp(`\\s*(?:<mark>)?${marked}(?:</mark>)?\\.?`, "g"), "").trim()
}

// The page about a thing comes before the pages that mention it: among the pages fetched, those
// whose title holds every word typed come first, the closest titles first; Pagefind's order
// (BM25, headings weighted) decides the rest.
function titleMatch(title, query) {
  const typed = new Set(words(query))
  const inTitle = words(title)
  const found = [...typed].filter(word => inTitle.some(t => t.startsWith(word))).length
  return typed.size && found === typed.size ? 1 + found / Math.max(inTitle.length, 1) : 0
}

function highlight(title, words) {
  let html = escapeHTML(title)
  for (const word of Object.keys(words)) {
    const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])(${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")})(?![\\p{L}\\p{N}])`, "giu")
    html = html.replace(pattern, "$1<mark>$2</mark>")
  }
  return html
}

function weight(section) {
  return (section.weighted_locations || []).reduce((sum, l) => sum + l.weight * l.balanced_score, 0)
}

// One page and its best sections, in the shape Material renders (the page first, no "#")
// The words the reader typed, and the page's forms of them ("financiación" for "financiacion"),
// go into the result link, and the page opened highlights them.
function toItems(page, score, query) {
  const terms = Object.fromEntries(query.toLowerCase().split(/\s+/).filter(Boolean).map(word => [word, true]))
  const sections = page.sub_results
    .filter(section => section.url.includes("#") && section.anchor?.element !== "h1")
    .sort((a, b) => weight(b) - weight(a))
  const excerpt = withoutId(page.excerpt, page.url)
  const excerpts = sections.map(section => withoutId(section.excerpt, page.url))
  matchedWords(excerpt, terms)
  excerpts.forEach(text => matchedWords(text, terms))
  const title = decodeHTML(page.meta.title || page.url)
  return [
    { location: siteRelative(page.url), title: highlight(title, terms), text: excerpt, score, terms },
    ...sections.map((section, i) => ({
      location: siteRelative(section.url),
      title: highlight(decodeHTML(section.title), terms),
      text: excerpts[i],
      score: i < SECTIONS ? score : score / 2,
      terms
    }))
  ]
}

async function search(query, id) {
  if (!query.trim()) return { items: [], total: 0 }
  const pf = await engine()
  const found = await pf.search(query)
  if (id !== latest || !found) return null
  const best = found.results.slice(0, SHOWN)
  const pages = await Promise.all(best.map(result => result.data()))
  const ranked = pages.map((page, i) => ({ page, score: best[i].score, title: titleMatch(decodeHTML(page.meta.title || ""), query) }))
    .sort((a, b) => b.title - a.title)  // stable: Pagefind's order within each group
  return { items: ranked.map(({ page, score }) => toItems(page, score, query)), total: found.results.length }
}

self.addEventListener("message", async ({ data: message }) => {
  switch (message.type) {
    case SETUP:
      self.postMessage({ type: READY })
      break
    case QUERY: {
      const id = ++latest
      try {
        const result = await search(message.data, id)
        if (result && id === latest)
          self.postMessage({ type: RESULT, data: result })
      } catch (error) {
        console.error("search failed:", error)
        if (id === latest)
          self.postMessage({ type: RESULT, data: { items: [], total: 0 } })
      }
      break
    }
  }
})
