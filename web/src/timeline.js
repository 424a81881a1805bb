// The timeline under the map: a histogram of dated events and a brush that selects a day range.
import { s, clear } from "./dom.js";
import { DAY, dateStart, isoDay, monthLabel } from "./common.js";

const M = { left: 30, right: 16, top: 6, bottom: 20 };

export class Timeline {
  constructor(svg, { onBrush, onBrushEnd }) {
    this.svg = svg;
    this.onBrush = onBrush;
    this.onBrushEnd = onBrushEnd;
    this.events = [];
    this.days = [];
    this.range = null; // [fromMs, toMs], both inclusive days
    this.domain = null;
    this.bind();
    new ResizeObserver(() => { this.bars = null; this.render(); }).observe(svg);
  }

  /** Count the dated ones of `events` (each on its date's first day). */
  setEvents(events) {
    this.events = events.filter((e) => dateStart(e.date) !== null);
    const perDay = new Map();
    for (const e of this.events) { const t = dateStart(e.date); perDay.set(t, (perDay.get(t) || 0) + 1); }
    this.setDays([...perDay], "events");
  }

  /**
   * Take counts already made (GET /api/events/histogram?bucket=day: [{start, count}]) instead
   * of events: a store larger than the page loads still shows its whole timeline.
   */
  setCounts(buckets) {
    this.events = [];
    this.setDays(buckets.map((b) => [dateStart(b.start), b.count]).filter(([t, n]) => t !== null && n > 0), "aggregate");
  }

  /** [[day ms, count]]: the histogram's data, however it was counted. */
  setDays(days, source) {
    this.days = days.sort((p, q) => p[0] - q[0]);
    this.svg.dataset.source = source;
    const total = this.days.reduce((sum, d) => sum + d[1], 0);
    this.total = total;
    // The i-th smallest date (0-based) of the counted events.
    const nth = (i) => { let c = 0; for (const [t, n] of this.days) { c += n; if (c > i) return t; } return this.days[this.days.length - 1][0]; };
    this.outside = [0, 0];
    if (total) {
      let lo = this.days[0][0], hi = this.days[this.days.length - 1][0];
      if (total >= 8) {
        // A stray date (a year misread as 1201) must not squash the rest into one pixel:
        // keep what lies within 4 interquartile ranges of the middle half.
        const q = (f) => nth(Math.floor(f * (total - 1)));
        const iqr = Math.max(q(0.75) - q(0.25), 30 * DAY);
        const lo0 = Math.max(lo, q(0.25) - 4 * iqr), hi0 = Math.min(hi, q(0.75) + 4 * iqr);
        lo = this.days.find(([t]) => t >= lo0)[0];
        hi = [...this.days].reverse().find(([t]) => t <= hi0)[0];
        for (const [t, n] of this.days) { if (t < lo) this.outside[0] += n; else if (t > hi) this.outside[1] += n; }
      }
      const pad = Math.max(3 * DAY, (hi - lo) * 0.04);
      this.domain = [lo - pad, hi + pad + DAY];
    } else {
      this.domain = null;
    }
    this.svg.dataset.outside = this.outside.join(",");
    this.bars = null;
    this.render();
  }

  get width() {
    return Math.max(200, this.svg.getBoundingClientRect().width);
  }

  /** Pixel x (relative to the svg) of a date. */
  xOf(ms) {
    const [a, b] = this.domain;
    return M.left + ((ms - a) / (b - a)) * (this.width - M.left - M.right);
  }

  msOf(x) {
    const [a, b] = this.domain;
    const f = (x - M.left) / (this.width - M.left - M.right);
    return a + Math.min(1, Math.max(0, f)) * (b - a);
  }

  /** Select [from, to] (ISO days, inclusive) or clear with null; notifies the listener. */
  setRange(from, to, notify = true) {
    const a = dateStart(from), b = dateStart(to);
    this.range = a !== null && b !== null ? [Math.min(a, b), Math.max(a, b)] : null;
    this.render();
    if (notify) this.emit();
  }

  /** The selected range as "from,to" ISO days, or "," when none. */
  rangeIso() {
    return this.range ? `${isoDay(this.range[0])},${isoDay(this.range[1])}` : ",";
  }

  emit() {
    this.emitted = this.rangeIso();
    this.onBrush(this.range ? [isoDay(this.range[0]), isoDay(this.range[1])] : null);
  }

  render() {
    const svg = this.svg;
    clear(svg);
    const w = this.width, h = svg.getBoundingClientRect().height || 90;
    if (!this.domain) {
      svg.append(s("text", { x: M.left, y: 40, class: "axis" }, "No dated events"));
      return;
    }
    const [a, b] = this.domain;
    const span = b - a;
    const axis = s("g", { class: "axis" });
    // Month ticks (or years when the span is long).
    const d0 = new Date(a);
    let tick = Date.UTC(d0.getUTCFullYear(), d0.getUTCMonth() + 1, 1);
    const yearly = span > 4 * 365 * DAY;
    const every = yearly ? 12 : span > 18 * 30 * DAY ? 3 : 1;
    let i = 0;
    let lastLabel = -Infinity;
    while (tick < b) {
      const d = new Date(tick);
      if ((!yearly || d.getUTCMonth() === 0) && i % every === 0) {
        const x = this.xOf(tick);
        axis.append(s("line", { x1: x, x2: x, y1: M.top, y2: h - M.bottom + 4 }));
        // A label only where it does not run into the previous one (long spans, narrow screens).
        const label = yearly ? String(d.getUTCFullYear()) : monthLabel(tick);
        if (x - lastLabel > label.length * 6 + 8) {
          axis.append(s("text", { x: x + 2, y: h - 6 }, label));
          lastLabel = x;
        }
      }
      if (!yearly) i++;
      tick = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    }
    svg.append(axis, this.barsLayer(a, b, span, h));
    this.renderOutside(w);
    this.renderBrush(h);
  }

  /**
   * The histogram, counted once per set of events and size: brushing redraws only the brush.
   */
  barsLayer(a, b, span, h) {
    if (this.bars) return this.bars;
    const bucket = span <= 150 * DAY ? DAY : span <= 3 * 365 * DAY ? 7 * DAY : 30 * DAY;
    const counts = new Map();
    for (const [t, n] of this.days) {
      if (t < a || t >= b) continue;
      const key = Math.floor((t - a) / bucket);
      counts.set(key, (counts.get(key) || 0) + n);
    }
    let max = 1;
    for (const n of counts.values()) if (n > max) max = n;
    const plotH = h - M.top - M.bottom;
    const bars = s("g", { class: "bars" });
    const bw = Math.max(2, this.xOf(a + bucket) - this.xOf(a) - 1);
    for (const [key, n] of [...counts].sort((p, q) => p[0] - q[0])) {
      const x = this.xOf(a + key * bucket);
      const bh = Math.max(2, (n / max) * plotH);
      const r = s("rect", { class: "bar", x, y: M.top + plotH - bh, width: bw, height: bh });
      r.append(s("title", null, `${isoDay(a + key * bucket)}: ${n} event${n > 1 ? "s" : ""}`));
      bars.append(r);
    }
    this.bars = bars;
    return bars;
  }

  renderOutside(w) {
    const [before, after] = this.outside || [0, 0];
    if (before) this.svg.append(s("text", { class: "axis", x: 2, y: M.top + 10 }, `◀${before}`));
    if (after) this.svg.append(s("text", { class: "axis", x: w - M.right + 1, y: M.top + 10 }, `${after}▶`));
  }

  renderBrush(h) {
    this.brush = null;
    if (!this.range) return;
    const plotH = h - M.top - M.bottom;
    this.brush = [
      s("rect", { class: "brush", y: M.top, height: plotH, "data-brush": "1" }),
      s("rect", { class: "handle", y: M.top, width: 4, height: plotH, "data-handle": "0" }),
      s("rect", { class: "handle", y: M.top, width: 4, height: plotH, "data-handle": "1" })];
    this.placeBrush();
    this.svg.append(...this.brush);
  }

  /** Move the brush's rectangles to the range: a brush move redraws nothing else. */
  placeBrush() {
    const [area, start, end] = this.brush;
    const x0 = this.xOf(this.range[0]), x1 = this.xOf(this.range[1] + DAY);
    area.setAttribute("x", x0);
    area.setAttribute("width", Math.max(1, x1 - x0));
    start.setAttribute("x", x0 - 2);
    end.setAttribute("x", x1 - 2);
  }

  /**
   * The brush follows the pointer once per animation frame, and the listener hears of the range
   * then: pointer events come faster than frames, and each range asks the page for a redraw.
   */
  brushMoved() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => this.flushBrush());
  }

  flushBrush() {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (this.brush && this.range) this.placeBrush();
    else if (this.range && this.domain) this.renderBrush(this.svg.getBoundingClientRect().height || 90);
    else this.render();
    if (this.rangeIso() !== this.emitted) this.emit();
  }

  bind() {
    const svg = this.svg;
    let drag = null;
    const px = (e) => e.clientX - svg.getBoundingClientRect().left;
    const day = (ms) => Math.floor(ms / DAY) * DAY;
    svg.addEventListener("pointerdown", (e) => {
      if (!this.domain || e.button !== 0) return;
      const x = px(e);
      const t = e.target;
      if (t.dataset && t.dataset.handle !== undefined && this.range) {
        drag = { mode: "resize", fixed: t.dataset.handle === "0" ? this.range[1] : this.range[0], x };
      } else if (t.dataset && t.dataset.brush && this.range) {
        drag = { mode: "move", start: this.range.slice(), x };
      } else {
        drag = { mode: "new", anchor: day(this.msOf(x)), x };
      }
      drag.moved = false;
      svg.setPointerCapture(e.pointerId);
    });
    svg.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const x = px(e);
      if (!drag.moved && Math.abs(x - drag.x) < 3) return;
      drag.moved = true;
      const t = day(this.msOf(x));
      if (drag.mode === "new") {
        // The end handle sits at the end of a day: dragging right covers the day under the pointer.
        this.range = t >= drag.anchor ? [drag.anchor, day(this.msOf(x) - 1)] : [t, drag.anchor];
        if (this.range[1] < this.range[0]) this.range[1] = this.range[0];
      } else if (drag.mode === "resize") {
        const end = t >= drag.fixed ? day(this.msOf(x) - 1) : t;
        this.range = [Math.min(drag.fixed, end), Math.max(drag.fixed, end)];
      } else {
        const shift = day(this.msOf(x) - this.msOf(drag.x) + DAY / 2);
        this.range = [drag.start[0] + shift, drag.start[1] + shift];
      }
      this.brushMoved();
    });
    const end = () => {
      if (drag && drag.moved) {
        this.flushBrush(); // the last range, before the listener hears the brush has ended
        if (this.onBrushEnd) this.onBrushEnd();
      }
      if (drag && !drag.moved && drag.mode !== "resize") {
        this.range = null; // a click without a drag clears the selection
        this.render();
        this.emit();
      }
      drag = null;
    };
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
  }
}
