// What the checker learns about a tfjs model.json named by `tfjs_model(...)`, through a reader
// it is given (CheckOptions.loadTfjsModel), so that it stays free of files and of tfjs: the
// CLI and the language server read the file, the playground has no reader.
import type { TfjsConstant } from "../ir/ops.js";

export interface TfjsWeightInfo {
  /** The weight's name in the file's manifest (`conv2d_1/kernel`). */
  name: string;
  shape: number[];
  /** False for state a layer keeps but no gradient moves (batch norm's moving statistics). */
  trainable: boolean;
}

export interface TfjsModelInfo {
  format: "layers" | "graph";
  /** Input and output shapes, the batch axis as null. */
  input: (number | null)[];
  output: (number | null)[];
  weights: TfjsWeightInfo[];
  /** model.json's `modelTopology`, which the lowering builds the model from. */
  topology: unknown;
  /** The Keras layer classes in it (`Conv2D`, `Dense`, ...), or the graph's op types. */
  layers: string[];
  /** A GraphModel's weights that are not floats, with their values (see the IR's `tfjs_model`). */
  constants?: TfjsConstant[];
  signature?: object;
}

/** The model at `path` (as the spec writes it, relative to `specPath`'s folder), or why it cannot be read. */
export type LoadTfjsModel = (path: string, specPath: string) => TfjsModelInfo | string;
