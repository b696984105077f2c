// `npm run bench`: runs the whole benchmark once, prints its tables and writes
// bench/results.json. Options: --backend wasm|cpu|auto  --rounds N  --steps N (per round)
//   --batch N  --no-torch  --no-threads
import { writeFileSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../src/cli/package-root.js";
import { parseBenchArgs } from "./args.js";
import { runBench } from "./suite.js";
import { formatResults } from "./table.js";

const parsed = parseBenchArgs(process.argv.slice(2));
if (typeof parsed === "string") {
  process.stderr.write(`bench: ${parsed}\n`);
  process.exit(2);
}
const results = await runBench({ ...parsed, log: (line) => process.stderr.write(line + "\n") });
process.stdout.write(formatResults(results) + "\n");
const file = path.join(packageRoot(), "bench", "results.json");
writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
