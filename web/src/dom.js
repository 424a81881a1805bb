// DOM helpers. Article text and every API value are hostile: they only ever become text nodes
// or attribute values set through setAttribute on a fixed list of safe names. No innerHTML.

const SAFE_ATTRS = new Set([
  "class", "id", "title", "role", "type", "value", "placeholder", "colspan", "tabindex",
  "aria-label", "aria-selected", "cx", "cy", "r", "x", "y", "width", "height", "d", "transform",
  "fill", "stroke", "x1", "x2", "y1", "y2", "text-anchor", "viewBox", "dir", "for", "name",
  "href", "download", "aria-expanded", "aria-controls", "min", "max", "step", "selected", "list",
  "aria-live", "aria-pressed",
]);

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    // Links only to our own API (exports), never to a URL taken from an article.
    if (k === "href" && !String(v).startsWith("/api/")) throw new Error("href must be an /api/ path");
    if (k.startsWith("data-") ? /^data-[a-z0-9-]+$/.test(k) : SAFE_ATTRS.has(k)) {
      el.setAttribute(k, String(v));
    } else {
      throw new Error(`attribute not allowed: ${k}`);
    }
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** An HTML element; string children become text nodes. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  return append(el, children);
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  return append(el, children);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** A button that calls `onClick`; the label is text. */
export function linkButton(label, onClick, attrs = {}) {
  const b = h("button", { class: "link", type: "button", ...attrs }, label);
  b.addEventListener("click", (e) => { e.stopPropagation(); onClick(); });
  return b;
}

/**
 * `text` with the code-point ranges `marks` ([{start, end, cls}]) wrapped in <mark>. Offsets are
 * code points (the API's unit), not UTF-16 units, so astral characters do not shift them.
 */
export function highlighted(text, marks) {
  const cps = Array.from(text || "");
  const sorted = (marks || [])
    .filter((m) => Number.isInteger(m.start) && Number.isInteger(m.end) && m.start < m.end)
    .map((m) => ({ ...m, start: Math.max(0, m.start), end: Math.min(cps.length, m.end) }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const frag = document.createDocumentFragment();
  let pos = 0;
  for (const m of sorted) {
    if (m.start < pos) continue; // overlapping: keep the first
    if (m.start > pos) frag.append(document.createTextNode(cps.slice(pos, m.start).join("")));
    frag.append(h("mark", { class: m.cls || null, "data-start": m.src ?? null }, cps.slice(m.start, m.end).join("")));
    pos = m.end;
  }
  if (pos < cps.length) frag.append(document.createTextNode(cps.slice(pos).join("")));
  return frag;
}

/** Snippet segments from the search API: [{text, hit}] → text nodes and <mark>s. */
export function snippet(segments) {
  const frag = document.createDocumentFragment();
  for (const seg of segments || []) {
    frag.append(seg.hit ? h("mark", null, seg.text) : document.createTextNode(seg.text));
  }
  return frag;
}

/** Untrusted inline text (a title, a place or actor name) isolated from the text around it. */
export function bdi(text) {
  return h("bdi", null, text);
}

/**
 * Code-point view of an article: the API's offsets count code points, and turning a 2 MB text
 * into an array per quote is what hung the tab. Texts without astral characters (the usual
 * case) are sliced directly; others are split once per document.
 */
export function codePoints(doc) {
  if (doc._cp) return doc._cp;
  const text = typeof doc.text === "string" ? doc.text : "";
  let cp;
  if (!/[\uD800-\uDFFF]/.test(text)) {
    cp = { length: text.length, slice: (a, b) => text.slice(a, b) };
  } else {
    const arr = Array.from(text);
    cp = { length: arr.length, slice: (a, b) => arr.slice(a, b).join("") };
  }
  Object.defineProperty(doc, "_cp", { value: cp, enumerable: false });
  return cp;
}
