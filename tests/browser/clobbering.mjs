// The search index's global clobbered before the index script runs (as
// an element with that id would make it: pages cannot, their ids are
// lower case, but a template can). Search must still load the index and
// find the page.
// Usage: node clobbering.mjs BASE_URL CHROMIUM_PATH
import { base, run, watchedPage } from "./harness.mjs";
import assert from "node:assert/strict";

await run("browser: search survives DOM clobbering", async (context, problems) => {
  const page = await watchedPage(context, problems);
  await page.addInitScript(() => {
    document.addEventListener("DOMContentLoaded", () => {
      const anchor = document.createElement("a");
      anchor.id = "SXSDOC_SEARCH";
      document.body.appendChild(anchor);
    });
  });

  await page.goto(base + "de-DE/a.html");
  const clobbered = await page.evaluate(() => typeof window.SXSDOC_SEARCH === "object" && !Array.isArray(window.SXSDOC_SEARCH));
  assert.equal(clobbered, true, "an element is what window.SXSDOC_SEARCH holds");

  await page.fill("#search-input", "disconnect");
  await page.waitForSelector("#search-results a", { timeout: 10000 });
  const hit = await page.getAttribute("#search-results a", "href");
  assert.ok(hit.endsWith("de-DE/a.html"), hit);
});
