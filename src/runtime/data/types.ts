// The contract between data sets, the checker (which needs only DataInfo) and the trainer.

/** Word vocabulary built from training captions. Index 0 is padding, 1 is unknown. */
export interface Vocab {
  words: string[];
  index: Map<string, number>;
}

/** One split (train or test), fully decoded into memory. */
export interface SplitData {
  count: number;
  /** NHWC float32 pixels in [0, 1], count * H * W * C values. */
  images: Float32Array;
  captions: string[];
  /** count * seqLen token ids, 0-padded (or truncated) to seqLen. */
  tokens: Int32Array;
  /** Class index per item, when the data set has classes. */
  labels?: Int32Array;
  /** Swap-group id per item: items sharing an id are one scene's hard negatives. */
  groups?: Int32Array;
}

/** What the checker may know about the data before any pixel is decoded. */
export interface DataInfo {
  kind: string;
  /** [H, W, C] */
  imageSize: [number, number, number];
  /** Number of distinct vocabulary entries including <pad> and <unk>. */
  vocabSize: number;
  /** Longest caption in words (tokens are padded/truncated to the spec's length). */
  maxCaptionWords: number;
  classes: string[];
  trainCount: number;
  testCount: number;
  hasGroups: boolean;
}

export interface DataBundle {
  info: DataInfo;
  vocab: Vocab;
  seqLen: number;
  train: SplitData;
  test: SplitData;
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
}

/** A data problem a user can fix: always names the file (and line) when there is one. */
export class DataError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly help?: string,
  ) {
    super(message);
    this.name = "DataError";
  }
}
