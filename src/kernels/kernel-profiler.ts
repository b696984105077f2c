// Per-kernel wall-clock profile of synchronous backends (cpu, wasm). Unlike
// tf.profile, it separates a composed kernel's own time from the kernels it
// calls, so the costs add up to the step time.
import * as tf from "@tensorflow/tfjs";

export interface KernelStat {
  name: string;
  calls: number;
  /** Time inside this kernel minus time in kernels it called through the registry. */
  selfMs: number;
  /** Time inside this kernel, children included (nested calls counted once per outer call). */
  totalMs: number;
}

/** Milliseconds from some origin; wall clock by default. */
export type Clock = () => number;

/**
 * Runs `fn` with every kernel of `backendName` timed by `clock`; returns
 * stats by self time, largest first. On a shared machine, pass a CPU-time
 * clock (in Node: process.cpuUsage) so that time spent descheduled is not
 * charged to whichever kernel was running.
 */
export function profileKernels<T>(
  backendName: string,
  fn: () => T,
  clock: Clock = () => performance.now(),
): { result: T; stats: KernelStat[] } {
  const stats = new Map<string, KernelStat>();
  const childMs: number[] = [];
  const depthByName = new Map<string, number>();
  const originals = tf.getKernelsForBackend(backendName);
  const timed = (config: tf.KernelConfig): tf.KernelFunc => (args) => {
    const stat = stats.get(config.kernelName) ?? { name: config.kernelName, calls: 0, selfMs: 0, totalMs: 0 };
    stats.set(config.kernelName, stat);
    const depth = depthByName.get(config.kernelName) ?? 0;
    depthByName.set(config.kernelName, depth + 1);
    childMs.push(0);
    const start = clock();
    try {
      return config.kernelFunc(args);
    } finally {
      const elapsed = clock() - start;
      const children = childMs.pop()!;
      if (childMs.length > 0) childMs[childMs.length - 1]! += elapsed;
      depthByName.set(config.kernelName, depth);
      stat.calls++;
      stat.selfMs += elapsed - children;
      if (depth === 0) stat.totalMs += elapsed;
    }
  };
  for (const config of originals) {
    tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel({ ...config, kernelFunc: timed(config) });
  }
  try {
    const result = fn();
    return { result, stats: [...stats.values()].sort((a, b) => b.selfMs - a.selfMs) };
  } finally {
    for (const config of originals) {
      tf.unregisterKernel(config.kernelName, backendName);
      tf.registerKernel(config);
    }
  }
}

/** A fixed-width table of the largest `limit` rows. */
export function formatKernelStats(stats: readonly KernelStat[], limit = 20): string {
  const total = stats.reduce((s, k) => s + k.selfMs, 0);
  const lines = [`${"kernel".padEnd(28)} ${"calls".padStart(6)} ${"self ms".padStart(9)} ${"self %".padStart(7)} ${"total ms".padStart(9)}`];
  for (const k of stats.slice(0, limit)) {
    const pct = total > 0 ? (100 * k.selfMs) / total : 0;
    lines.push(
      `${k.name.padEnd(28)} ${String(k.calls).padStart(6)} ${k.selfMs.toFixed(1).padStart(9)} ${pct.toFixed(1).padStart(7)} ${k.totalMs.toFixed(1).padStart(9)}`,
    );
  }
  lines.push(`${"(all kernels)".padEnd(28)} ${"".padStart(6)} ${total.toFixed(1).padStart(9)}`);
  return lines.join("\n");
}
