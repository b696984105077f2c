// The data contract the checker needs (what a data set holds, before any pixel is decoded,
// and what a spec asks of it). The runtime's loaders produce and consume these.

/** What the checker may know about the data before any pixel is decoded. */
export interface DataInfo {
  kind: string;
  /** [H, W, C] */
  imageSize: [number, number, number];
  /** Number of distinct vocabulary entries including <pad> and <unk>. */
  vocabSize: number;
  /** The vocabulary's words, <pad> and <unk> left out: lets the checker name prompt words it lacks. */
  words?: string[];
  /** Longest caption in words (tokens are padded/truncated to the spec's length). */
  maxCaptionWords: number;
  classes: string[];
  trainCount: number;
  testCount: number;
  hasGroups: boolean;
}

/** Arguments of a `data kind(...)` line, as written in the spec, after checking. */
export type DataArg = number | string | boolean | string[] | number[];
export interface DataRequest {
  kind: string;
  args: Record<string, DataArg>;
  /** Folder relative to which file paths in args resolve (the spec's folder). */
  baseDir: string;
  /** Token length the spec asks for (Tokens[B, L]); captions are padded/truncated to it. */
  seqLen: number;
  /**
   * One worker of several training together: `data shards(...)` then reads only the training
   * shards of this rank (shard i belongs to rank i % world; runtime/data/shards/ranks.ts).
   */
  worker?: { rank: number; world: number };
}
