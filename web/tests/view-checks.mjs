// Browser checks of the map, the filters and the URL state, and of keyboard use. Called by
// browser.mjs with its page and helpers; they leave the page at the unfiltered overview.

export async function viewChecks({ page, base, check, assert, shot, settle, allEvents }) {
  /** Navigate to `url` and wait for the page to be ready. */
  const open = async (url) => {
    await page.goto(url);
    await page.waitForSelector("body[data-ready]", { timeout: 30000 });
    assert(await page.getAttribute("body", "data-ready") === "1", await page.textContent("#status"));
    await settle();
  };
  const api = async (path) => (await fetch(`${base}${path}`)).json();
  const listedIds = async () => {
    await settle();
    return page.$$eval("#event-list li", (lis) => lis.map((li) => li.dataset.eventId));
  };
  const byId = new Map(allEvents.map((e) => [e.id, e]));

  await check("the list is newest first by default, and re-sorts", async () => {
    await open(base);
    const dates = (await listedIds()).map((id) => byId.get(id).date).filter(Boolean);
    for (let i = 1; i < dates.length; i++) assert(dates[i - 1] >= dates[i], `not newest first: ${dates[i - 1]} before ${dates[i]}`);
    await page.selectOption("#f-sort", "oldest");
    const asc = (await listedIds()).map((id) => byId.get(id).date).filter(Boolean);
    for (let i = 1; i < asc.length; i++) assert(asc[i - 1] <= asc[i], `not oldest first: ${asc[i - 1]} before ${asc[i]}`);
    assert(new URL(page.url()).searchParams.get("sort") === "oldest", "sort not in the URL");
    await page.selectOption("#f-sort", "newest");
  });

  await check("markers stay on their places after a resize and a zoom", async () => {
    const onPlace = async () => (await settle()) && page.evaluate(() => {
      const m = window.eventwire.map;
      const out = [];
      for (const el of document.querySelectorAll("#map circle.marker")) {
        const e = m.events.find((x) => x.id === el.dataset.eventId);
        const [x, y] = m.screenOf(e.place.lon, e.place.lat);
        // A marker spread around a shared point stands for that point (its leader line's end).
        const at = el.dataset.spread ? [+el.dataset.ax, +el.dataset.ay] : [+el.getAttribute("cx"), +el.getAttribute("cy")];
        out.push(Math.hypot(x - at[0], y - at[1]));
      }
      return out;
    });
    const before = await onPlace();
    assert(before.length > 0, "no single markers to check");
    assert(before.every((d) => d < 1), `markers off their places before resizing: ${before}`);
    const size = page.viewportSize();
    await page.setViewportSize({ width: 1000, height: 640 });
    await page.waitForTimeout(150);
    let after = await onPlace();
    // Smaller, some markers may have merged into clusters: zoom in until single ones show.
    for (let i = 0; i < 4 && !after.length; i++) { await page.click("#zoom-in"); after = await onPlace(); }
    assert(after.length > 0 && after.every((d) => d < 1), `markers drifted after a resize: ${after.map((d) => d.toFixed(1))}`);
    await page.click("#zoom-in");
    const zoomed = await onPlace();
    assert(zoomed.every((d) => d < 1), `markers drifted after a zoom: ${zoomed.map((d) => d.toFixed(1))}`);
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    assert((await onPlace()).every((d) => d < 1), "markers drifted after resizing back");
    await page.click("#zoom-fit");
  });

  await check("approximate places are drawn as approximate", async () => {
    const drawn = await page.$$eval("#map circle.marker", (els) => els.map((el) => [el.dataset.eventId, el.dataset.approx === "1"]));
    for (const [id, approx] of drawn) {
      // The event's own location (ACLED geo_precision) decides; the place's precision only
      // when the event has none.
      const e = byId.get(id);
      const gp = e.location ? e.location.geo_precision : { exact: 1, near: 2 }[e.place.precision] || 3;
      assert(approx === gp > 1, `event ${id} (geo_precision ${gp}) drawn ${approx ? "approximate" : "exact"}`);
    }
  });

  await check("filters narrow map, list and timeline, live in the URL, survive a reload; Back undoes", async () => {
    const types = [...new Set(allEvents.map((e) => e.event_type))];
    const type = types.sort((a, b) => allEvents.filter((e) => e.event_type === b).length - allEvents.filter((e) => e.event_type === a).length)[0];
    await page.selectOption("#f-type", type);
    const want = allEvents.filter((e) => e.event_type === type).map((e) => e.id).sort();
    const same = async () => JSON.stringify((await listedIds()).sort()) === JSON.stringify(want);
    assert(await same(), `list differs from the ${want.length} events of type ${type}`);
    assert(new URL(page.url()).searchParams.get("type") === type, `type not in the URL: ${page.url()}`);
    const onMap = await page.evaluate(() => window.eventwire.map.events.map((e) => e.event_type));
    assert(onMap.every((t) => t === type), "the map shows other types");
    const inTimeline = await page.evaluate(() => window.eventwire.timeline.total);
    const datedOfType = allEvents.filter((e) => e.event_type === type && e.date).length;
    assert(inTimeline === datedOfType, `the timeline counts ${inTimeline} events, ${datedOfType} dated are of type ${type}`);
    // Fatalities and sources too; then a reload restores the view from the URL alone.
    await page.fill("#f-fat", "1");
    await page.press("#f-fat", "Enter");
    await page.locator("#f-fat").blur();
    const want2 = allEvents.filter((e) => e.event_type === type && (e.fatalities || 0) >= 1).map((e) => e.id).sort();
    assert(JSON.stringify((await listedIds()).sort()) === JSON.stringify(want2), "fatalities filter not applied");
    const url = page.url();
    await page.goBack();
    await page.waitForFunction(() => !new URLSearchParams(location.search).has("fat"));
    assert(JSON.stringify((await listedIds()).sort()) === JSON.stringify(want), "Back did not undo the fatalities filter");
    await page.goBack();
    await page.waitForFunction(() => !new URLSearchParams(location.search).has("type"));
    await settle();
    assert(await page.locator("#event-list li").count() === Math.min(200, allEvents.length), "Back did not clear the filter");
    assert(await page.inputValue("#f-type") === "", "Back left the type selected");
    await open(url);
    assert(await page.inputValue("#f-type") === type && await page.inputValue("#f-fat") === "1", "the URL did not restore the filters");
    assert(JSON.stringify((await listedIds()).sort()) === JSON.stringify(want2), "the URL restores other events");
    await shot("09-filtered");
    await open(base);
  });

  await check("events without a place or a date are counted and listed", async () => {
    const noPlace = allEvents.filter((e) => !(e.place && Number.isFinite(e.place.lat))).map((e) => e.id).sort();
    const noDate = allEvents.filter((e) => !e.date).map((e) => e.id).sort();
    await settle();
    assert((await page.textContent("#missing-place")).startsWith(`${noPlace.length} `), await page.textContent("#missing-place"));
    assert((await page.textContent("#missing-date")).startsWith(`${noDate.length} `), await page.textContent("#missing-date"));
    await page.click("#missing-place");
    assert(JSON.stringify((await listedIds()).sort()) === JSON.stringify(noPlace), "the unmapped list differs");
    await page.click("#missing-date");
    assert(JSON.stringify((await listedIds()).sort()) === JSON.stringify(noDate), "the undated list differs");
    await page.click("#missing-date");
    await shot("08-missing");
  });

  await check("keyboard: a card takes the focus, Escape closes it and returns to the row", async () => {
    const first = page.locator("#event-list li").first();
    const id = await first.getAttribute("data-event-id");
    await first.focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector("#event-card");
    assert(await page.evaluate(() => document.activeElement.id) === "event-card", "the card heading has no focus");
    assert(new URL(page.url()).searchParams.get("event") === id, "the open event is not in the URL");
    await page.keyboard.press("Escape");
    await page.waitForSelector("#event-list");
    await settle();
    assert(await page.evaluate(() => document.activeElement.dataset.eventId) === id, "focus did not return to the row");
    // The permalink of a card opens the card.
    await open(`${base}/?event=${encodeURIComponent(id)}`);
    await page.waitForSelector("#event-card");
    await open(base);
  });

  await check("export of a filtered view parses back; charts and the report follow the filters", async () => {
    const type = allEvents.find((e) => e.fatalities)?.event_type;
    assert(type, "no event with fatalities");
    await page.selectOption("#f-type", type);
    const listed = (await listedIds()).sort();
    const jsonl = await (await fetch(`${base}${await page.getAttribute("#export-jsonl", "href")}`)).text();
    const exported = jsonl.trim().split("\n").filter(Boolean).map((l) => String(JSON.parse(l).id)).sort();
    assert(JSON.stringify(exported) === JSON.stringify(listed), `JSONL export ${exported} differs from the list ${listed}`);
    const geo = await (await fetch(`${base}${await page.getAttribute("#export-geojson", "href")}`)).json();
    const located = allEvents.filter((e) => e.event_type === type && e.place && Number.isFinite(e.place.lat)).map((e) => e.id).sort();
    assert(JSON.stringify(geo.features.map((f) => String(f.id)).sort()) === JSON.stringify(located), "GeoJSON export differs");
    const acled = await (await fetch(`${base}${await page.getAttribute("#export-acled", "href")}`)).text();
    assert(acled.split("\n").filter(Boolean).length === listed.length + 1, "ACLED CSV rows differ from the list");
    await page.click('#tabs button[data-tab="charts"]');
    await page.waitForSelector("#charts-panel");
    const bars = await page.$$eval("#chart-events rect", (rs) => rs.map((r) => [r.dataset.type, +r.dataset.value]));
    const dated = allEvents.filter((e) => e.event_type === type && e.date).length;
    assert(bars.every(([t]) => t === type), "the chart counts other types");
    assert(bars.reduce((n, [, v]) => n + v, 0) === dated, `the chart counts ${bars.reduce((n, [, v]) => n + v, 0)} of ${dated} dated events`);
    await page.click('#tabs button[data-tab="report"]');
    await page.waitForSelector("#report-text");
    const report = await page.textContent("#report-text");
    assert(report.length > 50, "empty report");
    await shot("12-report");
    await page.selectOption("#f-type", "");
    await page.click('#tabs button[data-tab="events"]');
  });

  await check("brushing moves only the brush, once a frame; URL, list and map follow the range it ends on", async () => {
    await open(base);
    const tl = "#timeline";
    const box = await page.locator(tl).boundingBox();
    const y = box.y + box.height / 2;
    const axis = await page.evaluateHandle(() => document.querySelector("#timeline g.axis"));
    const historyBefore = await page.evaluate(() => history.length);
    // Emits of the range (each asks the page for a redraw), and animation frames, while dragging.
    await page.evaluate(() => {
      window.__emits = 0; window.__frames = 0;
      const t = window.eventwire.timeline, onBrush = t.onBrush;
      t.onBrush = (r) => { window.__emits++; onBrush(r); };
      const tick = () => { window.__frames++; window.__tick = requestAnimationFrame(tick); };
      window.__tick = requestAnimationFrame(tick);
    });
    await page.mouse.move(box.x + box.width * 0.3, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.4, y, { steps: 4 });
    const brush = await page.evaluateHandle(() => document.querySelector("#timeline rect.brush"));
    assert(await brush.evaluate((b) => b !== null), "no brush drawn while dragging");
    // Many pointer events in quick succession: at most one redraw per frame.
    await page.mouse.move(box.x + box.width * 0.7, y, { steps: 40 });
    const moved = await page.evaluate(() => ({ emits: window.__emits, frames: window.__frames }));
    assert(moved.emits <= moved.frames + 1, `${moved.emits} range changes in ${moved.frames} frames`);
    assert(await brush.evaluate((b) => b.isConnected), "the brush was drawn anew instead of moved");
    assert(await axis.evaluate((a) => a.isConnected), "the axis was drawn anew by a brush move");
    await page.mouse.up();
    await page.evaluate(() => cancelAnimationFrame(window.__tick));
    await settle();
    const [from, to] = [await page.inputValue("#from"), await page.inputValue("#to")];
    assert(from && to && from <= to, `range ${from}..${to}`);
    const url = new URL(page.url()).searchParams;
    assert(url.get("from") === from && url.get("to") === to, `the URL says ${url.get("from")}..${url.get("to")}, the brush ${from}..${to}`);
    assert(await page.evaluate(() => history.length) <= historyBefore + 1, "one brush made more than one history step");
    // An event is in the range when its date's first day is.
    const firstDay = (d) => { const x = d.slice(0, 10); return x.length === 4 ? `${x}-01-01` : x.length === 7 ? `${x}-01` : x; };
    const inRange = (d) => Boolean(d) && firstDay(d) >= from && firstDay(d) <= to;
    const dates = (await listedIds()).map((id) => byId.get(id).date);
    assert(dates.every(inRange), `listed dates outside ${from}..${to}: ${dates}`);
    const shown = await page.evaluate(() => window.eventwire.map.events.map((e) => e.date));
    assert(shown.every(inRange), "the map shows events outside the range");
    await open(base);
  });

  await check("the control layer shows who holds each place at the brushed date", async () => {
    const now = await api("/api/control");
    if (!now.places.length) return; // no control changes in this store
    const c = now.places.find((p) => p.since && /^\d{4}-\d{2}-\d{2}$/.test(p.since) && Number.isFinite(p.place.lat)) || now.places[0];
    const day = c.since;
    const square = `#map rect.control[data-place-id="${c.place.id.replace(/["\\]/g, "\\$&")}"]`;
    await open(`${base}/?control=1&from=2000-01-01&to=${day}`);
    // The whole world in view, so that the place's square is drawn wherever it is.
    while (await page.getAttribute("#map", "data-zoom") !== "1.000") await page.click("#zoom-out");
    await page.waitForSelector(square);
    const want = (await api(`/api/control?at=${day}`)).places.find((p) => p.place.id === c.place.id).holder;
    assert(await page.getAttribute(square, "data-holder") === want, `holder ${await page.getAttribute(square, "data-holder")}, API ${want}`);
    const before = new Date(Date.parse(day) - 86400000).toISOString().slice(0, 10);
    const earlier = (await api(`/api/control?at=${before}`)).places.find((p) => p.place.id === c.place.id);
    await page.fill("#to", before);
    await page.dispatchEvent("#to", "change");
    await page.waitForTimeout(300);
    await settle();
    const shown = await page.locator(square).count() ? await page.getAttribute(square, "data-holder") : null;
    assert(shown === (earlier ? earlier.holder : null), `the day before: layer ${shown}, API ${earlier && earlier.holder}`);
    await page.fill("#to", day);
    await page.dispatchEvent("#to", "change");
    await page.waitForSelector(square);
    await shot("13-control-layer");
    // By keyboard: an event marker may sit on top of the square.
    await page.focus(square);
    await page.keyboard.press("Enter");
    await page.waitForSelector("#place-panel");
    assert((await page.textContent("#place-panel")).includes(c.place.name), "the square does not open its place");
    await open(base);
  });

  await check("the place list finds a place and opens it", async () => {
    const places = (await api("/api/places?limit=1000")).places;
    const p = places.find((x) => x.event_count > 0);
    assert(p, "no places");
    await page.click('#tabs button[data-tab="places"]');
    await page.waitForSelector("#place-list");
    await page.fill("#place-search", p.name);
    const shown = await page.$$eval("#place-list li:not([hidden])", (lis) => lis.map((li) => li.dataset.placeId));
    assert(shown.includes(p.id), `${p.name} not found`);
    assert(shown.length < places.length || places.length === 1, "the search does not narrow the list");
    assert(new URL(page.url()).searchParams.get("pq") === p.name, "the search is not in the URL");
    await page.click(`#place-list li[data-place-id="${p.id.replace(/["\\]/g, "\\$&")}"]`);
    await page.waitForSelector("#place-panel");
    assert((await page.textContent("#place-panel")).includes(p.name), "the wrong place opened");
    await open(base);
  });

  await check("claims say when they are truncated", async () => {
    const data = await api("/api/claims?limit=200");
    await page.click('#tabs button[data-tab="claims"]');
    await page.waitForSelector("#claims-panel");
    const note = await page.locator("#claims-truncated").count();
    assert((data.total > data.subjects.length) === (note === 1), `truncation note ${note} for ${data.subjects.length} of ${data.total}`);
    assert(await page.locator("#panel section.subject").count() === data.subjects.length, "subjects differ from the API");
    // Under a filter the ledger keeps the claims of the articles behind the matching events.
    const type = allEvents.find((e) => e.fatalities)?.event_type;
    if (type) {
      await page.selectOption("#f-type", type);
      await page.click('#tabs button[data-tab="claims"]');
      await page.waitForSelector("#claims-panel");
      const filtered = await api(`/api/claims?limit=200&type=${encodeURIComponent(type)}`);
      assert(filtered.total <= data.total, "a filter added subjects");
      assert(await page.locator("#panel section.subject").count() === filtered.subjects.length,
        `claims panel shows ${await page.locator("#panel section.subject").count()} subjects, the API ${filtered.subjects.length} for ${type}`);
      await page.selectOption("#f-type", "");
    }
    await page.click('#tabs button[data-tab="events"]');
  });

  await check("the list loads a page at a time, in the server's order, after each page's cursor, as it scrolls", async () => {
    await open(`${base}/?sort=oldest`);
    const want = (await api("/api/events?sort=oldest&limit=1000")).events.map((e) => e.id);
    assert(want.length > 8, `only ${want.length} events: too few to page`);
    const offsets = [], afters = [], nexts = [];
    const isList = (u) => u.pathname === "/api/events" && u.searchParams.get("limit") === "4";
    const onRequest = (r) => {
      const u = new URL(r.url());
      if (!isList(u)) return;
      if (u.searchParams.has("offset")) offsets.push(+u.searchParams.get("offset"));
      if (u.searchParams.has("after")) afters.push(u.searchParams.get("after"));
    };
    const onResponse = async (r) => {
      if (!isList(new URL(r.url()))) return;
      try { const next = (await r.json()).next; if (next) nexts.push(next); } catch { /* not JSON */ }
    };
    page.on("request", onRequest);
    page.on("response", onResponse);
    // Pages of 4: the page never asks for more than one page at a time.
    await page.evaluate(() => { window.eventwire.state.pageSize = 4; window.eventwire.setView({ sort: "oldest", type: "" }); });
    let listed = await listedIds();
    assert(listed.length >= 4 && listed.length < want.length, `${listed.length} of ${want.length} events listed at first`);
    assert(JSON.stringify(listed) === JSON.stringify(want.slice(0, listed.length)), "the first pages are not the API's order");
    assert(await page.locator("#list-more").count() === 1, "no way to load more");
    for (let i = 0; i < 40 && await page.locator("#list-more").count(); i++) {
      await page.evaluate(() => { const b = document.getElementById("list-more"); if (b) b.scrollIntoView(); });
      await settle();
    }
    listed = await listedIds();
    assert(JSON.stringify(listed) === JSON.stringify(want), `after scrolling: ${listed.length} listed, ${want.length} in the API`);
    assert(offsets.length === 0, `pages asked for by offset ${offsets}`);
    // Each page after the first starts after the cursor the page before it answered with.
    assert(afters.length >= 2 && new Set(afters).size === afters.length, `pages asked for after ${afters}`);
    assert(afters.every((a) => a.startsWith("oldest.") && nexts.includes(a)), `cursors ${afters} not from the pages' next (${nexts})`);
    assert((await page.textContent("#list-count")).startsWith(`${want.length} `), await page.textContent("#list-count"));
    page.off("request", onRequest);
    page.off("response", onResponse);
    await shot("15-paged-list");
    await open(base);
  });

  await check("the reviewed filter lists the marked events only, in the URL", async () => {
    const marked = (await api("/api/events?reviewed=true&limit=1000")).events.map((e) => e.id).sort();
    await page.selectOption("#f-rev", "yes");
    assert(new URL(page.url()).searchParams.get("rev") === "yes", "the filter is not in the URL");
    assert(JSON.stringify((await listedIds()).sort()) === JSON.stringify(marked), "the list is not the reviewed events");
    await page.selectOption("#f-rev", "no");
    const unmarked = (await api("/api/events?reviewed=false&limit=1000")).total;
    await settle();
    assert((await page.textContent("#list-count")).startsWith(`${unmarked} `), await page.textContent("#list-count"));
    await page.selectOption("#f-rev", "");
  });
}
