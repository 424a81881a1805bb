// Thin client for the JSON API. Errors come back as {error: {status, code, message}}.

/** A text response (the report). */
async function requestText(path) {
  const res = await fetch(path);
  if (!res.ok) {
    let msg = `HTTP ${res.status}`;
    try { msg = (await res.json()).error.message; } catch { /* not JSON */ }
    throw new Error(msg);
  }
  return res.text();
}

async function request(path, options) {
  const res = await fetch(path, options);
  let body = null;
  try { body = await res.json(); } catch { /* non-JSON body */ }
  if (!res.ok) {
    const msg = body && body.error ? body.error.message : `HTTP ${res.status}`;
    throw new Error(msg);
  }
  return body;
}

function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}

export const api = {
  taxonomy: () => request("/api/taxonomy"),
  events: (params) => request(`/api/events${qs(params)}`),
  event: (id) => request(`/api/events/${encodeURIComponent(id)}`),
  documents: (params) => request(`/api/documents${qs(params)}`),
  document: (id) => request(`/api/documents/${encodeURIComponent(id)}`),
  places: (params) => request(`/api/places${qs(params)}`),
  place: (id) => request(`/api/places/${encodeURIComponent(id)}`),
  claims: (params) => request(`/api/claims${qs(params)}`),
  histogram: (params) => request(`/api/events/histogram${qs(params)}`),
  grid: (params) => request(`/api/events/grid${qs(params)}`),
  timeline: (params) => request(`/api/timeline${qs(params)}`),
  search: (params) => request(`/api/search${qs(params)}`),
  review: (eventId, verdict, note) => request("/api/reviews", {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ event_id: eventId, verdict, note: note || null }),
  }),
  control: (params) => request(`/api/control${qs(params)}`),
  report: (params) => requestText(`/api/report${qs(params)}`),
};
