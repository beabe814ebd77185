// Small additions to Material for MkDocs for readers; see MAINTAINERS.md.
(() => {
"use strict"

// Interface strings in the page's language (roadmap/labels.yml, through main.html)
const STRINGS = JSON.parse(document.getElementById("roadmap-strings")?.textContent || "{}")
const strings = () => STRINGS[document.documentElement.lang] || STRINGS.es || {}
const say = (key, values = {}) => (strings()[key] || "").replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "")

// ------------------------------------------------------------------ search: a WAI-ARIA combobox
// The box (role=combobox, partials/search.html) keeps the focus: the arrow keys move the active
// result (aria-activedescendant) through the listbox of results, Enter opens it. Tab moves into
// the results, then through them and on to "show more"; past the last it leaves the search, as
// Material's Tab does. The count of results is a live region (role=status).
const box = document.querySelector(".md-search__input")
const list = document.querySelector(".md-search-result__list")
const meta = document.querySelector(".md-search-result__meta")
const toggle = document.getElementById("__search")
const search = { channel: null, query: "", total: 0, shown: 0, more: null }
let active = -1

const options = () => list ? [...list.querySelectorAll(".md-search-result__link")] : []

function setActive(index) {
  const all = options()
  active = all.length ? Math.max(-1, Math.min(index, all.length - 1)) : -1
  all.forEach((option, i) => option.setAttribute("aria-selected", String(i === active)))
  if (active >= 0) {
    box.setAttribute("aria-activedescendant", all[active].id)
    all[active].scrollIntoView({ block: "nearest" })
  } else {
    box.removeAttribute("aria-activedescendant")
  }
}

// Material renders the results (and sets the list's role as it opens and closes): make them a
// listbox of options, each result link an option
let optionCount = 0
function asListbox() {
  if (!list) return
  const open = toggle?.checked && !list.hidden
  if (open && list.getAttribute("role") !== "listbox") list.setAttribute("role", "listbox")
  list.setAttribute("aria-label", say("search_results"))
  for (const item of list.children) item.setAttribute("role", "none")
  for (const option of options()) {
    if (!option.id) option.id = `roadmap-search-option-${++optionCount}`
    option.setAttribute("role", "option")
    if (!option.hasAttribute("aria-selected")) option.setAttribute("aria-selected", "false")
  }
  box.setAttribute("aria-expanded", String(Boolean(open && options().length)))
}

if (box && list) {
  box.setAttribute("role", "combobox")
  new MutationObserver(() => {
    if (active >= 0 && !options()[active]?.isConnected) setActive(-1)
    asListbox()
  }).observe(list, { childList: true, attributes: true, attributeFilter: ["role", "hidden"] })
  toggle?.addEventListener("change", () => { setActive(-1); asListbox() })
  box.addEventListener("input", () => setActive(-1))
  box.addEventListener("keydown", event => {
    if (event.isComposing || !toggle?.checked) return
    const all = options()
    const claim = () => { event.preventDefault(); event.stopPropagation() }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      claim()  // Material would move the focus itself
      if (!all.length) return
      const step = event.key === "ArrowDown" ? 1 : -1
      setActive(active < 0 ? (step > 0 ? 0 : all.length - 1) : (active + step + all.length) % all.length)
    } else if (event.key === "Enter" && active >= 0 && all[active]) {
      claim()
      all[active].click()
    } else if (event.key === "Tab" && !event.shiftKey && all.length) {
      claim()  // into the results, where the reader was
      all[Math.max(active, 0)].focus()
    }
  })
  // Tab and Shift+Tab among the results and "show more", before Material closes the search
  document.querySelector(".md-search__output")?.addEventListener("keydown", event => {
    // Material hands any other key to the box: Shift alone would take the focus away before Tab
    if (["Shift", "Alt", "AltGraph", "CapsLock"].includes(event.key)) event.stopPropagation()
    if (event.key !== "Tab") return
    const stops = [box, ...options(), ...(search.more && !search.more.hidden ? [search.more] : [])]
    const at = stops.indexOf(document.activeElement)
    const next = at + (event.shiftKey ? -1 : 1)
    if (at < 0 || next < 0 || next >= stops.length) return
    event.preventDefault()
    event.stopPropagation()
    stops[next].focus()
  })
}

// Material renders what the worker sends: the best ten pages, with the total found and the
// channel on which the worker sends ten more (search-worker.js)
function describe() {
  if (!meta || !search.total || search.shown < 1) return
  meta.textContent = search.shown < search.total
    ? say("search_best", { shown: search.shown, total: search.total })
    : search.total > 1 ? say("search_all", { total: search.total }) : meta.textContent
  if (search.more) {
    const left = Math.min(10, search.total - search.shown)
    search.more.hidden = left <= 0
    search.more.textContent = say("search_more", { n: left })
  }
}

function moreButton() {
  if (search.more || !list) return search.more
  const button = document.createElement("button")
  button.type = "button"
  button.className = "md-button roadmap-search-more"
  button.hidden = true
  list.closest(".md-search-result").after(button)
  // Material hands every other key to the search box, Space included: this button keeps its keys
  button.addEventListener("keydown", event => {
    if (event.key === " " || event.key === "Enter") event.stopPropagation()
  })
  button.addEventListener("click", () => {
    if (!search.channel) return
    button.disabled = true
    search.channel.postMessage({ type: "more", query: search.query, from: search.shown })
  })
  search.more = button
  return button
}

// A further result, as Material renders one (templates/search/index.tsx): the page, then its
// sections; the page's excerpt shows when it has no section
function renderItem(item) {
  const base = new URL(JSON.parse(document.getElementById("__config").textContent).base, location.href)
  const li = document.createElement("li")
  li.className = "md-search-result__item"
  item.forEach((doc, i) => {
    const url = new URL(doc.location, base.href.endsWith("/") ? base : base.href + "/")
    const words = Object.keys(doc.terms).filter(word => doc.terms[word]).join(" ")
    if (words) url.searchParams.set("h", words)
    const link = document.createElement("a")
    link.href = url.href
    link.className = "md-search-result__link"
    link.tabIndex = -1
    const article = document.createElement("article")
    article.className = "md-search-result__article md-typeset"
    article.dataset.mdScore = doc.score.toFixed(2)
    // the worker escapes the titles it highlights; excerpts are Pagefind's escaped HTML
    article.innerHTML = i === 0
      ? `<div class="md-search-result__icon md-icon"></div><h1>${doc.title}</h1>${item.length === 1 ? doc.text : ""}`
      : `<h2>${doc.title}</h2>${doc.text}`
    link.append(article)
    li.append(link)
  })
  return li
}

function receive({ data: message }) {
  if (message?.type !== "items" || message.query !== search.query || message.from !== search.shown) return
  const first = list.children.length
  for (const item of message.items) list.append(renderItem(item))
  search.shown += message.items.length
  search.total = message.total
  if (search.more) search.more.disabled = false
  describe()
  asListbox()
  list.children[first]?.querySelector(".md-search-result__link")?.focus()  // the first of the new ones
}

component$.subscribe(component => {
  const el = component.ref
  if (!(el instanceof HTMLElement) || !el.matches("[data-md-component=search-result]")) return
  search.query = box ? box.value : ""
  search.total = typeof component.total === "number" ? component.total : component.items.length
  search.shown = component.items.length
  if (component.channel && component.channel !== search.channel?.name) {
    search.channel?.close()
    search.channel = new BroadcastChannel(component.channel)
    search.channel.addEventListener("message", receive)
  }
  moreButton()
  if (search.more) {
    search.more.disabled = false
    search.more.hidden = true
  }
  setActive(-1)
  asListbox()
  describe()
})

// ------------------------------------------------------------------ tables
// A table wider than the screen scrolls inside its own box: make that box a labelled region
// the keyboard can reach and scroll (WCAG 2.1.1), named after the table's heading.
function tableName(wrap) {
  const caption = wrap.querySelector("caption")
  if (caption) return caption.textContent.trim()
  for (let el = wrap; el && !el.matches(".md-content__inner"); el = el.previousElementSibling || el.parentElement) {
    if (/^H[1-6]$/.test(el.tagName)) return el.textContent.replace(/¶$/, "").trim()
  }
  return ""
}

function labelScrollingTables() {
  for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      const name = tableName(wrap)
      wrap.setAttribute("role", "region")
      wrap.setAttribute("tabindex", "0")
      wrap.setAttribute("aria-label", say("table") + (name ? `: ${name}` : ""))
    } else {
      for (const attr of ["role", "tabindex", "aria-label"]) wrap.removeAttribute(attr)
    }
  }
}

// On a phone a table reads as a card per row (reader.css), each cell
// under its column's name. The generated listings carry the names already (data-label, so they
// work without JavaScript); Markdown tables get them here. The explicit roles keep the table's
// meaning for screen readers whatever the display the cards give its parts.
function tablesAsCards() {
  for (const table of document.querySelectorAll(".md-content table")) {
    const headers = [...table.querySelectorAll(":scope > thead > tr > th")].map(th => th.textContent.trim())
    if (headers.length < 2 && !table.hasAttribute("data-cards")) continue
    table.setAttribute("data-cards", "")
    table.setAttribute("role", "table")
    for (const row of table.rows) {
      row.setAttribute("role", "row")
      ;[...row.cells].forEach((cell, i) => {
        cell.setAttribute("role", cell.tagName === "TH" ? (row.parentElement.tagName === "THEAD" ? "columnheader" : "rowheader") : "cell")
        if (cell.tagName === "TD" && !cell.hasAttribute("data-label") && headers[i]) cell.dataset.label = headers[i]
      })
    }
    for (const group of table.querySelectorAll(":scope > thead, :scope > tbody")) group.setAttribute("role", "rowgroup")
  }
}

// ------------------------------------------------------------------ glossary terms
// The first use of a term shows its definition when hovered or focused (roadmap/terms.py, CSS);
// Escape closes it (WCAG 1.4.13), and it is kept inside the screen.
const TERM = ".roadmap-term"
function placeTip(term) {
  const tip = term.querySelector(".roadmap-term__tip")
  if (!tip) return
  tip.style.removeProperty("--roadmap-tip-shift")
  const { left, right } = tip.getBoundingClientRect()
  const over = right - (document.documentElement.clientWidth - 8)
  if (over > 0) tip.style.setProperty("--roadmap-tip-shift", `${-Math.min(over, Math.max(left - 8, 0))}px`)
}
document.addEventListener("focusin", event => {
  const term = event.target.closest?.(TERM)
  if (term) { term.classList.remove("roadmap-term--closed"); placeTip(term) }
})
document.addEventListener("mouseover", event => {
  const term = event.target.closest?.(TERM)
  if (term && !term.contains(event.relatedTarget)) { term.classList.remove("roadmap-term--closed"); placeTip(term) }
})
document.addEventListener("keydown", event => {
  if (event.key !== "Escape") return
  for (const term of document.querySelectorAll(`${TERM}:hover, ${TERM}:focus-within`)) term.classList.add("roadmap-term--closed")
})

// ------------------------------------------------------------------ print
// On paper a link is its address: print it after the text, as an absolute URL of the published site
function printableLinks() {
  const canonical = document.querySelector("link[rel=canonical]")
  for (const link of document.querySelectorAll(".md-content a[href]")) {
    const href = link.getAttribute("href")
    if (href.startsWith("#") || link.matches(".headerlink, .md-content__button, .roadmap-term__link")) continue
    link.dataset.printUrl = new URL(href, canonical ? canonical.href : location.href).href
  }
}

document$.subscribe(() => {
  // the theme has started: the page's language alternates can be links again (see main.html)
  for (const link of document.querySelectorAll("link[rel=x-alternate]")) link.rel = "alternate"
  tablesAsCards()
  labelScrollingTables()
  printableLinks()
})

// ------------------------------------------------------------------ language switcher
// The language switcher keeps the reader's place: the query (the objectives explorer's filters,
// ?theme=finance), and the section they are in, found on the other page by its position among
// the headings (both languages have the same sections; their ids, made from the heading's
// words, differ). The id goes in the link too, for pages whose ids match.
const SWITCH = "roadmap-language-switch"
const sectionHeadings = () => [...document.querySelectorAll(".md-content__inner :is(h2, h3, h4, h5, h6)[id]")]

// The section the reader is in: the one the address points at while its heading is on screen,
// or else the last one whose heading is above the upper 40 % of the screen
function currentSection() {
  const headings = sectionHeadings()
  const linked = headings.findIndex(heading => `#${heading.id}` === decodeURIComponent(location.hash))
  if (linked >= 0) {
    const { top } = headings[linked].getBoundingClientRect()
    if (top >= 0 && top < innerHeight) return linked
  }
  return headings.filter(heading => heading.getBoundingClientRect().top <= innerHeight * 0.4).length - 1
}

// the query as it is now (the explorer rewrites it as filters change), on every way to follow the link
function keepQuery(event) {
  const link = event.target.closest?.(".md-select__link[hreflang]")
  if (link && !document.querySelector(".roadmap-not-found")) link.search = location.search
  return link
}
for (const type of ["focusin", "mouseover", "contextmenu", "auxclick"]) document.addEventListener(type, keepQuery, true)

document.addEventListener("click", event => {
  const link = keepQuery(event)
  if (!link) return
  const index = currentSection()
  if (index < 0) return
  link.hash = sectionHeadings()[index].id
  sessionStorage.setItem(SWITCH, JSON.stringify({ to: link.pathname, index }))
}, true)

function restoreSection() {
  const pending = JSON.parse(sessionStorage.getItem(SWITCH) || "null")
  sessionStorage.removeItem(SWITCH)
  if (!pending || pending.to !== location.pathname) return
  const id = decodeURIComponent(location.hash.slice(1))
  if (id && document.getElementById(id)) return  // the same id on both pages: already there
  const target = sectionHeadings()[pending.index]
  if (!target) return
  history.replaceState(history.state, "", `${location.pathname}${location.search}#${target.id}`)
  target.scrollIntoView()
}
restoreSection()

// Material's base.html gives its drawer and search toggles autocomplete="off" so that Firefox
// does not restore them open after a reload; that is invalid on a checkbox, and macros/theme_strings.py
// removes it: close them here instead when a page is shown.
window.addEventListener("pageshow", () => {
  for (const id of ["__drawer", "__search"]) {
    const toggle = document.getElementById(id)
    if (toggle?.checked) {
      toggle.checked = false
      toggle.dispatchEvent(new Event("change"))
    }
  }
})

let resizing = 0
window.addEventListener("resize", () => {
  cancelAnimationFrame(resizing)
  resizing = requestAnimationFrame(labelScrollingTables)
})
})()
