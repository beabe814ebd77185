// Statuses that depend on today, checked again with the reader's clock (MAINTAINERS.md, "Dates
// that tell the truth"). The built page is right on the day it was built, for readers without
// JavaScript; this relabels what time has changed since. One rule, the site's: a milestone is
// overdue once its day has ended in Mexico City, the Alliance capital where midnight comes last.
// Everything it needs is on the page, in the page's language:
//   [data-due="YYYY-MM-DD"]            a pending milestone's badge (the last day it may mean), with
//                                      data-label-overdue and data-label-upcoming, its two words;
//   [data-overdue-count][data-dues]    a count of overdue milestones, from "YYYY-MM-DD:n ..." pairs;
//   [data-as-of]                       the day the statuses are given for.
(function () {
  "use strict";
  var ZONE = "America/Mexico_City";

  function today() {
    // the date in Mexico City, as YYYY-MM-DD (en-CA writes it in that order)
    var parts = {};
    new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date()).forEach(function (part) { parts[part.type] = part.value; });
    return parts.year + "-" + parts.month + "-" + parts.day;
  }

  function update() {
    var now = today();
    document.querySelectorAll("[data-due]").forEach(function (badge) {
      var overdue = badge.getAttribute("data-due") < now;
      var text = badge.getAttribute(overdue ? "data-label-overdue" : "data-label-upcoming");
      if (text && badge.textContent !== text) badge.textContent = text;
      badge.classList.toggle("milestone-badge--overdue", overdue);
      badge.classList.toggle("milestone-badge--upcoming", !overdue);
    });
    document.querySelectorAll("[data-overdue-count][data-dues]").forEach(function (count) {
      var total = 0;
      count.getAttribute("data-dues").split(" ").forEach(function (pair) {
        var due = pair.split(":");
        if (due.length === 2 && due[0] < now) total += parseInt(due[1], 10) || 0;
      });
      count.textContent = String(total);
    });
    var lang = document.documentElement.lang === "en" ? "en-GB" : document.documentElement.lang || "es";
    document.querySelectorAll("[data-as-of]").forEach(function (when) {
      when.textContent = new Intl.DateTimeFormat(lang, { timeZone: ZONE, day: "numeric", month: "long", year: "numeric" })
        .format(new Date());
      when.setAttribute("datetime", now);
    });
  }

  // Material's document$ announces each page, instant navigation included; else, once loaded
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(update);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
