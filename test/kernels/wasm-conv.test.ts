// Our wasm convolution kernels (src/kernels/wasm): forward, fused bias + relu, input and filter
// gradients, in both builds (relaxed-SIMD FMA and plain SIMD128), against float64 loops on
// random shapes: strides, dilations, same/valid/explicit padding, odd sizes, batch 1, channel
// counts that are not multiples of the 6x8 tile.
import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { isInstalled } from "../../src/kernels/registry.js";
import { useKernelVariant } from "../../src/kernels/wasm/module.js";
import { useWinograd } from "../../src/kernels/wasm-conv.js";
import { VARIANTS } from "../../src/kernels/wasm/compile.js";
import { leakedBy, useBackend } from "./backends.js";
import { type RefGeometry, refConv2d, refFilterGrad, refInputGrad, relativeError, seededValues } from "./reference.js";

const TOLERANCE = 1e-4;

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  dilations: [number, number];
  pad: "same" | "valid" | number[][];
}

/** Random but reproducible shapes (a small LCG). */
function randomCases(count: number, seed: number): Case[] {
  let s = seed;
  const next = (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
  const cases: Case[] = [];
  while (cases.length < count) {
    const k: [number, number] = [1 + next(4), 1 + next(4)];
    const strides: [number, number] = [1 + next(2), 1 + next(3)];
    const dilations: [number, number] = strides[0] === 1 && strides[1] === 1 && next(3) === 0 ? [1 + next(2), 2] : [1, 1];
    const pads = ["same", "valid", [[0, 0], [next(3), next(2)], [next(2), next(3)], [0, 0]]] as const;
    const pad = pads[next(3)] as Case["pad"];
    const x: Case["x"] = [1 + next(3), 3 + next(9), 3 + next(12), 1 + next(13)];
    const filter: Case["filter"] = [k[0], k[1], x[3], 1 + next(19)];
    const g = geometry({ x, filter, strides, dilations, pad });
    if (g && g.oh > 0 && g.ow > 0) cases.push({ x, filter, strides, dilations, pad });
  }
  return cases;
}

function geometry(c: Case): RefGeometry | null {
  try {
    const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, c.dilations, c.pad as "same", undefined);
    return {
      n: info.batchSize, h: info.inHeight, w: info.inWidth, ci: info.inChannels,
      oh: info.outHeight, ow: info.outWidth, co: info.outChannels,
      kh: info.filterHeight, kw: info.filterWidth,
      sh: info.strideHeight, sw: info.strideWidth, dh: info.dilationHeight, dw: info.dilationWidth,
      top: info.padInfo.top, left: info.padInfo.left,
    };
  } catch {
    return null;
  }
}

const FIXED: Case[] = [
  { x: [2, 32, 32, 3], filter: [3, 3, 3, 32], strides: [1, 1], dilations: [1, 1], pad: "same" },
  { x: [1, 9, 13, 32], filter: [3, 3, 32, 64], strides: [1, 1], dilations: [1, 1], pad: "same" },
  { x: [1, 7, 8, 5], filter: [1, 1, 5, 7], strides: [1, 1], dilations: [1, 1], pad: "valid" },
  // Winograd shapes (3x3, stride 1, channels in 4s): odd and even sizes, every padding.
  { x: [2, 8, 10, 12], filter: [3, 3, 12, 20], strides: [1, 1], dilations: [1, 1], pad: "same" },
  { x: [1, 7, 9, 8], filter: [3, 3, 8, 12], strides: [1, 1], dilations: [1, 1], pad: "valid" },
  { x: [3, 5, 6, 16], filter: [3, 3, 16, 8], strides: [1, 1], dilations: [1, 1], pad: [[0, 0], [2, 0], [0, 1], [0, 0]] },
  { x: [1, 3, 3, 8], filter: [3, 3, 8, 8], strides: [1, 1], dilations: [1, 1], pad: "valid" },
];
const CASES = [...FIXED, ...randomCases(12, 11)];
const label = (c: Case) => `x ${c.x.join("x")} filter ${c.filter.join("x")} strides ${c.strides} dil ${c.dilations} pad ${JSON.stringify(c.pad)}`;

function run(kernel: string, inputs: tf.NamedTensorMap, attrs: object): Float32Array {
  return (tf.engine().runKernel(kernel, inputs, attrs as tf.NamedAttrMap) as tf.Tensor).dataSync() as Float32Array;
}

afterAll(() => {
  useKernelVariant(undefined);
  useWinograd(true);
});

const BUILDS = VARIANTS.flatMap((variant) => [true, false].map((winograd) => ({ variant, winograd, name: `${variant}${winograd ? "" : ", Winograd off"}` })));

describe.each(BUILDS)("wasm conv kernels, $name", ({ variant, winograd }) => {
  it("are the ones installed", async () => {
    await useBackend("wasm");
    expect(useKernelVariant(variant)).toBe(variant);
    useWinograd(winograd);
    for (const k of [tf.Conv2D, tf.FusedConv2D, tf.Conv2DBackpropInput, tf.Conv2DBackpropFilter]) expect(isInstalled(k, "wasm")).toBe(true);
  });

  it.each(CASES.map((c) => [label(c), c] as const))("forward, fused, input and filter gradients: %s", async (_, c) => {
    await useBackend("wasm");
    useKernelVariant(variant);
    useWinograd(winograd);
    const g = geometry(c)!;
    const x = seededValues(g.n * g.h * g.w * g.ci, 1);
    const f = seededValues(g.kh * g.kw * g.ci * g.co, 2);
    const dy = seededValues(g.n * g.oh * g.ow * g.co, 3);
    const bias = seededValues(g.co, 4);
    const attrs = { strides: c.strides, pad: c.pad, dilations: c.dilations, dataFormat: "NHWC" };
    const got = tf.tidy(() => {
      const [xt, ft, dyt, bt] = [tf.tensor4d(x, c.x), tf.tensor4d(f, c.filter), tf.tensor4d(dy, [g.n, g.oh, g.ow, g.co]), tf.tensor1d(bias)];
      return {
        y: run(tf.Conv2D, { x: xt, filter: ft }, attrs),
        fused: run(tf.FusedConv2D, { x: xt, filter: ft, bias: bt }, { ...attrs, dataFormat: "NHWC", activation: "relu" }),
        dx: run(tf.Conv2DBackpropInput, { dy: dyt, filter: ft }, { ...attrs, inputShape: c.x }),
        dw: run(tf.Conv2DBackpropFilter, { x: xt, dy: dyt }, { ...attrs, filterShape: c.filter }),
      };
    });
    const y = refConv2d(x, f, g);
    expect(relativeError(got.y, y)).toBeLessThan(TOLERANCE);
    expect(relativeError(got.fused, y.map((v, i) => Math.max(0, v + bias[i % g.co]!)))).toBeLessThan(TOLERANCE);
    expect(relativeError(got.dx, refInputGrad(f, dy, g))).toBeLessThan(TOLERANCE);
    expect(relativeError(got.dw, refFilterGrad(x, dy, g))).toBeLessThan(TOLERANCE);
  });

  it("gradients through tf.fused.conv2d match the cpu backend", async () => {
    const c = FIXED[1]!;
    const x = seededValues(c.x.reduce((a, b) => a * b), 5);
    const f = seededValues(c.filter.reduce((a, b) => a * b), 6);
    const grads = async (backend: "cpu" | "wasm") => {
      await useBackend(backend);
      if (backend === "wasm") {
        useKernelVariant(variant);
        useWinograd(winograd);
      }
      return tf.tidy(() => {
        const loss = (xt: tf.Tensor, ft: tf.Tensor, bt: tf.Tensor) =>
          tf.sum(tf.square(tf.fused.conv2d({ x: xt as tf.Tensor4D, filter: ft as tf.Tensor4D, strides: 1, pad: "same", bias: bt, activation: "relu" })));
        return tf.grads(loss)([tf.tensor4d(x, c.x), tf.tensor4d(f, c.filter), tf.zeros([c.filter[3]])]).map((t) => t.dataSync());
      });
    };
    const cpu = await grads("cpu");
    const wasm = await grads("wasm");
    for (let i = 0; i < 3; i++) expect(relativeError(wasm[i]!, cpu[i]!)).toBeLessThan(TOLERANCE);
  });

  it("leave no tensors or heap buffers behind", async () => {
    await useBackend("wasm");
    useKernelVariant(variant);
    useWinograd(winograd);
    const c = FIXED[1]!;
    const xt = tf.tensor4d(seededValues(c.x.reduce((a, b) => a * b), 7), c.x);
    const ft = tf.tensor4d(seededValues(c.filter.reduce((a, b) => a * b), 8), c.filter);
    const leaked = leakedBy(() => tf.tidy(() => void tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, "same")))([xt, ft])));
    expect(leaked).toEqual({ tensors: 0, buffers: 0 });
    tf.dispose([xt, ft]);
  });
});
