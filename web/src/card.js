// The event card: everything coded, and the evidence inside each article. An event merged from
// thousands of spans of one article shows that article once, with every span marked in it;
// quotes beyond the first few come on request.
import { h, bdi, linkButton } from "./dom.js";
import { formatDate, scopeLabel, locationText, locationLevel } from "./common.js";
import { evidenceMarks, inSentence, lazyArticle } from "./article.js";
import { facts, swatch, plural, reviewBadge } from "./widgets.js";

/** Quotes listed per article before "show more". */
const QUOTES_SHOWN = 5;
const QUOTES_MORE = 50;
/** ACLED geo_precision in words. */
const LEVEL_WORDS = { 1: "exact place", 2: "approximate: near a place or part of a region", 3: "approximate: only the province known" };

export function eventCard(ev, docs, { onPlace, onDocument, back, review }) {
  const place = ev.place;
  const out = [
    back,
    h("h2", { id: "event-card", tabindex: -1 }, swatch(ev.event_type), " ", scopeLabel(ev) || ev.event_type, " ", reviewBadge(ev.review)),
    facts([
      ["Not conflict news", scopeLabel(ev) ? `${scopeLabel(ev)}: kept out of the map, the timeline and the conflict exports` : null],
      ["Sub-event", ev.sub_event_type],
      ["Date", ev.date ? `${formatDate(ev.date)} (${ev.date_precision} precision${ev.date_is_report_date ? ", report date" : ""}${ev.date_anchored ? ", dated by another source" : ""})` : "unknown"],
      ["Place", place ? h("span", { class: "location", "data-geo-precision": locationLevel(ev) },
        linkButton(bdi(locationText(ev)), () => onPlace(place)),
        ` (${LEVEL_WORDS[locationLevel(ev)]}${place.admin1 ? `, ${place.admin1}` : ""}${place.country || place.country_code ? `, ${place.country || place.country_code}` : ""})`) : "unknown"],
      ["Actor 1", ev.actor1 ? bdi(ev.actor1) : null],
      ["Actor 2", ev.actor2 ? bdi(ev.actor2) : null],
      ["Fatalities", ev.fatalities === null || ev.fatalities === undefined ? "not reported"
        : ev.fatalities_max && ev.fatalities_max !== ev.fatalities ? `${ev.fatalities}–${ev.fatalities_max} (sources differ)` : String(ev.fatalities)],
      ["Modality", ev.modality],
      ["Sources", `${plural(ev.source_count, "report")}${ev.independent_sources !== undefined ? `, ${ev.independent_sources} independent` : ""}`],
    ]),
    review || null,
    h("h3", null, "Evidence"),
  ];
  for (const [docId, srcs] of byDocument(ev.sources || [])) {
    out.push(sourceBox(docId, srcs, docs.get(docId), onDocument));
  }
  return out;
}

/** Sources grouped by document, in the API's order. */
function byDocument(sources) {
  const groups = new Map();
  for (const src of sources) {
    if (!groups.has(src.document_id)) groups.set(src.document_id, []);
    groups.get(src.document_id).push(src);
  }
  return groups;
}

function sourceBox(docId, srcs, doc, onDocument) {
  const first = srcs[0];
  const hasText = doc && typeof doc.text === "string";
  const box = h("div", { class: "source", "data-document-id": docId, "data-spans": srcs.length });
  box.append(h("div", null, linkButton(bdi(first.title || docId), () => onDocument(docId)),
    h("span", { class: "muted" }, ` ${[first.outlet, first.published && formatDate(first.published)].filter(Boolean).join(", ")}`),
    srcs.length > 1 ? h("span", { class: "badge" }, ` ${plural(srcs.length, "passage")}`) : null));
  if (first.is_copy) box.append(h("span", { class: "badge" }, "copy of another source"));
  const quotes = h("div", { class: "quotes" });
  let shown = 0;
  const showMore = () => {
    const upto = Math.min(srcs.length, shown + (shown ? QUOTES_MORE : QUOTES_SHOWN));
    for (; shown < upto; shown++) {
      const src = srcs[shown];
      quotes.append(h("blockquote", { class: "quote", dir: "auto", "data-start": src.start },
        hasText ? inSentence(doc, src) : src.quote));
    }
    moreRow.hidden = shown >= srcs.length;
    moreBtn.textContent = `Show ${Math.min(QUOTES_MORE, srcs.length - shown)} more of ${srcs.length - shown} passages`;
  };
  const moreBtn = h("button", { type: "button", class: "link more" });
  const moreRow = h("div", { class: "more-row" }, moreBtn);
  moreBtn.addEventListener("click", showMore);
  showMore();
  box.append(quotes, moreRow);
  if (hasText) {
    const marks = srcs.flatMap((src) => evidenceMarks(src));
    box.append(lazyArticle(doc, marks, { focus: first.start }));
  }
  return box;
}
