// `from "runs/pre/model"`: at check time, the tower's weights against the run's, by name and
// shape (src/ir/weight-names.ts). Every difference goes into one diagnostic: a layer of the
// spec that the run lacks or shapes differently is marked where the spec writes it; a weight
// only the run has is listed in a note (it has no place in this spec).
import type * as A from "../ast/nodes.js";
import type { IRNode, IRProgram, IRScope } from "../ir/ir.js";
import { blockCalls, blockName, compareWeights, scopeNodes, towerWeights, type TowerWeight } from "../ir/weight-names.js";
import type { DiagnosticBag, Label } from "../diagnostics/diagnostic.js";
import type { Span } from "../source/source.js";

/** What an earlier run saved: its checked program (the weights follow it), or why it cannot be read. */
export type LoadPretrained = (path: string, specPath: string) => IRProgram | string;

const LISTED = 8;
const shape = (s: number[]) => `[${s.join(", ")}]`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** What `from` initialises: a tower, or one block call in it. */
export interface PretrainedTarget {
  /** As messages name it: `image_enc`, or `transformer(16, heads: 2)` in `text_enc`. */
  what: string;
  tower: string;
  wanted: TowerWeight[];
  /** Where a weight from another file (an imported block) is marked. */
  fallbackSpan: Span;
  /** The run's weights for it, or none and why (a note). */
  saved(ir: IRProgram): { weights: TowerWeight[]; note?: string };
}

/** The target for a whole tower `decl`, whose nodes are `nodes`. */
export function towerTarget(decl: A.TowerDecl, nodes: readonly IRNode[]): PretrainedTarget {
  const tower = decl.name.text;
  return {
    what: `\`${tower}\``, tower, wanted: towerWeights(nodes, tower), fallbackSpan: decl.name.span,
    saved: (ir) => ir.towers.some((t) => t.name === tower)
      ? { weights: towerWeights(ir.nodes, tower) }
      : { weights: [], note: `the run has no tower \`${tower}\`; its towers: ${ir.towers.map((t) => `\`${t.name}\``).join(", ") || "none"}` },
  };
}

/** The target for block call `scope` (of `tower`): the run's call of the same block, counted in order. */
export function blockCallTarget(nodes: readonly IRNode[], scopes: readonly IRScope[], scope: number, tower: string): PretrainedTarget {
  const s = scopes[scope]!;
  const block = blockName(s);
  const k = blockCalls(nodes, scopes, tower, block).indexOf(scope);
  const nth = `${ordinal(k + 1)} call of \`${block}\``;
  return {
    what: `\`${s.label}\` (the ${nth} in \`${tower}\`)`, tower, wanted: towerWeights(scopeNodes(nodes, scopes, scope), tower), fallbackSpan: s.span,
    saved: (ir) => {
      const theirs = blockCalls(ir.nodes, ir.scopes ?? [], tower, block)[k];
      if (theirs === undefined) return { weights: [], note: `the run's \`${tower}\` has no ${nth}` };
      return { weights: towerWeights(scopeNodes(ir.nodes, ir.scopes ?? [], theirs), tower) };
    },
  };
}

const ordinal = (n: number) => `${n}${n % 10 === 1 && n % 100 !== 11 ? "st" : n % 10 === 2 && n % 100 !== 12 ? "nd" : n % 10 === 3 && n % 100 !== 13 ? "rd" : "th"}`;

/** Checks `target`'s weights against the run at `from`. */
export function checkPretrained(target: PretrainedTarget, from: { from: string; span: Span }, load: LoadPretrained, bag: DiagnosticBag): void {
  const saved = load(from.from, bag.file.path);
  const { what } = target;
  if (typeof saved === "string") {
    bag.warning("MM4009", `cannot read the weights for ${what}: ${saved}`, from.span, "not readable", {
      notes: ["so this check cannot compare them; `mmc run` refuses to train without them"],
      help: "train the earlier run first (`mmc run its_spec.mm --out runs/NAME`), or correct the path: it is relative to this spec's folder",
    });
    return;
  }
  const theirs = target.saved(saved);
  const mismatch = compareWeights(target.wanted, theirs.weights);
  if (!mismatch) return;
  const { missing, extra, reshaped } = mismatch;
  const counts = [
    missing.length ? `${plural(missing.length, "weight")} it lacks` : "",
    reshaped.length ? `${reshaped.length} shaped differently` : "",
    extra.length ? `${extra.length} only it has` : "",
  ].filter(Boolean);
  // When the run has nothing to match at all, the note says so; listing every weight adds nothing.
  const secondary = theirs.weights.length === 0 ? [] : spansOf(target.fallbackSpan, bag, [
    ...missing.map((w) => ({ w, text: `\`${w.name}\` ${shape(w.shape)} is not in the run` })),
    ...reshaped.map(([w, s]) => ({ w, text: `\`${w.name}\` is ${shape(w.shape)} here, ${shape(s.shape)} in the run` })),
  ]);
  const notes: string[] = [];
  if (theirs.note) notes.push(theirs.note);
  if (extra.length) {
    const byLayer = new Map<IRNode, TowerWeight[]>();
    for (const w of extra.slice(0, LISTED)) byLayer.set(w.node, [...(byLayer.get(w.node) ?? []), w]);
    const listed = [...byLayer].map(([node, ws]) => `${ws.map((w) => `\`${w.name}\` ${shape(w.shape)}`).join(", ")} (its \`${node.label.replace(/\s+/g, " ")}\`)`);
    notes.push(`only the run has ${listed.join("; ")}${extra.length > LISTED ? `; and ${extra.length - LISTED} more` : ""}`);
  }
  notes.push("weights are matched by layer kind, count and parameter: `dense#2/kernel` is the kernel of the second `dense`");
  bag.error("MM4008", `${what} does not match its weights in "${from.from}": ${counts.join(", ")}`, from.span, "weights from here", {
    secondary,
    notes,
    help: "give it the run's layers, with the same sizes and in the same order, or remove `from` to train it from its seed",
  });
}

/**
 * One label per place in the spec (a layer unrolled by `repeat` has several nodes at one
 * span); a layer from an imported block is marked at `fallback` (the tower's name or the
 * block's call), since its own file is not this diagnostic's.
 */
function spansOf(fallback: Span, bag: DiagnosticBag, items: { w: TowerWeight; text: string }[]): Label[] {
  const bySpan = new Map<string, { span: Span; texts: string[] }>();
  for (const { w, text } of items) {
    const here = w.node.file === bag.file.path;
    const span = here ? w.node.span : fallback;
    const key = `${span.start}:${span.end}`;
    const entry = bySpan.get(key) ?? { span, texts: [] };
    entry.texts.push(here ? text : `${text} (\`${w.node.label}\` in ${w.node.file})`);
    bySpan.set(key, entry);
  }
  return [...bySpan.values()].sort((a, b) => a.span.start - b.span.start).map((e) => ({ span: e.span, message: e.texts.join("; ") }));
}
