// Filter gradient of conv2d, composed as one forward convolution so that it
// runs on the backend's fast conv kernel (XNNPACK on wasm) instead of the
// element loop (cpu) or nothing at all (wasm).
import * as tf from "@tensorflow/tfjs";
import { type ConvGeometry, type ConvParams, convGeometry, padToNHWC } from "./conv-geometry.js";
import { installKernel } from "./registry.js";
import { toTensor } from "./tensor-info.js";

/**
 * dW[kh,kw,ci,co] = sum over n,oh,ow of x[n, oh*s+kh*d-pad, ow*s+kw*d-pad, ci] * dy[n,oh,ow,co].
 * That sum is itself a convolution in which n plays the channel; see the two
 * formulations below. Both cost what the forward conv costs, plus transposes.
 */
export function conv2dFilterGrad(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: readonly number[],
  params: ConvParams,
): tf.Tensor4D {
  const g = convGeometry(x.shape, filterShape, params);
  return tf.tidy(() => {
    if (im2colFits(g)) return filterGradIm2col(x, dy, g);
    return dyAsInputFits(g) ? filterGradDyAsInput(x, dy, g) : filterGradXAsInput(x, dy, g);
  });
}

/**
 * Few input channels (an RGB or grey image), unit stride: im2col as one [kH*kW*ci, n*oh*ow]
 * matrix (a transpose and kH*kW slices of the padded input), then one GEMM with dy viewed
 * as [n*oh*ow, co], whose result is already HWIO. The convolution forms below put ci on
 * XNNPACK's N axis, where 3 of its 8-wide tiles go mostly empty; this runs ~2x faster on
 * wasm for ci <= 4 (the seed's first layer: ~20 -> ~10 ms) and loses beyond ~8.
 */
function filterGradIm2col(x: tf.Tensor4D, dy: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  const padded = tf.pad(x, [[0, 0], [g.padTop, g.padBottom], [g.padLeft, g.padRight], [0, 0]]);
  const channelsFirst = tf.transpose(padded, [3, 0, 1, 2]); // [ci, n, H, W]
  const taps: tf.Tensor[] = [];
  for (let kh = 0; kh < g.kH; kh++) {
    for (let kw = 0; kw < g.kW; kw++) {
      taps.push(tf.slice(channelsFirst, [0, 0, kh * g.dilationH, kw * g.dilationW], [g.inC, g.batch, g.outH, g.outW]));
    }
  }
  const pixels = g.batch * g.outH * g.outW;
  const colT = tf.reshape(taps.length === 1 ? taps[0]! : tf.concat(taps, 0), [g.kH * g.kW * g.inC, pixels]) as tf.Tensor2D;
  const grad = tf.matMul(colT, tf.reshape(dy, [pixels, g.outC]) as tf.Tensor2D);
  return tf.reshape(grad, [g.kH, g.kW, g.inC, g.outC]);
}

/** Unit stride, at most 4 input channels, and every tap's window inside the padded input. */
function im2colFits(g: ConvGeometry): boolean {
  const pads = [g.padTop, g.padBottom, g.padLeft, g.padRight];
  return (
    g.strideH === 1 &&
    g.strideW === 1 &&
    g.inC <= 4 &&
    pads.every((p) => p >= 0) &&
    (g.kH - 1) * g.dilationH + g.outH <= g.inH + g.padTop + g.padBottom &&
    (g.kW - 1) * g.dilationW + g.outW <= g.inW + g.padLeft + g.padRight
  );
}

/**
 * General form: ci as the batch, (h,w) as space, n as the channel: conv of
 * x' = x^T[ci,h,w,n] with the "filter" dy' = dy[oh,ow,n,co], whose stride is
 * the original dilation and whose dilation is the original stride. Output
 * [ci,kh,kw,co] is transposed to HWIO.
 */
function filterGradXAsInput(x: tf.Tensor4D, dy: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  const { x: cropped, bottom, right } = cropToReadRegion(x, g);
  const out = conv(tf.transpose(cropped, [3, 1, 2, 0]), tf.transpose(dy, [1, 2, 0, 3]), {
    strides: [g.dilationH, g.dilationW],
    dilations: [g.strideH, g.strideW],
    pad: [[0, 0], [g.padTop, bottom], [g.padLeft, right], [0, 0]],
  });
  return tf.transpose(out, [1, 2, 0, 3]);
}

/**
 * Stride and dilation 1 only: co as the batch, n as the channel, x as the
 * filter: conv of dy' = dy^T[co,oh,ow,n] with x' = x[h,w,n,ci] gives
 * out[co, kH-1-kh, kW-1-kw, ci]. On wasm it is ~15% faster than the general
 * form, because XNNPACK repacks the "filter" on every call and x is smaller
 * than dy here (ci < co in typical layers).
 */
function filterGradDyAsInput(x: tf.Tensor4D, dy: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  const out = conv(tf.transpose(dy, [3, 1, 2, 0]), tf.transpose(x, [1, 2, 0, 3]), {
    strides: [1, 1],
    dilations: [1, 1],
    pad: [[0, 0], [g.kH - 1 - g.padTop, g.kH - 1 - g.padBottom], [g.kW - 1 - g.padLeft, g.kW - 1 - g.padRight], [0, 0]],
  });
  return tf.transpose(tf.reverse(out, [1, 2]), [1, 2, 3, 0]);
}

/** The dy-as-input form needs unit stride and dilation and pads no wider than the filter. */
function dyAsInputFits(g: ConvGeometry): boolean {
  const unit = g.strideH === 1 && g.strideW === 1 && g.dilationH === 1 && g.dilationW === 1;
  const padsFit = Math.max(g.padTop, g.padBottom) < g.kH && Math.max(g.padLeft, g.padRight) < g.kW;
  return unit && padsFit && g.inC <= g.outC;
}

function conv(
  input: tf.Tensor4D,
  filter: tf.Tensor4D,
  a: { strides: [number, number]; dilations: [number, number]; pad: number[][] },
): tf.Tensor4D {
  return tf.engine().runKernel(tf.Conv2D, { x: input, filter }, { ...a, dataFormat: "NHWC" } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

/**
 * Bottom/right padding that makes the trick convolution produce exactly kH x
 * kW outputs. When negative, the trailing input rows are never read by any
 * tap, so x is cropped instead.
 */
function cropToReadRegion(x: tf.Tensor4D, g: ConvGeometry): { x: tf.Tensor4D; bottom: number; right: number } {
  const bottom = (g.outH - 1) * g.strideH + (g.kH - 1) * g.dilationH + 1 - g.inH - g.padTop;
  const right = (g.outW - 1) * g.strideW + (g.kW - 1) * g.dilationW + 1 - g.inW - g.padLeft;
  if (bottom >= 0 && right >= 0) return { x, bottom, right };
  const h = g.inH + Math.min(bottom, 0);
  const w = g.inW + Math.min(right, 0);
  return { x: tf.slice(x, [0, 0, 0, 0], [g.batch, h, w, g.inC]), bottom: Math.max(bottom, 0), right: Math.max(right, 0) };
}

export function conv2DBackpropFilterKernel(args: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  return tf.tidy(() => {
    let x = toTensor<tf.Tensor4D>(args.inputs.x!);
    let dy = toTensor<tf.Tensor4D>(args.inputs.dy!);
    if (attrs.dataFormat === "NCHW") {
      x = tf.transpose(x, [0, 2, 3, 1]);
      dy = tf.transpose(dy, [0, 2, 3, 1]);
    }
    return conv2dFilterGrad(x, dy, attrs.filterShape, {
      strides: attrs.strides,
      pad: padToNHWC(attrs.pad as ConvParams["pad"], attrs.dataFormat),
      dimRoundingMode: attrs.dimRoundingMode,
    });
  });
}

export function installConv2DBackpropFilter(backendName: string): void {
  installKernel({ kernelName: tf.Conv2DBackpropFilter, backendName, kernelFunc: conv2DBackpropFilterKernel as tf.KernelFunc });
}
