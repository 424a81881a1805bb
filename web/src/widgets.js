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

export const VERDICTS = [["confirmed", "Confirmed"], ["wrong", "Wrong"], ["merged_wrongly", "Merged wrongly"]];

/** A badge for a review mark, or null. */
export function reviewBadge(review) {
  if (!review) return null;
  const label = (VERDICTS.find(([v]) => v === review.verdict) || [null, review.verdict])[1];
  return h("span", { class: `badge review ${review.verdict}`, "data-verdict": review.verdict, title: review.note || label }, label);
}

/**
 * The review form of an event card: the current mark and its note, three verdicts, a note
 * field. `onSave(verdict|null, note)` stores it and resolves to the new mark.
 */
export function reviewBox(review, onSave) {
  const box = h("div", { class: "review-box", id: "review" });
  const current = h("p", { class: "muted", id: "review-current" });
  const note = h("textarea", { id: "review-note", "aria-label": "Review note", placeholder: "Note (why)", dir: "auto" });
  const msg = h("span", { class: "muted", id: "review-msg", "aria-live": "polite" });
  const show = (r) => {
    current.replaceChildren(r ? reviewBadge(r) : "Not reviewed", r && r.note ? h("span", { dir: "auto" }, ` ${r.note}`) : null);
    note.value = (r && r.note) || "";
  };
  show(review);
  const buttons = [...VERDICTS, [null, "Clear"]].map(([v, label]) => {
    const b = h("button", { type: "button", "data-verdict": v || "clear" }, label);
    b.addEventListener("click", async () => {
      msg.textContent = "Saving…";
      try {
        show(await onSave(v, v ? note.value.trim() : ""));
        msg.textContent = "Saved.";
      } catch (err) { msg.textContent = `Not saved: ${err.message}`; }
    });
    return b;
  });
  box.append(h("h3", null, "Review"), current, note, h("div", { class: "review-buttons" }, ...buttons, msg));
  return box;
}
