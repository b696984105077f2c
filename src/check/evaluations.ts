// What an `evaluate` line is checked against, and the check that retrieval and zero-shot
// share: two embedding towers, [B, D] float vectors of one width.
import type * as A from "../ast/nodes.js";
import type { BoundArgs } from "../common/arg-schema.js";
import type { IRInput } from "../ir/ir.js";
import type { Flow } from "./layers/types.js";
import type { Span } from "../source/source.js";
import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import { formatShape, isVector } from "../ir/shape.js";

/** What an evaluation line is checked against: the model's names and graph, and the data when known. */
export interface EvaluateContext {
  resolve: (n: string, s: Span) => Flow | undefined;
  inputs: ReadonlyMap<string, IRInput>;
  declared?: (n: string) => boolean;
  /** Names of the inputs a node's value depends on. */
  inputsRead?: (node: number) => string[];
  /** The data's class names, when the data could be described. */
  classes?: readonly string[];
  /** The data's vocabulary (no <pad>, <unk>), when the data could be described. */
  words?: readonly string[];
  dataKind?: string;
}

/** The two towers an embedding comparison reads: [B, D] float vectors of one width. */
export function embeddingPair(what: string, args: BoundArgs, decl: A.EvaluateDecl, bag: DiagnosticBag, resolve: EvaluateContext["resolve"]): [Flow, Flow] | undefined {
  const a = args.get<{ name: string; span: Span }>("a");
  const b = args.get<{ name: string; span: Span }>("b");
  const fa = resolve(a.name, a.span);
  const fb = resolve(b.name, b.span);
  if (!fa || !fb) return undefined;
  for (const [n, f] of [[a, fa], [b, fb]] as const) {
    if (!isVector(f.type) || f.type.dtype !== "float32") {
      bag.error("MM3001", `${what} compares embedding vectors [B, D], but \`${n.name}\` is ${formatShape(f.type.dims)}`, n.span, "expects [B, D]", { help: "pass the encoders that the contrastive loss compares" });
      return undefined;
    }
  }
  if (fa.type.dims[1]!.size !== fb.type.dims[1]!.size) {
    bag.error("MM3010", `${what} compares \`${a.name}\` ${formatShape(fa.type.dims)} with \`${b.name}\` ${formatShape(fb.type.dims)}: widths differ`, decl.call.span, "widths differ", { help: "compare two encoders of one width" });
    return undefined;
  }
  return [fa, fb];
}

