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
  // A segment's translation, by its id: compared, never put into a
  // selector (ids come from the pages).
  function segmentOf(id) {
    var found = null;
    document.querySelectorAll("article [data-sxs]").forEach(function (candidate) {
      if (!found && candidate.getAttribute("data-sxs") === id) { found = candidate; }
    });
    return found;
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
    script.onerror = function () { then([]); };
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

  // Segments whose English changed since the page was translated: the
  // newest English beside the source, marked, shown with the source. The
  // list stays at the end of the page for what cannot be placed (and
  // without JavaScript).
  var newer = document.querySelector(".sxs-newer-list");
  if (newer) {
    var items = newer.querySelectorAll("li[data-segment]");
    var placed = 0;
    Array.prototype.forEach.call(items, function (item) {
      var segment = segmentOf(item.getAttribute("data-segment"));
      var source = segment && segment.nextElementSibling;
      if (!source || !source.classList.contains("sxs-s")) { return; }
      var mark = element("span", "sxs-newer");
      var label = element("span", "sxs-newer-label", newer.getAttribute("data-label"));
      label.lang = newer.lang;
      var text = element("span", "", item.textContent);
      text.lang = "en";
      mark.appendChild(label);
      mark.appendChild(document.createTextNode(" "));
      mark.appendChild(text);
      source.appendChild(mark);
      placed += 1;
    });
    if (placed === items.length) { newer.hidden = true; }
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
          var parent = Array.isArray(node.c) && node.c.length > 0;
          if (parent && label.tagName === "A") {
            // A page with pages under it: its link, and a button that
            // shows them (a link inside a <summary> is a control inside
            // a control to a screen reader).
            var twisty = element("button", "twisty");
            twisty.type = "button";
            twisty.setAttribute("aria-expanded", "false");
            twisty.setAttribute("aria-label", String(node.n));
            var children = build(node.c);
            children.hidden = true;
            twisty.addEventListener("click", function () {
              var opening = children.hidden;
              children.hidden = !opening;
              twisty.setAttribute("aria-expanded", opening ? "true" : "false");
            });
            item.className = "branch";
            item.appendChild(twisty);
            item.appendChild(label);
            item.appendChild(children);
          } else if (parent) {
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
      // The current page's own pages are shown too.
      var own = current && current.parentNode.querySelector(":scope > .twisty");
      if (own) { own.click(); }
      for (var open = current; open && open !== box; open = open.parentNode) {
        if (open.tagName === "DETAILS") { open.open = true; }
        // A hidden list is a page's pages: its button opens it.
        var opener = open.tagName === "UL" && open.hidden && open.parentNode.querySelector(":scope > .twisty");
        if (opener) { opener.click(); }
      }
      // The sidebar scrolls to the current page by itself: the window
      // stays where the address put it (`#properties`).
      var pane = box.closest(".sidebar");
      if (current && pane && wide) {
        var offset = current.getBoundingClientRect().top - pane.getBoundingClientRect().top;
        pane.scrollTop += offset - pane.clientHeight / 2;
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
  // Every group of the page that has the chosen language shows it, as
  // Microsoft Learn's do; the chosen tab stays where it was on screen.
  function chooseEverywhere(tab, name) {
    var before = tab.getBoundingClientRect().top;
    groups.forEach(function (other) {
      var index = other.tabs.findIndex(function (t) { return t.getAttribute("data-tab") === name; });
      if (index >= 0) { choose(other, index, false); }
    });
    window.scrollBy(0, tab.getBoundingClientRect().top - before);
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
        chooseEverywhere(tab, tab.getAttribute("data-tab"));
      });
      tab.addEventListener("keydown", function (event) {
        var last = group.tabs.length - 1;
        var to = { ArrowRight: at === last ? 0 : at + 1, ArrowLeft: at === 0 ? last : at - 1, Home: 0, End: last }[event.key];
        if (to === undefined) { return; }
        event.preventDefault();
        choose(group, to, true);
        chooseEverywhere(group.tabs[to], group.tabs[to].getAttribute("data-tab"));
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

  // Search: a combobox (arrows move, Enter opens, Escape closes) over
  // the locale's full-text index (see src/site/search/index.rs), of
  // which a query loads the few files it needs.
  var form = document.querySelector("form.search");
  if (form) {
    var input = form.querySelector("input");
    var list = form.querySelector(".search-results");
    var base = form.getAttribute("data-index");
    var parts = {};
    var waiting = {};
    var queue = [];
    var busy = false;
    var active = -1;
    var asked = 0;
    // One script at a time: each sets the same global.
    var loadNext = function () {
      if (busy || !queue.length) { return; }
      busy = true;
      var name = queue.shift();
      loadData(base + name + ".js", "SXSDOC_SEARCH", function (data) {
        parts[name] = data.length === 2 && data[0] === name ? data[1] : null;
        busy = false;
        var ready = waiting[name] || [];
        delete waiting[name];
        ready.forEach(function (then) { then(); });
        loadNext();
      });
    };
    // Calls `then` once each of the files `names` is loaded.
    var need = function (names, then) {
      var left = names.filter(function (name, at) {
        return !Object.prototype.hasOwnProperty.call(parts, name) && names.indexOf(name) === at;
      });
      var count = left.length;
      if (!count) { then(); return; }
      left.forEach(function (name) {
        var ready = function () { count -= 1; if (!count) { then(); } };
        if (waiting[name]) { waiting[name].push(ready); return; }
        waiting[name] = [ready];
        queue.push(name);
      });
      loadNext();
    };
    // A query is cut into terms as the index is (src/site/search.rs):
    // words of letters and digits, and in Chinese and Japanese, pairs of
    // characters within a run of one script.
    var letter = /[\p{Alphabetic}\p{N}]/u;
    var scriptOf = function (code) {
      if (code >= 0x3040 && code <= 0x309F) { return 1; }
      if ((code >= 0x30A0 && code <= 0x30FF) || (code >= 0x31F0 && code <= 0x31FF) || (code >= 0xFF66 && code <= 0xFF9F)) { return 2; }
      if (code === 0x3005 || code === 0x3007 || (code >= 0x3400 && code <= 0x4DBF) || (code >= 0x4E00 && code <= 0x9FFF) ||
          (code >= 0xF900 && code <= 0xFAFF) || (code >= 0x20000 && code <= 0x2FFFF)) { return 3; }
      return 0;
    };
    var encoder = new TextEncoder();
    // Each term with how it is looked up: a word as it is, and by its
    // stem, less its last two letters (four at least), with up to four
    // letters after it, so that one form finds the others
    // (`Пользователи` finds `пользователей`, `users` finds `user`); the
    // word still being typed (the last, with no space after it) also by
    // its beginning; a pair of CJK characters as it is, a single one by
    // its beginning.
    var termsOf = function (query) {
      var terms = [];
      var word = [];
      var run = [];
      var runScript = 0;
      var endWord = function (last) {
        var text = word.join("");
        if (word.length >= 2 && encoder.encode(text).length <= 64) {
          var stem = word.length >= 5 ? word.slice(0, Math.max(4, word.length - 2)).join("") : text;
          terms.push({ text: text, stem: stem, typing: last && word.length >= 3 });
        }
        word = [];
      };
      var endRun = function () {
        if (run.length === 1) { terms.push({ text: run[0], stem: run[0], typing: true }); }
        for (var at = 0; at + 1 < run.length; at++) {
          terms.push({ text: run[at] + run[at + 1], stem: run[at] + run[at + 1], typing: false });
        }
        run = [];
        runScript = 0;
      };
      Array.from(query.toLowerCase()).forEach(function (c) {
        var isLetter = letter.test(c);
        var kind = isLetter ? scriptOf(c.codePointAt(0)) : 0;
        if (run.length && kind !== runScript) { endRun(); }
        if (kind) {
          endWord(false);
          run.push(c);
          runScript = kind;
        } else if (isLetter) {
          word.push(c);
        } else {
          endWord(false);
        }
      });
      endWord(true);
      endRun();
      return terms;
    };
    // How much a term of the index counts for `term` of a query: whole,
    // by its stem, or by its beginning while typed.
    var matchOf = function (term, key) {
      if (key === term.text) { return 1; }
      if (term.endpoint) { return 0; }
      var starts = function (prefix) { return key.lastIndexOf(prefix, 0) === 0; };
      // A stem of a long word has up to four letters after it, a short
      // word two.
      var more = term.stem !== term.text ? 4 : 2;
      if (term.stem.length >= 3 && starts(term.stem) && key.length <= term.stem.length + more) { return 0.7; }
      if (term.typing && starts(term.text)) { return 0.4; }
      return 0;
    };
    // An endpoint as the index has it (src/site/search.rs,
    // `endpoint_path`): `GET https://graph.microsoft.com/v1.0/users/{id}`
    // is `get:/users/{}`, `/users/{id}` is `/users/{}`.
    var endpointTerm = function (text) {
      var path = text.trim().toLowerCase();
      var method = "";
      var space = path.search(/\s/);
      if (space !== -1 && path.charAt(0) !== "/" && path.slice(0, space).indexOf("://") === -1) {
        method = path.slice(0, space);
        path = path.slice(space).trim();
      }
      var scheme = path.indexOf("://");
      if (scheme !== -1) {
        var slash = path.indexOf("/", scheme + 3);
        if (slash === -1) { return null; }
        path = path.slice(slash);
      }
      path = path.split(/[?#]/)[0];
      var version = /^\/(v1\.0|beta)(?=\/)/.exec(path);
      if (version) { path = path.slice(version[0].length); }
      if (path.charAt(0) !== "/") { return null; }
      var term = "";
      var braces = false;
      Array.from(path).forEach(function (c) {
        if (c === "{") { braces = true; term += "{}"; } else if (c === "}") { braces = false; } else if (!braces && !/\s/.test(c)) { term += c; }
      });
      term = term.replace(/\/+$/, "");
      if (term.length < 2) { return null; }
      return method ? method + ":" + term : term;
    };
    // The shards that may hold what `term` is looked up by: the terms are
    // in order, and each shard is named by its first (at most eight).
    var shardsOf = function (shards, term) {
      var last = function (key) {
        var found = 0;
        shards.forEach(function (first, at) { if (first <= key) { found = at; } });
        return found;
      };
      var from = last(term.stem);
      var to = Math.min(last(term.stem + "\uffff"), from + 7);
      var names = [];
      for (var n = from; n <= to; n++) { names.push("t" + n); }
      return names;
    };
    // Each page that has `term`, with its score: the best of the terms
    // of the index it finds there, weighed by how rare what it finds is
    // (BM25's idf, taking every form it finds as one term, so a rare
    // word that only begins like it does not outweigh it).
    var pagesWith = function (term, names, pages) {
      var found = {};
      names.forEach(function (name) {
        var shard = parts[name] || {};
        Object.keys(shard).forEach(function (key) {
          var weight = matchOf(term, key);
          var postings = shard[key];
          if (!weight || !Array.isArray(postings)) { return; }
          var page = 0;
          for (var n = 0; n + 1 < postings.length; n += 2) {
            page += postings[n];
            var score = postings[n + 1] * weight;
            if (!(found[page] >= score)) { found[page] = score; }
          }
        });
      });
      var count = Object.keys(found).length;
      var idf = Math.log(1 + (pages - count + 0.5) / (count + 0.5));
      Object.keys(found).forEach(function (page) { found[page] *= idf; });
      return found;
    };
    // The pages with every term, best first (the scores of their terms
    // added up), as [title, url, English title, endpoint]; a query that
    // is an endpoint (`GET /users`) puts the pages with it first.
    var search = function (query, then) {
      var terms = termsOf(query);
      var path = query.indexOf("/") !== -1 ? endpointTerm(query) : null;
      if (path) { terms.push({ text: path, stem: path, typing: false, endpoint: true }); }
      if (!terms.length) { then([]); return; }
      need(["index"], function () {
        var index = parts.index;
        if (!index || !Array.isArray(index.shards)) { then([]); return; }
        var shards = terms.map(function (term) { return shardsOf(index.shards, term); });
        need([].concat.apply([], shards), function () {
          var total = null;
          var first = {};
          terms.forEach(function (term, at) {
            var found = pagesWith(term, shards[at], index.pages || 1);
            if (term.endpoint) { first = found; return; }
            if (total === null) { total = found; return; }
            var both = {};
            Object.keys(total).forEach(function (page) {
              if (Object.prototype.hasOwnProperty.call(found, page)) { both[page] = total[page] + found[page]; }
            });
            total = both;
          });
          total = total || {};
          var rank = function (scores) {
            return Object.keys(scores).map(Number).sort(function (a, b) { return scores[b] - scores[a] || a - b; });
          };
          // Among the pages with the endpoint, those with the words too
          // first.
          Object.keys(first).forEach(function (page) {
            if (Object.prototype.hasOwnProperty.call(total, page)) { first[page] += total[page]; }
          });
          var hits = rank(first);
          rank(total).forEach(function (page) { if (hits.indexOf(page) === -1) { hits.push(page); } });
          hits = hits.slice(0, 20);
          var chunk = index.chunk > 0 ? index.chunk : 50;
          var chunkOf = function (page) { return "p" + Math.floor(page / chunk); };
          need(hits.map(chunkOf), function () {
            then(hits.map(function (page) {
              var rows = parts[chunkOf(page)];
              return Array.isArray(rows) && Array.isArray(rows[page % chunk]) ? rows[page % chunk] : null;
            }).filter(Boolean));
          });
        });
      });
    };
    // `text` with the words the query's terms find in it marked (by
    // their stems: `users` marks `user`; in Chinese and Japanese, the
    // pairs of characters, overlapping ones as one), made of text nodes
    // and <mark>s.
    var excerpt = function (text, query) {
      var made = element("span", "search-excerpt");
      var found = [];
      termsOf(query).forEach(function (term) {
        var word = (term.stem.length >= 3 ? term.stem : term.text).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        var pattern = new RegExp(scriptOf(term.text.codePointAt(0)) ? word : word + "[\\p{L}\\p{N}]*", "giu");
        var match;
        while ((match = pattern.exec(text)) && match[0]) {
          found.push([match.index, match.index + match[0].length]);
          pattern.lastIndex = match.index + 1;
        }
      });
      found.sort(function (a, b) { return a[0] - b[0]; });
      var at = 0;
      found.forEach(function (range, n) {
        if (range[1] <= at) { return; }
        var end = range[1];
        for (var next = n + 1; next < found.length && found[next][0] <= end; next++) { end = Math.max(end, found[next][1]); }
        var start = Math.max(at, range[0]);
        made.appendChild(document.createTextNode(text.slice(at, start)));
        made.appendChild(element("mark", "", text.slice(start, end)));
        at = end;
      });
      made.appendChild(document.createTextNode(text.slice(at)));
      return made;
    };
    var options = function () { return list.querySelectorAll("[role=option]"); };
    var setActive = function (index) {
      var all = options();
      // -1: none (as the list opens, so Enter takes the first).
      active = index >= 0 && all.length ? index % all.length : -1;
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
      var query = input.value.trim();
      var asking = ++asked;
      if (!query) {
        while (list.firstChild) { list.removeChild(list.firstChild); }
        close();
        return;
      }
      search(query, function (hits) {
        // A slower answer to an older query is dropped.
        if (asking !== asked) { return; }
        while (list.firstChild) { list.removeChild(list.firstChild); }
        hits.forEach(function (hit, at) {
          var item = element("li");
          item.id = "search-option-" + at;
          item.setAttribute("role", "option");
          var link = element("a", "", String(hit[0]));
          link.href = siteRoot + String(hit[1]);
          link.tabIndex = -1;
          item.appendChild(link);
          if (typeof hit[2] === "string") {
            var english = element("span", "search-english", hit[2]);
            english.lang = "en";
            item.appendChild(english);
          }
          if (typeof hit[3] === "string") {
            item.appendChild(document.createTextNode(" "));
            item.appendChild(element("code", "", hit[3]));
          }
          if (typeof hit[4] === "string" && hit[4]) {
            item.appendChild(excerpt(hit[4], query));
          }
          list.appendChild(item);
        });
        if (!hits.length) {
          list.appendChild(element("li", "none", form.getAttribute("data-none")));
        }
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        setActive(-1);
      });
    };
    input.addEventListener("focus", show);
    input.addEventListener("input", show);
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
        var last = options().length - 1;
        setActive(event.key === "ArrowDown" ? active + 1 : active <= 0 ? last : active - 1);
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
    var segment = segmentOf(finding.getAttribute("data-segment"));
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

  // The 404 page, served at any address: the text of the locale the
  // address is in (`/ru-RU/…`), in its language.
  if (document.body.hasAttribute("data-not-found")) {
    var path = window.location.pathname;
    var first = path.indexOf(siteRoot) === 0 ? path.slice(siteRoot.length).split("/")[0] : "";
    var texts = document.querySelectorAll(".not-found[data-locale]");
    var match = null;
    texts.forEach(function (text) {
      if (first && text.getAttribute("data-locale") === first) { match = text; }
    });
    if (match) {
      texts.forEach(function (text) { text.hidden = text !== match; });
      root.lang = match.getAttribute("lang");
      var heading = match.querySelector("h1");
      var site = document.title.indexOf(" · ");
      if (heading) { document.title = heading.textContent + (site < 0 ? "" : document.title.slice(site)); }
    }
  }
})();
