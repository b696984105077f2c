// `mmc eval DIR`: re-evaluates a run folder's saved model on its spec's test data.
import { existsSync } from "node:fs";
import path from "node:path";
import type { BackendName } from "../runtime/run/backend.js";
import type { Summary } from "../runtime/run/run.js";
import { writeJson } from "../runtime/run/run-folder.js";
import { resultTable } from "./run-command.js";
import { SpecReadError } from "./read-spec.js";
import { readRunJson } from "./read-run-folder.js";

export async function runEval(dir: string, flags: { backend: BackendName }): Promise<number> {
  const modelDir = path.join(dir, "model");
  if (!existsSync(path.join(modelDir, "model.json"))) throw new SpecReadError(`\`${dir}\` is not a run folder (no model/model.json)`, true);
  const settings = readRunJson<{ spec: string }>(dir, "settings.json");
  const saved = readRunJson<Summary>(dir, "summary.json");
  // tfjs loads only when a command needs it.
  const [{ startBackend }, { evaluate }, { loadModel }, { loadSpecData }] = await Promise.all([
    import("../runtime/run/backend.js"),
    import("../runtime/run/evaluate.js"),
    import("../runtime/run/model-io.js"),
    import("../runtime/run/run.js"),
  ]);
  // Evaluation reads only asynchronously, so WebGPU in Node can run it too.
  const backend = await startBackend(flags.backend, { asyncReads: true });
  let model;
  try {
    model = loadModel(modelDir);
  } catch (e) {
    throw new SpecReadError(`the model in ${modelDir} cannot be loaded: ${(e as Error).message}`, false);
  }
  try {
    const data = loadSpecData(model.ir, settings.spec);
    const t0 = performance.now();
    const result = await evaluate(model.ir, model, data);
    const { zeroShot: _saved, ...kept } = saved;
    const zeroShot = result.zeroShot ? { zeroShot: result.zeroShot } : {};
    const summary: Summary = { ...kept, backend: backend.name, metrics: result.metrics, chance: result.chance, ...(result.notes ? { notes: result.notes } : {}), ...zeroShot, seconds: (performance.now() - t0) / 1000 };
    writeJson(path.join(dir, "eval.json"), { evaluatedAt: new Date().toISOString(), backend: backend.name, metrics: result.metrics, chance: result.chance, ...(result.notes ? { notes: result.notes } : {}), ...zeroShot });
    process.stdout.write(resultTable({ ...summary, status: saved.status }).replace(/ in [\d.]+ s on .*\n/, ` re-evaluated on ${backend.name}\n`) + `\nwritten: ${path.join(dir, "eval.json")}\n`);
    return 0;
  } finally {
    model.dispose();
  }
}
