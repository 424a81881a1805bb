// Side-panel views. Every value from the API is inserted as text (see dom.js); untrusted names
// and titles are isolated (<bdi>, dir=auto) so that right-to-left overrides stay inside them.
import { h, bdi, linkButton, snippet } from "./dom.js";
import { formatDate, scopeLabel, locationText } from "./common.js";
import { inSentence, lazyArticle } from "./article.js";
import { facts, swatch, plural, reviewBadge } from "./widgets.js";
import { sortEvents } from "./filters.js";
export { eventCard } from "./card.js";

/** Longest event list drawn at once (the DOM gets slow beyond). */
const MAX_LIST = 1000;

/** Events list: date, type, place, fatalities, sorted as `sort` says (newest first by default). */
export function eventList(events, { onEvent, title, note, sort = "newest", total = null, onMore = null }) {
  // `sort: null`: the events come in the server's order, a page at a time (`total` in all;
  // `onMore` loads the next page, from a button or when the list's end scrolls into view).
  const sorted = sort ? sortEvents(events, sort) : events;
  const ul = h("ul", { class: "list", id: "event-list" });
  for (const e of sorted.slice(0, onMore ? sorted.length : MAX_LIST)) {
    const li = h("li", { "data-event-id": e.id, tabindex: 0, role: "button" },
      swatch(e.event_type),
      h("span", null,
        h("strong", null, formatDate(e.date)), " · ", scopeLabel(e) || e.sub_event_type || e.event_type, " · ", bdi(locationText(e)),
        e.fatalities ? h("span", { class: "badge warn" }, ` ${e.fatalities} killed`) : null,
        e.source_count > 1 ? h("span", { class: "badge" }, ` ${plural(e.source_count, "source")}`) : null,
        reviewBadge(e.review)));
    li.addEventListener("click", () => onEvent(e));
    li.addEventListener("keydown", (ev) => { if (ev.key === "Enter") onEvent(e); });
    ul.append(li);
  }
  let more = null;
  if (onMore && total !== null && total > events.length) {
    const btn = h("button", { type: "button", id: "list-more" }, `More (${events.length} of ${total} shown)`);
    btn.addEventListener("click", () => onMore());
    // Infinite scroll: the next page loads as the button comes into view.
    new IntersectionObserver((entries, obs) => {
      if (entries.some((x) => x.isIntersecting)) { obs.disconnect(); onMore(); }
    }).observe(btn);
    more = h("p", { id: "list-paging" }, btn);
  }
  return [
    h("h2", null, title || "Events"),
    note ? h("p", { class: "muted" }, note) : null,
    total !== null ? h("p", { class: "muted", id: "list-count" }, `${plural(total, "event")}`) : null,
    events.length ? ul : h("p", { class: "muted" }, "No events match."),
    more,
    !onMore && sorted.length > MAX_LIST ? h("p", { class: "muted", id: "list-truncated" },
      `Showing the first ${MAX_LIST} of ${sorted.length} events: brush the timeline or zoom to a cluster to narrow.`) : null,
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
    h("h2", { id: "place-panel", dir: "auto", tabindex: -1 }, p.name),
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
          const said = doc && typeof doc.text === "string" ? inSentence(doc, src) : src.quote;
          return h("div", { class: "quote", dir: "auto" }, said, " ",
            linkButton(bdi(src.title || src.document_id), () => onDocument(src.document_id)));
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

export function claimsView(data, { onDocument, filtered = false }) {
  const subjects = data.subjects || [];
  const out = [h("h2", { id: "claims-panel" }, "Claims ledger"),
    h("p", { class: "muted" }, "Figures about the same subject from every source, side by side. Real disagreements are flagged; values that change over time are not.")];
  if (!subjects.length) out.push(h("p", { class: "muted" }, "No figures recorded."));
  if (data.total > subjects.length) {
    out.push(h("p", { class: "muted", id: "claims-truncated" },
      `Showing ${subjects.length} of ${data.total} subjects${filtered ? " matching the filters" : ""}: narrow the filters to see the rest.`));
  }
  for (const subj of subjects) {
    const sec = h("section", { class: "subject", "data-subject": subj.subject });
    sec.append(h("h3", { dir: "auto" }, subj.subject, " ", h("span", { class: "badge" }, subj.category || "")));
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
        h("td", null, h("div", { class: "quote", dir: "auto" }, c.quote || ""),
          c.document_id ? linkButton(bdi(c.title || c.document_id), () => onDocument(c.document_id)) : null)));
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
      h("span", null, h("strong", { dir: "auto" }, d.title || d.id),
        h("div", { class: "muted" }, [d.outlet, d.published && formatDate(d.published), plural(d.event_count || 0, "event"),
          d.duplicate_of ? "near-duplicate" : null].filter(Boolean).join(" · "))));
    li.addEventListener("click", () => onDocument(d.id));
    li.addEventListener("keydown", (ev) => { if (ev.key === "Enter") onDocument(d.id); });
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
  // The whole article, drawn lazily from its start (a long one in 50,000-character steps).
  const art = lazyArticle(doc, marks, { focus: 0, initial: 50000, cls: "article full", id: "document-text" });
  return [
    back,
    h("h2", { id: "document-view", dir: "auto", tabindex: -1 }, doc.title || doc.id),
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
      h("span", null, h("strong", { dir: "auto" }, hit.title || hit.document_id),
        h("div", { class: "muted" }, [hit.outlet, hit.published && formatDate(hit.published)].filter(Boolean).join(" · ")),
        h("div", { class: "snippet", dir: "auto" }, snippet(hit.snippet))));
    li.addEventListener("click", () => onDocument(hit.document_id));
    li.addEventListener("keydown", (ev) => { if (ev.key === "Enter") onDocument(hit.document_id); });
    ul.append(li);
  }
  return [h("h2", null, `Search: “${q}”`), h("p", { class: "muted" }, plural(data.total ?? 0, "article")), ul];
}

/** The situation report (Markdown, shown as text) with a print button. */
export function reportView(text, unapplied) {
  const print = h("button", { type: "button", id: "print-report" }, "Print");
  print.addEventListener("click", () => window.print());
  return [
    h("h2", { id: "report-panel" }, "Situation report ", print),
    unapplied.length ? h("p", { class: "muted", id: "report-unapplied" }, `The report does not apply these filters: ${unapplied.join(", ")}.`) : null,
    h("div", { class: "report", id: "report-text", dir: "auto" }, text),
  ];
}

/** Places with events, most first, with a name filter (`pq` in the URL). */
export function placeList(data, { q, onPlace, onSearch }) {
  const input = h("input", { id: "place-search", type: "search", placeholder: "Find a place", "aria-label": "Find a place", value: q });

  const places = [...(data.places || [])].sort((a, b) => (b.event_count || 0) - (a.event_count || 0) || (a.name < b.name ? -1 : 1));
  const ul = h("ul", { class: "list", id: "place-list" });
  for (const p of places) {
    const li = h("li", { "data-place-id": p.id, tabindex: 0, role: "button" },
      h("span", null, h("strong", null, bdi(p.name)), " ",
        h("span", { class: "muted" }, [p.admin1, p.country || p.country_code].filter(Boolean).join(", ")), " ",
        h("span", { class: "badge" }, plural(p.event_count || 0, "event")),
        p.controller ? h("span", { class: "muted" }, ` · held by ${p.controller}`) : null));
    li.addEventListener("click", () => onPlace(p));
    li.addEventListener("keydown", (ev) => { if (ev.key === "Enter") onPlace(p); });
    ul.append(li);
  }
  const count = h("span", { id: "places-count" });
  const filter = () => {
    const needle = input.value.trim().toLowerCase();
    let n = 0;
    for (const li of ul.children) {
      const show = !needle || li.textContent.toLowerCase().includes(needle);
      li.hidden = !show;
      if (show) n++;
    }
    count.textContent = `${n} of ${places.length}`;
  };
  input.addEventListener("input", () => { filter(); onSearch(input.value.trim()); });
  filter();
  return [h("h2", { id: "places-panel" }, "Places ", h("span", { class: "muted" }, count)), input, ul];
}
