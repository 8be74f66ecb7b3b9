// Compile Vega-Lite specs to Vega for the built site, so its pages load only Vega.
// Usage: node compile_charts.mjs NODE_MODULES < specs.json > compiled.json
// Reads a JSON array of Vega-Lite specs and writes the array of their Vega specs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const vegaLite = await import(
  pathToFileURL(join(process.argv[2], "vega-lite", "build", "index.js")).href
);
const specs = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(specs.map((spec) => vegaLite.compile(spec).spec)));
