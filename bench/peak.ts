// The matmul peak this process reaches on the current tfjs backend (one core): the best of
// a few large square float32 products, in GFLOP/s.
import * as tf from "@tensorflow/tfjs";

export async function backendMatMulPeak(n = 1024, reps = 5): Promise<number> {
  const [a, b] = tf.tidy(() => [tf.randomUniform([n, n], -1, 1, "float32", 1), tf.randomUniform([n, n], -1, 1, "float32", 2)]) as [tf.Tensor2D, tf.Tensor2D];
  let best = Infinity;
  for (let i = 0; i <= reps; i++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    await c.data(); // an asynchronous read works on every backend
    const ms = performance.now() - t0;
    c.dispose();
    if (i > 0) best = Math.min(best, ms); // the first call warms up
  }
  a.dispose();
  b.dispose();
  return (2 * n ** 3) / (best / 1000) / 1e9;
}
