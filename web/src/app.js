// Wires the map, the timeline, the filters and the side panel together. The view state lives in
// the URL (filters.js): every change goes through setView, which writes the URL and redraws.
import { api } from "./api.js";
import { h, clear, linkButton } from "./dom.js";
import { eventTypeNames, setTaxonomy, typeColour } from "./common.js";
import { EventMap } from "./map.js";
import { Timeline } from "./timeline.js";
import { readUrl, toQuery, predicate, hasPlace, filterForm, apiParams, reportParams, SORTS } from "./filters.js";
import { chartsView } from "./charts.js";
import * as panels from "./panels.js";
import { reviewBox } from "./widgets.js";

const $ = (id) => document.getElementById(id);
const panel = $("panel");
const state = { events: [], view: readUrl(location.search), docCache: new Map(), taxonomy: null, lastPush: 0, opener: null };

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

/** Change the view; the URL follows (a burst of changes, as in brushing, makes one history step). */
function setView(patch, { burst = false } = {}) {
  const next = { ...state.view, ...patch };
  const filterChanged = Object.keys(patch).some((k) => !["event", "place", "doc", "tab", "control", "pq"].includes(k));
  if (filterChanged && !("event" in patch)) { delete next.event; delete next.place; delete next.doc; }
  for (const k of Object.keys(next)) if (next[k] === "" || next[k] === null || next[k] === undefined) delete next[k];
  state.view = next;
  const url = `${location.pathname}${toQuery(next)}`;
  const now = performance.now();
  if (url !== `${location.pathname}${location.search}`) {
    if (!burst || now - state.lastPush > 600) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
    state.lastPush = now;
  }
  render({ filtersChanged: filterChanged || "control" in patch, burst });
}

window.addEventListener("popstate", () => {
  state.view = readUrl(location.search);
  render({ filtersChanged: true });
});

/** Events passing the filters other than the date range (the timeline's context). */
const contextEvents = () => state.events.filter(predicate({ ...state.view, missing: null }, { ignoreDate: true }));

function render({ filtersChanged = true, burst = false } = {}) {
  const v = state.view;
  const ctx = contextEvents();
  const shown = ctx.filter(predicate(v));
  state.shown = shown;
  if (filtersChanged) {
    syncForm(v);
    $("f-sort").value = v.sort || "newest";
    $("from").value = v.from || "";
    $("to").value = v.to || "";
    // Brushing changes only the range: the histogram's events and axis stay as they are.
    const ctxKey = JSON.stringify(["type", "sub", "actor", "area", "fat", "src"].map((k) => v[k] || ""));
    if (ctxKey !== state.ctxKey || !state.events.length) { state.ctxKey = ctxKey; drawTimeline(ctx); }
    const range = v.from && v.to ? [v.from, v.to] : [null, null];
    if (timeline.rangeIso() !== range.join(",")) timeline.setRange(range[0], range[1], false);
    map.setEvents(shown);
    if (state.truncated) drawMapFromServer();
    drawCounts(ctx, shown);
    drawExports();
    drawControl();
  }
  map.select(v.event || null);
  // While a brush moves the panel is redrawn once it pauses (the map follows live); any
  // other change redraws it at once.
  clearTimeout(state.panelTimer);
  if (burst) state.panelTimer = setTimeout(() => renderPanel(), 150);
  else renderPanel();
}

/**
 * The timeline's bars: counted from the loaded events, or, when the store holds more events than
 * the page loaded, from the server's per-day counts of the whole store (same filters).
 */
async function drawTimeline(ctx) {
  if (!state.truncated) { timeline.setEvents(ctx); return; }
  const key = state.ctxKey;
  try {
    const { from, to, ...params } = apiParams(state.view);
    const data = await api.histogram({ ...params, bucket: "day" });
    if (key === state.ctxKey) timeline.setCounts(data.buckets || []);
  } catch (err) {
    timeline.setEvents(ctx);
    status(`timeline counted from the loaded events only: ${err.message}`, true);
  }
}

/** Above this many located events in view, the map shows the server's grid counts, not events. */
const DETAIL_MAX = 5000;
let mapTimer = null, mapSeq = 0;

/**
 * The map of a store larger than the page loads: per-cell counts of the events in view (same
 * filters) from GET /api/events/grid, and the events themselves once few enough are in view.
 */
function drawMapFromServer() {
  clearTimeout(mapTimer);
  mapTimer = setTimeout(async () => {
    const seq = ++mapSeq;
    const params = { ...apiParams(state.view), bbox: map.viewBbox().join(",") };
    try {
      const grid = await api.grid({ ...params, zoom: map.gridZoom() });
      if (seq !== mapSeq) return;
      if (grid.located > DETAIL_MAX) { map.setCells(grid.cells); return; }
      const data = await api.events({ ...params, limit: DETAIL_MAX });
      if (seq !== mapSeq) return;
      map.setCells(null);
      map.setEvents((data.events || []).filter(predicate(state.view)));
    } catch (err) {
      status(`map drawn from the loaded events only: ${err.message}`, true);
    }
  }, 150);
}

/** The territorial-control layer: who holds each place at the end of the brushed range. */
async function drawControl() {
  const v = state.view;
  const btn = $("control-toggle");
  btn.setAttribute("aria-pressed", v.control ? "true" : "false");
  btn.classList.toggle("active", Boolean(v.control));
  if (!v.control) { map.setControl([]); return; }
  const at = v.to || v.from || "";
  try {
    const data = await api.control(at ? { at } : {});
    if (state.view.control && (state.view.to || state.view.from || "") === at) map.setControl(data.places || []);
  } catch (err) { status(err.message, true); }
}

/** Download links for the events of the current filters. */
function drawExports() {
  const q = new URLSearchParams(apiParams(state.view));
  if (state.view.missing) q.set("missing", state.view.missing);
  for (const format of ["acled", "geojson", "jsonl"]) {
    q.set("format", format);
    $(`export-${format}`).setAttribute("href", `/api/export?${q}`);
  }
}

/** "n of N events", and the events with no place or no date, which the map and timeline cannot show. */
function drawCounts(ctx, shown) {
  const v = state.view;
  const info = clear($("range-info"));
  info.append(`${shown.length} of ${state.events.length} events`);
  const inRange = ctx.filter(predicate({ ...v, missing: null }));
  const noPlace = inRange.filter((e) => !hasPlace(e)).length;
  const noDate = ctx.filter((e) => !e.date).length;
  const btn = (n, what, key) => linkButton(`${n} without ${what}`, () => setView({ missing: v.missing === key ? "" : key }),
    { id: `missing-${key}`, class: `link${v.missing === key ? " active" : ""}`, title: `List the events with no ${what.replace(/^an? /, "")}` });
  info.append(" · ", btn(noPlace, "a place", "place"), " · ", btn(noDate, "a date", "date"));
}

async function renderPanel() {
  const v = state.view;
  for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("active", b.dataset.tab === (v.tab || "events"));
  try {
    if (v.event) return await showEvent(v.event);
    if (v.place) return await showPlace(v.place);
    if (v.doc) return await showDocument(v.doc);
    const tab = v.tab || "events";
    if (tab === "events") showEvents();
    else if (tab === "other") {
      const data = await api.events({ scope: "other", limit: 1000 });
      show(panels.eventList(data.events || [], { onEvent: openEvent, title: "Other news", sort: v.sort,
        note: "Not conflict events (disasters, crime, diplomacy, claims of responsibility): kept off the map, the timeline and the conflict exports." }));
    } else if (tab === "claims") {
      // The ledger of the articles behind the filtered events, dated within the range.
      const params = apiParams(v);
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
    else if (tab === "charts") show(chartsView(state.shown, `${state.shown.length} events of the current filters.`));
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

function showEvents() {
  const v = state.view;
  const title = v.missing === "place" ? "Events without a place" : v.missing === "date" ? "Events without a date" : "Events";
  const note = v.from || v.to ? `Showing ${v.from || "…"} to ${v.to || "…"}` : null;
  show(panels.eventList(state.shown, { onEvent: openEvent, title, note, sort: v.sort }));
  refocus();
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
  onView: () => { if (state.truncated) drawMapFromServer(); } });
const timeline = new Timeline($("timeline"), {
  onBrush: (range) => setView({ from: range ? range[0] : "", to: range ? range[1] : "" }, { burst: true }),
  onBrushEnd: () => { clearTimeout(state.panelTimer); renderPanel(); },
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
$("zoom-fit").addEventListener("click", () => map.fit());
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
window.eventwire = { map, timeline, state, openEvent, openDocument, openPlace, setView };

async function start() {
  status("Loading…");
  try {
    state.taxonomy = await api.taxonomy();
    setTaxonomy(state.taxonomy);
    drawLegend();
    await map.loadWorld("data/countries-50m.json");
    // The conflict record: other news and background mentions stay off the map (see the "Other news" tab).
    const data = await api.events({ limit: 100000 });
    state.events = data.events || [];
    state.truncated = data.total > state.events.length;
    syncForm = filterForm($("filters"), state.taxonomy, state.events, (patch) => setView(patch));
    render();
    map.fit();
    status(`${state.events.length} events${data.total > state.events.length ? ` (of ${data.total})` : ""}`);
    document.body.dataset.ready = "1";
  } catch (err) {
    status(err.message, true);
    showError(err);
    document.body.dataset.ready = "error";
  }
}
start();
