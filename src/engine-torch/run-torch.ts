// `mmc run --engine torch`: the spec trained by its PyTorch package in N processes (gloo/nccl), leaving
// the run folder the tfjs engine leaves. Node writes the data as shards (one train shard per
// process) and the package, the processes train, Node reads the weights back and evaluates them
// on tfjs with the code `mmc run` and `mmc eval` use, so both engines are scored alike.
import * as tf from "@tensorflow/tfjs";
import { cpSync, existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { IRProgram } from "../ir/ir.js";
import { CompiledModel } from "../lower/model.js";
import { writeTorchPackage } from "../lower-torch/package.js";
import { exportShards } from "../runtime/data/shards/export.js";
import type { DataBundle } from "../runtime/data/types.js";
import type { ReportEval, ReportStep } from "../runtime/report/types.js";
import { startBackend } from "../runtime/run/backend.js";
import { planBatches } from "../runtime/run/batches.js";
import { seqLenOf } from "../runtime/run/data-request.js";
import { evaluate } from "../runtime/run/evaluate.js";
import { restoreHistory, writeRunOutputs } from "../runtime/run/outputs.js";
import { RunFolder, defaultRunName, writeAtomic, writeJson } from "../runtime/run/run-folder.js";
import { loadSpecData, type RunOptions, type RunResult, type Summary } from "../runtime/run/run.js";
import { TorchEngineError } from "./errors.js";
import { findTorch } from "./find-torch.js";
import { launchRanks } from "./launch.js";
import { ThroughputWindow, stepEvent, type TorchProgress } from "./progress-lines.js";
import { assignTorchWeights } from "./read-weights.js";
import { validateTorchRun, type TorchEngineFlags } from "./validate.js";

export const TORCH_PACKAGE = "mmc_model";
export const TORCH_MODULE = `${TORCH_PACKAGE}.distributed`;

export interface TorchRunOptions extends Omit<RunOptions, "threads" | "shouldStop">, TorchEngineFlags {
  /** Aborted on the first Ctrl-C: training stops after the current step and the run is saved. */
  stop?: AbortSignal;
  /** The processes save a checkpoint every this many steps besides the last. */
  checkpointEvery?: number;
  /** The module every rank runs, and folders put before the package on PYTHONPATH (a test's stand-in). */
  module?: string;
  pythonPath?: string[];
}

/** What settings.json records for a torch run, so that --resume continues on the same engine. */
export interface TorchSettings {
  engine: "torch";
  nproc: number;
  device: TorchEngineFlags["device"];
}

function totalStepsOf(ir: IRProgram, data: DataBundle): number {
  const t = ir.train;
  return t.steps ?? Math.max(1, Math.round((t.epochs ?? 1) * planBatches(data.train, t.batch, t.batches, t.seed).stepsPerEpoch));
}

/** Writes what the processes read: the shards, N per split, and the package with mmc's initial weights. */
function writeTorchInputs(folder: RunFolder, ir: IRProgram, data: DataBundle, nproc: number): void {
  exportShards(data, folder.file("shards"), { shardsPerSplit: nproc, tokens: true, source: { kind: ir.data.kind, args: ir.data.args } });
  writeTorchPackage(ir, folder.file(path.join("torch", TORCH_PACKAGE)));
}

export async function runTorchSpec(opts: TorchRunOptions): Promise<RunResult> {
  const ir = opts.checked.ir;
  const info = opts.onInfo ?? (() => {});
  const setup = findTorch();
  validateTorchRun(ir, opts, setup);
  info(`engine: torch ${setup.torch} (${setup.python}), ${opts.nproc} process${opts.nproc > 1 ? "es" : ""} on ${opts.device}`);
  // Evaluation runs on tfjs; started first so that a backend that cannot start costs no training.
  const backend = await startBackend(opts.backend, { asyncReads: true });
  const data = loadSpecData(ir, opts.specPath);
  info(`data: ${ir.data.kind}, ${data.train.count} train / ${data.test.count} test items, vocabulary ${data.vocab.words.length}`);
  const totalSteps = totalStepsOf(ir, data);
  let history: ReportStep[] = [];
  let evals: ReportEval[] = [];
  let startStep = 0;
  let folder: RunFolder;
  if (opts.resume) {
    const resumeOut = path.join(opts.resume, "torch-out");
    if (!existsSync(path.join(resumeOut, "checkpoint.pt"))) throw new TorchEngineError(`\`${opts.resume}\` is a torch run without a checkpoint (no torch-out/checkpoint.pt)`);
    folder = RunFolder.resume(opts.resume, (from, to) => cpSync(from, to, { recursive: true }));
    startStep = (JSON.parse(readFileSync(path.join(opts.resume, "summary.json"), "utf8")) as Summary).steps;
    ({ history, evals } = restoreHistory(folder.file("metrics.jsonl"), startStep));
    info(`resuming ${opts.resume} at step ${startStep} of ${totalSteps}`);
  } else {
    folder = RunFolder.create(opts.out ?? path.join("runs", defaultRunName(ir.model)));
  }
  const model = new CompiledModel(ir, ir.train.seed);
  try {
    if (!opts.resume) {
      writeAtomic(folder.file("spec.mm"), opts.specText);
      writeJson(folder.file("ir.json"), ir);
      const engine: TorchSettings = { engine: "torch", nproc: opts.nproc, device: opts.device };
      writeJson(folder.file("settings.json"), {
        spec: opts.specPath, ...engine, evalBackend: backend.name, data: ir.data, seqLen: seqLenOf(ir), train: ir.train, totalSteps,
        versions: { mmc: "0.1.0", torch: setup.torch, tfjs: tf.version.tfjs, node: process.version },
      });
      writeTorchInputs(folder, ir, data, opts.nproc);
    }
    const startedAt = new Date().toISOString();
    const started = performance.now();
    // The spec's eval_every: rank 0 leaves the weights after such a step in a folder, scored here
    // on tfjs while training goes on, one at a time, in the order they came.
    const evaluateAt = async (step: number, dir: string) => {
      assignTorchWeights(ir, model, dir);
      const evaluation = await evaluate(ir, model, data);
      rmSync(dir, { recursive: true, force: true });
      evals.push({ step, metrics: evaluation.metrics });
      folder.append("metrics.jsonl", { type: "eval", step, metrics: evaluation.metrics });
      opts.onEvent?.({ type: "eval", step, metrics: evaluation.metrics, evaluation });
    };
    const trained = await train(opts, folder, totalSteps, startStep, history, setup, evaluateAt);
    assignTorchWeights(ir, model, folder.file("torch-out"));
    const evaluation = await evaluate(ir, model, data);
    evals.push({ step: trained.steps, metrics: evaluation.metrics });
    folder.append("metrics.jsonl", { type: "eval", step: trained.steps, metrics: evaluation.metrics });
    const summary: Summary = {
      status: trained.status, model: ir.model, spec: opts.specPath, backend: "torch", engine: "torch", world: opts.nproc, device: opts.device,
      startedAt, finishedAt: new Date().toISOString(), seconds: (performance.now() - started) / 1000,
      steps: trained.steps, totalSteps, batch: ir.train.batch, paramCount: ir.paramCount,
      data: { kind: ir.data.kind, train: data.train.count, test: data.test.count, vocab: data.vocab.words.length },
      metrics: evaluation.metrics, chance: evaluation.chance, ...(evaluation.notes ? { notes: evaluation.notes } : {}),
      ...(evaluation.zeroShot ? { zeroShot: evaluation.zeroShot } : {}),
    };
    await writeRunOutputs(folder, model, data, evaluation, summary, history, evals, opts.specText);
    folder.finish();
    return { dir: folder.final, summary };
  } catch (e) {
    folder.abort();
    throw e;
  } finally {
    model.dispose();
  }
}

interface Trained {
  status: Summary["status"];
  steps: number;
}

/** Runs the processes to the end (or to an interrupt), recording each step; throws on any failure. */
async function train(
  opts: TorchRunOptions, folder: RunFolder, totalSteps: number, startStep: number, history: ReportStep[], setup: ReturnType<typeof findTorch>,
  evaluateAt: (step: number, dir: string) => Promise<void>,
): Promise<Trained> {
  const ir = opts.checked.ir;
  const throughput = new ThroughputWindow(ir.train.batch);
  let last: TorchProgress | undefined;
  let steps = startStep;
  let diverged: number | undefined;
  let timeUp = false;
  let evaluations = Promise.resolve();
  const launched = launchRanks({
    setup, nproc: opts.nproc, device: opts.device, steps: totalSteps,
    shards: folder.file("shards"), out: folder.file("torch-out"), log: folder.file("torch.log"),
    ...(opts.resume ? { resume: path.join(opts.resume, "torch-out") } : {}),
    ...(opts.checkpointEvery ? { checkpointEvery: opts.checkpointEvery } : {}),
    ...(ir.train.evalEvery ? { evalEvery: ir.train.evalEvery } : {}),
    pythonPath: [...(opts.pythonPath ?? []), folder.file("torch")], module: opts.module ?? TORCH_MODULE,
    onProgress: (p) => {
      if (p.event === "start") opts.onEvent?.({ type: "start", totalSteps, startStep, batch: ir.train.batch });
      else if (p.event === "step") {
        if (p.loss === null || !Number.isFinite(p.loss)) {
          diverged ??= p.step;
          launched.interrupt();
          return;
        }
        const { event, entry } = stepEvent(p, throughput.stepDone(p.elapsed_s));
        steps = p.step;
        history.push(entry);
        folder.append("metrics.jsonl", { type: "step", ...entry });
        opts.onEvent?.(event);
        // The spec's time limit ends training as the tfjs trainer ends it: a completed run.
        if (ir.train.timeLimit && p.elapsed_s > ir.train.timeLimit && p.step < totalSteps && !timeUp) {
          timeUp = true;
          launched.interrupt();
        }
      } else if (p.event === "weights") {
        const { step, path: dir } = p;
        evaluations = evaluations.then(() => evaluateAt(step, dir));
        // Marked handled here; the failure itself is thrown where training ends.
        evaluations.catch(() => {});
      } else if (p.event !== "checkpoint") last = p;
    },
  });
  const onStop = () => launched.interrupt();
  opts.stop?.addEventListener("abort", onStop);
  try {
    const outcome = await launched.done;
    await evaluations;
    if (diverged !== undefined) throw new TorchEngineError(`the loss became NaN or infinite at step ${diverged}; ${opts.resume ? `\`${opts.resume}\` is left as it was` : "no run folder was written"}. Lower the learning rate, or add \`clip: 1.0\` to the train block`);
    if (last?.event === "error") throw new TorchEngineError(`torch engine: ${last.message}`, outcome.logTail);
    // After an interrupt the launcher may exit non-zero; the ranks' own word counts.
    if (last?.event === "done" || last?.event === "interrupted") {
      return { status: last.event === "done" || timeUp ? "completed" : "interrupted", steps: last.step };
    }
    const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.code}`;
    throw new TorchEngineError(`the training processes ${how} before training finished (at step ${steps} of ${totalSteps}); nothing was saved. The end of its log:`, outcome.logTail);
  } finally {
    opts.stop?.removeEventListener("abort", onStop);
  }
}
