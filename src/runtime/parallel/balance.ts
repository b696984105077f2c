// How many of a batch's items the main thread takes. The main thread also runs the loss and
// the optimizer, so an even split leaves it waiting for the helper or the other way round;
// this moves items toward the thread that waits, from the measured compute time of the
// phases the two threads run side by side (forward, then backward).
import { usesBatchStatistics, usesRandomness } from "../../ir/facts.js";
import type { IRProgram } from "../../ir/ir.js";

/**
 * Whether the training result is the same whatever the split: no random op (its masks are
 * drawn per call, so per thread) and no batch statistics. Only then may the split move.
 */
export function splitInvariant(ir: IRProgram): boolean {
  return !ir.nodes.some((n) => usesRandomness(n) || usesBatchStatistics(n));
}

/** The fixed split: halves on whole swap groups, so group batching keeps both halves' groups intact. */
export function evenSplit(ir: IRProgram): number {
  const batch = ir.train.batch;
  const group = ir.train.batches === "groups" ? (ir.data.groupSize ?? 1) : 1;
  return Math.floor(batch / (2 * group)) * group;
}

export interface BalancerOptions {
  /** Steps measured per update (their median is used, so one slow step moves nothing). */
  every: number;
  /** Bounds on the main thread's items. */
  min: number;
  max: number;
  /** The most items one update moves. */
  maxMove: number;
}

export function defaultBalancerOptions(batch: number): BalancerOptions {
  return { every: 8, min: Math.max(1, Math.round(batch / 4)), max: Math.min(batch - 1, batch - Math.round(batch / 4)), maxMove: Math.max(1, Math.round(batch / 16)) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export class SplitBalancer {
  private diffs: number[] = [];
  private perItem: number[] = [];

  constructor(
    private batch: number,
    public split: number,
    private opts: BalancerOptions = defaultBalancerOptions(batch),
  ) {}

  /**
   * Records one step: each thread's compute time (ms) in the phases they run side by side.
   * Every `every` steps the split moves by half the items that would even out the median
   * difference: one moved item takes one per-item cost off one thread and adds it to the
   * other. The per-item cost is taken as all the time over all items, an overestimate since
   * part is fixed; with the half step it settles without overshooting, and a spell of noise
   * of under one item's worth moves nothing.
   */
  record(mainMs: number, helperMs: number): number {
    if (!Number.isFinite(mainMs) || !Number.isFinite(helperMs)) return this.split;
    this.diffs.push(helperMs - mainMs);
    this.perItem.push((mainMs + helperMs) / this.batch);
    if (this.diffs.length < this.opts.every) return this.split;
    const cost = median(this.perItem);
    const items = cost > 0 ? median(this.diffs) / (2 * cost) : 0;
    const move = Math.sign(items) * Math.round(Math.abs(items) / 2);
    const bounded = Math.max(-this.opts.maxMove, Math.min(this.opts.maxMove, move));
    this.split = Math.max(this.opts.min, Math.min(this.opts.max, this.split + bounded));
    this.diffs = [];
    this.perItem = [];
    return this.split;
  }
}
