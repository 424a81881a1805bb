// Builds web/dist: our plain ES modules plus the vendored npm files (d3-geo, topojson-client,
// world-atlas countries-110m and -50m). No bundler: the browser loads the modules as they are.
import { cpSync, mkdirSync, rmSync, readFileSync, writeFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");
const nm = join(here, "node_modules");

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "vendor"), { recursive: true });
mkdirSync(join(dist, "data"), { recursive: true });

for (const f of readdirSync(join(here, "src"))) cpSync(join(here, "src", f), join(dist, f));

const vendor = [
  ["d3-array/dist/d3-array.min.js", "vendor/d3-array.min.js"],
  ["d3-geo/dist/d3-geo.min.js", "vendor/d3-geo.min.js"],
  ["topojson-client/dist/topojson-client.min.js", "vendor/topojson-client.min.js"],
  ["world-atlas/countries-110m.json", "data/countries-110m.json"],
  ["world-atlas/countries-50m.json", "data/countries-50m.json"],
];
const notices = [];
for (const [from, to] of vendor) {
  cpSync(join(nm, from), join(dist, to));
  const pkg = JSON.parse(readFileSync(join(nm, from.split("/")[0], "package.json"), "utf8"));
  const notice = `${pkg.name} ${pkg.version} (${pkg.license})`;
  if (!notices.includes(notice)) notices.push(notice);
}
notices.push("Country borders: Natural Earth (public domain), via world-atlas.");
writeFileSync(join(dist, "vendor", "NOTICES.txt"), notices.join("\n") + "\n");
console.log(`web/dist built: ${vendor.length} vendored files`);
