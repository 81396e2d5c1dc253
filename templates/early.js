// Runs before the page paints: marks that scripts run and restores the
// reader's choice to show English sources, so nothing flickers.
document.documentElement.classList.add("js");
try {
  if (localStorage.getItem("sxsdoc.source") === "on") {
    document.documentElement.classList.add("sxs-show");
  }
} catch (e) {
  /* storage unavailable (file:// in some browsers): the choice is not remembered */
}
