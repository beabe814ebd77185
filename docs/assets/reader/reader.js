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
let resizing = 0
window.addEventListener("resize", () => {
  cancelAnimationFrame(resizing)
  resizing = requestAnimationFrame(labelScrollingTables)
})
})()
