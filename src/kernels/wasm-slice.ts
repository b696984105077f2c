// Slice, SplitV, Unpack and StridedSlice's contiguous case for wasm. The stock
// versions read the *whole* input off the heap (a copy) for every slice, so
// splitting a tensor k ways costs k full copies; these copy only the slice.
import * as tf from "@tensorflow/tfjs";
import { installKernel, stockKernel } from "./registry.js";
import { copyBlock } from "./strided-copy.js";
import { sizeOf } from "./tensor-info.js";
import type { WasmHeapBackend } from "./wasm-heap.js";

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: WasmHeapBackend;
  attrs?: tf.NamedAttrMap;
}

/** x[begin : begin+size] as a new heap tensor. */
export function sliceOnHeap(backend: WasmHeapBackend, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  if (sizeOf(size) === 0) return out;
  // Take the views only after makeOutput: growing the heap detaches old ones.
  copyBlock(backend.typedArrayFromHeap(x), x.shape, begin, size, backend.typedArrayFromHeap(out));
  return out;
}

function delegate(kernelName: string, args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  return stockKernel(kernelName, "wasm")!.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]);
}

function slice(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const x = args.inputs.x!;
  if (x.dtype === "string") return delegate(tf.Slice, args);
  const { begin, size } = args.attrs as unknown as tf.SliceAttrs;
  const [b, s] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
  return sliceOnHeap(args.backend, x, b, s);
}

function splitV(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const x = args.inputs.x!;
  if (x.dtype === "string") return delegate(tf.SplitV, args);
  const { numOrSizeSplits, axis } = args.attrs as unknown as tf.SplitVAttrs;
  const ax = tf.util.parseAxisParam(axis, x.shape)[0]!;
  const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, ax);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((n) => {
    const size = [...x.shape];
    size[ax] = n;
    const part = sliceOnHeap(args.backend, x, [...begin], size);
    begin[ax]! += n;
    return part;
  });
}

function unpack(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const x = args.inputs.value!;
  if (x.dtype === "string") return delegate(tf.Unpack, args);
  let { axis } = args.attrs as unknown as tf.UnpackAttrs;
  if (axis < 0) axis += x.shape.length;
  const outShape = x.shape.filter((_, i) => i !== axis);
  const size = [...x.shape];
  size[axis] = 1;
  const outs: tf.TensorInfo[] = [];
  for (let i = 0; i < x.shape[axis]!; i++) {
    const begin = new Array<number>(x.shape.length).fill(0);
    begin[axis] = i;
    const part = sliceOnHeap(args.backend, x, begin, size);
    // Dropping a size-1 axis does not move data: relabel the shape.
    outs.push({ dataId: part.dataId, dtype: part.dtype, shape: outShape });
  }
  return outs;
}

/** Unit-stride StridedSlice without new/shrink axes is a plain slice. */
function stridedSlice(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const x = args.inputs.x!;
  const a = args.attrs as unknown as tf.StridedSliceAttrs;
  if (x.dtype !== "string") {
    const info = tf.slice_util.sliceInfo(
      x.shape, a.begin, a.end, a.strides, a.beginMask, a.endMask, a.ellipsisMask, a.newAxisMask, a.shrinkAxisMask,
    );
    if (!info.isIdentity && (info.sliceDim0 || info.isSimpleSlice)) {
      const size = tf.slice_util.computeOutShape(info.begin, info.end, info.strides);
      const part = sliceOnHeap(args.backend, x, info.begin, size);
      return { dataId: part.dataId, dtype: part.dtype, shape: info.finalShape };
    }
  }
  return delegate(tf.StridedSlice, args);
}

export function installWasmSlices(): void {
  const kernels: Array<[string, (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[]]> = [
    [tf.Slice, slice],
    [tf.SplitV, splitV],
    [tf.Unpack, unpack],
    [tf.StridedSlice, stridedSlice],
  ];
  for (const [kernelName, fn] of kernels) {
    installKernel({ kernelName, backendName: "wasm", kernelFunc: fn as unknown as tf.KernelFunc });
  }
}
