// The SVG world map: Natural Earth borders (world-atlas TopoJSON) drawn with d3-geo, our own
// zoom/pan, and event markers clustered on a screen-space grid.
/* global d3, topojson */
import { s, clear } from "./dom.js";
import { typeColour, locationLevel, locationText, uncertaintyKm } from "./common.js";

const CELL = 34; // clustering grid, in screen pixels
const MAX_K = 600;
/** Events at one point, up to this many, are spread around it (larger groups stay a cluster). */
const SPREAD_MAX = 12;
/** Radius, in km, drawn for an event of which only the province is known. */
const AREA_KM = 40;
const KM_PER_DEGREE = 111.32;
/** Longest stretch, in ms, of converting borders before yielding to the page. */
const SLICE_MS = 12;
/** Zoom from which the 1:50m borders replace the 1:110m ones. */
const DETAIL_K = 2.5;

export class EventMap {
  constructor(svg, { onEvent, onCluster, onPlace, onView }) {
    this.svg = svg;
    this.onEvent = onEvent;
    this.onCluster = onCluster;
    this.onPlace = onPlace;
    this.onView = onView;
    this.cells = null;
    this.control = [];
    this.events = [];
    this.t = { k: 1, x: 0, y: 0 };
    this.projection = d3.geoNaturalEarth1();
    this.path = d3.geoPath(this.projection);
    this.base = s("g", { class: "base" });
    this.controlLayer = s("g", { class: "control-layer" });
    this.rings = s("g", { class: "uncertainty" });
    this.markers = s("g", { class: "markers" });
    this.labelLayer = s("g", { class: "labels" });
    svg.append(this.base, this.controlLayer, this.rings, this.markers, this.labelLayer);
    this.resize();
    this.bindZoom();
    // A resize refits the projection: the markers' projected points follow it, and the place
    // at the centre of the view stays at the centre.
    new ResizeObserver(() => {
      const { k, x, y } = this.t;
      const centre = this.projection.invert([(this.w / 2 - x) / k, (this.h / 2 - y) / k]);
      this.resize();
      this.project(true);
      if (centre && Number.isFinite(centre[0])) {
        const p = this.projection(centre);
        this.t = { k, x: this.w / 2 - p[0] * k, y: this.h / 2 - p[1] * k };
      }
      this.drawBase();
      this.apply();
    }).observe(svg);
  }

  resize() {
    const r = this.svg.getBoundingClientRect();
    this.w = Math.max(100, r.width);
    this.h = Math.max(100, r.height);
    this.projection.fitSize([this.w, this.h], { type: "Sphere" });
  }

  /**
   * Draw the country borders of `url` (world-atlas TopoJSON); once the view is zoomed in to
   * DETAIL_K, those of `detailUrl` replace them. The page opens with the 1:110m borders (a
   * seventh of the 1:50m ones' points: they convert, draw and paint that much faster), which
   * are as fine as a screen shows the whole world.
   */
  async loadWorld(url, detailUrl = null) {
    this.detailUrl = detailUrl;
    await this.loadBorders(url);
  }

  /**
   * Fetch and convert borders a few countries at a time, for at most SLICE_MS before the page
   * gets the main thread back, into a detached layer that replaces the drawn one at the end.
   */
  async loadBorders(url) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`map data: HTTP ${res.status}`);
    const topo = await res.json();
    const features = [], labels = [], paths = [];
    let sliceStart = performance.now();
    for (const g of topo.objects.countries.geometries) {
      const f = topojson.feature(topo, g);
      features.push(f);
      const p = this.countryPath(f, labels);
      if (p) paths.push(p);
      if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise((ok) => setTimeout(ok, 0));
        sliceStart = performance.now();
      }
    }
    this.countries = { type: "FeatureCollection", features };
    this.startBase();
    this.countryLabels = labels;
    this.base.append(...paths);
  }

  startBase() {
    clear(this.base);
    this.base.append(s("path", { class: "sphere", d: this.path({ type: "Sphere" }) }));
    this.countryLabels = [];
  }

  /** A country's outline, its name's place (into `labels`) where it has one. */
  countryPath(f, labels) {
    const d = this.path(f);
    if (!d) return null;
    const name = (f.properties && f.properties.name) || "";
    const c = this.path.centroid(f);
    if (name && Number.isFinite(c[0])) labels.push({ name, c, area: this.path.area(f) });
    const p = s("path", { class: "country", d });
    p.append(s("title", null, name));
    return p;
  }

  drawBase() {
    this.startBase();
    for (const f of this.countries ? this.countries.features : []) {
      const p = this.countryPath(f, this.countryLabels);
      if (p) this.base.append(p);
    }
  }

  /** Events to show; those without coordinates are skipped. */
  setEvents(events) {
    this.events = events.filter((e) => e.place && Number.isFinite(e.place.lat) && Number.isFinite(e.place.lon));
    this.project();
    this.render();
  }

  /**
   * Projected points of the events, for the current projection. A point is kept on its event
   * and computed again only when the projection changed (a resize): brushing re-filters
   * without re-projecting.
   */
  project(force = false) {
    if (force) this.projVersion = (this.projVersion || 0) + 1;
    const v = this.projVersion || 0;
    for (const e of this.events) {
      if (e._pv !== v || !e._p) { e._p = this.projection([e.place.lon, e.place.lat]); e._pv = v; }
    }
  }

  /** Screen position (relative to the svg) of a longitude/latitude, for tests and overlays. */
  screenOf(lon, lat) {
    const p = this.projection([lon, lat]);
    return [p[0] * this.t.k + this.t.x, p[1] * this.t.k + this.t.y];
  }

  /** Zoom to the events given (or all shown ones). */
  fit(events = this.events) {
    // Points not on the map yet (grid cells) are projected here.
    const pts = events.map((e) => e._p || (e.place && this.projection([e.place.lon, e.place.lat]))).filter(Boolean);
    if (!pts.length) { this.t = { k: 1, x: 0, y: 0 }; this.apply(); return; }
    // Leave out far outliers (one stray "United States" geocode should not zoom the map out
    // to the whole world): keep points within 3 interquartile ranges of the middle half.
    const keep = (vals, minIqr) => {
      const v = [...vals].sort((a, b) => a - b);
      if (v.length < 8) return [v[0], v[v.length - 1]];
      const q = (f) => v[Math.floor(f * (v.length - 1))];
      const iqr = Math.max(q(0.75) - q(0.25), minIqr);
      const lo = q(0.25) - 3 * iqr, hi = q(0.75) + 3 * iqr;
      const inside = v.filter((x) => x >= lo && x <= hi);
      return [inside[0], inside[inside.length - 1]];
    };
    const deg = this.w / 360;
    const [x0, x1] = keep(pts.map((p) => p[0]), 2 * deg);
    const [y0, y1] = keep(pts.map((p) => p[1]), 2 * deg);
    // At least ~4 degrees across so a single town does not zoom to street level.
    const minSpan = (this.w / 360) * 4;
    const bw = Math.max(x1 - x0, minSpan), bh = Math.max(y1 - y0, minSpan);
    const k = Math.min(MAX_K, Math.max(1, 0.6 * Math.min(this.w / bw, this.h / bh)));
    const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    this.t = { k, x: this.w / 2 - cx * k, y: this.h / 2 - cy * k };
    this.apply();
  }

  zoomAt(factor, sx = this.w / 2, sy = this.h / 2) {
    const k = Math.min(MAX_K, Math.max(1, this.t.k * factor));
    const f = k / this.t.k;
    this.t = { k, x: sx - (sx - this.t.x) * f, y: sy - (sy - this.t.y) * f };
    this.apply();
  }

  apply() {
    const { k, x, y } = this.t;
    if (k >= DETAIL_K && this.detailUrl && !this.detailing) {
      // Once: the finer borders, drawn in slices while the view stays usable.
      this.detailing = this.loadBorders(this.detailUrl).catch(() => { this.detailing = null; });
    }
    this.base.setAttribute("transform", `translate(${x},${y}) scale(${k})`);
    this.svg.dataset.zoom = k.toFixed(3);
    this.render();
    if (this.onView) this.onView();
  }

  bindZoom() {
    const svg = this.svg;
    svg.addEventListener("wheel", (e) => {
      e.preventDefault();
      const r = svg.getBoundingClientRect();
      this.zoomAt(Math.pow(2, -e.deltaY / 300), e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    let drag = null;
    svg.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, t: { ...this.t }, moved: false, id: e.pointerId };
    });
    svg.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      if (!drag.moved) { drag.moved = true; svg.setPointerCapture(drag.id); svg.classList.add("dragging"); }
      this.t = { k: drag.t.k, x: drag.t.x + dx, y: drag.t.y + dy };
      this.apply();
    });
    const end = () => {
      if (drag && drag.moved) { this.suppressClick = true; setTimeout(() => { this.suppressClick = false; }, 0); }
      drag = null;
      svg.classList.remove("dragging");
    };
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    svg.addEventListener("dblclick", (e) => {
      const r = svg.getBoundingClientRect();
      this.zoomAt(2, e.clientX - r.left, e.clientY - r.top);
    });
  }

  select(id) {
    if (this.selected === id) return;
    this.selected = id;
    this.render();
  }

  /** The territorial-control layer: [{place, holder, since, ...}] from GET /api/control. */
  setControl(items) {
    this.control = (items || []).filter((c) => c.place && Number.isFinite(c.place.lat) && Number.isFinite(c.place.lon));
    this.render();
  }

  /** A square per place with a known holder, coloured by the holder, under the markers. */
  renderControl() {
    clear(this.controlLayer);
    for (const c of this.control) {
      const [sx, sy] = this.screenOf(c.place.lon, c.place.lat);
      if (sx < -20 || sy < -20 || sx > this.w + 20 || sy > this.h + 20) continue;
      const sq = s("rect", {
        class: "control", x: sx - 9, y: sy - 9, width: 18, height: 18, transform: `rotate(45 ${sx} ${sy})`,
        "data-place-id": c.place.id, "data-holder": c.holder, role: "button", tabindex: 0,
        "aria-label": `${c.place.name}: held by ${c.holder}`,
      });
      sq.style.fill = actorColour(c.holder);
      sq.append(s("title", null, `${c.place.name}: held by ${c.holder}${c.since ? ` since ${c.since}` : ""}${c.previous ? ` (from ${c.previous})` : ""}`));
      const open = () => { if (!this.suppressClick && this.onPlace) this.onPlace(c.place); };
      sq.addEventListener("click", open);
      sq.addEventListener("keydown", (ev) => { if (ev.key === "Enter") open(); });
      this.controlLayer.append(sq);
    }
  }

  /** Draw markers: one per grid cell; a cell with several events becomes a cluster. */
  render() {
    this.renderControl();
    clear(this.rings);
    clear(this.markers);
    clear(this.labelLayer);
    if (this.cells) { this.renderCells(); return; }
    const { k, x, y } = this.t;
    const cells = new Map();
    for (const e of this.events) {
      const sx = e._p[0] * k + x, sy = e._p[1] * k + y;
      if (sx < -CELL || sy < -CELL || sx > this.w + CELL || sy > this.h + CELL) continue;
      const key = `${Math.floor(sx / CELL)},${Math.floor(sy / CELL)}`;
      let c = cells.get(key);
      if (!c) cells.set(key, (c = { events: [], sx: 0, sy: 0 }));
      c.events.push(e);
      c.sx += sx;
      c.sy += sy;
    }
    // Neighbouring cells whose circles would overlap merge into the larger one.
    const groups = [];
    for (const c of [...cells.values()].sort((a, b) => b.events.length - a.events.length)) {
      const n = c.events.length;
      const near = groups.find((g) => Math.hypot(g.sx / g.events.length - c.sx / n, g.sy / g.events.length - c.sy / n) < CELL * 0.9);
      if (near) {
        near.events.push(...c.events);
        near.sx += c.sx;
        near.sy += c.sy;
      } else {
        groups.push(c);
      }
    }
    const labels = [];
    // Country names where the country is big enough on screen, behind the event labels.
    for (const cl of this.countryLabels || []) {
      if (cl.area * k * k < 9000) continue;
      const sx = cl.c[0] * k + x, sy = cl.c[1] * k + y;
      if (sx < 0 || sy < 0 || sx > this.w || sy > this.h) continue;
      this.labelLayer.append(s("text", { class: "country-label", x: sx, y: sy }, cl.name));
    }
    for (const c of groups) {
      const n = c.events.length;
      const cx = c.sx / n, cy = c.sy / n;
      const freq = new Map();
      for (const e of c.events) freq.set(e.place.name, (freq.get(e.place.name) || 0) + 1);
      // Most reported place first, then by name: the label names the cluster's main place.
      const places = [...freq.keys()].sort((a, b) => freq.get(b) - freq.get(a) || (a < b ? -1 : 1));
      const label = places.length > 1 ? `${places[0]} +${places.length - 1}` : places[0];
      if (n === 1) {
        this.drawEvent(c.events[0], cx, cy);
      } else if (n <= SPREAD_MAX && coLocated(c.events)) {
        this.drawSpread(c.events, cx, cy);
      } else {
        const counts = new Map();
        for (const e of c.events) counts.set(e.event_type, (counts.get(e.event_type) || 0) + 1);
        const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
        const r = Math.min(24, 10 + 3 * Math.log2(n));
        const g = s("g", {
          class: "cluster", "data-places": places.join("|"), "data-count": n,
          role: "button", tabindex: 0, "aria-label": `${n} events: ${places.slice(0, 6).join(", ")}${places.length > 6 ? ", …" : ""}`,
        });
        g.append(s("circle", { cx, cy, r, fill: typeColour(top) }), s("text", { x: cx, y: cy }, String(n)));
        const named = places.length > 6 ? `${places.slice(0, 6).join(", ")} and ${places.length - 6} more places` : places.join(", ");
        g.append(s("title", null, `${n} events — ${named}`));
        const open = () => { if (!this.suppressClick) this.onCluster(c.events, places); };
        g.addEventListener("click", open);
        g.addEventListener("keydown", (ev) => { if (ev.key === "Enter") open(); });
        this.markers.append(g);
      }
      // A label only where it does not cover another one.
      const box = [cx + 12, cy - 20, cx + 12 + 6.5 * label.length, cy - 6];
      if (!labels.some((o) => box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3])) {
        labels.push(box);
        this.labelLayer.append(s("text", { class: "label", x: cx + 12, y: cy - 10 }, label));
      }
    }
  }

  /**
   * Draw counts per grid cell (GET /api/events/grid) instead of events, or events again with
   * null: a store too big to load is shown by its aggregates.
   */
  setCells(cells) {
    this.cells = cells;
    this.render();
  }

  /** The view's bounds as west,south,east,north degrees (the whole world where the view shows space). */
  viewBbox() {
    const { k, x, y } = this.t;
    const corners = [[0, 0], [this.w, 0], [0, this.h], [this.w, this.h], [this.w / 2, 0], [this.w / 2, this.h], [0, this.h / 2], [this.w, this.h / 2]]
      .map(([sx, sy]) => this.projection.invert([(sx - x) / k, (sy - y) / k]));
    const inside = corners.every((p) => p && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90);
    if (!inside || k < 1.5) return [-180, -90, 180, 90];
    const round = (v) => Math.round(v * 1e4) / 1e4;
    const lons = corners.map((p) => p[0]), lats = corners.map((p) => p[1]);
    return [round(Math.min(...lons)), round(Math.min(...lats)), round(Math.max(...lons)), round(Math.max(...lats))];
  }

  /** The grid zoom whose cells are about one cluster (CELL px) wide on screen now. */
  gridZoom() {
    const pxPerDegree = (this.w * this.t.k) / 360;
    return Math.max(0, Math.min(20, Math.round(Math.log2((45 * pxPerDegree) / CELL))));
  }

  /** Zoom so that a west,south,east,north box fills most of the view. */
  zoomToBox([w, south, e, n]) {
    const a = this.projection([w, n]), b = this.projection([e, south]);
    const bw = Math.max(1e-6, Math.abs(b[0] - a[0])), bh = Math.max(1e-6, Math.abs(b[1] - a[1]));
    const k = Math.min(MAX_K, Math.max(1, 0.8 * Math.min(this.w / bw, this.h / bh)));
    const cx = (a[0] + b[0]) / 2, cy = (a[1] + b[1]) / 2;
    this.t = { k, x: this.w / 2 - cx * k, y: this.h / 2 - cy * k };
    this.apply();
  }

  /** One circle per grid cell, at its events' mean point; a click zooms into the cell. */
  renderCells() {
    for (const c of this.cells) {
      const [cx, cy] = this.screenOf(c.lon, c.lat);
      if (cx < -CELL || cy < -CELL || cx > this.w + CELL || cy > this.h + CELL) continue;
      const top = Object.entries(c.types || {}).sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1))[0];
      const r = Math.min(28, 10 + 3 * Math.log2(c.count));
      const around = `around ${c.place}${c.places > 1 ? ` and ${c.places - 1} more places` : ""}`;
      const g = s("g", {
        class: "cluster aggregate", "data-count": c.count, "data-places": c.place,
        role: "button", tabindex: 0, "aria-label": `${c.count} events ${around}`,
      });
      g.append(s("circle", { cx, cy, r, fill: typeColour(top ? top[0] : "") }), s("text", { x: cx, y: cy }, String(c.count)));
      g.append(s("title", null, `${c.count} events ${around}${c.approximate ? ` (${c.approximate} located approximately)` : ""}`));
      const open = () => { if (!this.suppressClick) this.zoomToBox([c.west, c.south, c.east, c.north]); };
      g.addEventListener("click", open);
      g.addEventListener("keydown", (ev) => { if (ev.key === "Enter") open(); });
      this.markers.append(g);
    }
  }

  /** Screen pixels per km at a latitude, at the current zoom. */
  pxPerKm(lon, lat) {
    const [, y0] = this.screenOf(lon, lat);
    const [, y1] = this.screenOf(lon, Math.min(89.9, lat + 1));
    return Math.abs(y1 - y0) / KM_PER_DEGREE;
  }

  /**
   * One event's marker at (cx, cy). Its style says how precisely it is located: a solid dot
   * for the named place (geo_precision 1); a hollow dashed circle with an uncertainty ring of
   * the relative distance (else 10 km) for "near" a place (2); a faint wide area for a
   * province-level location (3). `anchor`, for a spread marker, is the point it stands for.
   */
  drawEvent(e, cx, cy, anchor = null) {
    const fat = e.fatalities || 0;
    const r = Math.min(20, 5 + 2.2 * Math.sqrt(fat));
    const level = locationLevel(e);
    const colour = typeColour(e.event_type);
    const [ax, ay] = anchor || [cx, cy];
    const perKm = this.pxPerKm(e.place.lon, e.place.lat);
    if (level === 2) {
      const ring = s("circle", { class: "ring", cx: ax, cy: ay, r: Math.max(r + 3, uncertaintyKm(e) * perKm), "data-event-id": e.id });
      ring.style.stroke = colour;
      this.rings.append(ring);
    }
    const where = locationText(e);
    const m = s("circle", {
      class: `marker${level === 2 ? " approx" : level === 3 ? " approx area" : ""}${e.id === this.selected ? " selected" : ""}`,
      cx, cy, r: level === 3 ? Math.min(60, Math.max(14, AREA_KM * perKm)) : level === 2 ? Math.max(r, 8) : r, fill: colour,
      "data-event-id": e.id, "data-places": e.place.name, "data-type": e.event_type,
      "data-approx": level > 1 ? 1 : null, "data-geo-precision": level,
      "data-spread": anchor ? 1 : null, "data-ax": anchor ? ax : null, "data-ay": anchor ? ay : null,
      role: "button", tabindex: 0, "aria-label": `${e.event_type}, ${where}`,
    });
    if (level > 1) m.style.stroke = colour;
    m.append(s("title", null, `${e.event_type} — ${where}${e.date ? `, ${e.date}` : ""}${fat ? `, ${fat} killed` : ""}`));
    const open = () => { if (!this.suppressClick) this.onEvent(e); };
    m.addEventListener("click", open);
    m.addEventListener("keydown", (ev) => { if (ev.key === "Enter") open(); });
    this.markers.append(m);
  }

  /** Events at one point, spread on a circle around it with a leader line to the point. */
  drawSpread(events, cx, cy) {
    const n = events.length;
    const radius = 14 + 3 * n;
    this.markers.append(s("circle", { class: "spread-hub", cx, cy, r: 3 }));
    // A stable order, so a marker keeps its slot from one redraw to the next.
    const sorted = [...events].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    sorted.forEach((e, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
      const x = cx + radius * Math.cos(a), y = cy + radius * Math.sin(a);
      this.markers.append(s("line", { class: "spread-leg", x1: cx, y1: cy, x2: x, y2: y }));
      this.drawEvent(e, x, y, [cx, cy]);
    });
  }
}

/** True when every event of a group has the same coordinates (zooming cannot split them). */
function coLocated(events) {
  const { lat, lon } = events[0].place;
  return events.every((e) => e.place.lat === lat && e.place.lon === lon);
}

/** A stable colour per actor name (holders of territory), apart from the event-type colours. */
export function actorColour(name) {
  let h = 0;
  for (const c of name || "") h = (h * 31 + c.codePointAt(0)) >>> 0;
  return `hsl(${h % 360}, 60%, 42%)`;
}
