// `input` declarations: Image[B, H, W, C], Tokens[B, L] vocab N, Labels[B] classes K.
import type * as A from "../ast/nodes.js";
import type { IRInput } from "../ir/ir.js";
import type { DataInfo } from "../ir/data/types.js";
import { DATA_CATALOG } from "../ir/data/catalog.js";
import type { GraphBuilder } from "./graph.js";
import type { Flow } from "./layers/types.js";
import { BATCH, dim, formatShape, type Dim } from "../ir/shape.js";
import { suggestionHelp } from "../diagnostics/suggest.js";
import { evaluate, type EvalError } from "./values.js";
import { reportEvalErrors } from "./towers.js";
import type { DiagnosticBag } from "../diagnostics/diagnostic.js";

const TYPES = {
  Image: { kind: "image", axes: ["H", "W", "C"], dtype: "float32", modifier: undefined, example: "Image[B, 32, 32, 3]" },
  Tokens: { kind: "tokens", axes: ["L"], dtype: "int32", modifier: "vocab", example: "Tokens[B, 12] vocab 128" },
  Labels: { kind: "labels", axes: [], dtype: "int32", modifier: "classes", example: "Labels[B] classes 10" },
} as const;

export interface CheckedInput {
  ir: IRInput;
  flow: Flow;
}

export function checkInput(d: A.InputDecl, bag: DiagnosticBag, graph: GraphBuilder, info: DataInfo | undefined): CheckedInput | undefined {
  // Own keys only: `constructor[B]` is not an input type.
  const type = Object.hasOwn(TYPES, d.type.text) ? TYPES[d.type.text as keyof typeof TYPES] : undefined;
  if (!type) {
    bag.error("MM2013", `there is no input type \`${d.type.text}\``, d.type.span, "unknown type", {
      notes: ["input types are Image[B, H, W, C], Tokens[B, L] and Labels[B]"],
      ...suggestionHelp(d.type.text, Object.keys(TYPES)),
    });
    return undefined;
  }
  if (d.dims.length !== type.axes.length + 1) {
    bag.error("MM3001", `\`${d.type.text}\` has ${type.axes.length + 1} axes, but ${d.dims.length} are written`, d.dimsSpan, `expects [B${type.axes.map((a) => ", " + a).join("")}]`, {
      help: `such as \`${type.example}\``,
    });
    return undefined;
  }
  const first = d.dims[0]!;
  if (first.axis || first.size.kind !== "name" || first.size.name.text !== "B") {
    bag.error("MM3001", "the first axis of an input is the batch, written `B`", first.span, "expected `B`", { help: `such as \`${type.example}\`` });
    return undefined;
  }
  const dims: Dim[] = [BATCH];
  for (const [i, dd] of d.dims.slice(1).entries()) {
    const errors: EvalError[] = [];
    const v = evaluate(dd.size, new Map(), errors);
    reportEvalErrors(bag, errors);
    if (!v) return undefined;
    if (v.kind !== "num" || !Number.isInteger(v.value) || v.value < 1) {
      bag.error("MM2007", "an axis size must be a whole number of at least 1", dd.size.span, "not a size", {
        help: v.kind === "sym" ? "only the first axis is symbolic (`B`); give this one a number" : undefined,
      });
      return undefined;
    }
    dims.push(dim(v.value, dd.axis?.text ?? type.axes[i]!));
  }
  let modValue: number | undefined;
  for (const m of d.modifiers) {
    if (m.name.text !== type.modifier) {
      bag.error("MM2002", `\`${d.type.text}\` takes no \`${m.name.text}\``, m.name.span, "unknown modifier", {
        help: type.modifier ? `it takes \`${type.modifier} N\`` : "`Image` takes no modifiers",
      });
      return undefined;
    }
    const errors: EvalError[] = [];
    const v = evaluate(m.value, new Map(), errors);
    reportEvalErrors(bag, errors);
    if (!v || v.kind !== "num" || !Number.isInteger(v.value) || v.value < 1) {
      bag.error("MM2007", `\`${m.name.text}\` must be a whole number of at least 1`, m.value.span, "not a count");
      return undefined;
    }
    modValue = v.value;
  }
  if (type.modifier && modValue === undefined) {
    const fromData = info ? (type.kind === "tokens" ? info.vocabSize : info.classes.length) : undefined;
    if (!fromData) {
      bag.error("MM2004", `\`${d.type.text}\` needs \`${type.modifier} N\``, d.span, `missing \`${type.modifier}\``, { help: `such as \`${type.example}\`` });
      return undefined;
    }
    modValue = fromData;
  }
  if (info && !checkAgainstData(d, type.kind, dims, modValue, bag, info)) return undefined;
  const node = graph.add({ op: "input", attrs: { name: d.name.text, kind: type.kind } }, {
    inputs: [], shape: dims, dtype: type.dtype,
    span: d.span, file: bag.file.path, label: `input ${d.name.text}`, tower: d.name.text, depth: 0,
  });
  const ir: IRInput = { name: d.name.text, kind: type.kind, node };
  if (type.kind === "tokens") ir.vocab = modValue!;
  if (type.kind === "labels") ir.classes = modValue!;
  const flow: Flow = { type: { dims, dtype: type.dtype }, node, origin: { span: d.span, what: "", file: bag.file } };
  if (type.kind === "tokens") {
    flow.maskFrom = node;
    flow.vocab = modValue!;
  }
  return { ir, flow };
}

function checkAgainstData(d: A.InputDecl, kind: string, dims: Dim[], mod: number | undefined, bag: DiagnosticBag, info: DataInfo): boolean {
  if (kind === "image") {
    const [h, w, c] = info.imageSize;
    const have = dims.slice(1).map((x) => x.size);
    if (have[0] !== h || have[1] !== w || have[2] !== c) {
      const sizeArg = Object.hasOwn(DATA_CATALOG, info.kind) ? DATA_CATALOG[info.kind]!.args["size"] : undefined;
      const sizeMin = sizeArg?.type.t === "int" ? sizeArg.type.min : undefined;
      const resizable = !!sizeArg && have[0] === have[1] && have[2] === c && (sizeMin === undefined || have[0]! >= sizeMin);
      bag.error("MM4002", `the data's images are ${h}x${w}x${c}, but \`${d.name.text}\` is declared ${formatShape(dims)}`, d.dimsSpan, `data has [B, ${h}, ${w}, ${c}]`, {
        help: `declare \`Image[B, ${h}, ${w}, ${c}]\`${resizable ? `, or set \`size: ${have[0]}\` in the data line` : ""}`,
      });
      return false;
    }
  }
  if (kind === "tokens" && mod !== undefined && mod < info.vocabSize) {
    const m = d.modifiers.find((x) => x.name.text === "vocab");
    bag.error("MM4001", `\`${d.name.text}\` has vocab ${mod}, but the data's captions have ${info.vocabSize} words (with <pad> and <unk>)`, m?.value.span ?? d.span, `too small for ${info.vocabSize}`, {
      help: `use \`vocab ${info.vocabSize}\` or more`,
      ...(m ? { fixes: [{ title: `set \`vocab ${info.vocabSize}\``, edits: [{ span: m.value.span, text: String(info.vocabSize) }] }] } : {}),
    });
    return false;
  }
  if (kind === "labels" && mod !== undefined && mod !== info.classes.length) {
    const m = d.modifiers.find((x) => x.name.text === "classes");
    bag.error("MM4003", `\`${d.name.text}\` has ${mod} classes, but the data has ${info.classes.length}`, m?.value.span ?? d.span, `data has ${info.classes.length}`, {
      notes: info.classes.length ? [`the data's classes: ${info.classes.slice(0, 12).join(", ")}${info.classes.length > 12 ? ", ..." : ""}`] : ["this data set has no labels"],
      help: `use \`classes ${info.classes.length}\``,
    });
    return false;
  }
  return true;
}
