// What every browser script shares: Debian's Chromium launched headless
// (playwright-core downloads no browser), a page that records console
// errors, page errors and failed requests, and one exit status.
// Usage from a script: `await run("what passed", async (context, problems) => { ... })`.
import { chromium } from "playwright-core";

export const [base, executablePath] = process.argv.slice(2);

/// Opens a page in `context` whose faults go to `problems`: console
/// errors, page errors, failed requests (but a request cut short by
/// navigating away), HTTP errors, and any request to another host.
export async function watchedPage(context, problems) {
  const page = await context.newPage();
  // An address named `no-such-page` is asked for to see the 404 page.
  const missingOnPurpose = (url) => url.includes("/no-such-page");
  page.on("console", (message) => {
    if (message.type() === "error" && !missingOnPurpose(message.location().url || "")) problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => {
    const failure = request.failure();
    if (!failure || !failure.errorText.includes("ERR_ABORTED")) problems.push(`request failed: ${request.url()} ${failure && failure.errorText}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400 && !missingOnPurpose(response.url())) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on("request", (request) => {
    if (!request.url().startsWith(base)) problems.push(`request to another host: ${request.url()}`);
  });
  return page;
}

/// Runs `checks` with a fresh browser context; prints `passed` and exits
/// 0, or prints every problem and exits 1.
export async function run(passed, checks) {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const problems = [];
  try {
    await checks(await browser.newContext(), problems);
  } catch (error) {
    problems.push(String(error && error.stack || error));
  } finally {
    await browser.close();
  }
  if (problems.length) {
    console.error(problems.join("\n"));
    process.exit(1);
  }
  console.log(passed);
}
