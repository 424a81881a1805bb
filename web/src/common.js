// Shared constants and date helpers.

/** Marker colours, given to the taxonomy's event types in its order. */
const PALETTE = ["#c0392b", "#e67e22", "#8e44ad", "#2980b9", "#16a085", "#566573", "#d35400", "#27ae60"];
const UNKNOWN_COLOUR = "#95a5a6";
let eventTypes = [];
const COLOURS = new Map();

/** Take the ACLED taxonomy (GET /api/taxonomy, from data/events/acled_taxonomy.toml): its event types name the legend and colour the markers. */
export function setTaxonomy(taxonomy) {
  eventTypes = ((taxonomy && taxonomy.event_types) || []).map((e) => e.name);
  COLOURS.clear();
  eventTypes.forEach((name, i) => COLOURS.set(name, PALETTE[i % PALETTE.length]));
}

/** The event type names, in the taxonomy's order (empty until setTaxonomy). */
export function eventTypeNames() {
  return eventTypes;
}

export function typeColour(type) {
  return COLOURS.get(type) || UNKNOWN_COLOUR;
}

const CATEGORIES = {
  natural_disaster: "Natural disaster",
  man_made_disaster: "Accident or man-made disaster",
  organized_crime: "Organised crime",
  diplomatic_event: "Diplomatic event",
  attribution: "Claim of responsibility",
};

/** What kind of event this is, when it is not conflict news: "Natural disaster", "Background (past event)", or null. */
export function scopeLabel(e) {
  if (e.historical) return "Background (past event)";
  if (e.scope === "other") return CATEGORIES[e.category] || "Other news";
  return null;
}

const DAY = 86400000;
export { DAY };

/** Start of an ISO date or coarser (`2016`, `2016-11`, `2016-11-07`) in UTC ms, or null. */
export function dateStart(iso) {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(iso || "");
  if (!m) return null;
  return Date.UTC(+m[1], m[2] ? +m[2] - 1 : 0, m[3] ? +m[3] : 1);
}

export function isoDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "7 Nov 2016", "Nov 2016" or "2016" following the precision of the ISO value. */
export function formatDate(iso) {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(iso || "");
  if (!m) return iso || "date unknown";
  if (m[3]) return `${+m[3]} ${MONTHS[+m[2] - 1]} ${m[1]}`;
  if (m[2]) return `${MONTHS[+m[2] - 1]} ${m[1]}`;
  return m[1];
}

export function monthLabel(ms) {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

export function placeText(p) {
  if (!p) return "place unknown";
  const rel = p.relative_to && p.relative_to !== p.name ? ` (near ${p.relative_to})` : "";
  return `${p.name}${rel}`;
}

/** Place precisions (the gazetteer's) and the ACLED geo_precision each stands for. */
const PLACE_LEVEL = { exact: 1, near: 2, region: 3, country: 3, unresolved: 3 };

/**
 * How precisely an event is located, as ACLED's geo_precision: 1 the named place, 2 near a
 * named place or part of a region, 3 only the province (or country). The event's own
 * `location` wins over its place's precision: "near Mosul" is at Mosul's point but is not Mosul.
 */
export function locationLevel(e) {
  const gp = e && e.location && Number(e.location.geo_precision);
  if (gp >= 1) return Math.min(3, gp);
  return PLACE_LEVEL[e && e.place && e.place.precision] || 1;
}

/** True when an event's location is approximate (geo_precision 2 or 3). */
export function isApproximate(e) {
  return locationLevel(e) > 1;
}

const KM_PER = { km: 1, kilometre: 1, kilometer: 1, kilometres: 1, kilometers: 1, m: 0.001, metres: 0.001, meters: 0.001, mi: 1.609344, mile: 1.609344, miles: 1.609344 };
/** Uncertainty radius of an approximate location "near" a place without a distance. */
export const NEAR_KM = 10;

/** The uncertainty of a relative location in km: its distance from the anchor, else NEAR_KM. */
export function uncertaintyKm(e) {
  const rel = e && e.location && e.location.relative;
  const d = rel && Number(rel.distance);
  if (d > 0) return d * (KM_PER[String(rel.unit || "km").toLowerCase()] || 1);
  return NEAR_KM;
}

const COMPASS = { north: "N", south: "S", east: "E", west: "W" };
/** "north-west" → "NW", "east" → "E"; unknown words are kept as written. */
function compass(bearing) {
  const parts = String(bearing).toLowerCase().split(/[-\s]+/);
  return parts.every((w) => COMPASS[w]) ? parts.map((w) => COMPASS[w]).join("") : bearing;
}

/**
 * Where an event is, in words that say how precisely: "Mosul", "near Mosul (12 km E)",
 * "somewhere in Nineveh".
 */
export function locationText(e) {
  const p = e && e.place;
  if (!p) return "place unknown";
  const level = locationLevel(e);
  const loc = e.location || {};
  if (level === 3) {
    const area = ["province", "country", "wider"].includes(loc.admin_level) ? p.name : p.admin1 || p.name;
    return `somewhere in ${area}`;
  }
  if (level === 2) {
    const rel = loc.relative;
    const anchor = (rel && rel.anchor) || p.relative_to || p.name;
    const off = rel && rel.distance ? `${rel.distance} ${rel.unit || "km"}${rel.bearing ? ` ${compass(rel.bearing)}` : ""}`
      : rel && rel.bearing ? compass(rel.bearing) : "";
    return `near ${anchor}${off ? ` (${off})` : ""}`;
  }
  return placeText(p);
}
