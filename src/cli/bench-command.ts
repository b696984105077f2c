// `mmc bench`: the benchmark of bench/suite.ts (training speed of the compiled seed spec
// against hand-written tfjs and PyTorch, achieved GFLOP/s, parse+check latency).
import { writeFileSync } from "node:fs";
import { parseBenchArgs } from "../../bench/args.js";
import { runBench } from "../../bench/suite.js";
import { formatResults } from "../../bench/table.js";
import { SpecReadError } from "./read-spec.js";

export interface BenchFlags {
  backend: string;
  rounds?: string;
  steps?: string;
  batch?: string;
  torch: boolean;
  threads: boolean;
  out?: string;
}

export async function runBenchCommand(flags: BenchFlags): Promise<number> {
  const argv = ["--backend", flags.backend];
  if (flags.rounds) argv.push("--rounds", flags.rounds);
  if (flags.steps) argv.push("--steps", flags.steps);
  if (flags.batch) argv.push("--batch", flags.batch);
  if (!flags.torch) argv.push("--no-torch");
  if (!flags.threads) argv.push("--no-threads");
  const args = parseBenchArgs(argv);
  if (typeof args === "string") throw new SpecReadError(args, true);
  const results = await runBench({ ...args, log: (line) => process.stderr.write(line + "\n") });
  process.stdout.write(formatResults(results) + "\n");
  if (flags.out) {
    writeFileSync(flags.out, JSON.stringify(results, null, 2) + "\n");
    process.stdout.write(`wrote ${flags.out}\n`);
  }
  return 0;
}
