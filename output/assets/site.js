// sxsdoc site behaviour: English source toggle, search, report filters.
// Page data is only ever inserted as text, never as HTML.
(function () {
  "use strict";
  var root = document.documentElement;

  function remember(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* not remembered */ }
  }
  function recall(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }
  function element(name, className, text) {
    var made = document.createElement(name);
    if (className) { made.className = className; }
    if (text !== undefined) { made.textContent = text; }
    return made;
  }
  // A script that sets a global, loaded on demand: a script, not fetch(),
  // so it also works from file://. The global is read only once the
  // script ran (before, an element with that id is what the window holds
  // under it: DOM clobbering).
  function loadData(src, global, then) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = function () {
      var data = window[global];
      then(Array.isArray(data) ? data : []);
    };
    document.head.appendChild(script);
  }

  // The English source toggle.
  var toggle = document.getElementById("sxs-toggle");
  function setSource(on) {
    root.classList.toggle("sxs-show", on);
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
    toggle.textContent = toggle.getAttribute(on ? "data-hide" : "data-show");
    remember("sxsdoc.source", on ? "on" : "off");
  }
  if (toggle) {
    setSource(root.classList.contains("sxs-show"));
    toggle.addEventListener("click", function () { setSource(!root.classList.contains("sxs-show")); });
  }

  // Dark or light, whatever the system prefers until the reader chooses.
  var themeButton = document.getElementById("sxs-theme");
  if (themeButton) {
    var isDark = function () {
      var chosen = root.getAttribute("data-theme");
      if (chosen) { return chosen === "dark"; }
      return !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
    };
    themeButton.hidden = false;
    themeButton.setAttribute("aria-pressed", isDark() ? "true" : "false");
    themeButton.addEventListener("click", function () {
      var dark = !isDark();
      root.setAttribute("data-theme", dark ? "dark" : "light");
      themeButton.setAttribute("aria-pressed", dark ? "true" : "false");
      remember("sxsdoc.theme", dark ? "dark" : "light");
    });
  }

  // The language strip (one scrolling row on a phone) shows the
  // current language.
  var currentLanguage = document.querySelector(".langs a[aria-current]");
  var strip = currentLanguage && currentLanguage.closest("ul");
  if (strip && strip.scrollWidth > strip.clientWidth) {
    strip.scrollLeft = currentLanguage.offsetLeft - strip.offsetLeft - 8;
  }

  // The language switcher keeps the reader's place on the page.
  document.querySelectorAll(".langs a.alt:not(.missing)").forEach(function (link) {
    link.addEventListener("click", function () {
      if (window.location.hash) { link.hash = window.location.hash; }
    });
  });

  // Navigation: the toc's tree, the current page marked and its branch
  // open.
  var sidebar = document.querySelector("nav.sidebar[data-toc]");
  var siteRoot = document.body.getAttribute("data-root") || "";
  var here = document.body.getAttribute("data-url") || "";
  var wide = window.matchMedia && window.matchMedia("(min-width: 64em)").matches;
  var sidebarBox = document.querySelector(".sidebar-box");
  if (sidebarBox && wide) { sidebarBox.open = true; }
  if (sidebar) {
    loadData(sidebar.getAttribute("data-toc"), "SXSDOC_TOC", function (nodes) {
      var box = document.getElementById("sxs-toc");
      var current = null;
      var build = function (items) {
        var list = element("ul");
        items.forEach(function (node) {
          var item = element("li");
          var label;
          if (typeof node.u === "string") {
            label = element("a", "", String(node.n));
            var external = node.u.indexOf("://") !== -1;
            label.href = external ? node.u : siteRoot + node.u;
            if (!external && node.u === here) {
              label.setAttribute("aria-current", "page");
              current = label;
            }
          } else {
            label = element("span", "", String(node.n));
          }
          if (Array.isArray(node.c) && node.c.length) {
            var branch = element("details");
            var summary = element("summary");
            summary.appendChild(label);
            branch.appendChild(summary);
            branch.appendChild(build(node.c));
            item.appendChild(branch);
          } else {
            item.appendChild(label);
          }
          list.appendChild(item);
        });
        return list;
      };
      var tree = build(nodes);
      box.appendChild(tree);
      for (var open = current; open && open !== box; open = open.parentNode) {
        if (open.tagName === "DETAILS") { open.open = true; }
      }
      if (current && current.scrollIntoView && wide) {
        current.scrollIntoView({ block: "center" });
        window.scrollTo(0, 0);
      }
    });
  }

  // Code: docfx tab groups as WAI-ARIA tabs, the language chosen
  // remembered across pages; a copy button on every code block.
  var tabCount = 0;
  var groups = [];
  function choose(group, index, focus) {
    group.tabs.forEach(function (tab, at) {
      var selected = at === index;
      tab.setAttribute("aria-selected", selected ? "true" : "false");
      tab.tabIndex = selected ? 0 : -1;
      group.panels[at].hidden = !selected;
    });
    if (focus) { group.tabs[index].focus(); }
  }
  document.querySelectorAll(".tabs").forEach(function (container) {
    var panels = Array.prototype.slice.call(container.querySelectorAll(":scope > .tab-panel"));
    if (!panels.length) { return; }
    var tablist = element("div", "tablist");
    tablist.setAttribute("role", "tablist");
    var group = { tabs: [], panels: panels };
    panels.forEach(function (panel, at) {
      var title = panel.querySelector(".tab-title");
      var tab = element("button", "tab");
      tab.type = "button";
      tab.id = "sxs-tab-" + (++tabCount);
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", panel.id || (panel.id = "sxs-panel-" + tabCount));
      tab.setAttribute("data-tab", panel.getAttribute("data-tab") || "");
      // The reader's words: not a segment's English source.
      var label = title ? title.cloneNode(true) : null;
      if (label) {
        label.querySelectorAll(".sxs-s").forEach(function (source) { source.remove(); });
      }
      tab.textContent = label ? label.textContent.trim() : String(at + 1);
      if (title) { title.hidden = true; }
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.tabIndex = 0;
      tab.addEventListener("click", function () {
        remember("sxsdoc.tab", tab.getAttribute("data-tab"));
        choose(group, at, false);
      });
      tab.addEventListener("keydown", function (event) {
        var last = group.tabs.length - 1;
        var to = { ArrowRight: at === last ? 0 : at + 1, ArrowLeft: at === 0 ? last : at - 1, Home: 0, End: last }[event.key];
        if (to === undefined) { return; }
        event.preventDefault();
        choose(group, to, true);
      });
      group.tabs.push(tab);
      tablist.appendChild(tab);
    });
    container.insertBefore(tablist, container.firstChild);
    groups.push(group);
    var chosen = recall("sxsdoc.tab");
    var index = group.tabs.findIndex(function (tab) { return tab.getAttribute("data-tab") === chosen; });
    choose(group, index < 0 ? 0 : index, false);
  });
  var copyLabel = document.body.getAttribute("data-copy");
  var copiedLabel = document.body.getAttribute("data-copied");
  if (copyLabel && navigator.clipboard) {
    document.querySelectorAll("pre.code").forEach(function (block) {
      var button = element("button", "copy", copyLabel);
      button.type = "button";
      button.addEventListener("click", function () {
        var code = block.querySelector("code");
        navigator.clipboard.writeText(code ? code.textContent : block.textContent).then(function () {
          button.textContent = copiedLabel;
          setTimeout(function () { button.textContent = copyLabel; }, 1500);
        });
      });
      var wrap = element("div", "code-wrap");
      block.parentNode.insertBefore(wrap, block);
      wrap.appendChild(button);
      wrap.appendChild(block);
    });
  }

  // Search: a combobox (arrows move, Enter opens, Escape closes).
  var form = document.querySelector("form.search");
  if (form) {
    var input = form.querySelector("input");
    var list = form.querySelector(".search-results");
    var entries = null;
    var loading = false;
    var active = -1;
    var load = function (then) {
      if (entries) { then(); return; }
      if (loading) { return; }
      loading = true;
      loadData(form.getAttribute("data-index"), "SXSDOC_SEARCH", function (data) {
        entries = data;
        then();
      });
    };
    var options = function () { return list.querySelectorAll("[role=option]"); };
    var setActive = function (index) {
      var all = options();
      active = all.length ? (index + all.length) % all.length : -1;
      Array.prototype.forEach.call(all, function (option, at) {
        option.setAttribute("aria-selected", at === active ? "true" : "false");
      });
      if (active >= 0) {
        input.setAttribute("aria-activedescendant", all[active].id);
        all[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    };
    var close = function () {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    };
    var show = function () {
      var query = input.value.trim().toLowerCase();
      while (list.firstChild) { list.removeChild(list.firstChild); }
      if (!query || !entries) { close(); return; }
      // A long word is matched by its stem, so that an inflected form
      // finds the others (`Пользователи` finds `пользователей`, `users`
      // finds `user`): its last two letters may differ.
      var words = query.split(/\s+/).map(function (word) {
        var letters = Array.from(word);
        return letters.length >= 6 ? letters.slice(0, -2).join("") : word;
      });
      // Every word somewhere; ranked by where: the title, the English
      // title, then endpoints and path.
      var scored = [];
      entries.forEach(function (entry, at) {
        var title = String(entry.title).toLowerCase();
        var english = String(entry.english || "").toLowerCase();
        var rest = (entry.endpoints.join(" ") + " " + entry.path).toLowerCase();
        var score = 0;
        var all = words.every(function (w) {
          if (title.indexOf(w) !== -1) { score += title.indexOf(w) === 0 ? 4 : 3; return true; }
          if (english.indexOf(w) !== -1) { score += 2; return true; }
          if (rest.indexOf(w) !== -1) { score += 1; return true; }
          return false;
        });
        if (all) { scored.push({ entry: entry, score: score, at: at }); }
      });
      scored.sort(function (a, b) { return b.score - a.score || a.at - b.at; });
      var hits = scored.slice(0, 20).map(function (hit) { return hit.entry; });
      hits.forEach(function (entry, at) {
        var item = element("li");
        item.id = "search-option-" + at;
        item.setAttribute("role", "option");
        var link = element("a", "", entry.title);
        link.href = siteRoot + entry.url;
        link.tabIndex = -1;
        item.appendChild(link);
        if (entry.endpoints.length) {
          item.appendChild(document.createTextNode(" "));
          item.appendChild(element("code", "", entry.endpoints[0]));
        }
        list.appendChild(item);
      });
      if (!hits.length) {
        list.appendChild(element("li", "none", form.getAttribute("data-none")));
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      setActive(-1);
    };
    input.addEventListener("focus", function () { load(show); });
    input.addEventListener("input", function () { load(show); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var all = options();
      var chosen = all[active >= 0 ? active : 0];
      var link = chosen && chosen.querySelector("a");
      if (link) { window.location.href = link.href; }
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) { show(); }
        setActive(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Escape") {
        if (list.hidden) { input.value = ""; } else { close(); }
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) { close(); }
    });
  }

  // The QA view: each finding marked on the segment it is about, with
  // its severity as an icon and a word, linked to the finding.
  document.querySelectorAll(".qa-finding[data-segment]").forEach(function (finding) {
    var id = finding.getAttribute("data-segment");
    var segment = null;
    document.querySelectorAll("article [data-sxs]").forEach(function (candidate) {
      if (!segment && candidate.getAttribute("data-sxs") === id) { segment = candidate; }
    });
    if (!segment) { return; }
    var severity = finding.getAttribute("data-severity");
    segment.classList.add("qa-flag", "qa-" + severity);
    var marker = element("a", "qa-marker sev-" + severity);
    marker.href = "#" + finding.id;
    var icon = finding.querySelector(".sev-icon");
    marker.appendChild(element("span", "", icon ? icon.textContent : ""));
    marker.appendChild(document.createTextNode(" " + severity + " " + finding.getAttribute("data-code")));
    segment.parentNode.insertBefore(marker, segment.nextSibling);
  });

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
    // The filters are kept in the URL (`?rule=SXS004&locale=ru-RU`), so
    // a filtered view can be shared, and carried to the other parts.
    var params = new URLSearchParams(window.location.search);
    var pick = function (select, value) {
      if (value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
        select.value = value;
      }
    };
    pick(rule, params.get("rule"));
    pick(locale, params.get("locale"));
    clean.checked = params.get("clean") === "1";
    var keep = function () {
      var query = new URLSearchParams();
      if (rule.value) { query.set("rule", rule.value); }
      if (locale.value) { query.set("locale", locale.value); }
      if (clean.checked) { query.set("clean", "1"); }
      var search = query.toString() ? "?" + query.toString() : "";
      try { history.replaceState(null, "", window.location.pathname + search + window.location.hash); } catch (e) { /* file:// */ }
      document.querySelectorAll("a.part-link").forEach(function (link) {
        link.search = search;
      });
    };
    [rule, locale, clean].forEach(function (control) {
      control.addEventListener("change", function () { apply(); keep(); });
    });
    if (rule.value || locale.value || clean.checked) { apply(); keep(); }
  }
})();
