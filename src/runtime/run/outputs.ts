// What every finished (or cleanly interrupted) run leaves in its folder, whichever engine
// trained it: model/ in mmc's format, the test embeddings, summary.json and report.html;
// and the metrics history a resumed run carries over.
import { existsSync, readFileSync } from "node:fs";
import type { CompiledModel } from "../../lower/model.js";
import type { DataBundle } from "../data/types.js";
import { renderReport } from "../report/render.js";
import type { ReportEval, ReportStep } from "../report/types.js";
import type { Evaluation } from "./evaluate.js";
import { saveModel } from "./model-io.js";
import { reportInput } from "./report-data.js";
import type { Summary } from "./run.js";
import { writeAtomic, writeJson, type RunFolder } from "./run-folder.js";

export async function writeRunOutputs(folder: RunFolder, model: CompiledModel, data: DataBundle, evaluation: Evaluation, summary: Summary, history: ReportStep[], evals: ReportEval[], specText: string): Promise<void> {
  await saveModel(folder.file("model"), model);
  const emb = evaluation.embeddings;
  if (emb) {
    writeAtomic(folder.file("embeddings/test-images.f32"), new Uint8Array(emb.images.buffer));
    writeAtomic(folder.file("embeddings/test-texts.f32"), new Uint8Array(emb.texts.buffer));
    writeJson(folder.file("embeddings/embeddings.json"), { dim: emb.dim, count: data.test.count, dtype: "float32", layout: "row-major [count, dim]", captions: data.test.captions });
  }
  writeJson(folder.file("summary.json"), summary);
  const html = renderReport(
    reportInput(
      {
        model: summary.model, specText, backend: summary.backend, startedAt: summary.startedAt, seconds: summary.seconds, steps: summary.steps,
        status: summary.status, final: summary.metrics, chance: summary.chance, ...(summary.notes ? { notes: summary.notes } : {}), history, evals, paramCount: summary.paramCount,
        ...(summary.zeroShot ? { zeroShot: summary.zeroShot } : {}),
      },
      data,
      emb,
    ),
  );
  writeAtomic(folder.file("report.html"), html);
}

/**
 * The steps and evaluations of metrics.jsonl up to the checkpoint's step, rewritten so: a
 * resumed run appends after them and the report's curves have no gap and no repeat.
 */
export function restoreHistory(file: string, upTo: number): { history: ReportStep[]; evals: ReportEval[] } {
  const history: ReportStep[] = [];
  const evals: ReportEval[] = [];
  readHistory(file, upTo, history, evals);
  writeAtomic(file, [...history.map((h) => ({ type: "step", ...h })), ...evals.map((e) => ({ type: "eval", ...e }))].map((l) => JSON.stringify(l) + "\n").join(""));
  return { history, evals };
}

function readHistory(file: string, upTo: number, history: ReportStep[], evals: ReportEval[]): void {
  if (!existsSync(file)) return;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as { type: string; step: number } & ReportStep & ReportEval;
    if (entry.step > upTo) continue;
    if (entry.type === "step") history.push({ step: entry.step, loss: entry.loss, lr: entry.lr, ...(entry.temperature !== undefined ? { temperature: entry.temperature } : {}), ...(entry.samplesPerSec !== undefined ? { samplesPerSec: entry.samplesPerSec } : {}) });
    else if (entry.type === "eval" && entry.step < upTo) evals.push({ step: entry.step, metrics: entry.metrics });
  }
}
