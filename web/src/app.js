// Wires the map, the timeline, the filters and the side panel together. The view state lives in
// the URL (filters.js): every change goes through setView, which writes the URL and redraws.
import { api } from "./api.js";
import { h, clear, linkButton } from "./dom.js";
import { eventTypeNames, setTaxonomy, typeColour } from "./common.js";
import { EventMap } from "./map.js";
import { Timeline } from "./timeline.js";
import { readUrl, toQuery, filterForm, apiParams, reportParams, SORTS } from "./filters.js";
import { chartsView } from "./charts.js";
import * as panels from "./panels.js";
import { reviewBox } from "./widgets.js";

const $ = (id) => document.getElementById(id);
const panel = $("panel");
// `events`: the pages of the list loaded so far (the filters' events, in the list's order);
// `total`: how many events the filters match; `all`: how many the conflict record holds.
const state = { events: [], total: 0, all: 0, pageSize: 200, view: readUrl(location.search), docCache: new Map(),
  taxonomy: null, lastPush: 0, opener: null };

// Requests and redraws in flight, so that tests and the benchmark can wait for a settled page.
let busy = 0;
async function track(promise) {
  busy++;
  try { return await promise; } finally { busy--; }
}

/**
 * `load` run at most once at a time: a call while it runs asks for one more run once it ends
 * (brushing a big store must not pile requests up on the server; the last view is drawn).
 */
function coalesced(load) {
  let running = false, again = false;
  const run = async () => {
    if (running) { again = true; return; }
    running = true;
    busy++;
    try { await load(); } finally {
      busy--;
      running = false;
      if (again) { again = false; run(); }
    }
  };
  return run;
}


function status(text, isError = false) {
  const el = $("status");
  el.textContent = text;
  el.classList.toggle("error", isError);
}

function show(nodes, focus = null) {
  clear(panel);
  for (const n of nodes.flat()) if (n) panel.append(n);
  panel.scrollTop = 0;
  // A card takes the focus (its heading), so that the keyboard user lands on what opened.
  const target = focus && panel.querySelector(focus);
  if (target) target.focus({ preventScroll: true });
}

function showError(err) {
  show([h("p", { class: "error" }, `Error: ${err.message}`)]);
}

// --- view state ----------------------------------------------------------

/**
 * Change the view; the URL follows (a burst of changes, as in brushing, makes one history step,
 * and writes the URL at most every URL_BURST_MS: a browser throttles a page that rewrites its
 * URL at every pointer move).
 */
const URL_BURST_MS = 250;
function setView(patch, { burst = false } = {}) {
  const next = { ...state.view, ...patch };
  const filterChanged = Object.keys(patch).some((k) => !["event", "place", "doc", "tab", "control", "pq"].includes(k));
  if (filterChanged && !("event" in patch)) { delete next.event; delete next.place; delete next.doc; }
  for (const k of Object.keys(next)) if (next[k] === "" || next[k] === null || next[k] === undefined) delete next[k];
  state.view = next;
  clearTimeout(state.urlTimer);
  const now = performance.now();
  if (!burst) writeUrl(false);
  else if (now - state.lastPush > 600) writeUrl(false);
  else if (now - (state.lastUrlWrite || 0) > URL_BURST_MS) writeUrl(true);
  else state.urlTimer = setTimeout(() => writeUrl(true), URL_BURST_MS);
  render({ filtersChanged: filterChanged || "control" in patch, burst });
}

/** The view into the URL: a new history entry, or (`replace`) the current one rewritten. */
function writeUrl(replace) {
  const url = `${location.pathname}${toQuery(state.view)}`;
  state.lastUrlWrite = performance.now();
  if (url === `${location.pathname}${location.search}`) return;
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  state.lastPush = state.lastUrlWrite;
}

window.addEventListener("popstate", () => {
  state.view = readUrl(location.search);
  render({ filtersChanged: true });
});

/** The API's parameters for the view's filters: a date range holds an event's first day, as the timeline counts it. */
function listParams(v, { dates = true, missing = true } = {}) {
  const p = apiParams(v);
  if (!dates) { delete p.from; delete p.to; }
  if (p.from || p.to) p.date_match = "start";
  if (missing && v.missing) p.missing = v.missing;
  return p;
}

/** How long a brush rests before the list follows it. */
const PANEL_REST_MS = 400;

function render({ filtersChanged = true, burst = false } = {}) {
  const v = state.view;
  if (filtersChanged) {
    syncForm(v);
    $("f-sort").value = v.sort || "newest";
    $("from").value = v.from || "";
    $("to").value = v.to || "";
    // Brushing changes only the range: the histogram's bars and axis stay as they are.
    const ctxKey = JSON.stringify(["type", "sub", "actor", "area", "fat", "src", "rev"].map((k) => v[k] || ""));
    if (ctxKey !== state.ctxKey) { state.ctxKey = ctxKey; drawTimeline(); }
    const range = v.from && v.to ? [v.from, v.to] : [null, null];
    if (timeline.rangeIso() !== range.join(",")) timeline.setRange(range[0], range[1], false);
    state.listKey = null; // the list's pages are of other filters now
    drawMapFromServer(burst ? 150 : 0);
    // While a brush moves, the counts wait for it to pause (as the map and the panel do).
    clearTimeout(state.countTimer);
    state.countsPending = burst;
    if (burst) state.countTimer = setTimeout(() => { state.countsPending = false; drawCounts(); }, 150);
    else drawCounts();
    drawExports();
    drawControl();
  }
  map.select(v.event || null);
  // While a brush moves the panel is redrawn once it rests (PANEL_REST_MS) or ends (the map
  // follows sooner): a list of 200 rows is the costliest redraw; any other change redraws it
  // at once.
  clearTimeout(state.panelTimer);
  state.panelPending = false;
  if (burst) {
    state.panelPending = true;
    state.panelTimer = setTimeout(() => { state.panelPending = false; renderPanel(); }, PANEL_REST_MS);
  } else renderPanel();
}

/** The timeline's bars: the server's per-day counts of the filters' events (the range aside). */
async function drawTimeline() {
  const key = state.ctxKey;
  try {
    const data = await track(api.histogram({ ...listParams(state.view, { dates: false, missing: false }), bucket: "day" }));
    if (key === state.ctxKey) timeline.setCounts(data.buckets || []);
  } catch (err) {
    status(`timeline: ${err.message}`, true);
  }
}

/** Above this many located events in view, the map shows the server's grid counts, not events. */
const DETAIL_MAX = 5000;
let mapTimer = null, mapSeq = 0, mapQueued = false;

/**
 * The map: per-cell counts of the events in view (same filters) from GET /api/events/grid, and
 * the events themselves once few enough are in view. `delay` (ms) lets a burst of changes
 * (brushing, panning) make one request.
 */
function drawMapFromServer(delay = 150) {
  clearTimeout(mapTimer);
  mapQueued = true;
  mapTimer = setTimeout(() => { mapQueued = false; loadMapOnce(); }, delay);
}

async function loadMap() {
  const seq = ++mapSeq;
  const bbox = map.viewBbox();
  // The whole world asks without a box: the server remembers (and warms) that answer.
  const world = bbox[0] <= -180 && bbox[1] <= -90 && bbox[2] >= 180 && bbox[3] >= 90;
  const params = { ...listParams(state.view, { missing: false }), ...(world ? {} : { bbox: bbox.join(",") }) };
  try {
    const grid = await api.grid({ ...params, zoom: map.gridZoom() });
    if (seq !== mapSeq) return;
    state.grid = grid;
    if (grid.located > DETAIL_MAX) { map.setCells(grid.cells); map.setEvents([]); return; }
    const data = await api.events({ ...params, limit: DETAIL_MAX });
    if (seq !== mapSeq) return;
    map.setCells(null);
    map.setEvents(data.events || []);
  } catch (err) {
    status(`map: ${err.message}`, true);
  }
}

const loadMapOnce = coalesced(loadMap);

/** Zoom to what the filters match: the events when the map shows events, else the grid's cells. */
function fitAll() {
  if (map.cells && map.cells.length) map.fit(map.cells.map((c) => ({ place: { lat: c.lat, lon: c.lon } })));
  else map.fit();
}

/** The territorial-control layer: who holds each place at the end of the brushed range. */
async function drawControl() {
  const v = state.view;
  const btn = $("control-toggle");
  btn.setAttribute("aria-pressed", v.control ? "true" : "false");
  btn.classList.toggle("active", Boolean(v.control));
  if (!v.control) { if (map.control.length) map.setControl([]); return; }
  const at = v.to || v.from || "";
  try {
    const data = await api.control(at ? { at } : {});
    if (state.view.control && (state.view.to || state.view.from || "") === at) map.setControl(data.places || []);
  } catch (err) { status(err.message, true); }
}

/** Download links for the events of the current filters. */
function drawExports() {
  const q = new URLSearchParams(listParams(state.view));
  for (const format of ["acled", "geojson", "jsonl"]) {
    q.set("format", format);
    $(`export-${format}`).setAttribute("href", `/api/export?${q}`);
  }
}

/**
 * "n of N events", and the events with no place or no date, which the map and timeline cannot
 * show: three counts from the server (limit=0 asks for the total only).
 */
let countSeq = 0;
const drawCounts = coalesced(loadCounts);
async function loadCounts() {
  const v = state.view, seq = ++countSeq;
  const count = (params) => api.events({ ...params, limit: 0 }).then((d) => d.total);
  try {
    const [shown, noPlace, noDate] = await (Promise.all([
      count(listParams(v)),
      count({ ...listParams(v, { missing: false }), missing: "place" }),
      count({ ...listParams(v, { dates: false, missing: false }), missing: "date" }),
    ]));
    if (seq !== countSeq) return;
    const info = clear($("range-info"));
    info.append(`${shown} of ${state.all} events`);
    const btn = (n, what, key) => linkButton(`${n} without ${what}`, () => setView({ missing: v.missing === key ? "" : key }),
      { id: `missing-${key}`, class: `link${v.missing === key ? " active" : ""}`, title: `List the events with no ${what.replace(/^an? /, "")}` });
    info.append(" · ", btn(noPlace, "a place", "place"), " · ", btn(noDate, "a date", "date"));
  } catch (err) { status(err.message, true); }
}

function renderPanel() {
  return track(drawPanel());
}

async function drawPanel() {
  const v = state.view;
  for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("active", b.dataset.tab === (v.tab || "events"));
  try {
    if (v.event) return await showEvent(v.event);
    if (v.place) return await showPlace(v.place);
    if (v.doc) return await showDocument(v.doc);
    const tab = v.tab || "events";
    if (tab === "events") await showEvents();
    else if (tab === "other") {
      const data = await api.events({ scope: "other", limit: 1000 });
      show(panels.eventList(data.events || [], { onEvent: openEvent, title: "Other news", sort: v.sort,
        note: "Not conflict events (disasters, crime, diplomacy, claims of responsibility): kept off the map, the timeline and the conflict exports." }));
    } else if (tab === "claims") {
      // The ledger of the articles behind the filtered events, dated within the range.
      const { reviewed, ...params } = apiParams(v);
      const data = await api.claims({ limit: 200, ...params });
      show(panels.claimsView(data, { onDocument: openDocument, filtered: Object.keys(params).length > 0 }));
    } else if (tab === "documents") show(panels.documentList(await api.documents({ limit: 500 }), { onDocument: openDocument }));
    else if (tab === "places") {
      // The list filters itself as one types; the URL keeps the text without a redraw.
      const onSearch = (pq) => {
        state.view = { ...state.view, pq };
        if (!pq) delete state.view.pq;
        history.replaceState(null, "", `${location.pathname}${toQuery(state.view)}`);
      };
      show(panels.placeList(await api.places({ limit: 1000 }), { q: v.pq || "", onPlace: openPlace, onSearch }));
    }
    else if (tab === "charts") {
      // Up to CHART_MAX events of the filters: the charts need each event's type and toll.
      const data = await api.events({ ...listParams(v), limit: CHART_MAX });
      const events = data.events || [];
      show(chartsView(events, data.total > events.length
        ? `The ${events.length} newest of ${data.total} events of the current filters.`
        : `${events.length} events of the current filters.`));
    }
    else if (tab === "report") {
      const { params, unapplied } = reportParams(v);
      const text = await api.report(params);
      show(panels.reportView(text, unapplied));
    }
  } catch (err) { showError(err); }
}

function back(label = "← Back") {
  return linkButton(label, closeCard, { id: "back", title: "Back to the list (Escape)" });
}

function closeCard() {
  state.refocus = state.opener;
  setView({ event: "", place: "", doc: "" });
}

/** Back where the user was when a card closes: the list row or the marker that opened it. */
function refocus() {
  const id = state.refocus;
  state.refocus = null;
  if (!id) return;
  const sel = `[data-event-id="${CSS.escape(id)}"]`;
  const el = panel.querySelector(sel) || $("map").querySelector(sel);
  if (el) el.focus();
}

// --- views ---------------------------------------------------------------

/** Most events the charts draw. */
const CHART_MAX = 5000;

/** The first page of the list, or the pages already loaded when only the panel is redrawn. */
async function showEvents() {
  const v = state.view;
  const key = JSON.stringify(listParams(v)) + (v.sort || "newest");
  if (state.listKey !== key) {
    const data = await api.events({ ...listParams(v), sort: v.sort || "newest", limit: state.pageSize });
    if (JSON.stringify(listParams(state.view)) + (state.view.sort || "newest") !== key) return; // the view moved on
    state.listKey = key;
    state.events = data.events || [];
    state.total = data.total;
    state.next = data.next || null;
    // A first page without a cursor that holds every match is the whole list (a store that
    // pages by offset gives no cursor: the next pages are read by offset).
    state.listEnd = state.next || state.events.length < (data.total || 0) ? null : key;
  }
  drawList();
  refocus();
}

function drawList() {
  const v = state.view;
  const title = v.missing === "place" ? "Events without a place" : v.missing === "date" ? "Events without a date" : "Events";
  const note = v.from || v.to ? `Showing ${v.from || "…"} to ${v.to || "…"}` : null;
  const top = panel.scrollTop;
  const more = state.listEnd === state.listKey ? null : loadMore;
  show(panels.eventList(state.events, { onEvent: openEvent, title, note, sort: null, total: state.total, onMore: more }));
  panel.scrollTop = top;
}

/**
 * The next page of the list (the "More" button, or scrolling to the end of the list): the page
 * after the last one's `next` cursor, which the server reads from an index however deep the
 * list is (an offset would walk every row before it).
 */
async function loadMore() {
  const key = state.listKey;
  if (!key || state.loadingMore || state.listEnd === key) return;
  if (!state.next && state.events.length >= (state.total || 0)) return;
  state.loadingMore = true;
  try {
    const v = state.view;
    const from = state.next ? { after: state.next } : { offset: state.events.length };
    const data = await track(api.events({ ...listParams(v), sort: v.sort || "newest", limit: state.pageSize, ...from }));
    if (state.listKey !== key) return;
    const page = data.events || [];
    state.events = state.events.concat(page);
    state.total = data.total;
    state.next = data.next || null;
    // No cursor and nothing more to read by offset ends the list whatever the total says (the
    // store changed meanwhile).
    if (!state.next && (page.length === 0 || state.events.length >= (state.total || 0))) state.listEnd = key;
    if (!v.event && !v.place && !v.doc && (v.tab || "events") === "events") drawList();
  } catch (err) { status(err.message, true); } finally { state.loadingMore = false; }
}

/** A document, fetched once however many sources or views ask for it at the same time. */
function fetchDoc(id) {
  if (!state.docCache.has(id)) {
    const p = api.document(id);
    state.docCache.set(id, p);
    p.catch(() => state.docCache.delete(id));
  }
  return state.docCache.get(id);
}

async function fetchDocs(ids) {
  const unique = [...new Set(ids)];
  const docs = await Promise.all(unique.map(fetchDoc));
  return new Map(unique.map((id, i) => [id, docs[i]]));
}

function openEvent(e) {
  state.opener = e.id;
  setView({ event: e.id });
}

function openPlace(p) {
  if (p.id === undefined || p.id === null) { showError(new Error("this place is not in the gazetteer")); return; }
  setView({ place: p.id, event: "" });
}

function openDocument(id) {
  setView({ doc: id, event: "", place: "" });
}

async function showEvent(id) {
  const ev = await api.event(id);
  const docs = await fetchDocs((ev.sources || []).map((s) => s.document_id));
  if (state.view.event !== id) return; // another view was asked for meanwhile
  const review = reviewBox(ev.review, async (verdict, note) => {
    const res = await api.review(id, verdict, note);
    // The list and the map show the mark too.
    const listed = state.events.find((e) => e.id === id);
    if (listed) { if (res.review) listed.review = res.review; else delete listed.review; }
    return res.review;
  });
  show(panels.eventCard(ev, docs, { onPlace: openPlace, onDocument: openDocument, back: back(), review }), "#event-card");
  panels.revealMarks(panel);
}

async function showPlace(id) {
  const place = await api.place(id);
  const docs = await fetchDocs((place.control || []).flatMap((c) => (c.sources || []).map((s) => s.document_id)));
  if (state.view.place !== id) return;
  show(panels.placeView(place, docs, { onEvent: openEvent, onDocument: openDocument, back: back() }), "#place-panel");
}

async function showDocument(id) {
  const doc = await fetchDoc(id);
  if (state.view.doc !== id) return;
  show(panels.documentView(doc, { onEvent: openEvent, back: back() }), "#document-view");
}

async function runSearch(q) {
  if (!q.trim()) return;
  try {
    const params = { q, limit: 50 };
    const v = state.view;
    if (v.from) params.from = v.from;
    if (v.to) params.to = v.to;
    const data = await api.search(params);
    for (const b of document.querySelectorAll("#tabs button")) b.classList.remove("active");
    show(panels.searchResults(q, data, { onDocument: openDocument }));
  } catch (err) { showError(err); }
}

function onCluster(events, places) {
  const pts = new Set(events.map((e) => `${e.place.lat},${e.place.lon}`));
  if (pts.size > 1) map.fit(events);
  const named = places.length > 12 ? `${places.slice(0, 12).join(", ")} and ${places.length - 12} more places` : places.join(", ");
  show(panels.eventList(events, { onEvent: openEvent, sort: state.view.sort,
    title: places.length === 1 ? `Events at ${places[0]}` : `${events.length} events`, note: places.length > 1 ? named : null }));
}

// --- start ---------------------------------------------------------------

const map = new EventMap($("map"), { onEvent: openEvent, onCluster, onPlace: openPlace,
  onView: () => { if (state.started) drawMapFromServer(); } });
const timeline = new Timeline($("timeline"), {
  onBrush: (range) => setView({ from: range ? range[0] : "", to: range ? range[1] : "" }, { burst: true }),
  onBrushEnd: () => {
    clearTimeout(state.urlTimer);
    writeUrl(true);
    clearTimeout(state.panelTimer);
    state.panelPending = false;
    renderPanel();
  },
});
let syncForm = () => {};

function drawLegend() {
  const legend = $("legend");
  clear(legend);
  for (const type of eventTypeNames()) {
    const sw = h("span", { class: "swatch" });
    sw.style.background = typeColour(type);
    legend.append(h("div", null, sw, type));
  }
  legend.append(h("div", { class: "muted" }, "Size: fatalities"),
    h("div", { class: "precision-key" }, h("span", { class: "key exact" }), "at the named place"),
    h("div", { class: "precision-key" }, h("span", { class: "key near" }), "near a place (ring: distance given, else ~10 km)"),
    h("div", { class: "precision-key" }, h("span", { class: "key area" }), "somewhere in the province"),
    h("div", { class: "precision-key" }, h("span", { class: "key spread" }, "⋯"), "lines: events at one point, spread"));
}

$("zoom-in").addEventListener("click", () => map.zoomAt(2));
$("zoom-out").addEventListener("click", () => map.zoomAt(0.5));
$("zoom-fit").addEventListener("click", () => fitAll());
$("control-toggle").addEventListener("click", () => setView({ control: state.view.control ? "" : "1" }));
$("clear-range").addEventListener("click", () => setView({ from: "", to: "" }));
for (const id of ["from", "to"]) {
  $(id).addEventListener("change", () => {
    const f = $("from").value, t = $("to").value;
    if (f && t && f > t) return;
    setView({ from: f, to: t });
  });
}
$("search-form").addEventListener("submit", (e) => { e.preventDefault(); runSearch($("search").value); });
for (const b of document.querySelectorAll("#tabs button")) {
  b.addEventListener("click", () => setView({ tab: b.dataset.tab, event: "", place: "", doc: "" }));
}
$("f-sort").replaceChildren(...SORTS.map(([k, label]) => h("option", { value: k }, label)));
$("f-sort").addEventListener("change", () => setView({ sort: $("f-sort").value }));
document.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && (state.view.event || state.view.place || state.view.doc)) {
    e.preventDefault();
    closeCard();
  }
});

// For scripts and tests: the pieces, read-only use.
window.eventwire = { map, timeline, state, openEvent, openDocument, openPlace, setView,
  idle: () => busy === 0 && !mapQueued && !state.panelPending && !state.countsPending };

async function start() {
  status("Loading…");
  try {
    state.taxonomy = await api.taxonomy();
    setTaxonomy(state.taxonomy);
    drawLegend();
    // The conflict record: other news and background mentions stay off the map (see the "Other
    // news" tab). The page opens from aggregates and one page of the list, never every event;
    // they are asked for while the borders draw.
    const opening = Promise.all([
      api.events({ sort: "newest", limit: state.pageSize }),
      api.grid({ ...listParams(state.view, { missing: false }), zoom: 2 }),
    ]);
    opening.catch(() => {}); // a failure is reported where it is awaited
    await map.loadWorld("data/countries-110m.json", "data/countries-50m.json");
    const [first, world] = await opening;
    state.all = first.total;
    syncForm = filterForm($("filters"), state.taxonomy, first.events || [], (patch) => setView(patch));
    // Fit the view to where the events are, then draw what the filters show there.
    if (world.located > DETAIL_MAX) {
      map.setCells(world.cells);
      map.fit(world.cells.map((c) => ({ place: { lat: c.lat, lon: c.lon } })));
    }
    else {
      const located = await api.events({ ...listParams(state.view, { missing: false }), limit: DETAIL_MAX });
      map.setEvents(located.events || []);
      map.fit();
    }
    state.started = true;
    render();
    status(`${state.all} events`);
    document.body.dataset.ready = "1";
  } catch (err) {
    status(err.message, true);
    showError(err);
    document.body.dataset.ready = "error";
  }
}
start();
