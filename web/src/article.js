// Article text in the panel: the sentence around a quote, and the article itself drawn lazily —
// a window around the evidence first, more on request — so that a 2 MB single-paragraph article
// costs no more than a short one. Offsets are code points (see dom.js codePoints).
import { h, highlighted, codePoints } from "./dom.js";

/** Code points drawn around the evidence when a card opens; a short article is drawn whole. */
const WINDOW = 3000;
/** Code points added per "show more" click. */
const CHUNK = 20000;

/**
 * Marks for a source's evidence, shifted by `offset`: the quoted span, with the words that
 * fired the coding rule (when the API gives them) marked apart inside it.
 */
export function evidenceMarks(src, offset = 0) {
  const { start, end, trigger_start: ts, trigger_end: te } = src;
  const tag = { src: start };
  if (!Number.isInteger(ts) || !Number.isInteger(te) || ts < start || te > end || ts >= te) {
    return [{ start: start - offset, end: end - offset, cls: "evidence", ...tag }];
  }
  return [
    { start: start - offset, end: ts - offset, cls: "evidence", ...tag },
    { start: ts - offset, end: te - offset, cls: "evidence trigger", ...tag },
    { start: te - offset, end: end - offset, cls: "evidence", ...tag },
  ];
}

/** The sentence around a source's span of `doc` (at most 400 code points either side), marked. */
export function inSentence(doc, src) {
  const cp = codePoints(doc);
  const lo = Math.max(0, src.start - 400), hi = Math.min(cp.length, src.end + 400);
  const cps = Array.from(cp.slice(lo, hi));
  const start = src.start - lo, end = src.end - lo;
  const stop = (c) => c === "\n" || c === "." || c === "!" || c === "?";
  let a = start, b = end;
  while (a > 0 && !stop(cps[a - 1])) a--;
  while (a < start && /\s/.test(cps[a])) a++;
  while (b < cps.length && !stop(cps[b])) b++;
  if (b < cps.length && cps[b] !== "\n") b++;
  return highlighted(cps.slice(a, b).join(""), evidenceMarks(src, lo + a));
}

/**
 * The article of `doc` with `marks` ([{start, end, cls, src}] in document code points), drawn
 * from `focus` outwards: WINDOW code points at first (or `initial`), CHUNK more per click.
 */
export function lazyArticle(doc, marks, { focus = 0, initial = WINDOW, cls = "article", id = null } = {}) {
  const cp = codePoints(doc);
  const len = cp.length;
  const sorted = [...marks].sort((x, y) => x.start - y.start);
  let a = len <= initial * 2 ? 0 : Math.max(0, focus - Math.floor(initial / 3));
  let b = len <= initial * 2 ? len : Math.min(len, a + initial);
  const box = h("div", { class: cls, id, dir: "auto", "data-length": len });
  const draw = () => {
    box.replaceChildren();
    if (a > 0) box.append(more(`↑ ${a.toLocaleString("en")} earlier characters`, "before", () => { a = Math.max(0, a - CHUNK); draw(); }));
    const inside = sorted
      .filter((m) => m.end > a && m.start < b)
      .map((m) => ({ ...m, start: Math.max(m.start, a) - a, end: Math.min(m.end, b) - a }));
    box.append(h("span", { class: "text" }, highlighted(cp.slice(a, b), inside)));
    if (b < len) box.append(more(`↓ ${(len - b).toLocaleString("en")} more characters`, "after", () => { b = Math.min(len, b + CHUNK); draw(); }));
    box.dataset.shown = `${a},${b}`;
  };
  draw();
  return box;
}

function more(label, where, onClick) {
  const btn = h("button", { type: "button", class: "link more", "data-more": where }, label);
  btn.addEventListener("click", (e) => { e.stopPropagation(); onClick(); });
  return h("div", { class: "more-row" }, btn);
}
