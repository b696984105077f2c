// What the data loader is asked for, derived from a checked spec. Browser-safe (types only).
import type { IRProgram } from "../../ir/ir.js";
import type { DataRequest } from "../data/types.js";

/** The token axis length of the spec's text input (1 without one). */
export function seqLenOf(ir: IRProgram): number {
  const tokens = ir.inputs.find((i) => i.kind === "tokens");
  return tokens ? ir.nodes[tokens.node]!.shape[1]!.size! : 1;
}

/** The spec's data set, with manifests resolved against `baseDir` (the spec's folder). */
export function dataRequestOf(ir: IRProgram, baseDir: string): DataRequest {
  return { kind: ir.data.kind, args: ir.data.args as DataRequest["args"], baseDir, seqLen: seqLenOf(ir) };
}
