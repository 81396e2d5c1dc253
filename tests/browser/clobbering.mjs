// A page with anchors named like the search index's global: before the
// index script runs, `window.SXSDOC_SEARCH` is those elements (DOM
// clobbering). Search must still load the index and find the page.
// Usage: node clobbering.mjs BASE_URL CHROMIUM_PATH
import { base, run, watchedPage } from "./harness.mjs";
import assert from "node:assert/strict";

await run("browser: search survives DOM clobbering", async (context, problems) => {
  const page = await watchedPage(context, problems);

  await page.goto(base + "de-DE/a.html");
  const clobbered = await page.evaluate(() => typeof window.SXSDOC_SEARCH === "object" && !Array.isArray(window.SXSDOC_SEARCH));
  assert.equal(clobbered, true, "the page's anchors are what window.SXSDOC_SEARCH holds");

  await page.fill("#search-input", "disconnect");
  await page.waitForSelector("#search-results a", { timeout: 10000 });
  const hit = await page.getAttribute("#search-results a", "href");
  assert.ok(hit.endsWith("de-DE/a.html"), hit);
});
