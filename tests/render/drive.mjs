// Opens each page in headless Chromium (Debian's, through playwright-core), waits for
// render.js to finish and prints one JSON result per page on stdout.
// stdin: {"executable": "/usr/bin/chromium", "pages": [{"url": ..., "screenshot": path|null}]}
import { createRequire } from "node:module";
import path from "node:path";

// playwright-core from the node_modules folder the test names (NODE_PATH), tests/ by default.
const modules = process.env.NODE_PATH || path.join(import.meta.dirname, "..", "node_modules");
const { chromium } = createRequire(path.join(path.dirname(modules), "driver.cjs"))(
  "playwright-core",
);

const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

const job = await readStdin();
const browser = await chromium.launch({ executablePath: job.executable, headless: true, args: FLAGS });
const out = [];
try {
  let console_errors = [];
  const newPage = async () => {
    const created = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    created.on("pageerror", (err) => console_errors.push(String(err)));
    return created;
  };
  let page = await newPage();
  for (const item of job.pages) {
    console_errors = [];
    const started = Date.now();
    let result;
    try {
      await page.goto(item.url, { waitUntil: "load" });
      await page.waitForFunction(() => window.renderResults !== undefined, null, { timeout: job.timeout_ms });
      result = await page.evaluate(() => window.renderResults);
      if (item.screenshot) await page.screenshot({ path: item.screenshot, fullPage: true });
    } catch (err) {
      // A diagram that never finishes rendering blocks the page: report it and go on.
      result = { blocks: [], fatal: `not rendered: ${String(err).split("\n")[0]}` };
      await page.close().catch(() => {});
      page = await newPage();
    }
    out.push({ url: item.url, ms: Date.now() - started, page_errors: console_errors, ...result });
    if (job.progress) process.stderr.write(`${item.url} ${Date.now() - started} ms\n`);
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out));
