// Steps per second of the handwritten seed model at batch 64 on the cpu and
// wasm backends with our training kernels, plus a per-kernel profile of one
// step. Run: npx tsx bench/kernels-step.ts
//   (or: npx tsc -p tsconfig.build.json && node dist/bench/kernels-step.js)
// Steps/s are given by wall clock and by this process's CPU time: on a
// shared machine the wall clock also counts time spent waiting for a core.
// Options: --backends cpu,wasm  --steps N (timed wasm steps; cpu runs fewer)
//          --batch N  --no-profile  --model hand|compiled (compiled: specs/simple.mm
//          through the lowering and the trainer, on the spec's own data)
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { registerTrainingKernels } from "../src/kernels/index.js";
import { type Clock, formatKernelStats, profileKernels } from "../src/kernels/kernel-profiler.js";
import path from "node:path";
import { packageRoot } from "../src/cli/package-root.js";
import { Trainer } from "../src/runtime/run/trainer.js";
import { loadSeedSpec } from "./seed-contenders.js";
import { createHandwrittenSeed, SEED_IMAGE, SEED_TOKENS, SEED_VOCAB } from "./seed-handwritten.js";

interface Options {
  model: "hand" | "compiled";
  backends: string[];
  steps: number;
  batch: number;
  profile: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const opts: Options = { model: "hand", backends: ["cpu", "wasm"], steps: 10, batch: 64, profile: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--backends") opts.backends = argv[++i]!.split(",");
    else if (arg === "--steps") opts.steps = Number(argv[++i]);
    else if (arg === "--batch") opts.batch = Number(argv[++i]);
    else if (arg === "--no-profile") opts.profile = false;
    else if (arg === "--model") opts.model = argv[++i] === "compiled" ? "compiled" : "hand";
    else throw new Error(`unknown option ${arg}`);
  }
  return opts;
}

/** This process's user + system CPU time in ms (the backends run on one thread). */
const cpuClock: Clock = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

function makeBatch(batch: number): { images: tf.Tensor4D; tokens: tf.Tensor2D } {
  return {
    images: tf.randomUniform([batch, ...SEED_IMAGE], 0, 1, "float32", 7) as tf.Tensor4D,
    tokens: tf.randomUniform([batch, SEED_TOKENS], 0, SEED_VOCAB, "int32", 8) as tf.Tensor2D,
  };
}

/** specs/simple.mm through the lowering and the trainer, as a model with the same step(). */
function compiledSeed(batch: number): { step(): number; dispose(): void } {
  const seed = loadSeedSpec(path.join(packageRoot(), "specs", "simple.mm"), batch);
  const trainer = new Trainer(seed.ir, seed.data);
  return { step: () => trainer.trainStep(), dispose: () => void trainer.dispose() };
}

async function benchBackend(backend: string, opts: Options): Promise<void> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} unavailable`);
  await tf.ready();
  registerTrainingKernels(backend);
  const { images, tokens } = makeBatch(opts.batch);
  const model = opts.model === "compiled" ? compiledSeed(opts.batch) : createHandwrittenSeed(1);
  // The plain-JS backend is ~20x slower: time fewer steps there.
  const steps = backend === "cpu" ? Math.max(1, Math.ceil(opts.steps / 10)) : opts.steps;
  const warmup = backend === "cpu" ? 1 : 2;
  let loss = 0;
  for (let i = 0; i < warmup; i++) loss = model.step(images, tokens);
  const tensorsBefore = tf.memory().numTensors;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < steps; i++) {
    const [w0, c0] = [performance.now(), cpuClock()];
    loss = model.step(images, tokens);
    wall.push(performance.now() - w0);
    cpu.push(cpuClock() - c0);
  }
  const leaked = tf.memory().numTensors - tensorsBefore;
  const perSecond = (ms: number[]) => (1000 * ms.length) / ms.reduce((a, b) => a + b, 0);
  console.log(
    `${backend}: ${perSecond(wall).toFixed(2)} steps/s wall, ${perSecond(cpu).toFixed(2)} steps/s cpu-time ` +
      `over ${steps} steps (median step ${median(wall).toFixed(0)} ms wall, ${median(cpu).toFixed(0)} ms cpu; ` +
      `batch ${opts.batch}, last loss ${loss.toFixed(4)}, tensors leaked ${leaked})`,
  );
  if (opts.profile) {
    const start = cpuClock();
    const { stats } = profileKernels(backend, () => model.step(images, tokens), cpuClock);
    const total = cpuClock() - start;
    console.log(`${backend}: profile of one step (${total.toFixed(0)} ms cpu time; self cpu time per kernel)`);
    console.log(formatKernelStats(stats, 25));
  }
  model.dispose();
  images.dispose();
  tokens.dispose();
}

const opts = parseOptions(process.argv.slice(2));
for (const backend of opts.backends) await benchBackend(backend, opts);
