// Which items make each step's batch. A pure function of (seed, step), so a resumed run
// draws exactly the batches the uninterrupted one would have.
import { Rng } from "../../common/random.js";
import type { SplitData } from "../data/types.js";

export interface BatchPlan {
  stepsPerEpoch: number;
  indices(step: number): Int32Array;
}

function permutation(n: number, rng: Rng): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/** `random`: shuffle items each epoch. `groups`: shuffle whole swap groups, so every batch holds its own hard negatives. */
export function planBatches(split: SplitData, batch: number, mode: "random" | "groups", seed: number): BatchPlan {
  const units: number[][] = [];
  if (mode === "groups" && split.groups) {
    const byGroup = new Map<number, number[]>();
    split.groups.forEach((g, i) => {
      const list = byGroup.get(g) ?? [];
      list.push(i);
      byGroup.set(g, list);
    });
    units.push(...byGroup.values());
  } else {
    for (let i = 0; i < split.count; i++) units.push([i]);
  }
  const unitSize = units[0]?.length ?? 1;
  const unitsPerBatch = Math.max(1, Math.floor(batch / unitSize));
  const stepsPerEpoch = Math.max(1, Math.floor(units.length / unitsPerBatch));
  const epochCache = new Map<number, Int32Array>();
  return {
    stepsPerEpoch,
    indices(step: number): Int32Array {
      const epoch = Math.floor(step / stepsPerEpoch);
      let order = epochCache.get(epoch);
      if (!order) {
        epochCache.clear();
        order = permutation(units.length, new Rng(seed * 7919 + epoch + 1));
        epochCache.set(epoch, order);
      }
      const start = (step % stepsPerEpoch) * unitsPerBatch;
      const out: number[] = [];
      for (let u = start; u < start + unitsPerBatch; u++) out.push(...units[order[u]!]!);
      return Int32Array.from(out);
    },
  };
}
