// Side-panel views. Every value from the API is inserted as text (see dom.js).
import { h, linkButton, highlighted, snippet } from "./dom.js";
import { typeColour, formatDate, scopeLabel } from "./common.js";

/** Native append turns null into the text "null": skip empty children. */
function append(el, ...children) {
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

function swatch(type) {
  const el = h("span", { class: "swatch", title: type || "" });
  el.style.background = typeColour(type);
  return el;
}

function facts(rows) {
  const dl = h("dl", { class: "facts" });
  for (const [k, v] of rows) {
    if (v === undefined || v === null || v === "") continue;
    dl.append(h("dt", null, k), h("dd", null, v));
  }
  return dl;
}

/** Longest event list drawn at once (the DOM gets slow beyond). */
const MAX_LIST = 1000;

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function placeText(p) {
  if (!p) return "place unknown";
  const rel = p.relative_to && p.relative_to !== p.name ? ` (near ${p.relative_to})` : "";
  return `${p.name}${rel}`;
}

/** Events list: date, type, place, fatalities. */
export function eventList(events, { onEvent, title, note }) {
  const sorted = [...events].sort((a, b) => (a.date || "9999").localeCompare(b.date || "9999") || a.id.localeCompare(b.id));
  const ul = h("ul", { class: "list", id: "event-list" });
  for (const e of sorted.slice(0, MAX_LIST)) {
    const li = h("li", { "data-event-id": e.id, tabindex: 0, role: "button" },
      swatch(e.event_type),
      h("span", null,
        h("strong", null, formatDate(e.date)), " · ", scopeLabel(e) || e.sub_event_type || e.event_type, " · ", placeText(e.place),
        e.fatalities ? h("span", { class: "badge warn" }, ` ${e.fatalities} killed`) : null,
        e.source_count > 1 ? h("span", { class: "badge" }, ` ${plural(e.source_count, "source")}`) : null));
    li.addEventListener("click", () => onEvent(e));
    li.addEventListener("keydown", (ev) => { if (ev.key === "Enter") onEvent(e); });
    ul.append(li);
  }
  return [
    h("h2", null, title || "Events"),
    note ? h("p", { class: "muted" }, note) : null,
    events.length ? ul : h("p", { class: "muted" }, "No events match."),
    sorted.length > MAX_LIST ? h("p", { class: "muted", id: "list-truncated" },
      `Showing the first ${MAX_LIST} of ${sorted.length} events: brush the timeline or zoom to a cluster to narrow.`) : null,
  ];
}

/** The event card: everything coded, and each source's quote inside its article. */
export function eventCard(ev, docs, { onPlace, onDocument, back }) {
  const place = ev.place;
  const out = [
    back,
    h("h2", { id: "event-card" }, swatch(ev.event_type), " ", scopeLabel(ev) || ev.event_type),
    facts([
      ["Not conflict news", scopeLabel(ev) ? `${scopeLabel(ev)}: kept out of the map, the timeline and the conflict exports` : null],
      ["Sub-event", ev.sub_event_type],
      ["Date", ev.date ? `${formatDate(ev.date)} (${ev.date_precision} precision${ev.date_is_report_date ? ", report date" : ""}${ev.date_anchored ? ", dated by another source" : ""})` : "unknown"],
      ["Place", place ? h("span", null, linkButton(placeText(place), () => onPlace(place)),
        ` (${place.precision} precision${place.admin1 ? `, ${place.admin1}` : ""}${place.country || place.country_code ? `, ${place.country || place.country_code}` : ""})`) : "unknown"],
      ["Actor 1", ev.actor1],
      ["Actor 2", ev.actor2],
      ["Fatalities", ev.fatalities === null || ev.fatalities === undefined ? "not reported"
        : ev.fatalities_max && ev.fatalities_max !== ev.fatalities ? `${ev.fatalities}–${ev.fatalities_max} (sources differ)` : String(ev.fatalities)],
      ["Modality", ev.modality],
      ["Sources", `${plural(ev.source_count, "report")}${ev.independent_sources !== undefined ? `, ${ev.independent_sources} independent` : ""}`],
    ]),
    h("h3", null, "Evidence"),
  ];
  for (const src of ev.sources || []) {
    const doc = docs.get(src.document_id);
    const box = h("div", { class: "source", "data-document-id": src.document_id, "data-start": src.start });
    append(box,
      h("div", null, linkButton(src.title || src.document_id, () => onDocument(src.document_id)),
        h("span", { class: "muted" }, ` ${[src.outlet, src.published && formatDate(src.published)].filter(Boolean).join(", ")}`)),
      src.is_copy ? h("span", { class: "badge" }, "copy of another source") : null,
      h("blockquote", { class: "quote" }, doc && typeof doc.text === "string" ? inSentence(doc.text, src) : src.quote),
    );
    if (doc && typeof doc.text === "string") {
      const art = h("div", { class: "article" });
      art.append(highlighted(doc.text, evidenceMarks(src, 0)));
      box.append(art);
    }
    out.push(box);
  }
  return out;
}

/** The sentence around code points [start, end) of `text`, with that span marked. */
function inSentence(text, src) {
  const { start, end } = src;
  const cps = Array.from(text);
  const stop = (c) => c === "\n" || c === "." || c === "!" || c === "?";
  let a = start, b = end;
  while (a > 0 && !stop(cps[a - 1]) && start - a < 400) a--;
  while (a < start && /\s/.test(cps[a])) a++;
  while (b < cps.length && !stop(cps[b]) && b - end < 400) b++;
  if (b < cps.length && cps[b] !== "\n") b++;
  return highlighted(cps.slice(a, b).join(""), evidenceMarks(src, a));
}

/**
 * Marks for a source's evidence, shifted by `offset`: the quoted span, with the words that
 * fired the coding rule (when the API gives them) marked apart inside it.
 */
function evidenceMarks(src, offset) {
  const { start, end, trigger_start: ts, trigger_end: te } = src;
  if (!Number.isInteger(ts) || !Number.isInteger(te) || ts < start || te > end || ts >= te) {
    return [{ start: start - offset, end: end - offset, cls: "evidence" }];
  }
  return [
    { start: start - offset, end: ts - offset, cls: "evidence" },
    { start: ts - offset, end: te - offset, cls: "evidence trigger" },
    { start: te - offset, end: end - offset, cls: "evidence" },
  ];
}

/** Scroll each article box so its highlighted evidence is visible. */
export function revealMarks(root) {
  for (const box of root.querySelectorAll(".article")) {
    const m = box.querySelector("mark.trigger") || box.querySelector("mark.evidence");
    if (m) box.scrollTop = Math.max(0, m.offsetTop - box.offsetTop - 40);
  }
}

export function placeView(p, docs, { onEvent, onDocument, back }) {
  const control = p.control || [];
  const out = [
    back,
    h("h2", { id: "place-panel" }, p.name),
    facts([
      ["Coordinates", Number.isFinite(p.lat) ? `${p.lat.toFixed(4)}, ${p.lon.toFixed(4)}` : null],
      ["Region", p.admin1],
      ["Country", p.country || p.country_code],
      ["Held by", p.controller || "unknown"],
      ["Events", p.event_count],
    ]),
    h("h3", null, "Control history"),
  ];
  if (!control.length) out.push(h("p", { class: "muted" }, "No control changes recorded."));
  const ul = h("ul", { class: "list control" });
  for (const c of control) {
    const li = h("li", { "data-date": c.date || "" },
      h("div", null,
        h("strong", null, formatDate(c.date)), " · ", `${c.from || "?"} → ${c.to || "?"}`,
        h("div", { class: "muted" }, `confidence ${Math.round((c.confidence || 0) * 100)}% · ${plural(c.source_count ?? (c.sources || []).length, "source")}`),
        ...(c.sources || []).map((src) => {
          const doc = docs.get(src.document_id);
          const said = doc && typeof doc.text === "string" ? inSentence(doc.text, src) : src.quote;
          return h("div", { class: "quote" }, said, " ",
            linkButton(src.title || src.document_id, () => onDocument(src.document_id)));
        })));
    ul.append(li);
  }
  out.push(ul);
  out.push(...eventList(p.events || [], { onEvent, title: "Events here" }).map((n) => {
    if (n && n.tagName === "H2") return h("h3", null, n.textContent);
    return n;
  }));
  return out;
}

export function claimsView(data, { onDocument }) {
  const subjects = data.subjects || [];
  const out = [h("h2", { id: "claims-panel" }, "Claims ledger"),
    h("p", { class: "muted" }, "Figures about the same subject from every source, side by side. Real disagreements are flagged; values that change over time are not.")];
  if (!subjects.length) out.push(h("p", { class: "muted" }, "No figures recorded."));
  for (const subj of subjects) {
    const sec = h("section", { class: "subject", "data-subject": subj.subject });
    sec.append(h("h3", null, subj.subject, " ", h("span", { class: "badge" }, subj.category || "")));
    for (const d of subj.disagreements || []) {
      sec.append(h("div", { class: "disagreement" }, "Disagreement: ", d.summary || ""));
    }
    const tbody = h("tbody");
    for (const c of subj.claims || []) {
      const value = c.value !== undefined && c.value !== null ? String(c.value) : `${c.min ?? "?"}–${c.max ?? "?"}`;
      tbody.append(h("tr", { class: c.disputed ? "disputed" : null },
        h("td", null, h("strong", null, value), h("div", { class: "muted" }, (c.qualifier || "").replace(/_/g, " "))),
        h("td", null, c.claimant || "unattributed"),
        h("td", null, c.as_of ? formatDate(c.as_of) : ""),
        h("td", null, h("div", { class: "quote" }, c.quote || ""),
          c.document_id ? linkButton(c.title || c.document_id, () => onDocument(c.document_id)) : null)));
    }
    sec.append(h("table", { class: "claims" },
      h("thead", null, h("tr", null, h("th", null, "Figure"), h("th", null, "Claimant"), h("th", null, "As of"), h("th", null, "Source"))),
      tbody));
    out.push(sec);
  }
  return out;
}

export function documentList(data, { onDocument }) {
  const ul = h("ul", { class: "list", id: "document-list" });
  for (const d of data.documents || []) {
    const li = h("li", { "data-document-id": d.id, tabindex: 0, role: "button" },
      h("span", null, h("strong", null, d.title || d.id),
        h("div", { class: "muted" }, [d.outlet, d.published && formatDate(d.published), plural(d.event_count || 0, "event"),
          d.duplicate_of ? "near-duplicate" : null].filter(Boolean).join(" · "))));
    li.addEventListener("click", () => onDocument(d.id));
    ul.append(li);
  }
  return [h("h2", null, `Articles (${data.total ?? (data.documents || []).length})`), ul];
}

export function documentView(doc, { onEvent, back }) {
  const marks = [];
  for (const e of doc.events || []) {
    for (const src of e.sources || []) {
      if (src.document_id === doc.id) marks.push({ start: src.start, end: src.end, cls: "evidence" });
    }
  }
  const art = h("div", { class: "article full", id: "document-text" });
  art.append(highlighted(doc.text || "", marks));
  return [
    back,
    h("h2", { id: "document-view" }, doc.title || doc.id),
    facts([
      ["Outlet", doc.outlet],
      ["Published", doc.published && formatDate(doc.published)],
      ["URL", doc.url],
      ["Duplicate of", doc.duplicate_of],
    ]),
    ...(doc.events && doc.events.length ? eventList(doc.events, { onEvent, title: "Events in this article" }).map((n) => (n && n.tagName === "H2" ? h("h3", null, n.textContent) : n)) : []),
    h("h3", null, "Text"),
    art,
  ];
}

export function searchResults(q, data, { onDocument }) {
  const ul = h("ul", { class: "list", id: "search-results" });
  for (const hit of data.hits || []) {
    const li = h("li", { "data-document-id": hit.document_id, tabindex: 0, role: "button" },
      h("span", null, h("strong", null, hit.title || hit.document_id),
        h("div", { class: "muted" }, [hit.outlet, hit.published && formatDate(hit.published)].filter(Boolean).join(" · ")),
        h("div", { class: "snippet" }, snippet(hit.snippet))));
    li.addEventListener("click", () => onDocument(hit.document_id));
    ul.append(li);
  }
  return [h("h2", null, `Search: “${q}”`), h("p", { class: "muted" }, plural(data.total ?? 0, "article")), ul];
}
