// Per-kernel timing of the seed's convolutions (batch 64: conv 3->32 and 32->64, 3x3 same) on
// the wasm backend: our kernels in each build (relaxed-SIMD FMA, plain SIMD128) against the
// stock path (XNNPACK forward, composed gradients), in GFLOP/s and % of the 128-bit SIMD peak
// that our `peak` loop measures on one core. Interleaved: every repetition runs every contender,
// in rotating order;
// the best repetition is reported.
// Run: npx tsx bench/conv-kernels.ts [--reps N] [--batch N]
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { registerTrainingKernels } from "../src/kernels/index.js";
import { installConv2DBackpropFilter } from "../src/kernels/conv2d-backprop-filter.js";
import { installConv2DBackpropInput } from "../src/kernels/conv2d-backprop-input.js";
import { uninstallKernel } from "../src/kernels/registry.js";
import { installWasmConv, useWinograd } from "../src/kernels/wasm-conv.js";
import { standaloneKernels, useKernelVariant } from "../src/kernels/wasm/module.js";
import { VARIANTS } from "../src/kernels/wasm/compile.js";
import type { KernelVariant } from "../src/kernels/wasm/wat.js";

export interface ConvKernelRow {
  kernel: string;
  contender: string;
  ms: number;
  gflops: number;
  /** Percent of the 128-bit SIMD FMA peak of one core. */
  peakPct: number;
}

interface Op {
  kernel: string;
  flop: number;
  run: () => tf.Tensor;
}

const CONV_KERNELS = [tf.Conv2D, tf.FusedConv2D, tf.Conv2DBackpropInput, tf.Conv2DBackpropFilter];

/** GFLOP/s of `iters` rounds of 12 independent f32x4 multiply-adds: the 128-bit SIMD peak of a core. */
export function simdPeakGflops(variant: KernelVariant = "relaxed"): number {
  const k = standaloneKernels(variant, new WebAssembly.Memory({ initial: 1 })) ?? standaloneKernels("simd128", new WebAssembly.Memory({ initial: 1 }))!;
  k.peak(1e6);
  let best = Infinity;
  const iters = 2e7;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    k.peak(iters);
    best = Math.min(best, performance.now() - t0);
  }
  return (iters * 96) / (best / 1000) / 1e9;
}

function seedOps(batch: number): { ops: Op[]; dispose: () => void } {
  const x1 = tf.randomUniform([batch, 32, 32, 3], -1, 1, "float32", 1) as tf.Tensor4D;
  const w1 = tf.randomUniform([3, 3, 3, 32], -0.3, 0.3, "float32", 2) as tf.Tensor4D;
  const b1 = tf.zeros([32]) as tf.Tensor1D;
  const x2 = tf.randomUniform([batch, 32, 32, 32], -1, 1, "float32", 3) as tf.Tensor4D;
  const w2 = tf.randomUniform([3, 3, 32, 64], -0.1, 0.1, "float32", 4) as tf.Tensor4D;
  const b2 = tf.zeros([64]) as tf.Tensor1D;
  const dy2 = tf.randomUniform([batch, 32, 32, 64], -1, 1, "float32", 5) as tf.Tensor4D;
  const dy1 = tf.randomUniform([batch, 32, 32, 32], -1, 1, "float32", 6) as tf.Tensor4D;
  const px = batch * 32 * 32;
  const ops: Op[] = [
    { kernel: "conv1 forward 3->32", flop: 2 * px * 27 * 32, run: () => tf.fused.conv2d({ x: x1, filter: w1, strides: 1, pad: "same", bias: b1, activation: "relu" }) },
    { kernel: "conv2 forward 32->64", flop: 2 * px * 288 * 64, run: () => tf.fused.conv2d({ x: x2, filter: w2, strides: 1, pad: "same", bias: b2, activation: "relu" }) },
    { kernel: "conv2 input grad", flop: 2 * px * 288 * 64, run: () => tf.conv2dTranspose(dy2, w2, [batch, 32, 32, 32], 1, "same") },
    {
      kernel: "conv2 filter grad",
      flop: 2 * px * 288 * 64,
      run: () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: x2, dy: dy2 }, { strides: 1, pad: "same", dataFormat: "NHWC", filterShape: [3, 3, 32, 64] } as unknown as tf.NamedAttrMap) as tf.Tensor,
    },
    {
      kernel: "conv1 filter grad",
      flop: 2 * px * 27 * 32,
      run: () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: x1, dy: dy1 }, { strides: 1, pad: "same", dataFormat: "NHWC", filterShape: [3, 3, 3, 32] } as unknown as tf.NamedAttrMap) as tf.Tensor,
    },
  ];
  return { ops, dispose: () => tf.dispose([x1, w1, b1, x2, w2, b2, dy2, dy1]) };
}

type Contender = { name: string; enter: () => void };

/** Times each seed convolution under each contender, interleaved over `reps` repetitions. */
export async function convKernelBreakdown(opts: { batch?: number; reps?: number; stock?: boolean } = {}): Promise<{ peakGflops: number; rows: ConvKernelRow[] }> {
  if (!(await tf.setBackend("wasm"))) throw new Error("wasm backend unavailable");
  await tf.ready();
  registerTrainingKernels("wasm");
  const peakGflops = simdPeakGflops();
  const stockConvs = () => CONV_KERNELS.forEach((k) => uninstallKernel(k, "wasm"));
  const ours = (v: KernelVariant, winograd: boolean): Contender => ({
    name: `ours, ${v}${winograd ? "" : ", no Winograd"}`,
    enter: () => {
      stockConvs();
      installWasmConv();
      useKernelVariant(v);
      useWinograd(winograd);
    },
  });
  const contenders: Contender[] = [...VARIANTS.map((v) => ours(v, true)), ours("relaxed", false)];
  if (opts.stock !== false) {
    contenders.push({
      name: "stock (XNNPACK / composed)",
      enter: () => {
        // What the backend ran before our kernels: XNNPACK forward, gradients composed on it.
        stockConvs();
        installConv2DBackpropFilter("wasm");
        installConv2DBackpropInput("wasm");
      },
    });
  }
  const { ops, dispose } = seedOps(opts.batch ?? 64);
  const times = new Map<string, number[]>();
  const reps = opts.reps ?? 5;
  for (let r = -1; r < reps; r++) {
    // Who goes first rotates: the first op after a switch of kernels pays for it.
    for (let i = 0; i < contenders.length; i++) {
      const c = contenders[(i + Math.max(r, 0)) % contenders.length]!;
      c.enter();
      for (const op of ops) {
        const t0 = performance.now();
        const y = op.run();
        y.dataSync();
        const ms = performance.now() - t0;
        y.dispose();
        if (r < 0) continue; // warm-up
        const key = `${op.kernel}|${c.name}`;
        times.set(key, [...(times.get(key) ?? []), ms]);
      }
    }
  }
  dispose();
  stockConvs();
  useKernelVariant(undefined);
  useWinograd(true);
  registerTrainingKernels("wasm");
  const rows: ConvKernelRow[] = [];
  for (const op of ops) {
    for (const c of contenders) {
      // The best repetition: on a shared machine the others measure the neighbours too.
      const ms = Math.min(...times.get(`${op.kernel}|${c.name}`)!);
      const gflops = op.flop / (ms / 1000) / 1e9;
      rows.push({ kernel: op.kernel, contender: c.name, ms, gflops, peakPct: (100 * gflops) / peakGflops });
    }
  }
  return { peakGflops, rows };
}

export function formatConvKernels(result: { peakGflops: number; rows: ConvKernelRow[] }): string {
  const lines = [`128-bit SIMD multiply-add peak, one core: ${result.peakGflops.toFixed(1)} GFLOP/s`];
  lines.push(`${"kernel".padEnd(22)} ${"contender".padEnd(28)} ${"ms".padStart(7)} ${"GFLOP/s".padStart(8)} ${"% peak".padStart(7)}`);
  for (const r of result.rows) lines.push(`${r.kernel.padEnd(22)} ${r.contender.padEnd(28)} ${r.ms.toFixed(1).padStart(7)} ${r.gflops.toFixed(1).padStart(8)} ${r.peakPct.toFixed(0).padStart(7)}`);
  return lines.join("\n");
}

const isMain = process.argv[1]?.endsWith("conv-kernels.ts") || process.argv[1]?.endsWith("conv-kernels.js");
if (isMain) {
  const reps = Number(process.argv[process.argv.indexOf("--reps") + 1]) || 5;
  const batch = Number(process.argv[process.argv.indexOf("--batch") + 1]) || 64;
  console.log(formatConvKernels(await convKernelBreakdown({ reps, batch })));
}
