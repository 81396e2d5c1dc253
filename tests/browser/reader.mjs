// Drives Debian's Chromium over the navigation fixture (two locales, a
// toc each, tabs, includes, a page one locale lacks) as its readers
// would, and runs axe-core on its pages at desktop and phone widths.
// The site is the readers' build; `qa/` under it is the docs team's.
// Usage: node reader.mjs BASE_URL CHROMIUM_PATH
import { base, run, watchedPage } from "./harness.mjs";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/// Serious and critical axe-core violations on the page open now.
async function axeViolations(page, label) {
  await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const found = await axe.run(document, { resultTypes: ["violations"] });
    return found.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  });
  return results.map((r) => `${label}: ${r}`);
}

await run("browser: the readers' site works", async (context, problems) => {
  const page = await watchedPage(context, problems);
  await page.setViewportSize({ width: 1366, height: 900 });

  // Navigation: the toc's tree, the current page marked, its branch open.
  await page.goto(base + "ru-RU/api/user-list.html");
  const current = page.locator('#sxs-toc a[aria-current="page"]');
  await current.waitFor();
  assert.equal(await current.textContent(), "Список пользователей");
  assert.equal(await current.isVisible(), true, "its branch is open");
  // A branch that is a page itself: its link, and a button that opens it.
  const twisty = page.locator('#sxs-toc button.twisty[aria-label="Получение пользователя"]');
  const example = page.locator('#sxs-toc a[href="https://example.org/example"]');
  assert.equal(await twisty.getAttribute("aria-expanded"), "false");
  assert.equal(await example.isVisible(), false);
  await twisty.click();
  assert.equal(await twisty.getAttribute("aria-expanded"), "true");
  assert.equal(await example.isVisible(), true, "opened by its button");
  assert.equal(await page.locator("main > article > h1").first().isVisible(), true);
  assert.equal(await page.locator("nav.crumbs li").count(), 3);
  // The generated section lists the page in no toc.
  assert.equal(await page.locator('#sxs-toc a[href$="ru-RU/api/extra.html"]').count(), 1);
  assert.equal(await page.locator('#sxs-toc a[href$="ru-RU/api/extra.html"]').textContent(), "Страница вне оглавления", "named by its title");

  // Tabs by keyboard: arrows move between them, the choice is remembered.
  const tabs = page.locator('.tabs [role="tab"]');
  assert.equal(await tabs.count(), 2);
  assert.equal(await tabs.nth(0).getAttribute("aria-selected"), "true");
  await tabs.nth(0).focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await tabs.nth(1).getAttribute("aria-selected"), "true");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "C#");
  assert.equal(await page.locator('.tab-panel[data-tab="csharp"]').isVisible(), true);
  assert.equal(await page.locator('.tab-panel[data-tab="http"]').isVisible(), false);
  await page.keyboard.press("Enter");
  await page.goto(base + "ja-JP/api/user-list.html");
  const csharp = page.locator('.tab-panel[data-tab="csharp"]');
  assert.deepEqual([await csharp.nth(0).isVisible(), await csharp.nth(1).isVisible()], [true, true], "C# remembered, in both groups");
  // Choosing a language in one group chooses it in every group.
  await page.locator('.tabs [role="tab"][data-tab="http"]').first().click();
  const http = page.locator('.tab-panel[data-tab="http"]');
  assert.deepEqual([await http.nth(0).isVisible(), await http.nth(1).isVisible()], [true, true], "HTTP in both groups");

  // The language switcher keeps the place on the page, and the page
  // stays there once the sidebar has scrolled to the current page.
  await page.goto(base + "ja-JP/api/user-list.html#response");
  await page.click('.langs a[hreflang="ru-RU"]');
  await page.waitForURL("**/ru-RU/api/user-list.html#response");
  // (The toc arrives late, as a large one does, after the browser went
  // to the fragment.)
  await page.setViewportSize({ width: 1366, height: 400 });
  await page.route("**/toc.js", async (route) => {
    await new Promise((done) => setTimeout(done, 400));
    await route.continue();
  });
  await page.goto(base + "ru-RU/overview.html");
  await page.goto(base + "ru-RU/api/user-list.html#response");
  await page.locator("#sxs-toc a[aria-current]").waitFor();
  await page.unroute("**/toc.js");
  const place = await page.evaluate(() => [window.scrollY, document.getElementById("response").getBoundingClientRect().top]);
  assert.ok(place[0] > 0 && place[1] >= -1 && place[1] < 400, `#response in view: ${place}`);
  await page.setViewportSize({ width: 1366, height: 900 });

  // Search, full text: by the locale's title, the English title, an
  // endpoint, a permission, words of the prose in the translation and in
  // its English source, Japanese without spaces.
  for (const [locale, query, found, first] of [
    ["ru-RU", "список", "ru-RU/api/user-list.html"],
    ["ru-RU", "list users", "ru-RU/api/user-list.html", true],
    ["ru-RU", "Пользователи", "ru-RU/api/user-list.html"],
    ["ru-RU", "GET /users", "ru-RU/api/user-list.html", true],
    ["ru-RU", "User.Read", "ru-RU/api/user-get.html", true],
    ["ru-RU", "требуется разрешение", "ru-RU/api/user-get.html", true],
    ["ru-RU", "following permissions", "ru-RU/api/user-get.html", true],
    ["ja-JP", "ユーザー", "ja-JP/api/user-list.html"],
    ["ja-JP", "一覧表示", "ja-JP/api/user-list.html", true],
    ["ja-JP", "始めます", "ja-JP/overview.html", true],
    ["ja-JP", "overview", "ja-JP/overview.html"],
    ["ja-JP", "listing users", "ja-JP/overview.html", true],
    // A page ja-JP lacks, shown there in English.
    ["ja-JP", "get user", "ja-JP/api/user-get.html", true],
  ]) {
    await page.goto(base + locale + "/overview.html");
    await page.fill("#search-input", query);
    await page.waitForSelector("#search-results [role=option] a");
    assert.equal(await page.getAttribute("#search-input", "aria-activedescendant"), null, `${locale} ${query}: no option is active before the arrows`);
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.getAttribute("#search-input", "aria-expanded"), "true");
    const active = await page.getAttribute("#search-input", "aria-activedescendant");
    assert.equal(active, "search-option-0", `${locale} ${query}: ArrowDown goes to the first option`);
    const hrefs = await page.$$eval("#search-results [role=option] a", (links) => links.map((a) => a.getAttribute("href")));
    assert.ok(hrefs.some((href) => href.endsWith(found)), `${locale} ${query}: ${hrefs}`);
    if (first) { assert.ok(hrefs[0].endsWith(found), `${locale} ${query}: ${found} first, not ${hrefs}`); }
    await page.keyboard.press("Escape");
    assert.equal(await page.locator("#search-results").isVisible(), false, "Escape closes");
  }

  // Enter with no option chosen opens the first result.
  await page.goto(base + "ru-RU/overview.html");
  await page.fill("#search-input", "list users");
  await page.waitForSelector("#search-results [role=option] a");
  const firstResult = await page.$eval("#search-results [role=option] a", (a) => a.href);
  await page.keyboard.press("Enter");
  await page.waitForURL(firstResult);

  // Each result shows the page's first paragraph (or its description),
  // the words the query finds marked.
  await page.goto(base + "ru-RU/overview.html");
  await page.fill("#search-input", "Пользователи");
  const excerpt = page.locator('#search-results [role=option]:has(a[href$="ru-RU/api/user-list.html"]) .search-excerpt');
  await excerpt.waitFor();
  assert.equal(await excerpt.textContent(), "См. получение пользователя, обзор и удаленную страницу.");
  assert.deepEqual(await excerpt.locator("mark").allTextContents(), ["пользователя"]);
  await page.goto(base + "ja-JP/overview.html");
  await page.fill("#search-input", "始めます");
  const japanese = page.locator('#search-results [role=option]:has(a[href$="ja-JP/overview.html"]) .search-excerpt');
  await japanese.waitFor();
  // Its kanji and its pairs of hiragana, overlapping: one mark.
  assert.deepEqual(await japanese.locator("mark").allTextContents(), ["始めます"]);

  // A page ja-JP lacks: the English, with a notice; ru-RU's own is linked.
  await page.goto(base + "ja-JP/api/user-get.html");
  assert.equal(await page.locator(".fallback-notice").isVisible(), true);
  assert.equal(await page.title(), "Get user · API reference", "its English title");
  assert.equal(await page.locator("article .sxs-t").first().isVisible(), false);
  assert.equal(await page.locator("article .sxs-s").first().isVisible(), true);

  // The 404 page, from any depth, in the language of the locale the
  // address is in.
  await page.goto(base + "404.html");
  assert.equal(await page.locator("h1:visible").textContent(), "Page not found");
  await page.goto(base + "ru-RU/api/no-such-page.html");
  assert.equal(await page.locator("h1:visible").textContent(), "Страница не найдена");
  assert.equal(await page.getAttribute("html", "lang"), "ru-RU");
  assert.equal(await page.title(), "Страница не найдена · API reference");
  assert.equal(await page.locator(".not-found:visible a").getAttribute("href"), "/ru-RU/index.html");

  // Dark theme by the toggle, remembered.
  await page.goto(base + "ru-RU/overview.html");
  await page.click("#sxs-theme");
  await page.goto(base + "ru-RU/api/user-list.html");
  assert.equal(await page.getAttribute("html", "data-theme"), "dark");
  await page.click("#sxs-theme");

  // Accessibility and phone layout: pages, homes, the QA dashboard.
  const pages = ["ru-RU/api/user-list.html", "ja-JP/api/user-get.html", "index.html", "ru-RU/index.html",
    "404.html", "qa/ru-RU/api/user-list.html", "qa/report.html", "qa/index.html"];
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const path of pages) {
      await page.goto(base + path);
      await page.waitForLoadState("load");
      problems.push(...(await axeViolations(page, `${path} at ${width}px`)));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) problems.push(`${path} at ${width}px: ${overflow}px wider than the window`);
    }
  }
});
