// Small additions to Material for MkDocs for readers; see MAINTAINERS.md.
(() => {
"use strict"

const english = document.documentElement.lang === "en"

// Material counts the results it was sent; the search worker sends the best ten and the total.
component$.subscribe(component => {
  const el = component.ref
  if (!(el instanceof HTMLElement) || !el.matches("[data-md-component=search-result]")) return
  if (typeof component.total !== "number" || component.total <= component.items.length) return
  el.firstElementChild.textContent = english
    ? `Best ${component.items.length} of ${component.total} matching documents`
    : `Los ${component.items.length} mejores de ${component.total} documentos encontrados`
})

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
      wrap.setAttribute("aria-label", (english ? "Table" : "Tabla") + (name ? `: ${name}` : ""))
    } else {
      for (const attr of ["role", "tabindex", "aria-label"]) wrap.removeAttribute(attr)
    }
  }
}

// On paper a link is its address: print it after the text, as an absolute URL of the published site
function printableLinks() {
  const canonical = document.querySelector("link[rel=canonical]")
  for (const link of document.querySelectorAll(".md-content a[href]")) {
    const href = link.getAttribute("href")
    if (href.startsWith("#") || link.matches(".headerlink, .md-content__button")) continue
    link.dataset.printUrl = new URL(href, canonical ? canonical.href : location.href).href
  }
}

document$.subscribe(() => {
  // the theme has started: the page's language alternates can be links again (see main.html)
  for (const link of document.querySelectorAll("link[rel=x-alternate]")) link.rel = "alternate"
  labelScrollingTables()
  printableLinks()
})
// The language switcher keeps the reader's place: the section they are in, found on the other
// page by its position among the headings (both languages have the same sections; their ids,
// made from the heading's words, differ). The id goes in the link too, for pages whose ids match.
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

document.addEventListener("click", event => {
  const link = event.target.closest?.(".md-select__link[hreflang]")
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
  history.replaceState(history.state, "", `#${target.id}`)
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
