// Writes a split's samples into numbered shards, `<prefix>-0000.tar`, `<prefix>-0001.tar`,
// ..., starting a new one before a sample (or a swap group's samples, which stay together)
// would take the current one past `maxBytes` (anything larger gets a shard of its own), or
// where the caller cuts.
import path from "node:path";
import { TarWriter, memberBytes } from "./tar-writer.js";
import type { Member } from "./sample-codec.js";

export const SHARD_DIGITS = 4;
/** Shard numbers have SHARD_DIGITS digits, so a split has at most this many shards. */
export const MAX_SHARDS = 10 ** SHARD_DIGITS;

export class ShardWriter {
  private current: TarWriter | undefined;
  private readonly files: string[] = [];

  constructor(
    private readonly dir: string,
    private readonly prefix: string,
    private readonly maxBytes: number,
  ) {}

  /** Adds members that must share one shard: a sample's, or a swap group's samples'. */
  addWhole(members: Member[]): void {
    const size = members.reduce((sum, m) => sum + memberBytes(m.data.length), 0);
    if (this.current && this.current.bytes + size > this.maxBytes) this.finishShard();
    if (!this.current) {
      if (this.files.length === MAX_SHARDS) throw new Error(`a split needs more than ${MAX_SHARDS} shards; raise the shard size`);
      this.current = new TarWriter(path.join(this.dir, shardName(this.prefix, this.files.length)));
    }
    for (const member of members) this.current.add(member.name, member.data);
  }

  /** Ends the current shard: the next members start a new one. */
  cut(): void {
    this.finishShard();
  }

  /** Closes the last shard; returns every shard's file name (relative to the folder). */
  close(): string[] {
    this.finishShard();
    return this.files;
  }

  private finishShard(): void {
    if (!this.current) return;
    this.current.close();
    this.files.push(path.basename(this.current.file));
    this.current = undefined;
  }
}

export function shardName(prefix: string, index: number): string {
  return `${prefix}-${String(index).padStart(SHARD_DIGITS, "0")}.tar`;
}

/** The brace pattern that names `count` shards, as `data shards(...)` takes it. */
export function shardPattern(prefix: string, count: number): string {
  const last = String(Math.max(0, count - 1)).padStart(SHARD_DIGITS, "0");
  return `${prefix}-{${"0".repeat(last.length)}..${last}}.tar`;
}
