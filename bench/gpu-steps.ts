// Times training steps of a spec (default: the seed, specs/simple.mm) on one backend, reading
// every loss with `await t.data()` so that WebGPU in Node (no synchronous reads) runs the same
// loop as wasm and cpu. bench/gpu.sh runs it once per backend and compares.
//
//   node --import tsx bench/gpu-steps.ts --backend webgpu [--steps 20] [--warmup 3] [--batch 64] [--spec specs/simple.mm]
//
// Prints one line for people, then `RESULT {json}`.
import { verifyIR } from "../src/ir/verify.js";
import * as tf from "@tensorflow/tfjs";
import { checkFile } from "../src/cli/check-command.js";
import { CompiledModel } from "../src/lower/model.js";
import { Rng } from "../src/common/random.js";
import { planBatches } from "../src/runtime/run/batches.js";
import { captionIds, makeFeeds } from "../src/runtime/run/feeds.js";
import { lossOutputs, totalLoss } from "../src/runtime/run/objective.js";
import { loadSpecData } from "../src/runtime/run/run.js";
import { BackendUnavailable, startBackend, type BackendName } from "../src/runtime/run/backend.js";
import { createOptimizer } from "../src/runtime/train/optimizers.js";

interface Args {
  backend: BackendName;
  steps: number;
  warmup: number;
  batch: number | undefined;
  spec: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { backend: "wasm", steps: 20, warmup: 3, batch: undefined, spec: "specs/simple.mm" };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === "--backend") a.backend = value as BackendName;
    else if (flag === "--spec") a.spec = value;
    else if (flag === "--steps" || flag === "--warmup" || flag === "--batch") {
      const n = Number(value);
      if (!Number.isInteger(n) || n < (flag === "--warmup" ? 0 : 1)) throw new Error(`${flag} needs a whole number`);
      if (flag === "--steps") a.steps = n;
      else if (flag === "--warmup") a.warmup = n;
      else a.batch = n;
    } else throw new Error(`unknown option ${flag}`);
  }
  return a;
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const checked = checkFile(args.spec, true);
  if (!checked.ir) throw new Error(`${args.spec} does not check`);
  const ir = verifyIR({ ...checked.ir, train: { ...checked.ir.train, ...(args.batch ? { batch: args.batch } : {}) } }, { where: "with the bench's batch" });
  const choice = await startBackend(args.backend, { asyncReads: true });
  const data = loadSpecData(ir, args.spec);
  const model = new CompiledModel(ir, ir.train.seed);
  const o = ir.train.optimizer;
  const optimizer = createOptimizer(o.kind === "sgd" ? { kind: "sgd", momentum: o.momentum, nesterov: o.nesterov } : { kind: "adam", beta1: o.beta1, beta2: o.beta2, eps: o.eps }, model.trainable());
  const plan = planBatches(data.train, ir.train.batch, ir.train.batches, ir.train.seed);
  const ids = captionIds(data.train);
  const outputs = lossOutputs(ir);
  const times: number[] = [];
  const losses: number[] = [];
  const t0 = performance.now();
  let last = t0;
  for (let step = 0; step < args.warmup + args.steps; step++) {
    const idx = plan.indices(step);
    const same = Int32Array.from(idx, (i) => ids[i]!);
    const { value, grads } = tf.variableGrads(
      () => totalLoss(ir, model, model.forward(makeFeeds(ir, data, data.train, idx), outputs, true, new Rng(ir.train.seed * 1_000_003 + step)), same),
      model.trainable(),
    );
    optimizer.step(grads, o.lr);
    // Reading the loss waits for this step's work on the device (and all queued before it).
    const loss = (await value.data())[0]!;
    tf.dispose([value, ...Object.values(grads)]);
    const now = performance.now();
    if (step >= args.warmup) times.push(now - last);
    if (step === Math.max(args.warmup, 1) - 1) process.stderr.write(`warm-up done in ${((now - t0) / 1000).toFixed(1)} s\n`);
    losses.push(loss);
    last = now;
  }
  const med = median(times);
  const result = {
    backend: choice.name,
    device: choice.device ?? (choice.name === "wasm" ? "CPU, one thread (wasm SIMD)" : choice.name),
    spec: args.spec,
    batch: ir.train.batch,
    steps: args.steps,
    medianStepMs: med,
    stepsPerSec: 1000 / med,
    firstLoss: losses[0],
    lastLoss: losses.at(-1),
    finite: losses.every(Number.isFinite),
  };
  optimizer.dispose();
  model.dispose();
  process.stdout.write(`${result.backend} on ${result.device}: ${result.stepsPerSec.toFixed(2)} steps/s (median ${med.toFixed(1)} ms over ${args.steps} steps, batch ${result.batch}), loss ${result.firstLoss?.toFixed(3)} -> ${result.lastLoss?.toFixed(3)}\n`);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    if (e instanceof BackendUnavailable) {
      process.stderr.write(`gpu-steps: ${e.message}\n  help: ${e.help}\n`);
      process.stdout.write(`RESULT ${JSON.stringify({ unavailable: e.message, help: e.help })}\n`);
      process.exit(3);
    }
    process.stderr.write(`gpu-steps: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
