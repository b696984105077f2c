// The contract between one data set (shapes, noise, emoji, files, shards) and the dispatcher in
// index.ts: a data set returns captions (cheaply) and pixels; tokens, vocabulary and
// DataInfo are derived in one place (assemble.ts) so every data set gets them the same way.
import type { DataArgs, KindSpec } from "./args.js";
import type { DataRequest, Vocab } from "./types.js";

/** One split without pixels. */
export interface SplitText {
  captions: string[];
  labels?: Int32Array;
  groups?: Int32Array;
}

/** One split with its NHWC float pixels in [0, 1]. */
export interface SplitPixels extends SplitText {
  images: Float32Array;
}

/** Everything known about a data set before decoding any pixel. */
export interface DataPlan<S extends SplitText = SplitText> {
  imageSize: [number, number, number];
  classes: string[];
  hasGroups: boolean;
  train: S;
  test: S;
  /** A fixed vocabulary; when absent it is built from the training captions. */
  vocab?: Vocab;
}

export type LoadedData = DataPlan<SplitPixels>;

export interface DataSource {
  spec: KindSpec;
  /** Captions, labels and sizes only: must stay cheap (no image decoding). */
  describe(args: DataArgs, req: Omit<DataRequest, "seqLen">): DataPlan;
  load(args: DataArgs, req: DataRequest): LoadedData;
}

