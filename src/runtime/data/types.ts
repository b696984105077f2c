// The contract between data sets and the trainer; what the checker needs is in src/ir/data.
import type { Code } from "../../diagnostics/codes.js";
import type { DataArg, DataInfo, DataRequest } from "../../ir/data/types.js";

export type { DataArg, DataInfo, DataRequest };

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


export interface DataBundle {
  info: DataInfo;
  vocab: Vocab;
  seqLen: number;
  train: SplitData;
  test: SplitData;
}


/** One bad row of a data file, as listed in a DataError that reports several at once. */
export interface RowProblem {
  code: Code;
  line: number;
  message: string;
}

/**
 * A data problem a user can fix: always names the file (and line) when there is one. When a
 * file has several bad rows, `rows` lists the first of them (each with its line) and
 * `moreRows` counts the rest, so one run shows every row to fix instead of one per run.
 */
export class DataError extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly help?: string,
    readonly rows?: readonly RowProblem[],
    readonly moreRows = 0,
  ) {
    super(message);
    this.name = "DataError";
  }
}
