// Shared constants and date helpers.

/** ACLED event types and their marker colours. */
export const EVENT_TYPES = [
  ["Battles", "#c0392b"],
  ["Explosions/Remote violence", "#e67e22"],
  ["Violence against civilians", "#8e44ad"],
  ["Protests", "#2980b9"],
  ["Riots", "#16a085"],
  ["Strategic developments", "#566573"],
];
const COLOURS = new Map(EVENT_TYPES);

export function typeColour(type) {
  return COLOURS.get(type) || "#95a5a6";
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
