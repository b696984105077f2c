// Steps per second of the handwritten seed model at batch 64 on the cpu and
// wasm backends with our training kernels, plus a per-kernel profile of one
// step. Run: npx tsc -p tsconfig.build.json && node dist/bench/kernels-step.js
// Options: --backends cpu,wasm  --steps N (timed wasm steps; cpu runs fewer)
//          --batch N  --no-profile
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { registerTrainingKernels } from "../src/kernels/index.js";
import { formatKernelStats, profileKernels } from "../src/kernels/kernel-profiler.js";
import { createHandwrittenSeed, SEED_IMAGE, SEED_TOKENS, SEED_VOCAB } from "./seed-handwritten.js";

interface Options {
  backends: string[];
  steps: number;
  batch: number;
  profile: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const opts: Options = { backends: ["cpu", "wasm"], steps: 10, batch: 64, profile: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--backends") opts.backends = argv[++i]!.split(",");
    else if (arg === "--steps") opts.steps = Number(argv[++i]);
    else if (arg === "--batch") opts.batch = Number(argv[++i]);
    else if (arg === "--no-profile") opts.profile = false;
    else throw new Error(`unknown option ${arg}`);
  }
  return opts;
}

function makeBatch(batch: number): { images: tf.Tensor4D; tokens: tf.Tensor2D } {
  return {
    images: tf.randomUniform([batch, ...SEED_IMAGE], 0, 1, "float32", 7) as tf.Tensor4D,
    tokens: tf.randomUniform([batch, SEED_TOKENS], 0, SEED_VOCAB, "int32", 8) as tf.Tensor2D,
  };
}

async function benchBackend(backend: string, opts: Options): Promise<void> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} unavailable`);
  await tf.ready();
  registerTrainingKernels(backend);
  const { images, tokens } = makeBatch(opts.batch);
  const model = createHandwrittenSeed(1);
  // The plain-JS backend is ~20x slower: time fewer steps there.
  const steps = backend === "cpu" ? Math.max(1, Math.ceil(opts.steps / 10)) : opts.steps;
  const warmup = backend === "cpu" ? 1 : 2;
  let loss = 0;
  for (let i = 0; i < warmup; i++) loss = model.step(images, tokens);
  const tensorsBefore = tf.memory().numTensors;
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const start = performance.now();
    loss = model.step(images, tokens);
    times.push(performance.now() - start);
  }
  const leaked = tf.memory().numTensors - tensorsBefore;
  const total = times.reduce((a, b) => a + b, 0);
  const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  console.log(
    `${backend}: ${(steps / (total / 1000)).toFixed(2)} steps/s over ${steps} steps ` +
      `(median step ${median.toFixed(0)} ms, batch ${opts.batch}, last loss ${loss.toFixed(4)}, tensors leaked ${leaked})`,
  );
  if (opts.profile) {
    const start = performance.now();
    const { stats } = profileKernels(backend, () => model.step(images, tokens));
    const wall = performance.now() - start;
    console.log(`${backend}: profile of one step (${wall.toFixed(0)} ms wall, self time per kernel)`);
    console.log(formatKernelStats(stats, 25));
  }
  model.dispose();
  images.dispose();
  tokens.dispose();
}

const opts = parseOptions(process.argv.slice(2));
for (const backend of opts.backends) await benchBackend(backend, opts);
