// A benchmark, not a test: how long the page takes to open over a big store, and what
// brushing the timeline costs. Prints the figures; asserts nothing. A store of a million
// events (docs/scaling.md, "Web and API"):
//
//   eventwire bench corpus --articles 3000 --skip-analyze --db /tmp/web-bench/store.db
//   eventwire bench events --db /tmp/web-bench/store.db --events 1000000
//   EVENTWIRE_BENCH_DB=/tmp/web-bench/store.db node web/tests/bench.mjs
//
// Env: EVENTWIRE_BIN (default target/release/eventwire), CHROMIUM (default /usr/bin/chromium).
import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.env.EVENTWIRE_BIN || join(root, "target/release/eventwire");
const db = process.env.EVENTWIRE_BENCH_DB;
if (!db) { console.error("set EVENTWIRE_BENCH_DB to a store"); process.exit(2); }

const server = spawn(bin, ["serve", "--db", db, "--addr", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "inherit"] });
process.on("exit", () => server.kill("SIGTERM"));
const base = await new Promise((ok) => {
  let out = "";
  server.stdout.on("data", (d) => { out += d; const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out); if (m) ok(m[1]); });
});

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--headless", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
await page.addInitScript(() => {
  window.__long = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: "longtask", buffered: true });
});

const bytes = { n: 0 };
page.on("response", async (r) => { try { bytes.n += (await r.body()).length; } catch { /* redirect */ } });
const t0 = Date.now();
await page.goto(base);
await page.waitForSelector("body[data-ready]", { timeout: 120000 });
await page.waitForSelector("#map .marker, #map .cluster", { timeout: 120000 });
const openMs = Date.now() - t0;
await page.waitForFunction(() => window.eventwire.idle(), null, { timeout: 120000 });
const settledMs = Date.now() - t0;
const loaded = await page.evaluate(() => ({ list: window.eventwire.state.events.length, map: window.eventwire.map.events.length,
  cells: (window.eventwire.map.cells || []).length, total: window.eventwire.state.all }));
const openLong = await page.evaluate(() => window.__long.splice(0));

// Brush: press, then 60 moves across the middle of the timeline.
const box = await page.locator("#timeline").boundingBox();
const y = box.y + box.height / 2;
await page.mouse.move(box.x + box.width * 0.2, y);
await page.mouse.down();
const moves = [];
for (let i = 1; i <= 60; i++) {
  const t = Date.now();
  await page.mouse.move(box.x + box.width * (0.2 + 0.5 * i / 60), y);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  moves.push(Date.now() - t);
}
await page.mouse.up();
const b0 = Date.now();
await page.waitForFunction(() => window.eventwire.idle(), null, { timeout: 120000 });
const brushSettleMs = Date.now() - b0;
const brushLong = await page.evaluate(() => window.__long.splice(0));
const max = (a) => (a.length ? Math.max(...a) : 0);
const mean = (a) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : 0);
console.log(`store: ${loaded.total} events; the page loaded ${loaded.list} list rows, ${loaded.map} map events, ${loaded.cells} grid cells (${(bytes.n / 1024).toFixed(0)} KiB of responses, decompressed)`);
console.log(`open: ${openMs} ms to markers, ${settledMs} ms to a settled page; ${openLong.length} long tasks, longest ${max(openLong).toFixed(0)} ms`);
console.log(`brushing: ${moves.length} moves, ${mean(moves).toFixed(1)} ms per move to the next frame (max ${max(moves)}); ` +
  `${brushLong.length} long tasks, longest ${max(brushLong).toFixed(0)} ms; map and list settled ${brushSettleMs} ms after release`);
await browser.close();
server.kill("SIGTERM");
process.exit(0);
