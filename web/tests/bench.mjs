// A benchmark, not a test: how long the page takes to open over a big store, and what
// brushing the timeline costs. Prints the figures; asserts nothing. A store of a million
// events (docs/scaling.md, "Web and API"):
//
//   eventwire bench corpus --articles 3000 --skip-analyze --db /tmp/web-bench/store.db
//   eventwire bench events --db /tmp/web-bench/store.db --events 1000000
//   EVENTWIRE_BENCH_DB=/tmp/web-bench/store.db node web/tests/bench.mjs
//
// Env: EVENTWIRE_BIN (default target/release/eventwire), CHROMIUM (default /usr/bin/chromium),
// EVENTWIRE_BENCH_PROFILE=1 also prints the functions that took the most main-thread time
// (self time, from Chromium's sampling profiler) while opening and while brushing.
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
// The sampling profiler (CDP), when asked for: the top functions by self time.
const profiling = process.env.EVENTWIRE_BENCH_PROFILE === "1";
let page = null, cdp = null;
async function topFunctions(label) {
  if (!cdp) return;
  const { profile } = await cdp.send("Profiler.stop");
  const self = new Map();
  const dt = new Map();
  for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) || 0) + (profile.timeDeltas[i] || 0));
  for (const n of profile.nodes) {
    const f = n.callFrame;
    if (f.functionName === "(idle)" || f.functionName === "(program)") continue;
    const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) || 0) + (dt.get(n.id) || 0) / 1000);
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 15);
  console.log(`${label}: top self time (ms)`);
  for (const [k, ms] of top) console.log(`  ${ms.toFixed(1).padStart(8)}  ${k}`);
  await cdp.send("Profiler.start");
}

const bytes = { n: 0 };
/** Open the page in a new browser context (nothing cached): time to markers, long tasks. */
async function open() {
  if (page) await page.context().close();
  page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.addInitScript(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: "longtask", buffered: true });
  });
  if (profiling) {
    cdp = await page.context().newCDPSession(page);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
  }
  bytes.n = 0;
  page.on("response", async (r) => { try { bytes.n += (await r.body()).length; } catch { /* redirect */ } });
  const t0 = Date.now();
  await page.goto(base);
  await page.waitForSelector("body[data-ready]", { timeout: 120000 });
  await page.waitForSelector("#map .marker, #map .cluster", { timeout: 120000 });
  const openMs = Date.now() - t0;
  await page.waitForFunction(() => window.eventwire.idle(), null, { timeout: 120000 });
  const settledMs = Date.now() - t0;
  const long = await page.evaluate(() => window.__long.splice(0));
  return { openMs, settledMs, long };
}

// First while the server, just started, still counts the aggregates a page opens with (as the
// first visitor after a start finds it), then again once it has them.
const cold = await open();
const { openMs, settledMs, long: openLong } = await open();
const loaded = await page.evaluate(() => ({ list: window.eventwire.state.events.length, map: window.eventwire.map.events.length,
  cells: (window.eventwire.map.cells || []).length, total: window.eventwire.state.all }));
await topFunctions("opening");

// Brush: press, then 60 moves across the middle of the timeline.
const box = await page.locator("#timeline").boundingBox();
const y = box.y + box.height / 2;
// In the page: from each pointer event to the end of the frame that shows it (the rendering
// after the frame's callbacks included), without the driver's round trips.
await page.evaluate(() => {
  window.__frames = [];
  window.addEventListener("pointermove", (e) => {
    const t = e.timeStamp;
    requestAnimationFrame(() => setTimeout(() => window.__frames.push(performance.now() - t), 0));
  });
});
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
const frames = await page.evaluate(() => window.__frames.splice(0));
await topFunctions("brushing");
const max = (a) => (a.length ? Math.max(...a) : 0);
const mean = (a) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : 0);
console.log(`store: ${loaded.total} events; the page loaded ${loaded.list} list rows, ${loaded.map} map events, ${loaded.cells} grid cells (${(bytes.n / 1024).toFixed(0)} KiB of responses, decompressed)`);
console.log(`open, server just started: ${cold.openMs} ms to markers, ${cold.settledMs} ms to a settled page; ${cold.long.length} long tasks, longest ${max(cold.long).toFixed(0)} ms`);
console.log(`open: ${openMs} ms to markers, ${settledMs} ms to a settled page; ${openLong.length} long tasks, longest ${max(openLong).toFixed(0)} ms`);
console.log(`brushing: ${moves.length} moves, ${mean(moves).toFixed(1)} ms per move to the next frame (max ${max(moves)}); ` +
  `${brushLong.length} long tasks, longest ${max(brushLong).toFixed(0)} ms; map and list settled ${brushSettleMs} ms after release`);
console.log(`brushing, in the page: pointer event to its frame drawn ${mean(frames).toFixed(1)} ms on average (max ${max(frames).toFixed(0)}) over ${frames.length} events`);
await browser.close();
server.kill("SIGTERM");
process.exit(0);
