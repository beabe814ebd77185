// Search for Material for MkDocs' own search box, answered by Pagefind.
//
// Material's search interface (box, result list, keyboard handling) talks to a web worker in
// four messages: SETUP -> READY, then QUERY -> RESULT. This worker speaks that protocol and asks
// the Pagefind bundle of the page's language (pagefind/<lang>/, built by roadmap/search.py),
// so a Spanish page only finds Spanish pages, plurals and accents are forgiven, and a query
// downloads only the index chunks and result fragments it needs. Past the best ten, reader.js
// asks for ten more on a channel named in each RESULT (Material renders only what it is sent,
// so the further pages go straight to reader.js, which lists them). See MAINTAINERS.md.
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
const SHOWN = 10         // a result's text is one download: fetch it for ten pages at a time
const SECTIONS = 2       // a page's best sections listed under it; the rest are left out
const requested = new URL(self.location.href).searchParams.get("lang") || ""
const lang = /^[a-z]{2}$/.test(requested) ? requested : "es"
const bundle = new URL(`../../pagefind/${lang}/`, self.location.href)
// "Show more" requests come on this page's own channel (a name no other tab shares)
const channelName = `roadmap-search-${self.crypto.randomUUID()}`
const channel = new BroadcastChannel(channelName)
// The reader's meaning: "Perú" and "Peru" rank alike (Pagefind folds accents when it matches;
// by default it still ranks the typed accents first, which reorders the same pages)
const OPTIONS = { excerptLength: 24, ranking: { diacriticSimilarity: 0 } }

let pagefind = null      // loaded on the first query, so a page view alone downloads none of it
let partNames = []       // a large site's index parts, by the filter "part" each page carries; none when whole
let latest = 0           // each keystroke is a query: only the newest one is answered
let last = { query: null, results: [] }  // the newest query's pages, for "show more"

function engine() {
  pagefind = pagefind || Promise.all([import(new URL("pagefind.js", bundle).href), parts()]).then(async ([pf, merge]) => {
    await pf.options({ basePath: bundle.href, ...OPTIONS })
    await pf.init()
    for (const part of merge) await pf.mergeIndex(new URL(part, bundle).href, OPTIONS)
    partNames = merge.length ? ["1", ...merge.map(part => part.match(/\d+/)[0])] : []
    return pf
  })
  return pagefind
}

// A large site's index comes in parts, each a bundle of its own (roadmap/search.py, PART_PAGES):
// the first lists the others, which join it, so one query searches every page of the language
async function parts() {
  try {
    const answer = await fetch(new URL("roadmap-parts.json", bundle))
    const listed = answer.ok ? (await answer.json()).merge : []
    return Array.isArray(listed) ? listed.filter(part => /^part-\d+\/$/.test(part)) : []
  } catch {
    return []  // no list (an index written before parts existed): the first part is the whole index
  }
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

// One page and its best sections, in the shape Material renders (the page first, no "#"). At
// most SECTIONS sections, all with the page's score, so Material lists each one (a lower score
// would fold it under "N more on this page", a control the results' listbox cannot hold).
// The words the reader typed, and the page's forms of them ("financiación" for "financiacion"),
// go into the result link, and the page opened highlights them.
function toItems(page, score, query) {
  const terms = Object.fromEntries(query.toLowerCase().split(/\s+/).filter(Boolean).map(word => [word, true]))
  const sections = page.sub_results
    .filter(section => section.url.includes("#") && section.anchor?.element !== "h1")
    .sort((a, b) => weight(b) - weight(a))
    .slice(0, SECTIONS)
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
      score,
      terms
    }))
  ]
}

// A query as Pagefind reads it: punctuation dropped, lower case, accents folded
function queryWords(query) {
  return query.replace(/[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu, "").toLowerCase()
    .normalize("NFD").replace(/\p{M}/gu, "").split(/\s+/).filter(Boolean)
}

// When no indexed word starts like a query word, Pagefind falls back to the longest indexed word
// the query word starts with: "crédito", which the site never uses, finds every page with
// "crear" (through "cre"). That is not what the reader meant. How an index (or, with `filters`,
// one part of a large site's index) holds a query word: "exact"; "prefix", a word that starts
// with it; "near", only a word starting like it, all but its last two letters (the reader is
// still typing: "financiamie"); or "" (nothing, or Pagefind's fallback). A fallback serves every
// page from one indexed word, and only when nothing starts with the query word: the best page
// tells for all of them.
async function holds(pf, word, filters) {
  if ((await pf.search(`"${word}"`, { filters })).results.length) return "exact"
  const found = await pf.search(word, { filters })
  if (!found.results.length) return ""
  const page = await found.results[0].data()
  const text = page.content.split(/\s+/)
  const matched = page.locations.flatMap(at => words(text[at] || ""))
  if (matched.some(held => held.startsWith(word))) return "prefix"
  return matched.some(held => held.startsWith(word.slice(0, Math.max(3, word.length - 2)))) ? "near" : ""
}

// Whether the whole index holds every word typed
async function meant(pf, query) {
  for (const word of queryWords(query)) if (!await holds(pf, word, {})) return false
  return true
}

// The parts of a large site's index that hold every word typed as the whole index would: where
// some part holds a word or a word starting with it, the parts that only hold one near it (through
// their own fallback) are left out, as one index would leave out those pages.
async function partsMeant(pf, query) {
  let kept = [...partNames]
  for (const word of queryWords(query)) {
    const held = {}
    for (const part of kept) held[part] = await holds(pf, word, { part })
    const found = Object.values(held).some(how => how === "exact" || how === "prefix") ? ["exact", "prefix"] : ["near"]
    kept = kept.filter(part => found.includes(held[part]))
  }
  return kept
}

// The results of a slice of pages. The page about a thing comes before the pages that mention
// it (titleMatch), among the pages of the slice.
async function listed(results, query) {
  const pages = await Promise.all(results.map(result => result.data()))
  return pages.map((page, i) => ({ page, score: results[i].score, title: titleMatch(decodeHTML(page.meta.title || ""), query) }))
    .sort((a, b) => b.title - a.title)  // stable: Pagefind's order within each group
    .map(({ page, score }) => toItems(page, score, query))
}

// Pages for contributors (the data reference, how to contribute, the translations' state; marked
// in main.html) come after the pages for readers, unless their title holds every word typed:
// then they are what the reader asked for. They are few: their texts are fetched to tell.
async function readersFirst(pf, query, found, filters) {
  const reference = await pf.search(query, { filters: { ...filters, audience: "contributors" } })
  const later = new Set()
  for (const result of reference.results) {
    const page = await result.data()
    if (!titleMatch(decodeHTML(page.meta.title || ""), query)) later.add(result.id)
  }
  return [...found.results.filter(result => !later.has(result.id)), ...found.results.filter(result => later.has(result.id))]
}

async function search(query, id) {
  if (!query.trim()) return { items: [], total: 0 }
  const pf = await engine()
  // Each part of a large site's index falls back on its own when it lacks a word typed, so an id
  // held by one part would bring pages with its first letters from the others: only the parts
  // that hold every word typed are searched (partsMeant)
  const kept = partNames.length ? await partsMeant(pf, query) : []
  const filters = partNames.length ? { part: { any: kept } } : {}
  const found = partNames.length && !kept.length ? { results: [] } : await pf.search(query, { filters })
  if (id !== latest || !found) return null
  const results = found.results.length && (partNames.length || await meant(pf, query)) ? await readersFirst(pf, query, found, filters) : []
  if (id !== latest) return null
  last = { query, results }
  return { items: await listed(results.slice(0, SHOWN), query), total: results.length, channel: channelName }
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

// "Show more" (reader.js): the next ten pages of the newest query, from the `from`-th on
channel.addEventListener("message", async ({ data: request }) => {
  if (request?.type !== "more" || request.query !== last.query) return
  const from = Math.max(0, Math.floor(Number(request.from)) || 0)
  const { query, results } = last
  const items = await listed(results.slice(from, from + SHOWN), query)
  if (query === last.query)
    channel.postMessage({ type: "items", query, from, items, total: results.length })
})
