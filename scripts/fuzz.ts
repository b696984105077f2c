// The checker fuzzer at scale: `npx tsx scripts/fuzz.ts 100000 [seed]`. Mutates every spec in
// specs/ and every golden input, runs each mutant through the checker, and reports any
// exception, out-of-file span, rendering failure or silent failure, with the input that
// caused it (written to test-artifacts/fuzz/).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fuzz } from "../test/language/fuzz.js";
import { allInputs, ROOT } from "../test/language/support.js";

const count = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 1);
if (!Number.isInteger(count) || count < 1 || !Number.isFinite(seed)) {
  process.stderr.write("usage: npx tsx scripts/fuzz.ts [count=100000] [seed=1]\n");
  process.exit(2);
}
const corpus = allInputs().map((f) => readFileSync(path.join(ROOT, f), "utf8"));
const report = fuzz(corpus, count, seed, 50, (done) => {
  if (done % 10_000 === 0) process.stderr.write(`fuzz: ${done} / ${count}\n`);
});
const rate = (report.checked / report.ms) * 1000;
process.stdout.write(`fuzz: ${report.checked} inputs from ${corpus.length} specs, seed ${seed}, ${(report.ms / 1000).toFixed(1)} s (${rate.toFixed(0)}/s): ${report.failures.length} failure(s)\n`);
process.stdout.write(`fuzz: by generator: ${Object.entries(report.byGenerator).map(([g, n]) => `${g} ${n}`).join(", ")}\n`);
if (report.failures.length) {
  const dir = path.join(ROOT, "test-artifacts", "fuzz");
  mkdirSync(dir, { recursive: true });
  for (const f of report.failures) {
    const file = path.join(dir, `seed${seed}-${f.index}.mm`);
    writeFileSync(file, f.text);
    process.stdout.write(`\n#${f.index} ${f.generator} (${path.relative(ROOT, file)}): ${f.problem.split("\n").slice(0, 6).join("\n")}\n`);
  }
  process.exitCode = 1;
}
