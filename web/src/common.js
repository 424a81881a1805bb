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

/** ACLED geo_precision codes 2 and 3 and our names for them: not the named place itself. */
const APPROXIMATE = new Set(["near", "region", "country", "unresolved", 2, 3, "2", "3"]);

/**
 * True when an event's location is approximate ("near" a town, region or country level). An
 * event-level `geo_precision`, when the API gives one, wins over the place's own precision.
 */
export function isApproximate(e) {
  const gp = e.geo_precision ?? (e.place && e.place.geo_precision);
  if (gp !== undefined && gp !== null) return APPROXIMATE.has(gp);
  return Boolean(e.place && APPROXIMATE.has(e.place.precision));
}
