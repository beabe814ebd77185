// The 404 page's script (overrides/404.html), which holds both languages: on an English URL it
// shows the English text and turns the theme's labels to English, before the theme starts; the
// language switcher leads to the same missing path in the other language; the search button
// searches the words of the path. What it needs comes as data (<script id="roadmap-not-found">):
// the site's Content-Security-Policy runs no inline script.
"use strict";

(function (data) {
  /* On an English URL, show the English text and turn the theme's own labels to English */
  (function (base, english, site, texts, copyright, theme) {
    if (location.pathname.indexOf(base + "en/") !== 0) return
    var $ = function (selector) { return document.querySelector(selector) }
    var set = function (selector, attribute, value) {
      var el = $(selector)
      if (el && attribute) el.setAttribute(attribute, value)
      else if (el) el.lastChild.textContent = value
    }
    document.documentElement.lang = "en"
    document.title = texts.title + " - " + site
    $("meta[name=description]").content = texts.description
    document.querySelectorAll("[data-roadmap-lang]").forEach(function (el) {
      el.hidden = el.lang !== "en"
      var heading = el.querySelector("h1")
      if (el.lang === "en") heading.id = "not-found"
      else heading.removeAttribute("id")
    })
    set(".md-skip", null, english["action.skip"])
    set(".md-header__inner", "aria-label", english.header)
    set(".md-logo", "href", base + "en/")
    set(".md-logo", "title", site)
    set(".md-logo", "aria-label", site)
    set(".md-header__topic .md-ellipsis", null, site)
    set(".md-select > button", "aria-label", english["select.language"])
    set(".md-search__input", "placeholder", english["search.placeholder"])
    set(".md-search__input", "aria-label", english["search.placeholder"])
    set(".md-search__options", "aria-label", english.search)
    set(".md-search", "aria-label", english.search)
    set(".md-search__options [type=reset]", "title", english["search.reset"])
    set(".md-search__options [type=reset]", "aria-label", english["search.reset"])
    set(".md-search-result__meta", null, english["search.result.initializer"])
    set(".md-source", "title", english.source)
    set(".md-top", null, english.top)
    set(".md-copyright__highlight", null, copyright)
    /* the footer's "About this site" link (overrides/partials/copyright.html) */
    set("[data-roadmap-about]", "href", base + "en/acerca/")
    var about = $("[data-roadmap-about]")
    if (about) about.textContent = texts.about
    set(".md-source__repository", null, theme.repository)
    document.querySelectorAll(".md-option[aria-label]").forEach(function (option) {
      var name = theme[option.id.replace("__", "")]  /* __palette_0 → palette_0 */
      option.setAttribute("aria-label", name)
      if (option.nextElementSibling.matches("label")) option.nextElementSibling.title = name
    })
    var config = JSON.parse($("#__config").textContent)
    config.search = config.search.replace(/lang=[a-z]+/, "lang=en")
    for (var key in config.translations) if (english[key]) config.translations[key] = english[key]
    $("#__config").textContent = JSON.stringify(config)
  })(data.base, data.english, data.site, data.texts, data.copyright, data.theme);

  /* The switcher leads to the same missing path in the other language; the search button opens
     the theme's search with the words of the path's last part (a mistyped page name, usually) */
  (function (base) {
    var path = location.pathname.indexOf(base) === 0 ? location.pathname.slice(base.length) : ""
    var rest = path.indexOf("en/") === 0 ? path.slice(3) : path
    document.querySelectorAll(".md-select__link").forEach(function (link) {
      link.href = base + (link.hreflang === "en" ? "en/" : "") + rest
    })
    var last = decodeURIComponent(rest).replace(/(index)?\.html$/, "").split("/").filter(Boolean).pop() || ""
    var words = last.split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(" ")
    document.querySelectorAll("[data-roadmap-search]").forEach(function (button) {
      button.hidden = false
      button.addEventListener("click", function () {
        var input = document.querySelector(".md-search__input")
        input.value = words
        input.focus()
        input.dispatchEvent(new KeyboardEvent("keyup"))
      })
    })
  })(data.base);
})(JSON.parse(document.getElementById("roadmap-not-found").textContent))
