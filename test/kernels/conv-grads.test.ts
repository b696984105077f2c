// Conv2DBackpropFilter / Conv2DBackpropInput: ours against float64 loops, the
// stock kernels where they exist, and finite differences of the loops.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { conv2dFilterGrad, conv2dInputGrad, type ConvParams } from "../../src/kernels/index.js";
import { BACKENDS, leakedBy, useBackend, withStockKernels } from "./backends.js";
import { type RefGeometry, refConv2d, refFilterGrad, refInputGrad, relativeError, seededValues } from "./reference.js";

/** Float32 results against float64 loops: sums of up to ~300 products. */
const TOLERANCE = 2e-5;

interface Case {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: ConvParams["pad"];
  dilations?: number | [number, number];
}

const CASES: Case[] = [
  { name: "3x3 stride 1 same", x: [2, 7, 8, 3], filter: [3, 3, 3, 4], strides: 1, pad: "same" },
  { name: "3x3 stride 1 valid", x: [2, 7, 8, 3], filter: [3, 3, 3, 4], strides: 1, pad: "valid" },
  { name: "3x2 stride 2 same, odd size", x: [2, 7, 9, 3], filter: [3, 2, 3, 5], strides: 2, pad: "same" },
  { name: "3x3 stride 2 same, even size", x: [3, 8, 8, 2], filter: [3, 3, 2, 4], strides: 2, pad: "same" },
  { name: "2x3 strides 2x3 valid, unread tail", x: [2, 10, 11, 3], filter: [2, 3, 3, 4], strides: [2, 3], pad: "valid" },
  { name: "1x1 stride 1", x: [2, 5, 6, 4], filter: [1, 1, 4, 3], strides: 1, pad: "valid" },
  { name: "5x5 stride 1 same", x: [1, 9, 9, 2], filter: [5, 5, 2, 3], strides: 1, pad: "same" },
  { name: "explicit asymmetric pads", x: [2, 7, 8, 3], filter: [3, 3, 3, 4], strides: 1, pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  { name: "explicit pads, stride 2", x: [2, 9, 8, 2], filter: [3, 2, 2, 3], strides: 2, pad: [[0, 0], [1, 0], [2, 1], [0, 0]] },
  { name: "dilation 2 same", x: [2, 9, 8, 3], filter: [3, 3, 3, 4], strides: 1, pad: "same", dilations: 2 },
  { name: "dilation 2x3 valid", x: [2, 11, 12, 2], filter: [2, 3, 2, 3], strides: 1, pad: "valid", dilations: [2, 3] },
  // Above 4 input channels the filter gradient is a convolution (dy or x as its input).
  { name: "3x3 stride 1 same, 8 -> 10 channels", x: [2, 6, 7, 8], filter: [3, 3, 8, 10], strides: 1, pad: "same" },
  { name: "3x3 stride 1 valid, 9 -> 5 channels", x: [2, 7, 6, 9], filter: [3, 3, 9, 5], strides: 1, pad: "valid" },
];

function geometry(c: Case): RefGeometry {
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, c.dilations ?? 1, c.pad as "same", undefined);
  return {
    n: info.batchSize, h: info.inHeight, w: info.inWidth, ci: info.inChannels,
    oh: info.outHeight, ow: info.outWidth, co: info.outChannels,
    kh: info.filterHeight, kw: info.filterWidth,
    sh: info.strideHeight, sw: info.strideWidth, dh: info.dilationHeight, dw: info.dilationWidth,
    top: info.padInfo.top, left: info.padInfo.left,
  };
}

function caseData(c: Case) {
  const g = geometry(c);
  const x = seededValues(g.n * g.h * g.w * g.ci, 1);
  const f = seededValues(g.kh * g.kw * g.ci * g.co, 2);
  const dy = seededValues(g.n * g.oh * g.ow * g.co, 3);
  return { g, x, f, dy, outShape: [g.n, g.oh, g.ow, g.co] as [number, number, number, number] };
}

const params = (c: Case): ConvParams => ({ strides: c.strides, pad: c.pad, dilations: c.dilations });

describe("reference loops", () => {
  it("match central differences of the float64 forward loop", () => {
    const c: Case = { name: "fd", x: [2, 5, 6, 2], filter: [2, 3, 2, 2], strides: [2, 1], pad: "same", dilations: 1 };
    for (const dilated of [c, { ...c, strides: 1, dilations: [2, 1] as [number, number] }]) {
      const { g, x, f, dy } = caseData(dilated);
      const loss = (xv: ArrayLike<number>, fv: ArrayLike<number>) => refConv2d(xv, fv, g).reduce((s, v, i) => s + v * dy[i]!, 0);
      const eps = 1e-6;
      const numeric = (base: Float32Array, other: Float32Array, isX: boolean) =>
        Array.from(base, (_, i) => {
          const plus = Float64Array.from(base);
          const minus = Float64Array.from(base);
          plus[i]! += eps;
          minus[i]! -= eps;
          const lp = isX ? loss(plus, other) : loss(other, plus);
          const lm = isX ? loss(minus, other) : loss(other, minus);
          return (lp - lm) / (2 * eps);
        });
      expect(relativeError(refFilterGrad(x, dy, g), numeric(f, x, false))).toBeLessThan(1e-7);
      expect(relativeError(refInputGrad(f, dy, g), numeric(x, f, true))).toBeLessThan(1e-7);
    }
  });
});

describe.each(BACKENDS)("conv2d gradients on %s", (backend) => {
  it.each(CASES)("filter and input gradients: $name", async (c) => {
    await useBackend(backend);
    const { g, x, f, dy, outShape } = caseData(c);
    const [dx, df] = tf.tidy(() => {
      const xt = tf.tensor4d(x, c.x);
      const ft = tf.tensor4d(f, c.filter);
      const dyt = tf.tensor4d(dy, outShape);
      return [conv2dInputGrad(dyt, ft, c.x, params(c)).dataSync(), conv2dFilterGrad(xt, dyt, c.filter, params(c)).dataSync()];
    });
    expect(relativeError(df!, refFilterGrad(x, dy, g))).toBeLessThan(TOLERANCE);
    expect(relativeError(dx!, refInputGrad(f, dy, g))).toBeLessThan(TOLERANCE);
  });

  it.each(CASES.filter((c) => c.dilations === undefined))("tf.grads of conv2d and fused conv2d use our kernels: $name", async (c) => {
    await useBackend(backend);
    const { g, x, f, dy, outShape } = caseData(c);
    const [dx, df] = tf.tidy(() => {
      const dyt = tf.tensor4d(dy, outShape);
      const loss = (xt: tf.Tensor4D, ft: tf.Tensor4D) => tf.sum(tf.mul(tf.conv2d(xt, ft, c.strides, c.pad as "same"), dyt));
      return tf.grads(loss as (...t: tf.Tensor[]) => tf.Tensor)([tf.tensor4d(x, c.x), tf.tensor4d(f, c.filter)]).map((t) => t.dataSync());
    });
    expect(relativeError(df!, refFilterGrad(x, dy, g))).toBeLessThan(TOLERANCE);
    expect(relativeError(dx!, refInputGrad(f, dy, g))).toBeLessThan(TOLERANCE);
  });

  it("NCHW kernels agree with NHWC", async () => {
    await useBackend(backend);
    const c = CASES[2]!;
    const { x, f, dy, outShape } = caseData(c);
    const run = (nchw: boolean) =>
      tf.tidy(() => {
        let xt: tf.Tensor4D = tf.tensor4d(x, c.x);
        let dyt: tf.Tensor4D = tf.tensor4d(dy, outShape);
        if (nchw) [xt, dyt] = [tf.transpose(xt, [0, 3, 1, 2]), tf.transpose(dyt, [0, 3, 1, 2])];
        const format = nchw ? "NCHW" : "NHWC";
        const xShape = xt.shape;
        const attrs = { strides: c.strides, pad: c.pad, dataFormat: format };
        const df = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: xt, dy: dyt }, {
          ...attrs, filterShape: c.filter,
        } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
        let dx = tf.engine().runKernel(tf.Conv2DBackpropInput, { dy: dyt, filter: tf.tensor4d(f, c.filter) }, {
          ...attrs, inputShape: xShape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
        if (nchw) dx = tf.transpose(dx, [0, 2, 3, 1]);
        return [df.dataSync(), dx.dataSync()];
      });
    const [nhwc, nchw] = [run(false), run(true)];
    expect(relativeError(nchw[0]!, nhwc[0]!)).toBeLessThan(1e-6);
    expect(relativeError(nchw[1]!, nhwc[1]!)).toBeLessThan(1e-6);
  });

  it("do not leak tensors", async () => {
    await useBackend(backend);
    const c = CASES[2]!;
    const { x, f, dy, outShape } = caseData(c);
    const xt = tf.tensor4d(x, c.x);
    const ft = tf.tensor4d(f, c.filter);
    const dyt = tf.tensor4d(dy, outShape);
    const leaks = leakedBy(() => {
      const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, "same"), dyt)));
      tf.dispose(grads([xt, ft]));
    });
    expect(leaks).toEqual({ tensors: 0, buffers: 0 });
    tf.dispose([xt, ft, dyt]);
  });
});

describe("against the stock kernels", () => {
  it.each(CASES.filter((c) => c.dilations === undefined))("stock cpu and stock wasm input gradient agree with ours: $name", async (c) => {
    const { x, f, dy, outShape } = caseData(c);
    const grads = () =>
      tf.tidy(() => {
        const dyt = tf.tensor4d(dy, outShape);
        const loss = (xt: tf.Tensor4D, ft: tf.Tensor4D) => tf.sum(tf.mul(tf.conv2d(xt, ft, c.strides, c.pad as "same"), dyt));
        return tf.grads(loss as (...t: tf.Tensor[]) => tf.Tensor)([tf.tensor4d(x, c.x), tf.tensor4d(f, c.filter)]).map((t) => t.dataSync());
      });
    const stockCpu = await withStockKernels("cpu", [tf.Conv2DBackpropFilter, tf.Conv2DBackpropInput], grads);
    const stockWasmDx = await withStockKernels("wasm", [tf.Conv2DBackpropInput], grads);
    await useBackend("wasm");
    const ours = grads();
    expect(relativeError(ours[0]!, stockCpu[0]!)).toBeLessThan(TOLERANCE);
    expect(relativeError(ours[1]!, stockCpu[1]!)).toBeLessThan(TOLERANCE);
    expect(relativeError(ours[0]!, stockWasmDx[0]!)).toBeLessThan(TOLERANCE);
  });
});
