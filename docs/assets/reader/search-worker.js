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
    const word = mark.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "").toLowerCase()
    if (word) words[word] = true
  }
  return words
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
function toItems(page, score) {
  const words = {}
  const sections = page.sub_results
    .filter(section => section.url.includes("#") && section.anchor?.element !== "h1")
    .sort((a, b) => weight(b) - weight(a))
  matchedWords(page.excerpt, words)
  sections.forEach(section => matchedWords(section.excerpt, words))
  const title = page.meta.title || page.url
  return [
    { location: siteRelative(page.url), title: highlight(title, words), text: page.excerpt, score, terms: words },
    ...sections.map((section, i) => ({
      location: siteRelative(section.url),
      title: highlight(section.title, words),
      text: section.excerpt,
      score: i < SECTIONS ? score : score / 2,
      terms: words
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
  return { items: pages.map((page, i) => toItems(page, best[i].score)), total: found.results.length }
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
