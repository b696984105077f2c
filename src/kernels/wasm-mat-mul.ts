// BatchMatMul and _FusedMatMul for wasm. The stock kernels reach XNNPACK only
// for one 2-D product without transposes; anything else (transposeA/B, which
// every dense-layer gradient uses, or a batch dimension, as in dense layers on
// rank-3 activations) runs a scalar loop ~10x slower. We rewrite such calls
// into that fast form: physical transposes, batch folded into rows, or a loop
// of 2-D products for truly batched ones (attention).
import * as tf from "@tensorflow/tfjs";
import { installKernel, stockKernel } from "./registry.js";
import { adoptTensor, sizeOf, toTensor } from "./tensor-info.js";

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: tf.KernelBackend;
  attrs?: tf.NamedAttrMap;
}

/** Below this many multiply-adds per matrix, a loop of fast products loses to the stock batched loop. */
const MIN_LOOP_MACS = 64 * 64 * 32;

function runStock(kernelName: string, args: KernelArgs): tf.TensorInfo {
  return stockKernel(kernelName, "wasm")!.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
}

function transposeLastTwo(t: tf.Tensor): tf.Tensor {
  const perm = t.shape.map((_, i) => i);
  const r = perm.length;
  [perm[r - 2], perm[r - 1]] = [perm[r - 1]!, perm[r - 2]!];
  return tf.transpose(t, perm);
}

interface Plan {
  batchA: number;
  batchB: number;
  outBatch: number[];
  m: number;
  k: number;
  n: number;
}

function plan(a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): Plan {
  const ra = a.shape.length;
  const rb = b.shape.length;
  return {
    batchA: sizeOf(a.shape.slice(0, -2)),
    batchB: sizeOf(b.shape.slice(0, -2)),
    outBatch: tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2)),
    m: transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!,
    k: transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!,
    n: transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!,
  };
}

type Strategy = "stock" | "fold" | "loop";

/** How to run a product the stock kernel would not send to XNNPACK. */
function strategy(p: Plan): Strategy {
  if (p.batchB === 1) return "fold";
  const outBatch = sizeOf(p.outBatch);
  const loopable = (p.batchA === outBatch || p.batchA === 1) && p.batchB === outBatch;
  // Transposes cost the stock loop nothing extra; small products stay there.
  return loopable && p.m * p.k * p.n >= MIN_LOOP_MACS ? "loop" : "stock";
}

/** a @ b for untransposed a, b under plan p, using only 2-D XNNPACK products. */
function fastProduct(a: tf.Tensor, b: tf.Tensor, p: Plan, how: Strategy): tf.Tensor {
  if (how === "fold") {
    // b is one matrix: stack all of a's matrices into rows of one product.
    const out = tf.matMul(tf.reshape(a, [p.batchA * p.m, p.k]), tf.reshape(b, [p.k, p.n]));
    return tf.reshape(out, [...p.outBatch, p.m, p.n]);
  }
  const as = p.batchA === 1 ? null : tf.unstack(tf.reshape(a, [p.batchA, p.m, p.k]));
  const a2 = p.batchA === 1 ? tf.reshape(a, [p.m, p.k]) : null;
  const bs = tf.unstack(tf.reshape(b, [p.batchB, p.k, p.n]));
  const outs = bs.map((bi, i) => tf.matMul(as ? as[i]! : a2!, bi));
  return tf.reshape(tf.stack(outs), [...p.outBatch, p.m, p.n]);
}

function batchMatMul(args: KernelArgs): tf.TensorInfo {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
  const p = plan(a, b, transposeA, transposeB);
  const fastAlready = !transposeA && !transposeB && p.batchA === 1 && p.batchB === 1;
  const how = strategy(p);
  if (fastAlready || how === "stock") return runStock(tf.BatchMatMul, args);
  return tf.tidy(() => {
    let at = toTensor(a);
    let bt = toTensor(b);
    if (transposeA) at = transposeLastTwo(at);
    if (transposeB) bt = transposeLastTwo(bt);
    return fastProduct(at, bt, p, how);
  });
}

function activate(x: tf.Tensor, activation: string, prelu: tf.Tensor | null, alpha: number): tf.Tensor {
  switch (activation) {
    case "linear":
      return x;
    case "relu":
      return tf.relu(x);
    case "relu6":
      return tf.relu6(x);
    case "elu":
      return tf.elu(x);
    case "sigmoid":
      return tf.sigmoid(x);
    case "leakyrelu":
      return tf.leakyRelu(x, alpha);
    case "prelu":
      return tf.prelu(x, prelu!);
    default:
      throw new Error(`_FusedMatMul: unknown activation ${activation}`);
  }
}

function fusedMatMul(args: KernelArgs): tf.TensorInfo {
  const { a, b, bias, preluActivationWeights: prelu } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const attrs = args.attrs as unknown as tf._FusedMatMulAttrs;
  const p = plan(a!, b!, attrs.transposeA, attrs.transposeB);
  const fastAlready = !attrs.transposeA && !attrs.transposeB && p.batchA === 1 && p.batchB === 1;
  if (fastAlready) return runStock(tf._FusedMatMul, args);
  return tf.tidy(() => {
    let at = toTensor(a!);
    let bt = toTensor(b!);
    if (attrs.transposeA) at = transposeLastTwo(at);
    if (attrs.transposeB) bt = transposeLastTwo(bt);
    // Bias and prelu weights broadcast over rows, so folding the batch into
    // rows keeps them valid when they are per-column (rank <= 1).
    const perColumn = (prelu === undefined || prelu.shape.length <= 1) && (bias === undefined || bias.shape.length <= 1);
    if (p.batchB === 1 && perColumn) {
      const inputs: tf.NamedTensorInfoMap = {
        a: tf.reshape(at, [1, p.batchA * p.m, p.k]),
        b: tf.reshape(bt, [1, p.k, p.n]),
      };
      if (bias) inputs.bias = bias;
      if (prelu) inputs.preluActivationWeights = prelu;
      const out = runStock(tf._FusedMatMul, {
        inputs,
        backend: args.backend,
        attrs: { ...attrs, transposeA: false, transposeB: false } as unknown as tf.NamedAttrMap,
      });
      return tf.reshape(adoptTensor(out), [...p.outBatch, p.m, p.n]);
    }
    let out = tf.matMul(at, bt);
    if (bias) out = tf.add(out, toTensor(bias));
    return activate(out, attrs.activation, prelu ? toTensor(prelu) : null, attrs.leakyreluAlpha ?? 0.2);
  });
}

export function installWasmMatMul(): void {
  installKernel({ kernelName: tf.BatchMatMul, backendName: "wasm", kernelFunc: batchMatMul as unknown as tf.KernelFunc });
  installKernel({ kernelName: tf._FusedMatMul, backendName: "wasm", kernelFunc: fusedMatMul as unknown as tf.KernelFunc });
}
