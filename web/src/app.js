// Wires the map, the timeline and the side panel together.
import { api } from "./api.js";
import { h, clear, linkButton } from "./dom.js";
import { eventTypeNames, setTaxonomy, typeColour, dateStart } from "./common.js";
import { EventMap } from "./map.js";
import { Timeline } from "./timeline.js";
import * as panels from "./panels.js";

const $ = (id) => document.getElementById(id);
const panel = $("panel");
const state = { events: [], range: null, tab: "events", docCache: new Map() };

function status(text, isError = false) {
  const el = $("status");
  el.textContent = text;
  el.classList.toggle("error", isError);
}

function show(nodes) {
  clear(panel);
  for (const n of nodes.flat()) if (n) panel.append(n);
  panel.scrollTop = 0;
}

function showError(err) {
  show([h("p", { class: "error" }, `Error: ${err.message}`)]);
}

function inRange(e) {
  if (!state.range) return true;
  const t = dateStart(e.date);
  return t !== null && t >= dateStart(state.range[0]) && t <= dateStart(state.range[1]);
}

const visibleEvents = () => state.events.filter(inRange);

function back(label = "← Events") {
  return linkButton(label, () => selectTab("events"), { id: "back" });
}

// --- views ---------------------------------------------------------------

function showEvents(events = visibleEvents(), title, note) {
  state.tab = "events";
  const n = state.range ? `${state.range[0]} to ${state.range[1]}` : null;
  show(panels.eventList(events, { onEvent: openEvent, title: title || "Events", note: note || (n ? `Showing ${n}` : null) }));
}

async function fetchDoc(id) {
  if (!state.docCache.has(id)) state.docCache.set(id, await api.document(id));
  return state.docCache.get(id);
}

async function openEvent(e) {
  try {
    map.select(e.id);
    const ev = await api.event(e.id);
    const docs = new Map();
    for (const src of ev.sources || []) {
      if (!docs.has(src.document_id)) docs.set(src.document_id, await fetchDoc(src.document_id));
    }
    show(panels.eventCard(ev, docs, { onPlace: openPlace, onDocument: openDocument, back: back() }));
    panels.revealMarks(panel);
  } catch (err) { showError(err); }
}

async function openPlace(p) {
  try {
    if (p.id === undefined || p.id === null) throw new Error("this place is not in the gazetteer");
    const place = await api.place(p.id);
    const docs = new Map();
    for (const step of place.control || []) {
      for (const src of step.sources || []) {
        if (!docs.has(src.document_id)) docs.set(src.document_id, await fetchDoc(src.document_id));
      }
    }
    show(panels.placeView(place, docs, { onEvent: openEvent, onDocument: openDocument, back: back() }));
  } catch (err) { showError(err); }
}

async function openDocument(id) {
  try {
    const doc = await fetchDoc(id);
    show(panels.documentView(doc, { onEvent: openEvent, back: back() }));
  } catch (err) { showError(err); }
}

async function selectTab(tab) {
  state.tab = tab;
  for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("active", b.dataset.tab === tab);
  try {
    if (tab === "events") showEvents();
    else if (tab === "other") {
      const data = await api.events({ scope: "other", limit: 1000 });
      show(panels.eventList(data.events || [], { onEvent: openEvent, title: "Other news",
        note: "Not conflict events (disasters, crime, diplomacy, claims of responsibility): kept off the map, the timeline and the conflict exports." }));
    }
    else if (tab === "claims") show(panels.claimsView(await api.claims(), { onDocument: openDocument }));
    else if (tab === "documents") show(panels.documentList(await api.documents({ limit: 500 }), { onDocument: openDocument }));
  } catch (err) { showError(err); }
}

async function runSearch(q) {
  if (!q.trim()) return;
  try {
    const params = { q, limit: 50 };
    if (state.range) { params.from = state.range[0]; params.to = state.range[1]; }
    const data = await api.search(params);
    for (const b of document.querySelectorAll("#tabs button")) b.classList.remove("active");
    show(panels.searchResults(q, data, { onDocument: openDocument }));
  } catch (err) { showError(err); }
}

function onCluster(events, places) {
  const pts = new Set(events.map((e) => `${e.place.lat},${e.place.lon}`));
  if (pts.size > 1) map.fit(events);
  showEvents(events, places.length === 1 ? `Events at ${places[0]}` : `${events.length} events`,
    places.length > 1 ? places.join(", ") : null);
}

// --- filters -------------------------------------------------------------

function applyRange(range) {
  state.range = range;
  $("from").value = range ? range[0] : "";
  $("to").value = range ? range[1] : "";
  const shown = visibleEvents();
  map.setEvents(shown);
  $("range-info").textContent = range ? `${shown.length} of ${state.events.length} events` : `${state.events.length} events`;
  if (state.tab === "events") showEvents();
}

// --- start ---------------------------------------------------------------

const map = new EventMap($("map"), { onEvent: openEvent, onCluster });
const timeline = new Timeline($("timeline"), { onBrush: applyRange });

function drawLegend() {
  const legend = $("legend");
  clear(legend);
  for (const type of eventTypeNames()) {
    const sw = h("span", { class: "swatch" });
    sw.style.background = typeColour(type);
    legend.append(h("div", null, sw, type));
  }
  legend.append(h("div", { class: "muted" }, "Size: fatalities · dashed: region/country precision"));
}

$("zoom-in").addEventListener("click", () => map.zoomAt(2));
$("zoom-out").addEventListener("click", () => map.zoomAt(0.5));
$("zoom-fit").addEventListener("click", () => map.fit());
$("clear-range").addEventListener("click", () => timeline.setRange(null, null));
for (const id of ["from", "to"]) {
  $(id).addEventListener("change", () => {
    const f = $("from").value, t = $("to").value;
    if (f && t) timeline.setRange(f, t);
  });
}
$("search-form").addEventListener("submit", (e) => { e.preventDefault(); runSearch($("search").value); });
for (const b of document.querySelectorAll("#tabs button")) b.addEventListener("click", () => selectTab(b.dataset.tab));

// For scripts and tests: the pieces, read-only use.
window.eventwire = { map, timeline, state, openEvent, openDocument, openPlace };

async function start() {
  status("Loading…");
  try {
    setTaxonomy(await api.taxonomy());
    drawLegend();
    await map.loadWorld("data/countries-50m.json");
    // The conflict record: other news and background mentions stay off the map (see the "Other news" tab).
    const data = await api.events({ limit: 100000 });
    state.events = data.events || [];
    map.setEvents(state.events);
    map.fit();
    timeline.setEvents(state.events);
    applyRange(null);
    status(`${state.events.length} events${data.total > state.events.length ? ` (of ${data.total})` : ""}`);
    document.body.dataset.ready = "1";
  } catch (err) {
    status(err.message, true);
    showError(err);
    document.body.dataset.ready = "error";
  }
}
start();
