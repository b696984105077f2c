// Input gradient of conv2d, composed as a stride-1 forward convolution of the
// (zero-dilated) output gradient with the flipped, in/out-swapped filter, so
// that it runs on the backend's fast conv kernel (wasm's own
// Conv2DBackpropInput is a scalar loop).
import * as tf from "@tensorflow/tfjs";
import { type ConvParams, convGeometry, padToNHWC, shapeToNHWC } from "./conv-geometry.js";
import { installKernel } from "./registry.js";
import { toTensor } from "./tensor-info.js";

/**
 * dx[n,i,j,ci] = sum over kh,kw,co of dyd[n, i+top-kh*d, j+left-kw*d, co] * w[kh,kw,ci,co],
 * where dyd is dy with stride-1 zeros inserted after each element. Substituting
 * kh -> kH-1-kh makes that a plain correlation of dyd with the flipped filter.
 */
export function conv2dInputGrad(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: readonly number[],
  params: ConvParams,
): tf.Tensor4D {
  const g = convGeometry(inputShape, filter.shape, params);
  return tf.tidy(() => {
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]);
    let dyd = insertStrideZeros(dy, g.strideH, g.strideW);
    const lenH = dyd.shape[1];
    const lenW = dyd.shape[2];
    // Padding of dyd that yields exactly inH x inW outputs (see derivation above).
    let top = (g.kH - 1) * g.dilationH - g.padTop;
    let left = (g.kW - 1) * g.dilationW - g.padLeft;
    let bottom = g.inH + g.padTop - lenH;
    let right = g.inW + g.padLeft - lenW;
    if (top < 0 || left < 0 || bottom < 0 || right < 0) {
      // Rows that only ever met padding in the forward pass do not reach dx.
      const h0 = Math.max(-top, 0);
      const w0 = Math.max(-left, 0);
      const h = lenH - h0 - Math.max(-bottom, 0);
      const w = lenW - w0 - Math.max(-right, 0);
      dyd = tf.slice(dyd, [0, h0, w0, 0], [g.batch, h, w, g.outC]);
      [top, left, bottom, right] = [top, left, bottom, right].map((p) => Math.max(p, 0)) as [number, number, number, number];
    }
    return tf.engine().runKernel(tf.Conv2D, { x: dyd, filter: flipped }, {
      strides: [1, 1],
      dilations: [g.dilationH, g.dilationW],
      pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
      dataFormat: "NHWC",
    } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  });
}

/** [n,h,w,c] -> [n,h*sh,w*sw,c] with each value followed by zeros. */
function insertStrideZeros(x: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  if (sh === 1 && sw === 1) return x;
  const [n, h, w, c] = x.shape;
  const spread = tf.pad(tf.reshape(x, [n, h, 1, w, 1, c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
  return tf.reshape(spread, [n, h * sh, w * sw, c]);
}

export function conv2DBackpropInputKernel(args: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const nchw = attrs.dataFormat === "NCHW";
  return tf.tidy(() => {
    let dy = toTensor<tf.Tensor4D>(args.inputs.dy!);
    const filter = toTensor<tf.Tensor4D>(args.inputs.filter!);
    if (nchw) dy = tf.transpose(dy, [0, 2, 3, 1]);
    const dx = conv2dInputGrad(dy, filter, nchw ? shapeToNHWC(attrs.inputShape) : attrs.inputShape, {
      strides: attrs.strides,
      pad: padToNHWC(attrs.pad as ConvParams["pad"], attrs.dataFormat),
      dimRoundingMode: attrs.dimRoundingMode,
    });
    return nchw ? tf.transpose(dx, [0, 3, 1, 2]) : dx;
  });
}

export function installConv2DBackpropInput(backendName: string): void {
  installKernel({ kernelName: tf.Conv2DBackpropInput, backendName, kernelFunc: conv2DBackpropInputKernel as tf.KernelFunc });
}
