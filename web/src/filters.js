// The view's filters and their place in the URL: every filter, the sort, the open tab and the
// open event are query parameters, so a URL restores the view and Back steps through changes.
import { h } from "./dom.js";
import { dateStart } from "./common.js";

/** URL parameter names, in the order they are written. */
const KEYS = ["type", "sub", "actor", "area", "fat", "src", "rev", "from", "to", "sort", "missing", "tab", "event", "place", "doc", "control", "pq"];

export const SORTS = [
  ["newest", "Newest first"],
  ["oldest", "Oldest first"],
  ["fatalities", "Most fatalities"],
  ["sources", "Most sources"],
];

/** The view state in `search` (a URL query string). */
export function readUrl(search) {
  const p = new URLSearchParams(search);
  const f = {};
  for (const k of KEYS) {
    const v = (p.get(k) || "").trim();
    if (v) f[k] = v;
  }
  for (const k of ["from", "to"]) if (f[k] && dateStart(f[k]) === null) delete f[k];
  for (const k of ["fat", "src"]) if (f[k] && !/^\d+$/.test(f[k])) delete f[k];
  if (f.sort && !SORTS.some(([s]) => s === f.sort)) delete f.sort;
  if (f.missing && !["place", "date"].includes(f.missing)) delete f.missing;
  if (f.rev && !["yes", "no"].includes(f.rev)) delete f.rev;
  return f;
}

/** The query string for `f` (empty values and the defaults left out). */
export function toQuery(f) {
  const p = new URLSearchParams();
  for (const k of KEYS) {
    const v = f[k];
    if (v === undefined || v === null || v === "") continue;
    if (k === "sort" && v === "newest") continue;
    if (k === "tab" && v === "events") continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}

const lower = (s) => (s || "").toLowerCase();

/** Start day of an event's date (ms), computed once per event. */
function eventDay(e) {
  if (e._t === undefined) Object.defineProperty(e, "_t", { value: dateStart(e.date), writable: true });
  return e._t;
}

/**
 * The filters of `f` (the date range unless `ignoreDate`) as one test of an event, with its
 * bounds computed once: brushing filters every event
 * on each pointer move.
 */
export function predicate(f, { ignoreDate = false } = {}) {
  const actor = f.actor ? lower(f.actor) : null;
  const area = f.area ? lower(f.area) : null;
  const fat = f.fat ? +f.fat : 0, src = f.src ? +f.src : 0;
  const dated = !ignoreDate && (f.from || f.to);
  const from = f.from ? dateStart(f.from) : -Infinity, to = f.to ? dateStart(f.to) : Infinity;
  return (e) => {
    if (f.type && e.event_type !== f.type) return false;
    if (f.sub && e.sub_event_type !== f.sub) return false;
    if (actor && !lower(e.actor1).includes(actor) && !lower(e.actor2).includes(actor)) return false;
    if (area) {
      const p = e.place || {};
      if (![p.country, p.country_code, p.admin1, p.name].some((v) => lower(v) === area)) return false;
    }
    if (fat && (e.fatalities || 0) < fat) return false;
    if (src && (e.independent_sources ?? e.source_count ?? 0) < src) return false;
    if (f.rev && Boolean(e.review) !== (f.rev === "yes")) return false;
    if (f.missing === "place" && hasPlace(e)) return false;
    if (f.missing === "date" && e.date) return false;
    if (dated) {
      const t = eventDay(e);
      if (t === null || t < from || t > to) return false;
    }
    return true;
  };
}

export function hasPlace(e) {
  return Boolean(e.place && Number.isFinite(e.place.lat) && Number.isFinite(e.place.lon));
}

/** The API's own parameter names for the filters it applies (exports, report). */
export function apiParams(f) {
  const out = {};
  if (f.type) out.type = f.sub || f.type;
  if (f.actor) out.actor = f.actor;
  if (f.area) out.area = f.area;
  if (f.fat) out.min_fatalities = f.fat;
  if (f.src) out.min_sources = f.src;
  if (f.rev) out.reviewed = f.rev === "yes" ? "true" : "false";
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  return out;
}

/** The report's parameters for `f`, and the names of the filters the report cannot apply. */
export function reportParams(f) {
  const all = apiParams(f);
  const params = {}, unapplied = [];
  for (const [k, v] of Object.entries(all)) {
    if (["from", "to", "actor", "type", "min_sources"].includes(k)) params[k] = v;
    else unapplied.push({ area: "country or region", min_fatalities: "fatalities", reviewed: "review marks" }[k] || k);
  }
  if (f.missing) unapplied.push(`without ${f.missing}`);
  return { params, unapplied };
}

/** Events sorted as `sort` says; undated events last in date orders. */
export function sortEvents(events, sort = "newest") {
  // Plain comparisons: ISO dates sort as strings, ids as numbers (a collator is far slower).
  const str = (x, y) => (x < y ? -1 : x > y ? 1 : 0);
  const date = (e) => e.date || "";
  const id = (a, b) => (+a.id - +b.id) || str(a.id, b.id);
  const newest = (a, b) => (!a.date - !b.date) || str(date(b), date(a)) || id(b, a);
  const cmp = {
    newest,
    oldest: (a, b) => (!a.date - !b.date) || str(date(a), date(b)) || id(a, b),
    fatalities: (a, b) => (b.fatalities || 0) - (a.fatalities || 0) || newest(a, b),
    sources: (a, b) => (b.independent_sources || 0) - (a.independent_sources || 0) || (b.source_count || 0) - (a.source_count || 0) || newest(a, b),
  }[sort] || newest;
  return [...events].sort(cmp);
}

/**
 * The filter form. `taxonomy` gives types and sub-types; `events` (the list's first page) fill
 * the actor and area suggestions. `onChange(patch)` gets the changed fields.
 */
export function filterForm(form, taxonomy, events, onChange) {
  form.replaceChildren();
  const types = (taxonomy && taxonomy.event_types) || [];
  const type = h("select", { id: "f-type", "aria-label": "Event type" }, h("option", { value: "" }, "All event types"),
    ...types.map((t) => h("option", { value: t.name }, t.name)));
  const sub = h("select", { id: "f-sub", "aria-label": "Sub-event type" });
  const fillSub = (typeName) => {
    const t = types.find((x) => x.name === typeName);
    sub.replaceChildren(h("option", { value: "" }, "All sub-types"),
      ...((t && t.sub_event_types) || []).map((st) => h("option", { value: st.name }, st.name)));
    sub.disabled = !t;
  };
  const actors = new Set(), areas = new Set();
  for (const e of events) {
    for (const a of [e.actor1, e.actor2]) if (a) actors.add(a);
    if (e.place) for (const a of [e.place.country, e.place.admin1]) if (a) areas.add(a);
  }
  const list = (id, values) => h("datalist", { id }, ...[...values].sort().slice(0, 2000).map((v) => h("option", { value: v })));
  const actor = h("input", { id: "f-actor", type: "search", placeholder: "Actor", "aria-label": "Actor", list: "f-actors" });
  const area = h("input", { id: "f-area", type: "search", placeholder: "Country or region", "aria-label": "Country or admin area", list: "f-areas" });
  const fat = h("input", { id: "f-fat", type: "number", min: 0, placeholder: "Killed ≥", "aria-label": "At least this many fatalities" });
  const src = h("input", { id: "f-src", type: "number", min: 1, placeholder: "Sources ≥", "aria-label": "At least this many independent sources" });
  const rev = h("select", { id: "f-rev", "aria-label": "Review marks" }, h("option", { value: "" }, "Reviewed or not"),
    h("option", { value: "yes" }, "Reviewed"), h("option", { value: "no" }, "Not reviewed"));
  const reset = h("button", { type: "button", id: "f-reset" }, "Clear filters");
  form.append(type, sub, actor, area, fat, src, rev, reset, list("f-actors", actors), list("f-areas", areas));
  rev.addEventListener("change", () => onChange({ rev: rev.value }));
  type.addEventListener("change", () => { fillSub(type.value); onChange({ type: type.value, sub: "" }); });
  sub.addEventListener("change", () => onChange({ sub: sub.value }));
  for (const [el, key] of [[actor, "actor"], [area, "area"], [fat, "fat"], [src, "src"]]) {
    el.addEventListener("change", () => onChange({ [key]: el.value.trim() }));
  }
  reset.addEventListener("click", () => onChange({ type: "", sub: "", actor: "", area: "", fat: "", src: "", rev: "", from: "", to: "", missing: "" }));
  form.addEventListener("submit", (e) => e.preventDefault());
  /** Show `f` in the controls. */
  return (f) => {
    if (type.value !== (f.type || "") || !sub.options.length) fillSub(f.type || "");
    type.value = f.type || "";
    sub.value = f.sub || "";
    actor.value = f.actor || "";
    area.value = f.area || "";
    fat.value = f.fat || "";
    src.value = f.src || "";
    rev.value = f.rev || "";
  };
}
