// `npm run bench:lsp`: keystroke to published diagnostics in `mmc lsp`, per spec and overall,
// against issue 13's target (p95 < 20 ms). A bench, not a timed test: figures depend on the machine.
// Options: --places N (where to type, per spec; default 5)  --pairs N (type+delete at each; default 5)
import { packageRoot } from "../src/cli/package-root.js";
import { lspKeystrokeLatency } from "./lsp-latency.js";
import { formatLspLatency } from "./table.js";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : fallback;
}

const rows = await lspKeystrokeLatency(packageRoot(), { places: flag("places", 5), pairs: flag("pairs", 5) });
process.stdout.write(formatLspLatency(rows) + "\n");
