// Browser checks of hostile and big documents and of the phone layout. Called by browser.mjs
// last: the big article it ingests adds an event to the store.

export async function docChecks({ page, base, check, assert, shot, settle, ingest, artifacts, screenshotTo }) {
  /** Navigate to `url` and wait for the page to be ready. */
  const open = async (url) => {
    await page.goto(url);
    await page.waitForSelector("body[data-ready]", { timeout: 30000 });
    assert(await page.getAttribute("body", "data-ready") === "1", await page.textContent("#status"));
    await settle();
  };
  const api = async (path) => (await fetch(`${base}${path}`)).json();
  const noSideScroll = () => page.evaluate(() => {
    const p = document.getElementById("panel");
    return { page: document.documentElement.scrollWidth - document.documentElement.clientWidth, panel: p.scrollWidth - p.clientWidth };
  });

  await check("bidi overrides are isolated and a long token wraps", async () => {
    const doc = (await api("/api/documents?q=bidi-long-token")).documents[0];
    assert(doc, "bidi fixture not stored");
    await open(`${base}/?doc=${doc.id}`);
    await page.waitForSelector("#document-view");
    for (const sel of ["#document-view", "#document-text"]) {
      const [dir, bidi] = await page.$eval(sel, (el) => [el.getAttribute("dir"), getComputedStyle(el).unicodeBidi]);
      assert(dir === "auto" && bidi === "isolate", `${sel}: dir=${dir}, unicode-bidi=${bidi}`);
    }
    const w = await noSideScroll();
    assert(w.page <= 0 && w.panel <= 0, `the page scrolls sideways by ${w.page} px, the panel by ${w.panel} px`);
    const ev = (await api(`/api/events?document=${doc.id}`)).events[0];
    if (ev) {
      await open(`${base}/?event=${ev.id}`);
      await page.waitForSelector("#event-card");
      const titles = await page.$$eval(".source bdi", (els) => els.map((el) => getComputedStyle(el).unicodeBidi));
      assert(titles.length > 0 && titles.every((b) => b === "isolate"), `source titles not isolated: ${titles}`);
      const w2 = await noSideScroll();
      assert(w2.page <= 0 && w2.panel <= 0, `the card scrolls sideways by ${w2.page}/${w2.panel} px`);
    }
    await shot("10-bidi-long-token");
  });

  await check("a 390 px phone viewport has no horizontal scroll and nothing covers the tabs", async () => {
    const size = page.viewportSize();
    await page.setViewportSize({ width: 390, height: 844 });
    await open(base);
    const w = await noSideScroll();
    assert(w.page <= 0, `the page is ${w.page} px wider than the screen`);
    const boxes = await page.evaluate(() => ["search-form", "tabs", "map", "panel"].map((id) => document.getElementById(id).getBoundingClientRect().toJSON()));
    const [search, tabs, map, panel] = boxes;
    const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    assert(!overlap(search, tabs), "the search box covers the tabs");
    assert(map.width >= 380 && panel.width >= 380, `map ${map.width} px, panel ${panel.width} px wide`);
    await page.locator("#event-list li").first().click();
    await page.waitForSelector("#event-card");
    const w2 = await noSideScroll();
    assert(w2.page <= 0, `an open card makes the page ${w2.page} px too wide`);
    await open(base);
    await page.screenshot({ path: `${artifacts}/11-phone.png`, fullPage: false });
    if (screenshotTo) await page.screenshot({ path: screenshotTo, fullPage: false });
    await page.setViewportSize(size);
  });

  await check("a review mark is stored, shown, survives re-ingest and leaves the exports", async () => {
    const doc = (await api("/api/documents?q=kirkuk-bombing")).documents[0];
    const ev = (await api(`/api/events?document=${doc.id}`)).events[0];
    assert(ev, "no event from the Kirkuk fixture");
    const quote = (await api(`/api/events/${ev.id}`)).sources[0].quote;
    await open(`${base}/?event=${ev.id}`);
    await page.waitForSelector("#review");
    await page.fill("#review-note", "the same bombing as the one already coded");
    await page.click('#review button[data-verdict="wrong"]');
    await page.waitForFunction(() => document.getElementById("review-msg").textContent === "Saved.");
    assert(await page.locator('#review-current [data-verdict="wrong"]').count() === 1, "the mark is not shown");
    // Re-ingest the same article and a new one: merged events are rebuilt.
    const fixtures = JSON.parse(await (await import("node:fs/promises")).readFile(new URL("./fixtures/articles.json", import.meta.url), "utf8"));
    await ingest([...fixtures.filter((f) => f.id === "fixture/kirkuk-bombing"),
      { id: "generated/after-review", title: "Clashes in Tal Afar", published: "2017-09-20", text: "Clashes in Tal Afar\n\nGunmen clashed with police in Tal Afar on Tuesday, officials said.\n" }]);
    const now = (await api(`/api/events?document=${doc.id}`)).events.find((e) => e.review);
    assert(now && now.review.verdict === "wrong", `the mark did not survive: ${JSON.stringify(now)}`);
    assert((await api(`/api/events/${now.id}`)).sources[0].quote === quote, "the mark moved to another event");
    await open(base);
    const li = page.locator(`#event-list li[data-event-id="${now.id}"] [data-verdict="wrong"]`);
    assert(await li.count() === 1, "the list does not show the mark");
    await open(`${base}/?event=${now.id}`);
    await page.waitForSelector("#review-current");
    assert((await page.textContent("#review-current")).includes("the same bombing"), "the note is not shown");
    const jsonl = await (await fetch(`${base}${await page.getAttribute("#export-jsonl", "href")}`)).text();
    assert(!jsonl.split("\n").filter(Boolean).some((l) => String(JSON.parse(l).id) === now.id), "a wrong event is exported");
    await shot("14-review");
  });

  await check("a 2 MB article: fetched once, drawn once, its card opens in under 1 s", async () => {
    // One paragraph of 2 MB; the event sentence recurs, so one event has hundreds of passages.
    const event = "Government forces shelled the town of Tal Afar on Sunday, killing four civilians, a local official said. ";
    const filler = "Traders in the old market said the price of bread and fuel had risen again this week. ";
    let text = "Shelling reported in Tal Afar\n\n";
    for (let i = 0; text.length < 2_000_000; i++) text += i % 40 === 0 ? event : filler;
    await ingest([{ id: "generated/two-megabytes", title: "Shelling reported in Tal Afar", published: "2017-08-27", text }]);
    const doc = (await api("/api/documents?q=two-megabytes")).documents[0];
    const ev = (await api(`/api/events?document=${doc.id}`)).events.sort((a, b) => b.source_count - a.source_count)[0];
    assert(ev, "no event from the big article");
    const detail = await api(`/api/events/${ev.id}`);
    assert(detail.sources.length >= 100, `only ${detail.sources.length} passages`);
    await open(base);
    let fetches = 0;
    const count = (r) => { if (r.url().includes(`/api/documents/${doc.id}`)) fetches++; };
    page.on("request", count);
    const ms = await page.evaluate(async (id) => {
      const t0 = performance.now();
      window.eventwire.openEvent({ id });
      while (!document.querySelector("#event-card ~ .source .article mark")) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return performance.now() - t0;
    }, ev.id);
    page.off("request", count);
    assert(fetches === 1, `the article was fetched ${fetches} times`);
    assert(await page.locator(`.source[data-document-id="${doc.id}"]`).count() === 1, "more than one box for the article");
    assert(await page.locator(`.source[data-document-id="${doc.id}"] .article`).count() === 1, "the article is drawn more than once");
    const shownChars = await page.$eval(".source .article .text", (el) => el.textContent.length);
    assert(shownChars < 20000, `${shownChars} characters drawn at once`);
    console.log(`  2 MB article card: ${ms.toFixed(0)} ms, ${detail.sources.length} passages`);
    assert(ms < 1000, `the card took ${ms.toFixed(0)} ms`);
    // More of the article on request.
    await page.locator('.source .article [data-more="after"]').click();
    assert(await page.$eval(".source .article .text", (el) => el.textContent.length) > shownChars, "show more drew nothing");
  });
}
