// Small pieces shared by the panel views.
import { h } from "./dom.js";
import { typeColour } from "./common.js";

export function swatch(type) {
  const el = h("span", { class: "swatch", title: type || "" });
  el.style.background = typeColour(type);
  return el;
}

/** A definition list of [label, value] rows; empty values are left out. */
export function facts(rows) {
  const dl = h("dl", { class: "facts" });
  for (const [k, v] of rows) {
    if (v === undefined || v === null || v === "") continue;
    dl.append(h("dt", null, k), h("dd", null, v));
  }
  return dl;
}

export function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
