// sxsdoc serve: reload this page after each rebuild, where it was
// scrolled to, and show the problems of the pages saved since the server
// started. Served only by `sxsdoc serve`, never part of a built site.
(function () {
  "use strict";
  var key = "sxsdoc.scroll:" + location.pathname;
  var saved = null;
  try { saved = sessionStorage.getItem(key); sessionStorage.removeItem(key); } catch (e) { /* private mode */ }
  if (saved !== null) {
    var y = parseInt(saved, 10) || 0;
    // After the page's own script has laid it out (the source toggle).
    window.addEventListener("load", function () { window.scrollTo(0, y); });
  }

  var seen = null;
  var events = new EventSource("/__sxsdoc/events");
  events.addEventListener("hello", function (message) {
    var state = JSON.parse(message.data);
    // Reconnected after a rebuild it was not told of (or to a new server).
    if (seen !== null && state.build !== seen) { reload(); return; }
    seen = state.build;
    // Says that the page listens (what a test waits for).
    document.documentElement.setAttribute("data-sxsdoc-live", String(seen));
    show(state);
  });
  events.addEventListener("build", function (message) {
    seen = JSON.parse(message.data).build;
    reload();
  });

  function reload() {
    try { sessionStorage.setItem(key, String(Math.round(window.scrollY))); } catch (e) { /* not kept */ }
    location.reload();
  }

  // The overlay: built with textContent only, as findings quote pages.
  function show(state) {
    var old = document.getElementById("sxsdoc-live-problems");
    if (old) { old.remove(); }
    var errors = state.problems.filter(function (p) { return p.severity === "error"; });
    if (!state.error && errors.length === 0) { return; }
    var box = document.createElement("aside");
    box.id = "sxsdoc-live-problems";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;z-index:2147483647;left:1rem;right:1rem;bottom:1rem;max-height:45vh;overflow:auto;" +
      "background:#2b1111;color:#ffe9e9;border:2px solid #e5484d;border-radius:8px;padding:0.75rem 1rem;" +
      "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 8px 24px rgba(0,0,0,.4)";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "Dismiss");
    close.style.cssText = "float:right;background:none;border:0;color:inherit;font-size:20px;cursor:pointer";
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(close);
    var title = document.createElement("strong");
    title.textContent = state.error ? "sxsdoc: the last rebuild failed" :
      "sxsdoc: " + errors.length + (errors.length === 1 ? " error" : " errors") + " in the pages you saved";
    box.appendChild(title);
    var list = document.createElement("ul");
    list.style.cssText = "margin:0.5rem 0 0;padding-left:1.2rem";
    if (state.error) { item(list, state.error); }
    errors.forEach(function (p) {
      item(list, p.file + ":" + p.line + ":" + p.column + "  " + p.code + "  " + p.message);
    });
    box.appendChild(list);
    (document.body || document.documentElement).appendChild(box);
  }

  function item(list, text) {
    var li = document.createElement("li");
    li.textContent = text;
    li.style.whiteSpace = "pre-wrap";
    list.appendChild(li);
  }
})();
