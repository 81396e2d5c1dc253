// `sxsdoc serve` in a real browser: a page saved with broken front matter
// reloads where it was scrolled to, with the English source still shown,
// and shows the error over the page; saved right, the error goes.
// Usage: node live.mjs BASE_URL CHROMIUM_PATH PAGE_URL PAGE_FILE
import { base, run, watchedPage } from "./harness.mjs";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";

const [pageUrl, pageFile] = process.argv.slice(4);

await run("browser: live reload keeps the reader's place", async (context, problems) => {
  const page = await watchedPage(context, problems);
  await page.setViewportSize({ width: 1000, height: 500 });
  await page.goto(base + pageUrl);
  await page.waitForSelector("html[data-sxsdoc-live]", { timeout: 20000 });
  await page.click("#sxs-toggle");
  await page.evaluate(() => window.scrollTo(0, 600));
  const before = await page.evaluate(() => window.scrollY);
  assert.ok(before > 300, `the page scrolls (${before})`);

  const original = readFileSync(pageFile, "utf8");
  const reloaded = page.waitForEvent("load", { timeout: 20000 });
  writeFileSync(pageFile, original.replace("title:", "title: [unclosed"));
  await reloaded;
  await page.waitForSelector("#sxsdoc-live-problems", { timeout: 20000 });
  const overlay = await page.textContent("#sxsdoc-live-problems");
  assert.match(overlay, /SXS201/, overlay);
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 5, before, { timeout: 5000 });
  assert.equal(await page.getAttribute("#sxs-toggle", "aria-pressed"), "true", "the English source is still shown");

  await page.waitForSelector("html[data-sxsdoc-live]", { timeout: 20000 });
  const again = page.waitForEvent("load", { timeout: 20000 });
  writeFileSync(pageFile, original);
  await again;
  // The seed page's own error (SXS303, its example calls `beta`) stays.
  await page.waitForSelector("#sxsdoc-live-problems", { timeout: 20000 });
  const after = await page.textContent("#sxsdoc-live-problems");
  assert.doesNotMatch(after, /SXS201/, after);
  assert.match(after, /SXS303/, after);
});
