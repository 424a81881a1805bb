// The analyst's charts: events and fatalities per month (per week over short spans), stacked by
// event type, for the events of the current filters.
import { h, s } from "./dom.js";
import { typeColour, dateStart, isoDay, DAY, monthLabel } from "./common.js";

const W = 400, H = 150, M = { left: 34, right: 6, top: 8, bottom: 22 };

/** Bucket start (UTC ms) of a date: its month, or its week (Mondays) when `weekly`. */
function bucketOf(t, weekly) {
  if (!weekly) { const d = new Date(t); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1); }
  const dow = (new Date(t).getUTCDay() + 6) % 7;
  return t - dow * DAY;
}

/** Per bucket and type: [{t, byType: Map(type → {events, fatalities})}] in time order. */
export function seriesByType(events) {
  const ts = events.map((e) => dateStart(e.date)).filter((t) => t !== null);
  if (!ts.length) return { weekly: false, buckets: [] };
  const span = Math.max(...ts) - Math.min(...ts);
  const weekly = span < 200 * DAY;
  const buckets = new Map();
  for (const e of events) {
    const t = dateStart(e.date);
    if (t === null) continue;
    const b = bucketOf(t, weekly);
    if (!buckets.has(b)) buckets.set(b, new Map());
    const m = buckets.get(b);
    const c = m.get(e.event_type) || { events: 0, fatalities: 0 };
    c.events += 1;
    c.fatalities += e.fatalities || 0;
    m.set(e.event_type, c);
  }
  return { weekly, buckets: [...buckets].sort((a, b) => a[0] - b[0]).map(([t, byType]) => ({ t, byType })) };
}

function chart(title, series, key, id) {
  const { buckets, weekly } = series;
  const svg = s("svg", { class: "chart", id, viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": title });
  if (!buckets.length) return h("div", null, h("h3", null, title), h("p", { class: "muted" }, "No dated events."));
  const totals = buckets.map((b) => [...b.byType.values()].reduce((n, c) => n + c[key], 0));
  const max = Math.max(1, ...totals);
  const plotW = W - M.left - M.right, plotH = H - M.top - M.bottom;
  const bw = Math.max(1, plotW / buckets.length - 1);
  svg.append(s("text", { class: "axis", x: 2, y: M.top + 8 }, String(max)), s("text", { class: "axis", x: 2, y: H - M.bottom }, "0"));
  buckets.forEach((b, i) => {
    const x = M.left + i * (plotW / buckets.length);
    let y = M.top + plotH;
    for (const [type, c] of [...b.byType].sort((p, q) => (p[0] < q[0] ? -1 : 1))) {
      const bh = (c[key] / max) * plotH;
      if (bh <= 0) continue;
      y -= bh;
      const r = s("rect", { x, y, width: bw, height: bh, fill: typeColour(type), "data-type": type, "data-value": c[key] });
      r.append(s("title", null, `${weekly ? `week of ${isoDay(b.t)}` : monthLabel(b.t)} · ${type}: ${c[key]}`));
      svg.append(r);
    }
    if (i === 0 || i === buckets.length - 1) {
      svg.append(s("text", { class: "axis", x: i === 0 ? x : x + bw, y: H - 6, "text-anchor": i === 0 ? "start" : "end" },
        weekly ? isoDay(b.t) : monthLabel(b.t)));
    }
  });
  return h("div", null, h("h3", null, title), svg);
}

/** The charts panel for `events`. */
export function chartsView(events, note) {
  const series = seriesByType(events);
  const undated = events.filter((e) => dateStart(e.date) === null).length;
  return [
    h("h2", { id: "charts-panel" }, "Events and fatalities over time"),
    h("p", { class: "muted" }, `${note}${series.weekly ? " Per week." : " Per month."}${undated ? ` ${undated} undated events are not counted.` : ""}`),
    chart("Events by type", series, "events", "chart-events"),
    chart("Fatalities by type", series, "fatalities", "chart-fatalities"),
  ];
}
