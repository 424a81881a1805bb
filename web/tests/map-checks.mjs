// Browser checks of how the map draws locations: exact, near and province-level events in three
// styles, and co-located events spread around their point. The page runs against the real
// server, but GET /api/events (and each event, and the aggregates the page opens from) is
// answered from fixtures/map-events.json, so the locations under test are known exactly.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export async function mapChecks({ browser, base, root, check, assert, artifacts }) {
  const events = JSON.parse(readFileSync(join(root, "web/tests/fixtures/map-events.json"), "utf8"));
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.route(/\/api\/events(\?|\/|$)/, (route) => {
    const url = new URL(route.request().url());
    const one = /^\/api\/events\/(.+)$/.exec(url.pathname);
    if (url.pathname === "/api/events/grid") {
      // Few enough events to draw one by one: the page then asks for the events in view.
      const located = events.filter((e) => e.place && Number.isFinite(e.place.lat)).length;
      return route.fulfill({ json: { zoom: 0, cell_degrees: 45, located, unlocated: events.length - located, cells: [] } });
    }
    if (url.pathname === "/api/events/histogram") {
      return route.fulfill({ json: { bucket: "day", dated: 0, undated: 0, buckets: [] } });
    }
    if (one) {
      const e = events.find((x) => x.id === decodeURIComponent(one[1]));
      return route.fulfill({ status: e ? 200 : 404, json: e || { error: { status: 404, code: "not_found", message: "no event" } } });
    }
    if (url.searchParams.get("scope") === "other") return route.fulfill({ json: { total: 0, events: [] } });
    return route.fulfill({ json: { total: events.length, events: events.map(({ sources, ...e }) => e) } });
  });
  await page.goto(base);
  await page.waitForSelector("body[data-ready]", { timeout: 30000 });
  await page.waitForFunction(() => window.eventwire.idle(), null, { timeout: 30000 });
  const marker = (id) => page.locator(`#map circle.marker[data-event-id="${id}"]`);
  const style = (id) => marker(id).evaluate((el) => {
    const cs = getComputedStyle(el);
    return { level: el.dataset.geoPrecision, cls: el.getAttribute("class"), fillOpacity: +cs.fillOpacity,
      dash: cs.strokeDasharray, r: +el.getAttribute("r"), label: el.getAttribute("aria-label"), title: el.textContent };
  });

  await check("map: exact, near and province-level events have three distinct marker styles", async () => {
    const [exact, near, prov] = [await style("map-exact"), await style("map-near"), await style("map-province")];
    assert(exact.level === "1" && near.level === "2" && prov.level === "3", `levels ${exact.level} ${near.level} ${prov.level}`);
    assert(exact.fillOpacity > 0.8 && exact.dash === "none", `exact marker not solid: ${JSON.stringify(exact)}`);
    assert(near.fillOpacity < 0.5 && near.dash !== "none", `near marker not hollow dashed: ${JSON.stringify(near)}`);
    assert(prov.fillOpacity < near.fillOpacity && prov.r > near.r, `province marker not a faint area: ${JSON.stringify(prov)}`);
    const keys = new Set([exact, near, prov].map((x) => `${x.fillOpacity}|${x.dash}`));
    assert(keys.size === 3, "two precision levels share a style");
    assert(near.label.includes("near Tall Ba (12 km E)"), `near label: ${near.label}`);
    assert(prov.label.includes("somewhere in Wilayat Jim"), `province label: ${prov.label}`);
    // The uncertainty ring of the near event: 12 km around its anchor, at this zoom.
    const ring = await page.evaluate(() => {
      const el = document.querySelector('#map .uncertainty .ring[data-event-id="map-near"]');
      const m = window.eventwire.map;
      const want = Math.abs(m.screenOf(42.4, 36.7 + 12 / 111.32)[1] - m.screenOf(42.4, 36.7)[1]);
      return el && { r: +el.getAttribute("r"), want };
    });
    assert(ring, "no uncertainty ring for the near event");
    assert(Math.abs(ring.r - ring.want) < 0.05 * ring.want + 1, `ring radius ${ring.r}, expected ${ring.want}`);
    assert(await page.locator('#map .uncertainty .ring[data-event-id="map-exact"]').count() === 0, "an exact event has a ring");
    assert(await page.locator("#legend .precision-key").count() >= 3, "the legend does not explain the marker styles");
    await page.screenshot({ path: join(artifacts, "20-map-precision.png") });
  });

  await check("map: the card says how precisely an event is located", async () => {
    await marker("map-near").click();
    await page.waitForSelector("#event-card");
    const place = await page.textContent("#panel .location");
    assert(place.includes("near Tall Ba (12 km E)"), `card place: ${place}`);
    await page.keyboard.press("Escape");
    await marker("map-province").click({ force: true });
    await page.waitForSelector("#event-card");
    assert((await page.textContent("#panel .location")).includes("somewhere in Wilayat Jim"), "province card");
    await page.keyboard.press("Escape");
  });

  await check("map: a hostile anchor name stays text", async () => {
    const label = (await style("map-hostile")).label;
    assert(label.includes('near <img src=x onerror="window.__pwned=9">'), `label: ${label}`);
    assert(await page.locator("#map img, #panel img, #legend img").count() === 0, "markup became an element");
    assert(await page.evaluate(() => window.__pwned === undefined), "script ran");
  });

  await check("map: co-located events spread around their point, and stay anchored after a zoom", async () => {
    const spread = () => page.evaluate(() => {
      const m = window.eventwire.map;
      return [...document.querySelectorAll('#map circle.marker[data-places="Madinat Dal"]')].map((el) => {
        const [x, y] = m.screenOf(41, 35);
        return { spread: el.dataset.spread === "1", cx: +el.getAttribute("cx"), cy: +el.getAttribute("cy"),
          r: +el.getAttribute("r"), anchorOff: Math.hypot(x - +el.dataset.ax, y - +el.dataset.ay) };
      });
    });
    for (const step of ["fit", "zoom 2×", "zoom 4×"]) {
      // Zoom in about the point itself, so that it stays in view.
      if (step !== "fit") await page.evaluate(() => { const m = window.eventwire.map; m.zoomAt(2, ...m.screenOf(41, 35)); });
      const ms = await spread();
      assert(ms.length === 3 && ms.every((m) => m.spread), `${step}: ${ms.length} markers, spread ${ms.map((m) => m.spread)}`);
      assert(ms.every((m) => m.anchorOff < 1), `${step}: spread markers not anchored at their point`);
      for (let i = 0; i < ms.length; i++) {
        for (let j = i + 1; j < ms.length; j++) {
          const d = Math.hypot(ms[i].cx - ms[j].cx, ms[i].cy - ms[j].cy);
          assert(d >= ms[i].r + ms[j].r, `${step}: markers ${i} and ${j} overlap (${d.toFixed(1)} px apart)`);
        }
      }
      assert(await page.locator("#map .spread-leg").count() === 3, `${step}: no leader lines`);
    }
    await page.screenshot({ path: join(artifacts, "21-map-spread.png") });
  });

  await check("map: no errors in the fixture page", async () => {
    assert(errors.length === 0, errors.join("; "));
  });
  await page.close();
  await timelineFromAggregate({ browser, base, check, assert, events });
}

/**
 * A store holding more events than the page loads: the timeline takes the server's per-day
 * counts (GET /api/events/histogram, same filters) instead of counting the loaded events.
 */
async function timelineFromAggregate({ browser, base, check, assert, events }) {
  const page = await browser.newPage();
  const asked = [], grids = [];
  let firstZoom = null;
  const buckets = [{ start: "2020-03-01", count: 400, fatalities: 0 }, { start: "2020-03-09", count: 93, fatalities: 0 }];
  await page.route(/\/api\/events(\?|\/|$)/, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === "/api/events/grid") {
      grids.push(url.searchParams);
      // Many events in the opening views (the world, then the view fitted to it: cells), few
      // once zoomed in further (the events themselves).
      const z = +url.searchParams.get("zoom");
      if (url.searchParams.has("bbox")) firstZoom ??= z;
      const wide = !url.searchParams.has("bbox") || z <= firstZoom;
      const cell = (place, lat, lon, count) => ({ west: lon - 1, south: lat - 1, east: lon + 1, north: lat + 1, lat, lon, count,
        approximate: 0, fatalities: 0, types: { Battles: count }, place, places: 3 });
      return route.fulfill({ json: wide
        ? { zoom: z, cell_degrees: 45 / 2 ** z, located: 9000, unlocated: 0, cells: [cell("Qaryat Alif", 36.3, 43.1, 6000), cell("Madinat Dal", 35, 41, 3000)] }
        : { zoom: z, cell_degrees: 45 / 2 ** z, located: 7, unlocated: 0, cells: [] } });
    }
    if (url.pathname === "/api/events/histogram") {
      asked.push(url.searchParams);
      return route.fulfill({ json: { bucket: "day", dated: 493, undated: 0, buckets } });
    }
    if (url.searchParams.get("scope") === "other") return route.fulfill({ json: { total: 0, events: [] } });
    // One page of the 500: later pages come back empty.
    const page1 = url.searchParams.has("offset") && +url.searchParams.get("offset") > 0 ? [] : events;
    return route.fulfill({ json: { total: 500, events: page1.map(({ sources, ...e }) => e) } });
  });
  await check("timeline: a store larger than the page is drawn from the server's day counts", async () => {
    await page.goto(`${base}/?type=Battles`);
    await page.waitForSelector("body[data-ready]", { timeout: 30000 });
    await page.waitForFunction(() => window.eventwire.idle(), null, { timeout: 30000 });
  await page.waitForFunction(() => window.eventwire.idle(), null, { timeout: 30000 });
    await page.waitForSelector('#timeline[data-source="aggregate"] rect.bar');
    const p = asked[asked.length - 1];
    assert(p.get("bucket") === "day" && p.get("type") === "Battles", `histogram asked with ${p}`);
    const titles = await page.$$eval("#timeline rect.bar title", (ts) => ts.map((t) => t.textContent));
    assert(titles.some((t) => t.endsWith("400 events")) && titles.some((t) => t.endsWith("93 events")), `bars: ${titles}`);
    assert((await page.textContent("#status")).includes("500 events"), "the status does not count the whole store");
    assert((await page.textContent("#list-count")).startsWith("500 "), "the list does not count the whole store");
  });
  await check("map: a store larger than the page is drawn from grid counts, events once zoomed in", async () => {
    await page.waitForSelector("#map .cluster.aggregate");
    const counts = await page.$$eval("#map .cluster.aggregate", (gs) => gs.map((g) => +g.dataset.count).sort((a, b) => a - b));
    assert(JSON.stringify(counts) === "[3000,6000]", `cells drawn: ${counts}`);
    assert(await page.locator("#map circle.marker").count() === 0, "events drawn beside the cells");
    const first = grids.find((g) => g.has("bbox"));
    assert(first.get("type") === "Battles" && /^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$/.test(first.get("bbox")), `grid asked with ${first}`);
    const z0 = +await page.getAttribute("#map", "data-zoom");
    await page.click('#map .cluster.aggregate[data-count="6000"]');
    await page.waitForSelector("#map circle.marker");
    assert(+await page.getAttribute("#map", "data-zoom") > z0, "a click on a cell did not zoom into it");
    assert(+grids[grids.length - 1].get("zoom") > +first.get("zoom"), "the grid was not asked again at a deeper zoom");
    assert(await page.locator("#map .cluster.aggregate").count() === 0, "cells left once few events are in view");
  });
  await page.close();
}
