// Material for MkDocs 9.8.2's inline scripts (its partials/javascripts/*.html), as a file.
//
// The site's Content-Security-Policy (roadmap/audit_policy.py) runs no inline script, so each of
// those partials (overrides/partials/javascripts/) loads this file where the inline script stood,
// naming its part: <script src="…/theme.js" data-run="palette">. The parts do what Material's do,
// in the same place of the page; what differs per page (the scope) comes in a data attribute.
"use strict";

(function (script) {
  var parts = {
    // base.html: the storage helpers the theme's bundle uses, scoped to the site
    base: function () {
      window.__md_scope = new URL(script.getAttribute("data-scope") || ".", location)
      window.__md_hash = function (value) {
        return Array.from(value).reduce(function (hash, c) { return (hash << 5) - hash + c.charCodeAt(0) }, 0)
      }
      window.__md_get = function (key, storage, scope) {
        storage = storage || localStorage
        scope = scope || window.__md_scope
        return JSON.parse(storage.getItem(scope.pathname + "." + key))
      }
      window.__md_set = function (key, value, storage, scope) {
        storage = storage || localStorage
        scope = scope || window.__md_scope
        try { storage.setItem(scope.pathname + "." + key, JSON.stringify(value)) } catch (e) { /* full or denied */ }
      }
      // When it starts, Material fetches "<link>/sitemap.xml" for each alternate link (languages and
      // the Atom feed alike), made for one site per language; here each one is a page, so every page
      // view would download the whole sitemap and missing ones. Hidden from the theme while it
      // starts; reader.js puts them back. Crawlers read them from the HTML as written.
      document.querySelectorAll("link[rel=alternate]").forEach(function (link) { link.rel = "x-alternate" })
    },
    // palette.html: the reader's chosen colour scheme, before the page is drawn
    palette: function () {
      var palette = window.__md_get("__palette")
      if (!palette || !palette.color) return
      if (palette.color.media === "(prefers-color-scheme)") {
        var light = matchMedia("(prefers-color-scheme: light)").matches
        var input = document.querySelector(light ? "[data-md-color-media='(prefers-color-scheme: light)']"
          : "[data-md-color-media='(prefers-color-scheme: dark)']")
        palette.color.media = input.getAttribute("data-md-color-media")
        palette.color.scheme = input.getAttribute("data-md-color-scheme")
        palette.color.primary = input.getAttribute("data-md-color-primary")
        palette.color.accent = input.getAttribute("data-md-color-accent")
      }
      Object.entries(palette.color).forEach(function (entry) {
        document.body.setAttribute("data-md-color-" + entry[0], entry[1])
      })
    },
    // content.html with content.tabs.link: the tab the reader chose last
    tabs: function () {
      var tabs = window.__md_get("__tabs")
      if (!Array.isArray(tabs)) return
      document.querySelectorAll(".tabbed-set").forEach(function (set) {
        var labels = set.querySelector(".tabbed-labels")
        for (var tab of tabs) {
          for (var label of labels.getElementsByTagName("label")) {
            if (label.innerText.trim() === tab) {
              document.getElementById(label.htmlFor).checked = true
              return
            }
          }
        }
      })
    },
    // content.html: the tab an address's fragment names is open
    content: function () {
      var target = document.getElementById(location.hash.slice(1))
      if (target && target.name) target.checked = target.name.startsWith("__tabbed_")
    },
    // announce.html: an announcement the reader dismissed stays hidden
    announce: function () {
      var el = document.querySelector("[data-md-component=announce]")
      if (el && window.__md_hash(el.querySelector(".md-typeset").innerHTML) === window.__md_get("__announce")) el.hidden = true
    },
    // outdated.html: the banner of an outdated version
    outdated: function () {
      var el = document.querySelector("[data-md-component=outdated]")
      var base = new URL(script.getAttribute("data-base") || ".", location)
      if (el && window.__md_get("__outdated", sessionStorage, base) === true) el.hidden = false
    },
    // consent.html: the cookie consent form
    consent: function () {
      var form = document.forms.consent
      var consent = window.__md_get("__consent")
      if (consent) {
        for (var input of form.elements) if (input.name) input.checked = consent[input.name] || false
      } else if (location.protocol !== "file:") {
        setTimeout(function () { document.querySelector("[data-md-component=consent]").hidden = false }, 250)
      }
      ["submit", "reset"].forEach(function (action) {
        form.addEventListener(action, function (event) {
          event.preventDefault()
          if (event.type === "reset") for (var element of form.elements) if (element.name) element.checked = false
          window.__md_set("__consent", Object.fromEntries(Array.from(new FormData(form).keys()).map(function (key) {
            return [key, true]
          })))
          location.hash = ""
          location.reload()
        })
      })
    },
    // main.html: Material's search box talks to the Pagefind worker of the page's language
    // (assets/reader/search-worker.js), set in the theme's configuration before the theme reads it
    search: function () {
      var el = document.getElementById("__config")
      var config = JSON.parse(el.textContent)
      config.search = script.getAttribute("data-worker")
      el.textContent = JSON.stringify(config)
    },
  }
  ;(script.getAttribute("data-run") || "").split(/\s+/).forEach(function (name) {
    if (Object.prototype.hasOwnProperty.call(parts, name)) parts[name]()
  })
})(document.currentScript)
