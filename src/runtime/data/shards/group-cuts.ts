// Where a split's items may be cut into shards without parting a swap group (a group's items
// are one scene's hard negatives: `batches: groups` and each torch rank need them together),
// and how to cut them into exactly N shards of near-equal item counts.

/**
 * Item indices i (0 < i < count) where a new shard may start: no group has items both before
 * and from i. Groups need not be consecutive (interleaved groups then share a stretch).
 * Without groups every index is a cut.
 */
export function safeCuts(count: number, groups: Int32Array | undefined): number[] {
  if (!groups) return Array.from({ length: Math.max(0, count - 1) }, (_, i) => i + 1);
  const last = new Map<number, number>();
  for (let i = 0; i < count; i++) last.set(groups[i]!, i);
  const cuts: number[] = [];
  let reach = -1; // the furthest last item of any group begun so far
  for (let i = 0; i < count - 1; i++) {
    reach = Math.max(reach, last.get(groups[i]!)!);
    if (reach === i) cuts.push(i + 1);
  }
  return cuts;
}

export class ShardCountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShardCountError";
  }
}

/**
 * The N - 1 item indices where shards 1..N-1 start: from the safe cuts, each the one nearest
 * to k * count / N that still leaves a cut for every later shard.
 */
export function evenCuts(count: number, groups: Int32Array | undefined, shards: number, what: string): number[] {
  if (!Number.isInteger(shards) || shards < 1) throw new ShardCountError(`the number of shards per split must be a positive whole number, got ${shards}`);
  const cuts = safeCuts(count, groups);
  if (count < shards || cuts.length + 1 < shards) {
    const units = groups ? `${cuts.length + 1} swap group(s) that must stay whole` : `${count} item(s)`;
    throw new ShardCountError(`the ${what} split has ${units}: it cannot fill ${shards} shards; use at most ${cuts.length + 1} shards or more data`);
  }
  const chosen: number[] = [];
  let from = 0; // first index into `cuts` still free
  for (let k = 1; k < shards; k++) {
    const target = (k * count) / shards;
    const lastAllowed = cuts.length - (shards - 1 - k) - 1; // leave one cut for each later shard
    let best = from;
    for (let j = from; j <= lastAllowed; j++) {
      if (Math.abs(cuts[j]! - target) < Math.abs(cuts[best]! - target)) best = j;
      if (cuts[j]! > target) break; // cuts ascend: later ones are further away
    }
    chosen.push(cuts[best]!);
    from = best + 1;
  }
  return chosen;
}
