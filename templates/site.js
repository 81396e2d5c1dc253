// sxsdoc site behaviour: English source toggle, search, report filters.
// Page data is only ever inserted as text, never as HTML.
(function () {
  "use strict";
  var root = document.documentElement;

  function setSource(on) {
    root.classList.toggle("sxs-show", on);
    var button = document.getElementById("sxs-toggle");
    if (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "Hide English source" : "Show English source";
    }
    try { localStorage.setItem("sxsdoc.source", on ? "on" : "off"); } catch (e) { /* not remembered */ }
  }

  var toggle = document.getElementById("sxs-toggle");
  if (toggle) {
    setSource(root.classList.contains("sxs-show"));
    toggle.addEventListener("click", function () { setSource(!root.classList.contains("sxs-show")); });
  }

  // Search: the index is a script setting window.SXSDOC_SEARCH, loaded on
  // first use (a script, not fetch(), so it also works from file://). The
  // entries are kept here and the global is read only once that script
  // ran: before, an element with that id or name is what the window holds
  // under it (DOM clobbering), and a page may have one.
  var form = document.querySelector("form.search");
  if (form) {
    var input = form.querySelector("input");
    var list = form.querySelector(".search-results");
    var siteRoot = document.body.getAttribute("data-root") || "";
    var entries = null;
    var loading = false;
    var load = function (then) {
      if (entries) { then(); return; }
      if (loading) { return; }
      loading = true;
      var script = document.createElement("script");
      script.src = form.getAttribute("data-index");
      script.onload = function () {
        var index = window.SXSDOC_SEARCH;
        entries = Array.isArray(index) ? index : [];
        then();
      };
      document.head.appendChild(script);
    };
    var show = function () {
      var query = input.value.trim().toLowerCase();
      while (list.firstChild) { list.removeChild(list.firstChild); }
      if (!query || !entries) { list.hidden = true; return; }
      var words = query.split(/\s+/);
      var hits = entries.filter(function (entry) {
        var hay = (entry.title + " " + entry.endpoints.join(" ") + " " + entry.path).toLowerCase();
        return words.every(function (w) { return hay.indexOf(w) !== -1; });
      }).slice(0, 20);
      hits.forEach(function (entry) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = siteRoot + entry.url;
        link.textContent = entry.title;
        item.appendChild(link);
        if (entry.endpoints.length) {
          var code = document.createElement("code");
          code.textContent = entry.endpoints[0];
          item.appendChild(document.createTextNode(" "));
          item.appendChild(code);
        }
        list.appendChild(item);
      });
      if (!hits.length) {
        var none = document.createElement("li");
        none.textContent = "No page matches.";
        list.appendChild(none);
      }
      list.hidden = false;
    };
    input.addEventListener("focus", function () { load(show); });
    input.addEventListener("input", function () { load(show); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = list.querySelector("a");
      if (first) { window.location.href = first.href; }
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { input.value = ""; show(); }
    });
  }

  // Report filters: by rule, by locale, pages without findings.
  var matrix = document.getElementById("report-matrix");
  if (matrix) {
    var rule = document.getElementById("filter-rule");
    var locale = document.getElementById("filter-locale");
    var clean = document.getElementById("filter-clean");
    var apply = function () {
      var r = rule.value, l = locale.value;
      matrix.querySelectorAll("th[data-locale], td[data-locale]").forEach(function (cell) {
        cell.hidden = !!l && cell.getAttribute("data-locale") !== l;
      });
      matrix.querySelectorAll("tbody tr").forEach(function (row) {
        var cells = Array.prototype.filter.call(row.querySelectorAll("td[data-locale]"), function (c) { return !c.hidden; });
        var match = cells.some(function (c) {
          var rules = c.getAttribute("data-rules");
          return r ? (" " + rules + " ").indexOf(" " + r + " ") !== -1 : rules !== "";
        });
        row.hidden = (r || clean.checked) && !match;
      });
      document.querySelectorAll("li.finding").forEach(function (item) {
        item.hidden = (!!r && item.getAttribute("data-rule") !== r) || (!!l && item.getAttribute("data-locale") !== l);
      });
      document.querySelectorAll("section.group").forEach(function (section) {
        section.hidden = !section.querySelector("li.finding:not([hidden])");
      });
    };
    [rule, locale, clean].forEach(function (control) { control.addEventListener("change", apply); });
  }
})();
