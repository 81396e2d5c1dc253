// A page with anchors named like the search index's global: before the
// index script runs, `window.SXSDOC_SEARCH` is those elements (DOM
// clobbering). Search must still load the index and find the page.
// Usage: node clobbering.mjs BASE_URL CHROMIUM_PATH
import { chromium } from "playwright-core";
import assert from "node:assert/strict";

const [base, executablePath] = process.argv.slice(2);

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const problems = [];
try {
  const page = await browser.newPage();
  page.on("console", (message) => { if (message.type() === "error") problems.push(`console: ${message.text()}`); });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));

  await page.goto(base + "de-DE/a.html");
  const clobbered = await page.evaluate(() => typeof window.SXSDOC_SEARCH === "object" && !Array.isArray(window.SXSDOC_SEARCH));
  assert.equal(clobbered, true, "the page's anchors are what window.SXSDOC_SEARCH holds");

  await page.fill("#search-input", "disconnect");
  await page.waitForSelector("#search-results a", { timeout: 10000 });
  const hit = await page.getAttribute("#search-results a", "href");
  assert.ok(hit.endsWith("de-DE/a.html"), hit);
} catch (error) {
  problems.push(String(error && error.stack || error));
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("browser: search survives DOM clobbering");
