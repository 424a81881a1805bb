// Thin client for the JSON API. Errors come back as {error: {status, code, message}}.

// A server started with `--token` answers 401 without `Authorization: Bearer TOKEN`. The page
// then asks for the token once and keeps it for this tab only (sessionStorage).
const TOKEN_KEY = "eventwire-token";
let asking = null;

function storedToken() {
  try { return sessionStorage.getItem(TOKEN_KEY); } catch { return null; }
}

/** Ask for the token; requests refused at once share one question. */
function askToken() {
  if (!asking) {
    asking = Promise.resolve().then(() => {
      const t = window.prompt("This eventwire server needs its API token (serve --token):");
      if (t && t.trim()) {
        try { sessionStorage.setItem(TOKEN_KEY, t.trim()); } catch { /* storage off: ask again next time */ }
      }
      asking = null;
      return Boolean(t && t.trim());
    });
  }
  return asking;
}

function withToken(options, token) {
  if (!token) return options;
  const o = { ...(options || {}) };
  o.headers = { ...(o.headers || {}), authorization: `Bearer ${token}` };
  return o;
}

/** fetch, with the token when one is known, asking for it on a 401. */
async function authorised(path, options) {
  const sent = storedToken();
  const res = await fetch(path, withToken(options, sent));
  if (res.status !== 401) return res;
  // Another request may have got the token meanwhile; otherwise ask.
  if (storedToken() === sent && !(await askToken())) return res;
  return fetch(path, withToken(options, storedToken()));
}

/** A text response (the report). */
async function requestText(path) {
  const res = await authorised(path);
  if (!res.ok) {
    let msg = `HTTP ${res.status}`;
    try { msg = (await res.json()).error.message; } catch { /* not JSON */ }
    throw new Error(msg);
  }
  return res.text();
}

async function request(path, options) {
  const res = await authorised(path, options);
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
