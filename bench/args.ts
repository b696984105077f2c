// Command-line options of the benchmark (shared by bench/run.ts; `mmc bench` has its own
// commander definitions of the same options).
import type { BackendName } from "../src/runtime/run/backend.js";
import type { BenchOptions } from "./suite.js";

export type BenchArgs = Omit<BenchOptions, "log">;

export const BENCH_DEFAULTS: BenchArgs = { backend: "wasm", batch: 64, rounds: 8, stepsPerRound: 2, torch: true, threads: true };

const BACKENDS = ["auto", "cpu", "wasm", "webgpu", "node", "node-gpu"];

/** Parsed options, or a one-line error. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs | string {
  const o: BenchArgs = { ...BENCH_DEFAULTS };
  const count = (flag: string, v: string | undefined): number | string => {
    const n = Number(v);
    return Number.isInteger(n) && n > 0 ? n : `${flag} needs a positive whole number`;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    let n: number | string;
    switch (a) {
      case "--backend": {
        const b = argv[++i] ?? "";
        if (!BACKENDS.includes(b)) return `--backend must be one of ${BACKENDS.join(", ")}`;
        o.backend = b as BackendName;
        break;
      }
      case "--rounds":
      case "--steps":
      case "--batch":
        if (typeof (n = count(a, argv[++i])) === "string") return n;
        if (a === "--rounds") o.rounds = n;
        else if (a === "--steps") o.stepsPerRound = n;
        else o.batch = n;
        break;
      case "--no-torch":
        o.torch = false;
        break;
      case "--no-threads":
        o.threads = false;
        break;
      default:
        return `unknown option ${a} (options: --backend, --rounds, --steps, --batch, --no-torch, --no-threads)`;
    }
  }
  // The plain-JS backend takes seconds a step: fewer rounds unless asked.
  if (o.backend === "cpu" && !argv.includes("--rounds")) o.rounds = 2;
  return o;
}
