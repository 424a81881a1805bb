// Browser tests of `eventwire serve`: Debian's Chromium, headless, driven by playwright-core.
// Starts the server on a free loopback port over a fresh store, ingests the seed articles (when
// ../shared/examples/seeds exists) and our own fixtures through POST /api/ingest, then checks the
// page as a person would use it. Screenshots go to target/browser-artifacts/.
//
// Env: EVENTWIRE_BIN (default target/debug/eventwire), CHROMIUM (default /usr/bin/chromium),
// UPDATE_SCREENSHOT=1 also writes docs/screenshot.png.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, copyFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { viewChecks } from "./view-checks.mjs";
import { docChecks } from "./doc-checks.mjs";
import { mapChecks } from "./map-checks.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.env.EVENTWIRE_BIN || join(root, "target/debug/eventwire");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const seedsDir = resolve(root, "../shared/examples/seeds");
const artifacts = join(root, "target/browser-artifacts");
mkdirSync(artifacts, { recursive: true });

let passed = 0, failed = 0, skipped = 0;
const results = [];
async function check(name, fn) {
  try {
    await fn();
    passed++;
    results.push(`ok   ${name}`);
  } catch (e) {
    failed++;
    results.push(`FAIL ${name}: ${e && e.message ? e.message.split("\n")[0] : e}`);
  }
}
function skip(name, why) { skipped++; results.push(`skip ${name}: ${why}`); }
function assert(cond, msg) { if (!cond) throw new Error(msg); }

// --- server --------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), "eventwire-browser-"));
// A larger body limit than the default: one check ingests a 2 MB article.
const server = spawn(bin, ["serve", "--db", join(work, "store.db"), "--addr", "127.0.0.1:0", "--max-body", "8000000"], {
  stdio: ["ignore", "pipe", "pipe"],
});
let serverLog = "";
process.on("exit", () => { try { server.kill("SIGTERM"); } catch { /* gone */ } });
process.on("uncaughtException", (e) => { console.error(e); console.error(serverLog); process.exit(1); });
server.stderr.on("data", (d) => { serverLog += d; });
const base = await new Promise((ok, fail) => {
  let out = "";
  const timer = setTimeout(() => fail(new Error(`server did not start:\n${serverLog}`)), 60000);
  server.stdout.on("data", (d) => {
    out += d;
    const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
    if (m) { clearTimeout(timer); ok(m[1]); }
  });
  server.on("exit", (code) => { clearTimeout(timer); fail(new Error(`server exited (${code}):\n${serverLog}`)); });
});

async function ingest(articles) {
  const res = await fetch(`${base}/api/ingest`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ articles }),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`ingest failed: ${JSON.stringify(body)}`);
  return body.ingested;
}

const haveSeeds = existsSync(seedsDir);
if (haveSeeds) {
  const seeds = readdirSync(seedsDir).filter((f) => f.endsWith(".txt")).sort()
    .map((f) => ({ id: `seeds/${f}`, text: readFileSync(join(seedsDir, f), "utf8") }));
  await ingest(seeds);
} else {
  console.error("note: ../shared/examples/seeds not found; seed checks are skipped");
}
const fixtures = JSON.parse(readFileSync(join(root, "web/tests/fixtures/articles.json"), "utf8"));
await ingest(fixtures);
const allEvents = (await (await fetch(`${base}/api/events?limit=100000`)).json()).events;

// --- browser -------------------------------------------------------------
// A fresh profile directory each run (playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(join(work, "chromium-profile"), {
  executablePath: chromiumPath,
  headless: true,
  viewport: { width: 1400, height: 860 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = browser.pages()[0] || await browser.newPage();
const pageErrors = [];
page.on("pageerror", (e) => pageErrors.push(String(e)));
page.on("dialog", (d) => { pageErrors.push(`dialog: ${d.message()}`); d.dismiss(); });
const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`) });

/** Wait until the page has no request or redraw in flight (lists, counts and the map load from the API). */
const settle = () => page.waitForFunction(() => window.eventwire && window.eventwire.idle(), null, { timeout: 30000 });

async function load() {
  await page.goto(base);
  await page.waitForSelector("body[data-ready]", { timeout: 30000 });
  assert(await page.getAttribute("body", "data-ready") === "1", await page.textContent("#status"));
  await settle();
}

const placeMarker = (name) => `#map [data-places*="${name.replace(/["\\]/g, "\\$&")}"]`;
const listedDates = async () => {
  await settle();
  return page.$$eval("#event-list li", (lis) =>
    lis.map((li) => window.eventwire.state.events.find((e) => e.id === li.dataset.eventId)?.date || ""));
};

await check("page loads with the map, markers and timeline", async () => {
  await load();
  assert(await page.locator("#map path.country").count() > 100, "no country borders drawn");
  const markers = await page.locator("#map .marker, #map .cluster").count();
  const located = allEvents.filter((e) => e.place && e.place.lat !== null).length;
  assert(located > 0, "the API returned no located events");
  assert(markers > 0, "no markers");
  assert(await page.locator("#timeline rect.bar").count() > 0, "no timeline bars");
  await shot("01-overview");
});

if (haveSeeds) {
  await check("seeds: markers for Mosul and Raqqa", async () => {
    for (const name of ["Mosul", "Raqqa"]) {
      assert(await page.locator(placeMarker(name)).count() > 0, `no marker for ${name}`);
    }
  });
  if (process.env.UPDATE_SCREENSHOT) copyFileSync(join(artifacts, "01-overview.png"), join(root, "docs/screenshot.png"));

  await check("seeds: brushing November 2016 shows only those events", async () => {
    const nov = allEvents.filter((e) => e.date && e.date.startsWith("2016-11"));
    assert(nov.length > 0, "no November 2016 events in the API");
    const box = await page.locator("#timeline").boundingBox();
    const [x0, x1] = await page.evaluate(() => [
      window.eventwire.timeline.xOf(Date.UTC(2016, 10, 1, 6)),
      window.eventwire.timeline.xOf(Date.UTC(2016, 10, 30, 18)),
    ]);
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + x0, y);
    await page.mouse.down();
    await page.mouse.move(box.x + (x0 + x1) / 2, y, { steps: 5 });
    await page.mouse.move(box.x + x1, y, { steps: 5 });
    await page.mouse.up();
    await settle();
    assert(await page.inputValue("#from") === "2016-11-01", `from = ${await page.inputValue("#from")}`);
    assert(await page.inputValue("#to") === "2016-11-30", `to = ${await page.inputValue("#to")}`);
    const listed = await page.$$eval("#event-list li", (lis) => lis.map((li) => li.dataset.eventId));
    const want = nov.map((e) => e.id);
    assert(JSON.stringify([...listed].sort()) === JSON.stringify([...want].sort()),
      `listed ${listed.length} events, expected the ${want.length} dated November 2016`);
    const dates = await listedDates();
    assert(dates.every((d) => d.startsWith("2016-11")), `dates outside November: ${dates.join(", ")}`);
    const shown = await page.evaluate(() => window.eventwire.map.events.map((e) => e.date));
    assert(shown.every((d) => d.startsWith("2016-11")), "map shows events outside the range");
    await shot("02-brush-november-2016");
  });

  await check("seeds: the Hamam al-Alil event card highlights its source quote", async () => {
    // The event coded from the sentence about Hamam al-Alil: its place may be Hamam al-Alil
    // or "near Mosul", and its evidence may be the whole sentence or only the trigger word.
    const re = /hamm?am al[- ]?[‘']?alil/i;
    let ev = null, evQuote = null, evDoc = null, evStart = null, evSrc = null;
    for (const e of allEvents) {
      const d = await (await fetch(`${base}/api/events/${e.id}`)).json();
      for (const src of d.sources) {
        const text = Array.from((await (await fetch(`${base}/api/documents/${src.document_id}`)).json()).text);
        const sentence = text.slice(Math.max(0, src.start - 200), src.end + 200).join("")
          .split(/(?<=[.!?\n])/).find((x, _, all) => x.includes(src.quote) && re.test(x));
        if (sentence) { ev = e; evQuote = src.quote; evDoc = src.document_id; evStart = src.start; evSrc = src; break; }
      }
      if (ev) break;
    }
    assert(ev, "no event about Hamam al-Alil in the API");
    await page.click("#clear-range");
    await settle();
    await page.click(`#event-list li[data-event-id="${ev.id}"]`);
    await page.waitForSelector("#event-card");
    // One box per article, however many of its passages support the event.
    const box = page.locator(`.source[data-document-id="${evDoc}"]`);
    assert(await box.count() === 1, `${await box.count()} boxes for one article`);
    const mark = box.locator(`.article mark.evidence[data-start="${evStart}"]`).first();
    await mark.waitFor();
    // The quote is marked whole (in pieces when the trigger inside it is marked apart).
    const marked = (await box.locator(`.article mark.evidence[data-start="${evStart}"]`).allTextContents()).join("");
    assert(marked.length > 0 && marked === evQuote, `highlight "${marked}" differs from the quote "${evQuote}"`);
    const quote = box.locator(`.quote[data-start="${evStart}"]`);
    assert(re.test(await quote.textContent()), "the quoted sentence does not name Hamam al-Alil");
    const quoteMarked = (await quote.locator("mark.evidence").allTextContents()).join("");
    assert(quoteMarked === evQuote, "quote sentence does not mark the evidence");
    if (Number.isInteger(evSrc.trigger_start)) {
      const trigger = Array.from(evQuote).slice(evSrc.trigger_start - evSrc.start, evSrc.trigger_end - evSrc.start).join("");
      const shown = await box.locator(`.article mark.trigger[data-start="${evStart}"]`).first().textContent();
      assert(shown === trigger, `trigger mark "${shown}" is not the API trigger "${trigger}"`);
    }
    await mark.scrollIntoViewIfNeeded();
    assert(await mark.isVisible(), "highlighted quote not visible");
    await shot("03-event-card-hamam-al-alil");
  });

  await check("seeds: search Dashisha", async () => {
    await page.fill("#search", "Dashisha");
    await page.press("#search", "Enter");
    await page.waitForSelector("#search-results");
    const n = await page.locator("#search-results li").count();
    assert(n > 0, "no search results");
    const marks = await page.locator("#search-results mark").allTextContents();
    assert(marks.some((m) => /dashisha/i.test(m)), `no highlighted Dashisha in snippets: ${marks}`);
    await shot("04-search-dashisha");
  });
} else {
  skip("seed checks", "../shared/examples/seeds not found");
}

await check("fixtures: events from our own articles appear on the map and in the list", async () => {
  await page.click("#clear-range");
  const docs = (await (await fetch(`${base}/api/documents?q=fixture&limit=100`)).json()).documents;
  assert(docs.length === fixtures.length, `${docs.length} fixture documents stored`);
  let ours = [];
  for (const d of docs) ours.push(...(await (await fetch(`${base}/api/events?document=${d.id}`)).json()).events);
  ours = ours.filter((e) => e.place && e.place.lat !== null);
  assert(ours.length > 0, "no located events from our fixtures");
  // Zoomed out to the whole world, every place has a marker (alone or in a cluster).
  while (await page.getAttribute("#map", "data-zoom") !== "1.000") await page.click("#zoom-out");
  await settle();
  for (const n of new Set(ours.map((e) => e.place.name))) {
    assert(await page.locator(placeMarker(n)).count() > 0, `no marker for ${n}`);
  }
  assert(await page.locator("#event-list li").count() === allEvents.length, "list does not show every event");
  await page.click("#zoom-fit");
});

await check("a document list, the claims panel and a place panel render", async () => {
  await page.click('#tabs button[data-tab="claims"]');
  await page.waitForSelector("#claims-panel");
  await shot("05-claims");
  await page.click('#tabs button[data-tab="documents"]');
  await page.waitForSelector("#document-list");
  const places = (await (await fetch(`${base}/api/places?limit=1000`)).json()).places;
  const held = places.find((p) => p.controller);
  const withPlace = held ? { place: held } : allEvents.find((e) => e.place);
  if (withPlace) {
    await page.evaluate((p) => window.eventwire.openPlace(p), withPlace.place);
    await page.waitForSelector("#place-panel");
    assert((await page.textContent("#place-panel")).includes(withPlace.place.name), "place panel has the wrong name");
    const api = await (await fetch(`${base}/api/places/${encodeURIComponent(withPlace.place.id)}`)).json();
    assert(await page.locator(".control li").count() === api.control.length, "control steps differ from the API");
    if (api.control.length && api.control[0].sources.length) {
      const m = (await page.locator(".control li").first().locator(".quote").first().locator("mark.evidence").allTextContents()).join("");
      assert(m === api.control[0].sources[0].quote, `control evidence "${m}" is not the API quote`);
    }
    await shot("06-place");
  }
});

await check("a hostile article renders inert", async () => {
  const docs = (await (await fetch(`${base}/api/documents?q=Hawija`)).json()).documents;
  const hostile = docs.find((d) => d.key === "fixture/hostile-markup");
  assert(hostile, "hostile fixture not stored");
  await page.click('#tabs button[data-tab="documents"]');
  await page.click(`#document-list li[data-document-id="${hostile.id}"]`);
  await page.waitForSelector("#document-view");
  const text = await page.textContent("#document-text");
  assert(text.includes("<script>window.__pwned = 1</script>"), "script tag not shown as text");
  assert(text.includes('<img src=x onerror="window.__pwned = 3">'), "img tag not shown as text");
  assert((await page.textContent("#document-view")).includes("<script>"), "title not shown as text");
  assert(await page.locator("#panel img, #panel script, #panel svg, #panel a[href]").count() === 0, "markup from the article became elements");
  assert(await page.evaluate(() => window.__pwned === undefined), "article script ran");
  await page.fill("#search", "Hawija");
  await page.press("#search", "Enter");
  await page.waitForSelector("#search-results li");
  assert(await page.locator("#panel img, #panel script").count() === 0, "markup in search snippets became elements");
  assert(await page.evaluate(() => window.__pwned === undefined), "script ran from search results");
  await shot("07-hostile-article");
});

const ctx = { page, base, check, assert, shot, load, settle, ingest, allEvents, artifacts,
  screenshotTo: process.env.UPDATE_SCREENSHOT ? join(root, "docs/screenshot-phone.png") : null };
await viewChecks(ctx);
await docChecks(ctx);
await mapChecks({ browser, base, root, check, assert, artifacts });

await check("no errors in the page", async () => {
  assert(pageErrors.length === 0, pageErrors.join("; "));
});

await browser.close();
server.kill("SIGTERM");
rmSync(work, { recursive: true, force: true });
for (const r of results) console.log(r);
console.log(`screenshots: ${artifacts}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed ? 1 : 0);
