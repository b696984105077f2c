// How much a spec may do in a browser tab: the data and step caps of the browser budget, and
// an estimate of the memory a run needs (parameters with gradients and Adam's two slots,
// activations and their gradients for one batch, the composed conv-gradient buffers, the
// decoded data set and one evaluation batch). Pure, so it is unit-tested in Node.
import { nodeWorkspace } from "../../src/ir/facts.js";
import { elementCount } from "../../src/ir/shape.js";
import type { IRProgram } from "../../src/ir/ir.js";
import { verifyIR } from "../../src/ir/verify.js";

export interface Budget {
  maxTrain: number;
  maxTest: number;
  maxSteps: number;
}

/** The playground's default: a few thousand items and at most a thousand steps. */
export const BROWSER_BUDGET: Budget = { maxTrain: 2000, maxTest: 500, maxSteps: 1000 };

/** What a tab can hold: tfjs-wasm's heap tops out at 2-4 GB; stay well under it. */
export const MEMORY_LIMIT_BYTES = 1 << 30;

/** Data kinds the browser can generate (no files, no Node modules). */
export const BROWSER_DATA_KINDS = ["shapes", "noise"];

export interface RunPlan {
  /** The program to train: a copy of the checked one with the budget applied. */
  ir: IRProgram;
  capped: boolean;
  spec: { train: number; test: number; steps: number };
  run: { train: number; test: number; steps: number };
  /** Evaluate every this many steps (the spec's eval_every, else about 20 times a run). */
  evalEvery: number;
  bytes: MemoryEstimate;
}

export interface MemoryEstimate {
  params: number;
  activations: number;
  data: number;
  total: number;
}

const roundUp = (n: number, unit: number) => Math.ceil(n / unit) * unit;

function counts(ir: IRProgram): { train: number; test: number } {
  const args = ir.data.args as Record<string, unknown>;
  const train = Number(args["train"] ?? 8000);
  const test = Number(args["test"] ?? 1000);
  return ir.data.groupSize ? { train: roundUp(train, ir.data.groupSize), test: roundUp(test, ir.data.groupSize) } : { train, test };
}

function stepsFor(ir: IRProgram, train: number): number {
  const t = ir.train;
  if (t.steps !== undefined) return t.steps;
  const unit = t.batches === "groups" ? (ir.data.groupSize ?? 1) : 1;
  const perEpoch = Math.max(1, Math.floor(train / unit / Math.max(1, Math.floor(t.batch / unit))));
  return Math.max(1, Math.round((t.epochs ?? 1) * perEpoch));
}

/** Applies the budget (unless `full`) and sizes the run. */
export function planRun(source: IRProgram, budget: Budget | null): RunPlan {
  const ir: IRProgram = structuredClone(source);
  const spec = counts(ir);
  const specSteps = stepsFor(ir, spec.train);
  let capped = false;
  if (budget && BROWSER_DATA_KINDS.includes(ir.data.kind)) {
    const args = ir.data.args as Record<string, unknown>;
    const minTrain = Math.max(ir.train.batch, 8);
    if (spec.train > budget.maxTrain) {
      args["train"] = Math.max(minTrain, budget.maxTrain);
      capped = true;
    }
    if (spec.test > budget.maxTest) {
      args["test"] = budget.maxTest;
      capped = true;
    }
  }
  const run = counts(ir);
  let steps = stepsFor(ir, run.train);
  if (budget && steps > budget.maxSteps) {
    ir.train.steps = budget.maxSteps;
    delete ir.train.epochs;
    steps = budget.maxSteps;
    capped = true;
  }
  // About 20 evaluations a run; in the browser budget never fewer, so recall shows early.
  const often = Math.max(5, Math.round(steps / 20));
  const evalEvery = budget ? Math.min(ir.train.evalEvery ?? often, often) : ir.train.evalEvery ?? often;
  ir.train.evalEvery = evalEvery;
  verifyIR(ir, { where: "after the browser budget" });
  return { ir, capped, spec: { ...spec, steps: specSteps }, run: { ...run, steps }, evalEvery, bytes: estimateMemory(ir, run.train, run.test) };
}

const F32 = 4;

/** Bytes a training run of `ir` needs, roughly (within a factor of two of what tfjs allocates). */
export function estimateMemory(ir: IRProgram, train: number, test: number): MemoryEstimate {
  const paramCount = ir.paramCount + ir.lossParamCount;
  // weights, gradients, Adam's first and second moments
  const params = paramCount * F32 * 4;
  const batch = ir.train.batch;
  let perBatchItem = 0;
  let evalPerItem = 0;
  for (const n of ir.nodes) {
    const size = elementCount(n.shape);
    // forward value kept for the backward pass, its gradient, and a temporary
    perBatchItem += size * 3;
    evalPerItem += size;
    const workspace = nodeWorkspace(n, ir);
    perBatchItem += workspace.train;
    evalPerItem += workspace.eval;
  }
  const activations = (perBatchItem * batch + evalPerItem * 250) * F32;
  const image = ir.inputs.find((i) => i.kind === "image");
  const tokens = ir.inputs.find((i) => i.kind === "tokens");
  const imageSize = image ? elementCount(ir.nodes[image.node]!.shape) : 0;
  const tokenSize = tokens ? elementCount(ir.nodes[tokens.node]!.shape) : 0;
  const data = (train + test) * (imageSize + tokenSize) * F32;
  return { params, activations, data, total: params + activations + data };
}

export function formatBytes(n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(1)} GB`;
  if (n >= 1 << 20) return `${Math.round(n / (1 << 20))} MB`;
  return `${Math.max(1, Math.round(n / 1024))} KB`;
}
