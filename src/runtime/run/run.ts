// `mmc run`: check the spec, load its data, train, evaluate, and leave a complete run folder.
import * as tf from "@tensorflow/tfjs";
import { cpSync } from "node:fs";
import path from "node:path";
import type { IRProgram } from "../../ir/ir.js";
import type { CheckResult } from "../../check/check.js";
import { loadData } from "../data/index.js";
import type { DataBundle } from "../data/types.js";
import { dataRequestOf, seqLenOf } from "./data-request.js";
import { availableParallelism } from "node:os";
import type { ReportEval, ReportStep } from "../report/types.js";
import { startBackend, type BackendName } from "./backend.js";
import { loadCheckpoint, saveCheckpoint } from "./model-io.js";
import { restoreHistory, writeRunOutputs } from "./outputs.js";
import { loadPretrainedTowers } from "./pretrained.js";
import { loadTfjsWeights } from "../tfjs-model/load-weights.js";
import { RunFolder, defaultRunName, writeAtomic, writeJson } from "./run-folder.js";
import { Trainer, type TrainEvent } from "./trainer.js";
import { useHelperThread } from "../parallel/pool.js";
import type { ZeroShotResult } from "../eval/zeroShot.js";

export interface RunOptions {
  /** A checked spec (the CLI reports diagnostics before calling this). */
  checked: CheckResult & { ir: IRProgram };
  specPath: string;
  specText: string;
  out?: string;
  resume?: string;
  backend: BackendName;
  onEvent?: (e: TrainEvent) => void;
  onInfo?: (line: string) => void;
  shouldStop?: () => boolean;
  /**
   * 1 or 2 (a helper thread for the second core; wasm and cpu only); default: 2 when the
   * machine has 2 cores and the backend is wasm or cpu, else 1.
   */
  threads?: number;
}

export interface Summary {
  status: "completed" | "interrupted";
  model: string;
  spec: string;
  backend: string;
  startedAt: string;
  finishedAt: string;
  seconds: number;
  steps: number;
  totalSteps: number;
  batch: number;
  paramCount: number;
  data: { kind: string; train: number; test: number; vocab: number };
  metrics: Record<string, number>;
  chance: Record<string, number>;
  /** Caveats on reading the metrics (e.g. repeated captions); absent when there are none. */
  notes?: string[];
  /** Zero-shot classification's per-class accuracy and confusion matrix, when the spec evaluates it. */
  zeroShot?: ZeroShotResult;
  /** What trained the model: absent (tfjs) in runs from before there was a choice. */
  engine?: "tfjs" | "torch";
  /** torch engine: the processes torchrun started, and their device. */
  world?: number;
  device?: "cpu" | "cuda";
}

export interface RunResult {
  dir: string;
  summary: Summary;
}

export function loadSpecData(ir: IRProgram, specPath: string): DataBundle {
  return loadData(dataRequestOf(ir, path.dirname(specPath)));
}

export async function runSpec(opts: RunOptions): Promise<RunResult> {
  const ir = opts.checked.ir;
  const info = opts.onInfo ?? (() => {});
  // Training, evaluation and saving read results only with `await t.data()`, so every backend
  // can run them, WebGPU in Node (no synchronous reads) included.
  const backend = await startBackend(opts.backend, { asyncReads: true });
  info(`backend: ${backend.name}${backend.device ? ` on ${backend.device}` : ""}${backend.kernels ? ` with our ${backend.kernels}` : ""}${backend.why.length ? ` (${backend.why.join("; ")})` : ""}`);
  const t0 = performance.now();
  const data = loadSpecData(ir, opts.specPath);
  info(`data: ${ir.data.kind}, ${data.train.count} train / ${data.test.count} test items, vocabulary ${data.vocab.words.length}, loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const trainer = new Trainer(ir, data);
  // Before the helper thread starts: it copies the weights it trains from.
  try {
    if (!opts.resume) {
      for (const line of loadPretrainedTowers(trainer.model, path.dirname(opts.specPath))) info(`pretrained ${line}`);
      for (const line of loadTfjsWeights(trainer.model, opts.specPath)) info(`loaded ${line}`);
    }
  } catch (e) {
    await trainer.dispose();
    throw e;
  }
  // Helper threads split a batch across CPU cores: they run wasm or cpu (and share weights
  // through host memory with synchronous reads), so a GPU backend trains on one thread.
  const cpuBackend = backend.name === "wasm" || backend.name === "cpu";
  const threads = opts.threads ?? (cpuBackend ? Math.min(2, availableParallelism()) : 1);
  if (threads > 1 && (backend.name === "wasm" || backend.name === "cpu")) {
    await useHelperThread(trainer, dataRequestOf(ir, path.dirname(opts.specPath)), backend.name);
  }
  const why = threads > 1 && !cpuBackend ? ` (helper threads are for wasm and cpu; ${backend.name} runs the whole batch)` : "";
  info(`training on ${trainer.threads} thread${trainer.threads > 1 ? "s (each batch split across two cores)" : why}`);
  let history: ReportStep[] = [];
  let evals: ReportEval[] = [];
  let folder: RunFolder;
  if (opts.resume) {
    folder = RunFolder.resume(opts.resume, (from, to) => cpSync(from, to, { recursive: true }));
    trainer.step = loadCheckpoint(folder.file("checkpoint"), trainer.model, trainer.optimizer);
    ({ history, evals } = restoreHistory(folder.file("metrics.jsonl"), trainer.step));
    info(`resuming ${opts.resume} at step ${trainer.step} of ${trainer.totalSteps}`);
  } else {
    folder = RunFolder.create(opts.out ?? path.join("runs", defaultRunName(ir.model)));
    writeAtomic(folder.file("spec.mm"), opts.specText);
    writeJson(folder.file("ir.json"), ir);
    writeJson(folder.file("settings.json"), {
      spec: opts.specPath, backend: backend.name, threads: trainer.threads, data: ir.data, seqLen: seqLenOf(ir), train: ir.train, totalSteps: trainer.totalSteps,
      versions: { mmc: "0.1.0", tfjs: tf.version.tfjs, node: process.version },
    });
  }
  const startedAt = new Date().toISOString();
  const started = performance.now();
  try {
    const finished = await trainer.run({
      ...(opts.shouldStop ? { shouldStop: opts.shouldStop } : {}),
      onEvent: (e) => {
        if (e.type === "step") {
          const h: ReportStep = { step: e.step, loss: e.loss, lr: e.lr, samplesPerSec: e.samplesPerSec, ...(e.temperature !== undefined ? { temperature: e.temperature } : {}) };
          history.push(h);
          folder.append("metrics.jsonl", { type: "step", ...h });
        } else if (e.type === "eval") {
          evals.push({ step: e.step, metrics: e.metrics });
          folder.append("metrics.jsonl", { type: "eval", step: e.step, metrics: e.metrics });
        }
        opts.onEvent?.(e);
      },
    });
    const status = finished ? "completed" : "interrupted";
    const evaluation = await trainer.evaluate();
    evals.push({ step: trainer.step, metrics: evaluation.metrics });
    folder.append("metrics.jsonl", { type: "eval", step: trainer.step, metrics: evaluation.metrics });
    const seconds = (performance.now() - started) / 1000;
    const summary: Summary = {
      status, model: ir.model, spec: opts.specPath, backend: backend.name, engine: "tfjs", startedAt, finishedAt: new Date().toISOString(), seconds,
      steps: trainer.step, totalSteps: trainer.totalSteps, batch: ir.train.batch, paramCount: ir.paramCount,
      data: { kind: ir.data.kind, train: data.train.count, test: data.test.count, vocab: data.vocab.words.length },
      metrics: evaluation.metrics, chance: evaluation.chance, ...(evaluation.notes ? { notes: evaluation.notes } : {}),
      ...(evaluation.zeroShot ? { zeroShot: evaluation.zeroShot } : {}),
    };
    await writeRunOutputs(folder, trainer.model, data, evaluation, summary, history, evals, opts.specText);
    await saveCheckpoint(folder.file("checkpoint"), trainer.model, trainer.optimizer, trainer.step);
    folder.finish();
    return { dir: folder.final, summary };
  } catch (e) {
    folder.abort();
    throw e;
  } finally {
    await trainer.dispose();
  }
}
