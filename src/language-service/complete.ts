// Completion for the editor: what may come at the cursor, worked out from the tokens before
// it (the same lexer the parser uses) and the latest analysis. Layer names and their named
// arguments come from LAYERS, axis names from the shape flowing into the current line,
// tower and block names from the spec itself. Pure: no Monaco here.
import type { IToken } from "chevrotain";
import * as T from "../../grammar/tokens.js";
import type { ArgSpec, ArgType } from "../common/arg-schema.js";
import { LAYERS } from "../check/layers/index.js";
import { FUSIONS } from "../check/fusion.js";
import { LOSSES } from "../check/loss.js";
import { TOWER_OPTIONS } from "../check/tower-options.js";
import { DATA_KINDS } from "../ir/data/kinds.js";
import { kindSignature } from "../ir/data/schema.js";
import { textMap, type Analysis, type NodeInfo } from "./analysis.js";

export type ItemKind = "layer" | "block" | "keyword" | "argument" | "value" | "axis" | "tower" | "input" | "fusion" | "loss" | "data" | "type" | "module";

export interface Item {
  label: string;
  kind: ItemKind;
  insert: string;
  /** `insert` is a snippet ($1, $0). */
  snippet?: boolean;
  detail?: string;
  doc?: string;
}

export interface Context {
  text: string;
  offset: number;
  /** The latest analysis (any version) and the latest one that checked, with its text. */
  latest?: Analysis;
  lastGood?: { analysis: Analysis; text: string };
  /** Paths `import "..."` can name from the standard library, such as `std/cnn.mm`. */
  stdFiles?: string[];
}

export const COMMON_AXES = ["H", "W", "C", "L"];

const TOP_LEVEL = ["model", "data", "input", "encoder", "head", "block", "loss", "train", "evaluate", "import"];

interface Open {
  tok: IToken;
  index: number;
}

function argDetail(a: ArgSpec): string {
  const t = typeText(a.type);
  const def = a.default !== undefined && a.default !== null ? ` = ${JSON.stringify(a.default).replace(/"/g, "")}` : "";
  return `${a.required ? "required " : ""}${t}${def}`;
}

function typeText(t: ArgType): string {
  switch (t.t) {
    case "enum": return t.options.join(" | ");
    case "numOrEnum": return `number | ${t.options.join(" | ")}`;
    case "axes": return "axis names";
    case "ints": return "int or [ints]";
    case "strings": return "[strings]";
    case "path": return t.braces ? "file pattern" : "file name";
    default: return t.t;
  }
}

/** Named arguments of a callable: layers, fusions, losses, data sets, blocks. */
function signatureOf(name: string, ctx: Context): ArgSpec[] | undefined {
  const layer = LAYERS.get(name);
  if (layer) return layer.args;
  if (Object.hasOwn(LOSSES, name)) return [...(LOSSES as Record<string, readonly ArgSpec[]>)[name]!];
  if (Object.hasOwn(DATA_KINDS, name)) return kindSignature(name, DATA_KINDS[name]!).args;
  const block = ctx.latest?.blocks.find((b) => b.name === name);
  if (block) return block.params.map((p) => ({ name: p, type: { t: "any" as const }, doc: `parameter of block \`${name}\`` }));
  return undefined;
}

function towerNames(ctx: Context, exclude?: string): Item[] {
  const a = ctx.latest ?? ctx.lastGood?.analysis;
  if (!a) return [];
  return [
    ...a.inputs.map((i): Item => ({ label: i.name, kind: "input", insert: i.name, detail: "input" })),
    ...a.towers.filter((t) => t.name !== exclude).map((t): Item => ({ label: t.name, kind: "tower", insert: t.name, detail: t.outShape ? `${t.role} ${t.outShape}` : t.role })),
  ];
}

function layerItems(ctx: Context): Item[] {
  const items: Item[] = [...LAYERS.values()].map((l) => ({
    label: l.name, kind: "layer", insert: `${l.name}($0)`, snippet: true, doc: l.doc,
    detail: `${l.name}(${l.args.filter((a) => a.positional).map((a) => a.name).join(", ")})`,
  }));
  for (const b of ctx.latest?.blocks ?? []) items.push({ label: b.name, kind: "block", insert: `${b.name}($0)`, snippet: true, detail: `block ${b.name}(${b.params.join(", ")})${b.from ? ` from ${b.from}` : ""}` });
  items.push({ label: "repeat", kind: "keyword", insert: "repeat ${1:2} {\n\t$0\n}", snippet: true, detail: "repeat N { ... }" });
  items.push({ label: "residual", kind: "keyword", insert: "residual {\n\t$0\n}", snippet: true, detail: "residual { ... }: adds its input to its output" });
  return items;
}

/** Axis names of the shape flowing into the cursor's line of `tower`. */
export function axesAt(ctx: Context, tower: string | undefined): string[] {
  const fromNode = (n: NodeInfo | undefined) => (n ? n.dims.slice(1).map((d) => d.name).filter((x): x is string => !!x) : []);
  let found: string[] = [];
  const pick = (a: Analysis, offset: number) => {
    if (!tower) return;
    const before = a.nodes.filter((n) => n.tower === tower && n.depth > 0 && n.end <= offset);
    const last = before.reduce<NodeInfo | undefined>((b, n) => (!b || n.end > b.end ? n : b), undefined);
    if (last) {
      found = fromNode(last);
      return;
    }
    const t = a.towers.find((x) => x.name === tower);
    const first = a.nodes.find((n) => n.tower === tower && n.depth > 0);
    const source = t?.sourceNode ?? first?.input;
    if (source !== undefined) found = fromNode(a.nodes.find((n) => n.id === source));
  };
  if (ctx.lastGood) {
    // The last spec that checked, with the cursor mapped into its text (inside the edited
    // region: to where the edit began, so the layers above the cursor still count).
    const tm = textMap(ctx.text, ctx.lastGood.text);
    pick(ctx.lastGood.analysis, tm.map(ctx.offset) ?? tm.changedFrom);
  }
  return found.length ? found : COMMON_AXES;
}

function valueItems(spec: ArgSpec | undefined, ctx: Context, tower: string | undefined, inList: boolean): Item[] {
  if (!spec) return [];
  const t = spec.type;
  if (t.t === "enum" || t.t === "numOrEnum") return t.options.map((o) => ({ label: o, kind: "value", insert: o, detail: spec.name }));
  if (t.t === "bool") return ["true", "false"].map((o) => ({ label: o, kind: "value", insert: o }));
  if (t.t === "axes") {
    const axes = axesAt(ctx, tower);
    const items: Item[] = axes.map((x) => ({ label: x, kind: "axis", insert: x, detail: "axis of the input here" }));
    if (!inList && axes.length > 1) items.unshift({ label: `[${axes.slice(0, 2).join(", ")}]`, kind: "axis", insert: `[${axes.slice(0, 2).join(", ")}]`, detail: "several axes" });
    return items;
  }
  if (t.t === "name") return towerNames(ctx);
  return [];
}

/** The statement tokens' header keyword for a `{`: encoder/head/block/train/repeat/residual and the name after it. */
function header(tokens: IToken[], braceIndex: number): { kind: string; name?: string } {
  for (let i = braceIndex - 1; i >= 0; i--) {
    const img = tokens[i]!.image;
    if (img === "{" || img === "}") break;
    if (["encoder", "head", "block"].includes(img)) return { kind: img, ...(tokens[i + 1] ? { name: tokens[i + 1]!.image } : {}) };
    if (["train", "repeat", "residual"].includes(img)) return { kind: img };
  }
  return { kind: "?" };
}

/** Standard-library files for the path being typed in `import "`; each replaces the word before the cursor. */
function importItems(typed: string, stdFiles: string[]): Item[] {
  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(typed)?.[0] ?? "";
  const kept = typed.slice(0, typed.length - word.length);
  return stdFiles
    .filter((f) => f.startsWith(typed))
    .map((f) => ({ label: f, kind: "module", insert: f.slice(kept.length), detail: "standard library" }));
}

export function completionsAt(ctx: Context): Item[] {
  const before = ctx.text.slice(0, ctx.offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  const line = before.slice(lineStart);
  if (/\/\/|#/.test(line.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) return []; // in a comment
  const importing = /^\s*import\s+"([^"]*)$/.exec(line);
  if (importing) return importItems(importing[1]!, ctx.stdFiles ?? []);
  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(before)?.[0] ?? "";
  const head = before.slice(0, before.length - word.length);
  const tokens = T.mmLexer.tokenize(head).tokens;
  const stack: Open[] = [];
  tokens.forEach((tok, index) => {
    const img = tok.image;
    if (img === "(" || img === "[" || img === "{") stack.push({ tok, index });
    else if (img === ")" || img === "]" || img === "}") stack.pop();
  });
  const braces = stack.filter((o) => o.tok.image === "{");
  const outer = braces[0] ? header(tokens, braces[0].index) : undefined;
  const tower = outer && (outer.kind === "encoder" || outer.kind === "head") ? outer.name : undefined;
  const top = stack[stack.length - 1];
  const last = tokens[tokens.length - 1];

  if (top && (top.tok.image === "(" || top.tok.image === "[")) {
    // The call we are in (the innermost `(`), and the argument being written.
    const parens = stack.filter((o) => o.tok.image === "(");
    const call = parens[parens.length - 1];
    const callee = call ? tokens[call.index - 1] : undefined;
    const calleeName = callee?.image ?? "";
    const seg = tokens.slice((call?.index ?? -1) + 1);
    // Tokens of the current argument: after the last comma at this call's level.
    let depth = 0;
    let segStart = 0;
    seg.forEach((t, i) => {
      if (t.image === "(" || t.image === "[") depth++;
      else if (t.image === ")" || t.image === "]") depth--;
      else if (t.image === "," && depth === 0) segStart = i + 1;
    });
    const arg = seg.slice(segStart);
    const inList = top.tok.image === "[";
    const beforeCallee = call ? tokens[call.index - 2] : undefined;
    // `encoder name(` / `head name(`: the tower's source.
    if (beforeCallee && (beforeCallee.image === "encoder" || beforeCallee.image === "head") && !braces.length) {
      return [...towerNames(ctx, calleeName), ...FUSIONS.map((f): Item => ({ label: f, kind: "fusion", insert: `${f}($0)`, snippet: true, detail: "fusion" }))];
    }
    if (!braces.length && (FUSIONS as readonly string[]).includes(calleeName) && arg.length === 0) return towerNames(ctx);
    const sig = signatureOf(calleeName, ctx);
    if (arg.length >= 2 && arg[1]!.image === ":") {
      const spec = sig?.find((s) => s.name === arg[0]!.image);
      return valueItems(spec, ctx, tower, inList);
    }
    if (inList && !call) return [];
    if (arg.length === 0 && sig) {
      const given = new Set(seg.filter((t, i) => seg[i + 1]?.image === ":").map((t) => t.image));
      const items: Item[] = sig.filter((s) => !given.has(s.name)).map((s) => ({ label: `${s.name}:`, kind: "argument", insert: `${s.name}: `, detail: argDetail(s), doc: s.doc }));
      // The first positional argument's values, where they are names (losses, reductions).
      const firstPositional = segStart === 0 || seg.slice(0, segStart).every((t) => t.image !== ":") ? sig.filter((s) => s.positional)[seg.slice(0, segStart).filter((t) => t.image === ",").length] : undefined;
      if (firstPositional) items.unshift(...valueItems(firstPositional, ctx, tower, inList));
      return items;
    }
    if (inList && arg.length === 0) return [];
    return [];
  }

  if (top && top.tok.image === "{") {
    if (outer?.kind === "train") return [];
    // A new statement in a body: after `{`, `}` or a finished line.
    const atStatement = !last || last.image === "{" || last.image === "}" || /\n\s*$/.test(head);
    if (atStatement) return layerItems(ctx);
    // After a block call on its line: `from`, to start that call from an earlier run.
    const callee = /^\s*([A-Za-z_][A-Za-z0-9_]*)\(/.exec(line)?.[1];
    const isBlock = !!callee && !LAYERS.has(callee); // a block of this file or an import (an unknown name is an error anyway)
    if (isBlock && last?.image === ")") return [{ label: "from", kind: "keyword", insert: 'from "$0"', snippet: true, detail: "block call option", doc: TOWER_OPTIONS.from }];
    return [];
  }

  // After a tower's header, before its `{`: the options not given yet.
  const endsHeaderPart = !!last && (last.image === ")" || last.image === "]" || last.tokenType === T.StringLiteral || last.tokenType === T.NumberLiteral || Object.hasOwn(TOWER_OPTIONS, last.image));
  const towerLine = /^\s*(encoder|head)\b[^{]*\)/.test(line) && endsHeaderPart;
  if (towerLine && !/\n\s*$/.test(head)) {
    const given = new Set(T.mmLexer.tokenize(line).tokens.map((t) => t.image));
    return Object.entries(TOWER_OPTIONS)
      .filter(([k]) => !given.has(k))
      .map(([k, doc]) => ({ label: k, kind: "keyword", insert: k === "from" ? 'from "$0"' : k === "lr_scale" ? "lr_scale $0" : k, ...(k === "frozen" ? {} : { snippet: true }), detail: "tower option", doc }));
  }

  // Top level.
  if (!last || /\n\s*$/.test(head)) {
    return TOP_LEVEL.map((k) => ({ label: k, kind: "keyword", insert: `${k} `, detail: "keyword" }));
  }
  if (last.image === "data") return Object.entries(DATA_KINDS).map(([k, s]) => ({ label: k, kind: "data", insert: `${k}($0)`, snippet: true, doc: s.doc, detail: "data set" }));
  if (last.image === "loss" || last.image === "+" || last.image === "*") {
    return Object.keys(LOSSES).map((k) => ({ label: k, kind: "loss", insert: `${k}($0)`, snippet: true, detail: "loss" }));
  }
  if (last.image === "evaluate") {
    return [
      ...["retrieval", "accuracy"].map((k) => ({ label: k, kind: "loss" as const, insert: `${k}($0)`, snippet: true, detail: "evaluation" })),
      { label: "zero_shot", kind: "loss" as const, insert: 'zero_shot($1, $2, templates: ["a {}"])', snippet: true, detail: "evaluation", doc: "classify the test images by the data's class names: each class's prompts through the text tower, cosine to each image" },
    ];
  }
  if (last.image === ":" && tokens[tokens.length - 3]?.image === "input") {
    return ["Image", "Tokens", "Labels"].map((k) => ({ label: k, kind: "type", insert: k, detail: "input type" }));
  }
  return [];
}
