// The API client's token handling, without a browser: `node web/tests/api-token.mjs`.
// A server started with --token answers 401; the page asks once (however many requests were
// refused together), keeps the token for the tab, and sends it with every request after.
import assert from "node:assert/strict";

const store = new Map();
globalThis.sessionStorage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) };
let prompts = 0;
globalThis.window = { prompt: () => { prompts++; return " s3cret "; } };
const sent = [];
globalThis.fetch = async (path, options) => {
  const auth = options?.headers?.authorization;
  sent.push([path, auth, options?.method]);
  const ok = auth === "Bearer s3cret";
  const body = ok ? { path } : { error: { message: "this API needs 'Authorization: Bearer TOKEN'" } };
  return { ok, status: ok ? 200 : 401, json: async () => body, text: async () => "# Report" };
};

const { api } = await import("../src/api.js");
const answers = await Promise.all([api.events({ limit: 2 }), api.taxonomy(), api.places()]);
assert.deepEqual(answers.map((a) => a.path), ["/api/events?limit=2", "/api/taxonomy", "/api/places"]);
assert.equal(prompts, 1, "one question for requests refused together");
await api.review("e1", "confirmed");
assert.deepEqual(sent.at(-1), ["/api/reviews", "Bearer s3cret", "POST"]);
assert.equal(await api.report({}), "# Report");
assert.equal(prompts, 1, "the token is kept");
console.log("api-token: ok");
