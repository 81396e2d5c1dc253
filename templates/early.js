// Runs before the page paints: marks that scripts run and restores the
// reader's choices (English sources shown, dark or light theme), so
// nothing flickers.
document.documentElement.classList.add("js");
try {
  if (localStorage.getItem("sxsdoc.source") === "on") {
    document.documentElement.classList.add("sxs-show");
  }
  var theme = localStorage.getItem("sxsdoc.theme");
  if (theme === "dark" || theme === "light") {
    document.documentElement.setAttribute("data-theme", theme);
  }
} catch (e) {
  /* storage unavailable (file:// in some browsers): choices are not remembered */
}
