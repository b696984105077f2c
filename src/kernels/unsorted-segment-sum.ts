// UnsortedSegmentSum (the gradient of gather / embedding lookups). wasm has no
// such kernel and cpu's runs one masked full pass per segment. A direct
// scatter-add over the rows is O(rows * width), cheaper than any one-hot
// matmul (O(segments * rows * width)) even on XNNPACK.
import * as tf from "@tensorflow/tfjs";
import { installKernel } from "./registry.js";
import { sizeOf } from "./tensor-info.js";

type NumericArray = Float32Array | Int32Array;

function unsortedSegmentSumKernel(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: tf.KernelBackend;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const x = args.inputs.x!;
  const ids = args.inputs.segmentIds!;
  const { numSegments } = args.attrs as unknown as tf.UnsortedSegmentSumAttrs;
  // segmentIds' shape is a prefix of x's shape; each id owns one row of x.
  const rows = sizeOf(ids.shape);
  const width = rows === 0 ? 0 : sizeOf(x.shape) / rows;
  const values = args.backend.readSync(x.dataId) as NumericArray;
  const segment = args.backend.readSync(ids.dataId) as Int32Array;
  const out = x.dtype === "int32" ? new Int32Array(numSegments * width) : new Float32Array(numSegments * width);
  for (let r = 0; r < rows; r++) {
    const s = segment[r];
    // Out-of-range ids are dropped, as in TensorFlow.
    if (s < 0 || s >= numSegments) continue;
    const src = r * width;
    const dst = s * width;
    for (let k = 0; k < width; k++) out[dst + k] += values[src + k];
  }
  const outShape = [numSegments, ...x.shape.slice(ids.shape.length)];
  return tf.tensor(out, outShape, x.dtype);
}

export function installUnsortedSegmentSum(backendName: string): void {
  installKernel({
    kernelName: tf.UnsortedSegmentSum,
    backendName,
    kernelFunc: unsortedSegmentSumKernel as unknown as tf.KernelFunc,
  });
}
