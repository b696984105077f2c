// Filter gradient of conv2d, composed as one forward convolution so that it
// runs on the backend's fast conv kernel (XNNPACK on wasm) instead of the
// element loop (cpu) or nothing at all (wasm).
import * as tf from "@tensorflow/tfjs";
import { type ConvGeometry, type ConvParams, convGeometry, padToNHWC } from "./conv-geometry.js";
import { installKernel } from "./registry.js";
import { toTensor } from "./tensor-info.js";

/**
 * dW[kh,kw,ci,co] = sum over n,oh,ow of x[n, oh*s+kh*d-pad, ow*s+kw*d-pad, ci] * dy[n,oh,ow,co].
 * Read with ci as the batch, (h,w) as space and n as the channel, that is a
 * convolution of x' = x^T[ci,h,w,n] with the "filter" dy' = dy[oh,ow,n,co],
 * whose stride is the original dilation and whose dilation is the original
 * stride. Its output [ci,kh,kw,co] is transposed to HWIO.
 */
export function conv2dFilterGrad(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: readonly number[],
  params: ConvParams,
): tf.Tensor4D {
  const g = convGeometry(x.shape, filterShape, params);
  return tf.tidy(() => {
    const { x: cropped, bottom, right } = cropToReadRegion(x, g);
    const xT = tf.transpose(cropped, [3, 1, 2, 0]);
    const dyT = tf.transpose(dy, [1, 2, 0, 3]);
    const out = tf.engine().runKernel(tf.Conv2D, { x: xT, filter: dyT }, {
      strides: [g.dilationH, g.dilationW],
      dilations: [g.strideH, g.strideW],
      pad: [[0, 0], [g.padTop, bottom], [g.padLeft, right], [0, 0]],
      dataFormat: "NHWC",
    } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
    return tf.transpose(out, [1, 2, 0, 3]);
  });
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

function conv2DBackpropFilterKernel(args: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
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
