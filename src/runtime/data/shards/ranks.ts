// Which shards a worker reads when `world` workers train together. The rule, which the
// generated PyTorch trainer (mmc_model/distributed.py) applies too and must keep applying:
//
//     shard i (0-based, in the order the brace pattern expands) belongs to rank i % world
//
// so ranks share no shard and together read every shard, and there must be at least one
// shard per rank (fewer is an error, never an idle rank). `mmc run --engine torch` exports
// exactly `world` shards per split, so each rank then reads exactly one.

export class ShardRankError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShardRankError";
  }
}

export function shardsForRank<T>(shards: readonly T[], rank: number, world: number): T[] {
  if (!Number.isInteger(world) || world < 1) throw new ShardRankError(`the number of workers must be a positive whole number, got ${world}`);
  if (!Number.isInteger(rank) || rank < 0 || rank >= world) throw new ShardRankError(`the rank must be a whole number from 0 to ${world - 1}, got ${rank}`);
  if (shards.length < world) {
    throw new ShardRankError(`${shards.length} shard(s) cannot be shared by ${world} workers: each needs at least one; export at least ${world} shards`);
  }
  return shards.filter((_, i) => i % world === rank);
}
