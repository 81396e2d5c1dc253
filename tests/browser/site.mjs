// Drives Debian's Chromium over the built seed site, as a reader would:
// keyboard toggle of the English source, language switch (the choice is
// remembered), search, report filters, and no console errors anywhere.
// Usage: node site.mjs BASE_URL CHROMIUM_PATH
import { base, run, watchedPage } from "./harness.mjs";
import assert from "node:assert/strict";

const page_path = "api-reference/v1.0/api/intune-remoteassistance-remoteassistancepartner-disconnect.html";

await run("browser: all checks passed", async (context, problems) => {
  const page = await watchedPage(context, problems);

  await page.goto(base + "ru-RU/" + page_path);
  assert.equal(await page.getAttribute("html", "lang"), "ru-RU");
  const source = page.locator(".sxs-s").first();
  assert.equal(await source.isVisible(), false, "English source hidden at first");

  // Keyboard: Tab to the toggle, press Enter.
  let focused = "";
  for (let i = 0; i < 40 && focused !== "sxs-toggle"; i++) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  }
  assert.equal(focused, "sxs-toggle", "the toggle is reachable with Tab");
  await page.keyboard.press("Enter");
  assert.equal(await page.getAttribute("#sxs-toggle", "aria-pressed"), "true");
  assert.equal(await source.isVisible(), true, "English source shown after Enter");
  assert.equal(await source.getAttribute("lang"), "en");

  // Switch language: same page in de-DE, source still shown.
  await page.click('.langs a[hreflang="de-DE"]');
  await page.waitForURL("**/de-DE/" + page_path);
  assert.equal(await page.getAttribute("html", "lang"), "de-DE");
  assert.equal(await page.getAttribute("#sxs-toggle", "aria-pressed"), "true", "choice remembered");
  assert.equal(await page.locator(".sxs-s").first().isVisible(), true);
  await page.keyboard.press("Tab");
  await page.focus("#sxs-toggle");
  await page.keyboard.press("Space");
  assert.equal(await page.getAttribute("#sxs-toggle", "aria-pressed"), "false");

  // es-ES was translated from an older English: with the source shown,
  // the segment whose English changed has the newest English beside it,
  // marked, and the list at the end of the page is hidden.
  await page.click('.langs a[hreflang="es-ES"]');
  await page.waitForURL("**/es-ES/" + page_path);
  const newer = page.locator(".sxs-newer");
  assert.equal(await newer.count(), 1);
  assert.equal(await newer.isVisible(), false, "hidden with the source");
  await page.click("#sxs-toggle");
  assert.equal(await newer.isVisible(), true, "shown with the source");
  assert.match(await newer.textContent(), /requires an active Intune license for the tenant/);
  assert.equal(await page.locator(".sxs-newer-list").isVisible(), false, "the list is placed");
  await page.click("#sxs-toggle");

  // pt-BR has no spans, so no toggle; the switcher marks nothing missing here.
  await page.click('.langs a[hreflang="pt-BR"]');
  await page.waitForURL("**/pt-BR/" + page_path);
  assert.equal(await page.locator("#sxs-toggle").count(), 0);

  // Search the locale's titles and endpoints.
  await page.fill("#search-input", "remoteAssistancePartners");
  await page.waitForSelector("#search-results a");
  const hit = await page.getAttribute("#search-results a", "href");
  assert.ok(hit.endsWith("pt-BR/" + page_path), hit);
  await page.press("#search-input", "Enter");
  await page.waitForURL("**/pt-BR/" + page_path);

  // Report: filtering by a rule hides the findings of other rules; the
  // filters are kept in the URL.
  await page.goto(base + "report/1.html?rule=SXS303");
  assert.equal(await page.locator("li.finding:visible").count(), 1, "the URL's filter applies");
  await page.goto(base + "report/1.html");
  await page.selectOption("#filter-rule", "SXS303");
  const visible = await page.locator("li.finding:visible").count();
  assert.equal(visible, 1, "one SXS303 finding");
  await page.selectOption("#filter-rule", "");
  await page.selectOption("#filter-locale", "pt-BR");
  const ptFindings = await page.locator("li.finding:visible").evaluateAll((items) => items.map((i) => i.dataset.locale));
  assert.ok(ptFindings.length > 0 && ptFindings.every((l) => l === "pt-BR"), String(ptFindings));

  assert.ok(page.url().includes("locale=pt-BR"), page.url());

  // The dashboard, and the QA view marking a finding on its segment.
  await page.goto(base + "report.html");
  assert.equal(await page.locator("table.dashboard tbody tr").count(), 5);
  await page.goto(base + "de-DE/" + page_path);
  assert.ok((await page.locator(".qa-marker").count()) >= 1, "findings marked on the text");
});
