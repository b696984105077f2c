// Runs `mmc run` on test/fixtures/tiny-gpu.mm with one backend in a process of its own (a
// backend is process-global state, and Dawn's Vulkan setup comes from the environment the
// process starts with), then `mmc eval` on the folder it made. Prints one JSON line last:
// the run's losses and folder, or why the backend is unavailable here.
//
//   node --import tsx test/backends/run-child.ts <backend> <out folder>
import * as tf from "@tensorflow/tfjs";
import { readFileSync } from "node:fs";
import { checkFile } from "../../src/cli/check-command.js";
import { runEval } from "../../src/cli/eval-command.js";
import { BackendUnavailable, type BackendName } from "../../src/runtime/run/backend.js";
import { runSpec } from "../../src/runtime/run/run.js";

export const GPU_SPEC = "test/fixtures/tiny-gpu.mm";

export interface RunChildResult {
  ok: true;
  backend: string;
  device?: string;
  dir: string;
  losses: number[];
  /** Tensors left after the run (the trainer and its optimizer disposed): should be 0. */
  tensorsLeft: number;
  evalExit: number;
}

const [backend, out] = process.argv.slice(2) as [BackendName, string];
const checked = checkFile(GPU_SPEC, true);
if (!checked.ir) throw new Error(`${GPU_SPEC} does not check`);
let device: string | undefined;
try {
  const losses: number[] = [];
  const { dir, summary } = await runSpec({
    checked: { ...checked, ir: checked.ir }, specPath: GPU_SPEC, specText: readFileSync(GPU_SPEC, "utf8"), out, backend, threads: 1,
    onInfo: (line) => (device ??= /^backend: \S+ on (.*)$/.exec(line)?.[1]),
    onEvent: (e) => e.type === "step" && losses.push(e.loss),
  });
  const tensorsLeft = tf.memory().numTensors;
  const evalExit = await runEval(dir, { backend });
  const result: RunChildResult = { ok: true, backend: summary.backend, ...(device ? { device } : {}), dir, losses, tensorsLeft, evalExit };
  process.stdout.write("\n" + JSON.stringify(result) + "\n");
} catch (e) {
  if (!(e instanceof BackendUnavailable)) throw e;
  process.stdout.write("\n" + JSON.stringify({ ok: false, reason: `${e.message} (${e.help})` }) + "\n");
}
// Dawn may keep the event loop alive after the device is done.
process.exit(0);
